using Ociman.Images;

namespace Ociman.Testing.PostgreSql;

/// <summary>
/// A PostgreSQL server for tests: started once, ready (TCP and <c>pg_isready</c>), seeded or started from its snapshot,
/// with a connection string for Npgsql and per-test databases copied from the seeded state.
/// </summary>
/// <remarks>
/// <para>
/// Framework-neutral: use it through <c>ModuleFixture&lt;PostgreSqlModule&gt;</c> (xUnit v2 and v3) or
/// <c>ContainerTestFixture&lt;PostgreSqlModule&gt;</c> (NUnit). Configure it by deriving:
/// <c>public sealed class ShopDatabase() : PostgreSqlModule(new PostgreSqlOptions { Database = "shop", Seeds = [...] })</c>.
/// </para>
/// <para>
/// After the seeds, the module copies the seeded database into <see cref="TemplateDatabase"/> (which accepts no
/// connections), so <see cref="CreateDatabaseAsync"/> can copy the seeded state while tests are connected to
/// <see cref="PostgreSqlOptions.Database"/>; with a snapshot the template is part of it. All of it runs through
/// <c>exec</c> with the container's own <c>psql</c>, as the superuser over the Unix socket: no .NET driver is needed.
/// </para>
/// <para>
/// The data directory (<c>PGDATA</c>) is <see cref="OfflineImages.PostgresDataDirectory"/> for every image, outside the
/// official image's <c>VOLUME</c>, so a committed snapshot holds the data.
/// </para>
/// </remarks>
public class PostgreSqlModule : ContainerFixtureBase
{
    /// <summary>The port PostgreSQL listens on inside the container (published on a free host port).</summary>
    public const int Port = 5432;

    /// <summary>The database that holds a copy of the seeded state, from which <see cref="CreateDatabaseAsync"/> copies; nobody may connect to it.</summary>
    public const string TemplateDatabase = "ociman_template";

    /// <summary>
    /// Database names: lowercase identifiers (<see cref="PostgreSqlOptions.IdentifierPattern"/>); the templates are
    /// reserved, and per-test databases may not take <c>postgres</c> either; Npgsql's connection-string keys.
    /// </summary>
    internal static readonly SqlDatabaseRules Databases = new(
        PostgreSqlOptions.IdentifierPattern, 63, [TemplateDatabase, "template0", "template1"], ["postgres"], "Host", "Username");

    private string? _connectionString;

    /// <summary>Creates a module with the default options (the offline kit's image, user <c>postgres</c>, database <c>test</c>, no seeds).</summary>
    public PostgreSqlModule()
        : this(new PostgreSqlOptions())
    {
    }

    /// <summary>Creates a module with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is not allowed (the message names it, its value and what is allowed).</exception>
    public PostgreSqlModule(PostgreSqlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options the module runs with.</summary>
    public PostgreSqlOptions Options { get; }

    /// <summary>An Npgsql connection string for <see cref="PostgreSqlOptions.Database"/> (no engine call).</summary>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public override string ConnectionString => _connectionString ??= GetConnectionString(Options.Database);

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server (no engine call).</summary>
    /// <exception cref="ArgumentException"><paramref name="database"/> is not a lowercase identifier (<see cref="PostgreSqlOptions.IdentifierPattern"/>).</exception>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public string GetConnectionString(string database) => Databases.ConnectionString(this, Port, Options.Username, Options.Password, database);

    /// <summary>Creates a database holding a copy of the seeded state (from <see cref="TemplateDatabase"/>) and returns its name.</summary>
    /// <param name="name">The new database's name; null for a unique generated one (<c>test_</c> and 16 hex digits).</param>
    /// <param name="cancellationToken">Cancels the <c>exec</c>.</param>
    /// <returns>The database's name, for <see cref="GetConnectionString"/> and <see cref="DropDatabaseAsync"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a lowercase identifier (<see cref="PostgreSqlOptions.IdentifierPattern"/>), or is reserved.</exception>
    /// <exception cref="ExecFailedException"><c>psql</c> failed, e.g. the database exists already (its message is in the exception).</exception>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name = Databases.PerTestName(name, nameof(name), Options.Database);
        await RunSqlAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateDatabase}\"", cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Drops a database, ending its connections first (<c>WITH (FORCE)</c>); a missing database is no error.</summary>
    /// <param name="name">The database to drop (not <see cref="PostgreSqlOptions.Database"/>).</param>
    /// <param name="cancellationToken">Cancels the <c>exec</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a lowercase identifier, is reserved or is <see cref="PostgreSqlOptions.Database"/>.</exception>
    /// <exception cref="ExecFailedException"><c>psql</c> failed (its message is in the exception).</exception>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        Databases.RequirePerTestName(name, nameof(name), Options.Database);
        return RunSqlAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var image = Options.Image ?? await OfflineImages.PostgresAsync(engine, cancellationToken).ConfigureAwait(false);
        if (Options.Image is not null)
        {
            await engine.PullIfAbsentAsync(image, cancellationToken).ConfigureAwait(false);
        }

        var definition = ContainerDefinition.For(image)
            .WithEnvironment("POSTGRES_USER", Options.Username)
            .WithEnvironment("POSTGRES_PASSWORD", Options.Password)
            .WithEnvironment("POSTGRES_DB", Options.Database)
            // Outside the official image's VOLUME /var/lib/postgresql/data, so a commit keeps the data.
            .WithEnvironment("PGDATA", OfflineImages.PostgresDataDirectory)
            // psql and pg_isready run through exec connect as the superuser to the database without naming them.
            .WithEnvironment("PGUSER", Options.Username)
            .WithEnvironment("PGDATABASE", Options.Database)
            .WithPublishedPort(Port);

        var setup = new ContainerSetup(definition)
            .WaitFor(Ready.TcpPort(Port), Ready.ExecSucceeds("pg_isready", "-h", "127.0.0.1", "-p", "5432"))
            .SeedWith(Options.Seeds)
            .SeedWith(TemplateStep(Options.Database));
        return setup with { SnapshotName = Options.SnapshotName };
    }

    // The last seed step: a copy of the seeded database that nobody connects to (CREATE DATABASE ... TEMPLATE fails
    // while its source has connections, and tests connect to the main database).
    private static SeedStep TemplateStep(string database) => PostgreSqlSeed.Sql(
        $"CREATE DATABASE \"{TemplateDatabase}\" TEMPLATE \"{database}\";\n"
        + $"ALTER DATABASE \"{TemplateDatabase}\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false;\n",
        "postgres");

    private Task RunSqlAsync(string sql, CancellationToken cancellationToken) =>
        Container.Exec("psql", "-v", "ON_ERROR_STOP=1", "--no-psqlrc", "-q", "-d", "postgres", "-c", sql).StatusAsync(cancellationToken);

    internal static string FormatConnectionString(string host, int port, string username, string password, string database) =>
        Databases.FormatConnectionString(host, port, username, password, database);
}
