using Ociman.Testing.PostgreSql;

namespace Ociman.Modules.Tests.PostgreSql;

/// <summary>A module configured the way users do it: by deriving, with SQL seeds from text and from a file.</summary>
public sealed class SeededPostgres() : PostgreSqlModule(Seeded())
{
    public const string CustomersSql = """
        CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
        INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');
        """;

    /// <summary>The options of the seeded module; <paramref name="snapshotName"/> adds a snapshot.</summary>
    public static PostgreSqlOptions Seeded(string? snapshotName = null) => new()
    {
        Database = "shop",
        Password = "p;w='x\"y",   // needs quoting in a connection string
        Seeds = [PostgreSqlSeed.Sql(CustomersSql), PostgreSqlSeed.SqlFile("PostgreSql/seed-orders.sql")],
        SnapshotName = snapshotName is null ? null : ImageReference.Parse(snapshotName),
    };
}
