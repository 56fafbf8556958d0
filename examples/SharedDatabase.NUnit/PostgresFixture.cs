using Ociman;
using Ociman.Testing.PostgreSql;

namespace SharedDatabase.NUnit;

/// <summary>
/// The seeded PostgreSQL, shared by every test class of this namespace through <see cref="SharedPostgres"/>: the
/// PostgreSQL module with the shop's schema and data as seeds and a snapshot, so after the first run it starts seeded.
/// NUnit's adapter creates it with its parameterless constructor, which passes the options on.
/// </summary>
public sealed class PostgresFixture() : PostgreSqlModule(new PostgreSqlOptions
{
    Database = "shop",
    Password = "example-only",
    Seeds = [PostgreSqlSeed.SqlFile("sql/schema.sql"), PostgreSqlSeed.SqlFile("sql/data.sql")],
    SnapshotName = ImageReference.Parse(SnapshotName),
})
{
    /// <summary>The repository the seeded state is committed under; the tag is the snapshot key.</summary>
    public const string SnapshotName = "ociman-examples/postgres";
}
