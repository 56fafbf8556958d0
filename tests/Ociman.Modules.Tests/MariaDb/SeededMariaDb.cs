using Ociman.Testing.MariaDb;

namespace Ociman.Modules.Tests.MariaDb;

/// <summary>The options the specs seed with: a table from text, a row from a file, a password that needs quoting.</summary>
public static class SeededMariaDbOptions
{
    public const string Password = "p;w='x\"y";

    public static MariaDbOptions Create() => new()
    {
        Database = "shop",
        Username = "clerk",
        Password = Password,
        RootPassword = "r00t;'\"\\pw",
        Seeds =
        [
            MariaDbSeed.Sql("CREATE TABLE products (id int PRIMARY KEY, name varchar(40) NOT NULL, price decimal(8,2) NOT NULL);\n"
                + "INSERT INTO products VALUES (1, 'Chair', 45.00), (2, 'Desk', 120.25);"),
            MariaDbSeed.SqlFile("MariaDb/seed-products.sql"),
        ],
    };
}

/// <summary>A seeded MariaDB module configured the way users do: by deriving.</summary>
public sealed class SeededMariaDb() : MariaDbModule(SeededMariaDbOptions.Create());
