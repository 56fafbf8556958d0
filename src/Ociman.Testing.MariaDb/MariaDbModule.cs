using Ociman.Images;

namespace Ociman.Testing.MariaDb;

/// <summary>
/// A MariaDB server for tests: started once, ready (TCP and <c>mariadb-admin ping</c>), seeded or started from its
/// snapshot, with a connection string for MySqlConnector and per-test databases copied from the seeded state.
/// </summary>
/// <remarks>
/// <para>
/// Framework-neutral: use it through <c>ModuleFixture&lt;MariaDbModule&gt;</c> (xUnit v2 and v3) or
/// <c>ContainerTestFixture&lt;MariaDbModule&gt;</c> (NUnit). Configure it by deriving:
/// <c>public sealed class ShopDatabase() : MariaDbModule(new MariaDbOptions { Database = "shop", Seeds = [...] })</c>.
/// </para>
/// <para>
/// After the seeds, the module copies the seeded database into <see cref="TemplateDatabase"/> (with
/// <c>mariadb-dump</c>), so <see cref="CreateDatabaseAsync"/> copies the seeded state even after tests changed
/// <see cref="MariaDbOptions.Database"/>; with a snapshot the template is part of it. All of it runs through
/// <c>exec</c> with the container's own <c>mariadb</c> client as <c>root</c>, whose password is read inside the container
/// from its environment: no .NET driver is needed, and no password is on a command line.
/// </para>
/// <para>
/// The server runs with <c>--datadir=</c><see cref="OfflineImages.MariaDbDataDirectory"/> on every image, outside the
/// official image's <c>VOLUME /var/lib/mysql</c>, so a committed snapshot holds the data.
/// </para>
/// </remarks>
public class MariaDbModule : ContainerFixtureBase
{
    /// <summary>The port MariaDB listens on inside the container (published on a free host port).</summary>
    public const int Port = 3306;

    /// <summary>The database that holds a copy of the seeded state, from which <see cref="CreateDatabaseAsync"/> copies.</summary>
    public const string TemplateDatabase = "ociman_template";

    /// <summary>
    /// Database names: lowercase identifiers (<see cref="MariaDbOptions.IdentifierPattern"/>); the template and the
    /// system schemas are reserved; MySqlConnector's connection-string keys.
    /// </summary>
    internal static readonly SqlDatabaseRules Databases = new(
        MariaDbOptions.IdentifierPattern, 64, [TemplateDatabase, "mysql", "information_schema", "performance_schema", "sys"], [], "Server", "User ID");

    // Copies database $1 into a new database $2 and grants user $3 (when given) everything on it; run by bash (for
    // pipefail). The names are validated identifiers before they get here. A failed copy drops the new database.
    private const string CopyScript = """
        set -euo pipefail
        export MYSQL_PWD="$MARIADB_ROOT_PASSWORD"
        mariadb --user=root --batch -e "CREATE DATABASE \`$2\`"
        if ! mariadb-dump --user=root --single-transaction --routines --triggers --events --skip-comments "$1" | mariadb --user=root --batch "$2"; then
            mariadb --user=root --batch -e "DROP DATABASE IF EXISTS \`$2\`" || true
            exit 1
        fi
        if [ -n "${3:-}" ]; then
            mariadb --user=root --batch -e "GRANT ALL ON \`$2\`.* TO '$3'@'%'"
        fi
        """;

    private const string DropScript = """
        export MYSQL_PWD="$MARIADB_ROOT_PASSWORD"
        exec mariadb --user=root --batch -e "DROP DATABASE IF EXISTS \`$1\`"
        """;

    private string? _connectionString;

    /// <summary>Creates a module with the default options (the offline kit's image, user <c>test</c>, database <c>test</c>, no seeds).</summary>
    public MariaDbModule()
        : this(new MariaDbOptions())
    {
    }

    /// <summary>Creates a module with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is not allowed (the message names it, its value and what is allowed).</exception>
    public MariaDbModule(MariaDbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options the module runs with.</summary>
    public MariaDbOptions Options { get; }

    /// <summary>A MySqlConnector connection string for <see cref="MariaDbOptions.Database"/> as <see cref="MariaDbOptions.Username"/> (no engine call).</summary>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public override string ConnectionString => _connectionString ??= GetConnectionString(Options.Database);

    /// <summary>A MySqlConnector connection string for <paramref name="database"/> on this server as <see cref="MariaDbOptions.Username"/> (no engine call).</summary>
    /// <exception cref="ArgumentException"><paramref name="database"/> is not a lowercase identifier (<see cref="MariaDbOptions.IdentifierPattern"/>).</exception>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public string GetConnectionString(string database) => Databases.ConnectionString(this, Port, Options.Username, Options.Password, database);

    /// <summary>Creates a database holding a copy of the seeded state (from <see cref="TemplateDatabase"/>), owned by <see cref="MariaDbOptions.Username"/>, and returns its name.</summary>
    /// <param name="name">The new database's name; null for a unique generated one (<c>test_</c> and 16 hex digits).</param>
    /// <param name="cancellationToken">Cancels the <c>exec</c>.</param>
    /// <returns>The database's name, for <see cref="GetConnectionString"/> and <see cref="DropDatabaseAsync"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a lowercase identifier (<see cref="MariaDbOptions.IdentifierPattern"/>), or is reserved or the main database.</exception>
    /// <exception cref="ExecFailedException">The copy failed, e.g. the database exists already (the client's message is in the exception).</exception>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name = Databases.PerTestName(name, nameof(name), Options.Database);
        await Container.Exec("bash", "-c", CopyScript, "bash", TemplateDatabase, name, Options.Username).StatusAsync(cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Drops a database; a missing database is no error.</summary>
    /// <param name="name">The database to drop (not <see cref="MariaDbOptions.Database"/>).</param>
    /// <param name="cancellationToken">Cancels the <c>exec</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a lowercase identifier, is reserved or is <see cref="MariaDbOptions.Database"/>.</exception>
    /// <exception cref="ExecFailedException"><c>mariadb</c> failed (its message is in the exception).</exception>
    /// <exception cref="ContainerStartupException">The module failed to start.</exception>
    public Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        Databases.RequirePerTestName(name, nameof(name), Options.Database);
        return Container.Exec("sh", "-c", DropScript, "sh", name).StatusAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var image = Options.Image ?? await OfflineImages.MariaDbAsync(engine, cancellationToken).ConfigureAwait(false);
        if (Options.Image is not null)
        {
            await engine.PullIfAbsentAsync(image, cancellationToken).ConfigureAwait(false);
        }

        var definition = ContainerDefinition.For(image)
            .WithEnvironment("MARIADB_ROOT_PASSWORD", Options.RootPassword)
            .WithEnvironment("MARIADB_DATABASE", Options.Database)
            .WithEnvironment("MARIADB_USER", Options.Username)
            .WithEnvironment("MARIADB_PASSWORD", Options.Password)
            // Outside the official image's VOLUME /var/lib/mysql, so a commit keeps the data.
            .WithArguments("--datadir=" + OfflineImages.MariaDbDataDirectory)
            .WithPublishedPort(Port);

        // Over TCP: the official image's first-start server listens on the socket only, so only the final server answers.
        var setup = new ContainerSetup(definition)
            .WaitFor(Ready.TcpPort(Port), Ready.ExecSucceeds("mariadb-admin", "--protocol=tcp", "--host=127.0.0.1", "--port=3306", "ping"))
            .SeedWith(Options.Seeds)
            .SeedWith(Seed.Exec("bash", "-c", CopyScript, "bash", Options.Database, TemplateDatabase));
        return setup with { SnapshotName = Options.SnapshotName };
    }

    internal static string FormatConnectionString(string host, int port, string username, string password, string database) =>
        Databases.FormatConnectionString(host, port, username, password, database);
}
