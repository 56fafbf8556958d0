using Ociman;
using Ociman.Testing.MariaDb;

namespace Modules.MariaDb.NUnit;

/// <summary>The inventory's seeded MariaDB: the ready-made module, configured by deriving from it.</summary>
/// <remarks>
/// The NUnit adapter creates it (so it needs a parameterless constructor, which the primary constructor is). The seeds
/// run once; their result is committed as <c>ociman-examples/mariadb:&lt;key&gt;</c> and later runs start from it (the key
/// changes when the image, the options or the SQL change).
/// </remarks>
public sealed class InventoryDatabase() : MariaDbModule(new MariaDbOptions
{
    Database = "inventory",
    Username = "shop",
    Password = "example-only",
    Seeds = [MariaDbSeed.SqlFile("sql/schema.sql"), MariaDbSeed.SqlFile("sql/data.sql")],
    SnapshotName = ImageReference.Parse(SnapshotName),
})
{
    /// <summary>The repository the seeded state is committed under; the tag is the snapshot key.</summary>
    public const string SnapshotName = "ociman-examples/mariadb";
}
