using NUnit.Framework;
using Ociman.Testing.NUnit;

namespace SharedDatabase.NUnit;

/// <summary>
/// NUnit runs this before the first test of the SharedDatabase.NUnit namespace (and the namespaces below it) and
/// after the last: one container, ready and seeded (from the snapshot after the first run), for all of them.
/// </summary>
[SetUpFixture]
public sealed class SharedPostgres : SharedContainerSetUp<PostgresFixture>;
