namespace Ociman.Testing.PostgreSql;

/// <summary>Seed steps that run SQL in a <see cref="PostgreSqlModule"/>'s container with <c>psql</c> (through <c>exec</c>, no host tools).</summary>
/// <remarks>
/// The SQL is piped into <c>psql -v ON_ERROR_STOP=1</c>, so the first failing statement fails the step. It connects
/// over the server's Unix socket as <see cref="PostgreSqlOptions.Username"/> (no password: the images trust local
/// connections) to <see cref="PostgreSqlOptions.Database"/>, or to the database named here. The SQL enters the snapshot key.
/// </remarks>
public static class PostgreSqlSeed
{
    /// <summary>A step that runs <paramref name="sql"/>.</summary>
    /// <param name="sql">The SQL statements.</param>
    /// <param name="database">The database to run them in; null for <see cref="PostgreSqlOptions.Database"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="database"/> is not a lowercase identifier (<see cref="PostgreSqlOptions.IdentifierPattern"/>).</exception>
    public static SeedStep Sql(string sql, string? database = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return Seed.PipeText(sql, "psql", PsqlArguments(database));
    }

    /// <summary>A step that runs the SQL file at <paramref name="path"/> (streamed; its content enters the snapshot key).</summary>
    /// <param name="path">The host file; a relative path is resolved against <see cref="AppContext.BaseDirectory"/> (where the test assembly and the files it copies are).</param>
    /// <param name="database">The database to run it in; null for <see cref="PostgreSqlOptions.Database"/>.</param>
    /// <exception cref="ArgumentException">The file does not exist, or <paramref name="database"/> is not a lowercase identifier.</exception>
    public static SeedStep SqlFile(string path, string? database = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Seed.PipeFile(Path.Combine(AppContext.BaseDirectory, path), "psql", PsqlArguments(database));
    }

    // The user and the default database come from PGUSER and PGDATABASE, which the module sets in the container's
    // environment: a step made before the options are known still connects as their user to their database.
    internal static string[] PsqlArguments(string? database)
    {
        if (database is null)
        {
            return ["-v", "ON_ERROR_STOP=1", "--no-psqlrc", "-q"];
        }

        PostgreSqlModule.Databases.RequireName(database, nameof(database));
        return ["-v", "ON_ERROR_STOP=1", "--no-psqlrc", "-q", "-d", database];
    }
}
