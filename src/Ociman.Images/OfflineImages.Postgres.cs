using System.Text;

namespace Ociman.Images;

public static partial class OfflineImages
{
    /// <summary>The repository name of the PostgreSQL image.</summary>
    public static readonly ImageReference PostgresName = ImageReference.Parse("ociman-kit/postgres");

    /// <summary>
    /// The environment variable that replaces the kit's PostgreSQL image with one from a registry, e.g. <c>postgres:15</c>
    /// (see <see cref="PostgresAsync"/> for the contract the image must meet).
    /// </summary>
    public const string PostgresImageVariable = "OCIMAN_POSTGRES_IMAGE";

    /// <summary>The port PostgreSQL listens on inside the container.</summary>
    public const int PostgresPort = 5432;

    /// <summary>Where the kit's PostgreSQL image keeps its cluster: outside any volume, so a committed container keeps its data.</summary>
    public const string PostgresDataDirectory = "/var/lib/ociman-pg/data";

    /// <summary>
    /// The image's health check as a run option, for images that declare none (e.g. one named by <c>OCIMAN_POSTGRES_IMAGE</c>).
    /// (Podman without systemd runs no checks on its own; Ociman's <c>GetHealthAsync</c> runs one with <c>podman healthcheck run</c>.)
    /// </summary>
    public static readonly HealthCheck PostgresHealthCheck = new(
        "pg_isready -h 127.0.0.1 -U \"${POSTGRES_USER:-postgres}\" || exit 1",
        Interval: TimeSpan.FromSeconds(1),
        Timeout: TimeSpan.FromSeconds(5),
        Retries: 30);

    private const string PostgresEntrypointName = "ociman-postgres-entrypoint.sh";

    private const string PostgresDockerfileTemplate = """
        FROM {BASE}
        RUN set -eux; \
            export DEBIAN_FRONTEND=noninteractive; \
            apt-get update; \
            apt-get install -y --no-install-recommends postgresql-common; \
            sed -ri 's/#(create_main_cluster) .*$/\1 = false/' /etc/postgresql-common/createcluster.conf; \
            apt-get install -y --no-install-recommends postgresql-15; \
            rm -rf /var/lib/apt/lists/*
        ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
            PGDATA=/var/lib/ociman-pg/data
        RUN set -eux; \
            mkdir -p /var/lib/ociman-pg /var/run/postgresql; \
            chown postgres:postgres /var/lib/ociman-pg /var/run/postgresql; \
            chmod 3777 /var/run/postgresql
        COPY ociman-postgres-entrypoint.sh /usr/local/bin/
        ENTRYPOINT ["/usr/local/bin/ociman-postgres-entrypoint.sh"]
        CMD ["postgres"]
        STOPSIGNAL SIGINT
        EXPOSE 5432
        HEALTHCHECK --interval=1s --timeout=5s --retries=30 CMD pg_isready -h 127.0.0.1 -U "${POSTGRES_USER:-postgres}" || exit 1
        """;

    private const string PostgresEntrypoint = """
        #!/bin/bash
        # ociman-kit PostgreSQL entrypoint. On the first start (no PG_VERSION in $PGDATA) it creates the cluster with
        # POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required) and POSTGRES_DB (default: the user); then it runs
        # the server in the foreground as the postgres user. Arguments starting with '-' are passed to postgres; any
        # other command is run as given.
        set -Eeuo pipefail

        if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
            set -- postgres "$@"
        fi

        if [ "$1" != postgres ]; then
            exec "$@"
        fi

        if [ "$(id -u)" = 0 ]; then
            mkdir -p "$PGDATA" /var/run/postgresql
            chown postgres:postgres "$PGDATA" /var/run/postgresql
            chmod 700 "$PGDATA"
            chmod 3777 /var/run/postgresql
            exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
        fi

        if [ ! -s "$PGDATA/PG_VERSION" ]; then
            POSTGRES_USER="${POSTGRES_USER:-postgres}"
            POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
            if [ -z "${POSTGRES_PASSWORD:-}" ]; then
                echo "ociman-postgres: POSTGRES_PASSWORD is not set; it is required to create the cluster (the superuser's password)." >&2
                exit 1
            fi

            pwfile="$(mktemp)"
            printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
            # --no-sync: a test database need not survive a host crash, and skipping the fsync saves about half a second.
            initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
                --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync
            rm -f "$pwfile"
            printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
            printf '\nhost all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"

            if [ "$POSTGRES_DB" != postgres ]; then
                pg_ctl -D "$PGDATA" -w start -o "-c listen_addresses=''"
                psql -v ON_ERROR_STOP=1 --no-psqlrc --username="$POSTGRES_USER" --dbname=postgres --set=db="$POSTGRES_DB" <<'SQL'
        CREATE DATABASE :"db";
        SQL
                pg_ctl -D "$PGDATA" -m fast -w stop
            fi

            echo "ociman-postgres: cluster created in $PGDATA"
        fi

        shift
        exec postgres -D "$PGDATA" "$@"
        """;

    /// <summary>
    /// A PostgreSQL 15 image, <c>ociman-kit/postgres:&lt;hash&gt;</c>, built <c>FROM</c> <see cref="DebianBaseAsync"/> with Debian's
    /// <c>postgresql-15</c> package — or the image named by <c>OCIMAN_POSTGRES_IMAGE</c> when that variable is set.
    /// </summary>
    /// <remarks>
    /// <para>The contract (met by this image and by the official <c>postgres</c> images, so either can be used):</para>
    /// <list type="bullet">
    /// <item><c>POSTGRES_PASSWORD</c> (required), <c>POSTGRES_USER</c> (default <c>postgres</c>) and <c>POSTGRES_DB</c>
    /// (default: the user) configure the cluster on the first start;</item>
    /// <item>the server listens on TCP port 5432 on all addresses with <c>scram-sha-256</c> password authentication, and
    /// on its Unix socket with <c>trust</c> (so <c>exec psql -U postgres</c> needs no password);</item>
    /// <item><c>pg_isready</c> and <c>psql</c> are on <c>PATH</c>; stopping sends <c>SIGINT</c> (fast shutdown).</item>
    /// </list>
    /// <para>
    /// The kit's image keeps <c>PGDATA</c> at <see cref="PostgresDataDirectory"/> and declares no volume, so committing a
    /// seeded, stopped container gives an image holding the data. (The official images declare
    /// <c>VOLUME /var/lib/postgresql/data</c>: set <c>PGDATA</c> elsewhere for commits to keep data.) The image carries a
    /// <c>HEALTHCHECK</c> (<c>pg_isready</c> every second) on both engines (Ociman builds Docker-format images on Podman).
    /// </para>
    /// <para>
    /// With <c>OCIMAN_POSTGRES_IMAGE</c> set (e.g. <c>postgres:15</c>), that reference is returned, pulled first when it is
    /// absent; nothing is built.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The Debian base cannot be made (see <see cref="DebianBaseAsync"/>).</exception>
    /// <exception cref="FormatException"><c>OCIMAN_POSTGRES_IMAGE</c> is not a valid image reference.</exception>
    /// <exception cref="ImageBuildException">The build failed (for example Debian's archive is unreachable).</exception>
    public static async Task<ImageReference> PostgresAsync(Engine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (Environment.GetEnvironmentVariable(PostgresImageVariable) is { Length: > 0 } configured)
        {
            var reference = ImageReference.TryParse(configured.Trim(), out var parsed)
                ? parsed
                : throw new FormatException($"{PostgresImageVariable}='{configured}' is not a valid image reference (for example postgres:15).");
            await engine.PullIfAbsentAsync(reference, cancellationToken).ConfigureAwait(false);
            return reference;
        }

        var baseImage = await DebianBaseAsync(engine, cancellationToken).ConfigureAwait(false);
        var dir = ContextDirectory("postgres");
        Directory.CreateDirectory(dir);
        WriteIfChanged(Path.Combine(dir, "Dockerfile"), Encoding.UTF8.GetBytes(PostgresDockerfileTemplate.Replace("{BASE}", baseImage.ToString(), StringComparison.Ordinal) + "\n"));
        var entrypoint = Path.Combine(dir, PostgresEntrypointName);
        WriteIfChanged(entrypoint, Encoding.UTF8.GetBytes(PostgresEntrypoint + "\n"), RegularFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        return await engine.BuildIfAbsentAsync(ImageBuild.FromDirectory(dir).WithContentAddressedTag(PostgresName), cancellationToken).ConfigureAwait(false);
    }
}
