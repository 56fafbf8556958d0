namespace Ociman.Testing.MariaDb;

/// <summary>Seed steps that run SQL in a <see cref="MariaDbModule"/>'s container with the <c>mariadb</c> client (through <c>exec</c>, no host tools).</summary>
/// <remarks>
/// The SQL is piped into <c>mariadb</c>, which stops at the first failing statement and fails the step. It connects
/// over the server's Unix socket as <c>root</c>, with the password taken inside the container from
/// <c>MARIADB_ROOT_PASSWORD</c> (so it appears on no command line), to <see cref="MariaDbOptions.Database"/> or to the
/// database named here. The SQL enters the snapshot key.
/// </remarks>
public static class MariaDbSeed
{
    // The client reads MYSQL_PWD; the container's environment has the root password (the module sets it), so no
    // password is passed to exec. $1 is the database, else the module's database (MARIADB_DATABASE).
    internal const string ClientScript = """export MYSQL_PWD="$MARIADB_ROOT_PASSWORD"; exec mariadb --user=root --batch --database="${1:-$MARIADB_DATABASE}" """;

    /// <summary>A step that runs <paramref name="sql"/>.</summary>
    /// <param name="sql">The SQL statements.</param>
    /// <param name="database">The database to run them in; null for <see cref="MariaDbOptions.Database"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="database"/> is not a lowercase identifier (<see cref="MariaDbOptions.IdentifierPattern"/>).</exception>
    public static SeedStep Sql(string sql, string? database = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return Seed.PipeText(sql, "sh", ClientArguments(database));
    }

    /// <summary>A step that runs the SQL file at <paramref name="path"/> (streamed; its content enters the snapshot key).</summary>
    /// <param name="path">The host file; a relative path is resolved against <see cref="AppContext.BaseDirectory"/> (where the test assembly and the files it copies are).</param>
    /// <param name="database">The database to run it in; null for <see cref="MariaDbOptions.Database"/>.</param>
    /// <exception cref="ArgumentException">The file does not exist, or <paramref name="database"/> is not a lowercase identifier.</exception>
    public static SeedStep SqlFile(string path, string? database = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Seed.PipeFile(Path.Combine(AppContext.BaseDirectory, path), "sh", ClientArguments(database));
    }

    internal static string[] ClientArguments(string? database)
    {
        if (database is null)
        {
            return ["-c", ClientScript, "mariadb"];
        }

        MariaDbModule.Databases.RequireName(database, nameof(database));
        return ["-c", ClientScript, "mariadb", database];
    }
}
