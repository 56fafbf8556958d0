using Ociman;
using Ociman.Testing.PostgreSql;

namespace CollectionFixture.XunitV2;

/// <summary>
/// The PostgreSQL module with the shop's schema and data. Seeded once and committed as a snapshot
/// (ociman-examples/postgres:&lt;hash of image, settings and SQL files&gt;): later runs start from that image, with no
/// initdb and no SQL. After the seeds the module copies the seeded database into a template nobody connects to, so every
/// test can get a fresh copy (<see cref="PostgreSqlModule.CreateDatabaseAsync"/>) while others use theirs.
/// </summary>
public sealed class ShopDatabase() : PostgreSqlModule(new PostgreSqlOptions
{
    Database = "shop",
    Password = "example-only",
    Seeds = [PostgreSqlSeed.SqlFile("sql/schema.sql"), PostgreSqlSeed.SqlFile("sql/data.sql")],
    SnapshotName = ImageReference.Parse("ociman-examples/postgres"),
});
