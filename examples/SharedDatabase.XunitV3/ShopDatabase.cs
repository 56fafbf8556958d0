using Ociman;
using Ociman.Testing.PostgreSql;
using Ociman.Testing.XunitV3;
using SharedDatabase.XunitV3;
using Xunit;

// One PostgreSQL for the whole test assembly: started before the first test, removed after the last.
[assembly: AssemblyFixture(typeof(ModuleFixture<ShopDatabase>))]

namespace SharedDatabase.XunitV3;

/// <summary>The shop's seeded PostgreSQL: the ready-made module, configured by deriving from it.</summary>
/// <remarks>
/// The seeds run once; their result is committed as <c>ociman-examples/postgres:&lt;key&gt;</c> and later runs start
/// from it (the key changes when the image, the options or the SQL change).
/// </remarks>
public sealed class ShopDatabase() : PostgreSqlModule(new PostgreSqlOptions
{
    Database = "shop",
    Password = "example-only",
    Seeds = [PostgreSqlSeed.SqlFile("sql/schema.sql"), PostgreSqlSeed.SqlFile("sql/data.sql")],
    SnapshotName = ImageReference.Parse(SnapshotName),
})
{
    public const string SnapshotName = "ociman-examples/postgres";
}
