using System.Text;

namespace Ociman.Images;

public static partial class OfflineImages
{
    /// <summary>The repository name of the MariaDB image.</summary>
    public static readonly ImageReference MariaDbName = ImageReference.Parse("ociman-kit/mariadb");

    /// <summary>
    /// The environment variable that replaces the kit's MariaDB image with one from a registry, e.g. <c>mariadb:11</c>
    /// (see <see cref="MariaDbAsync"/> for the contract the image must meet).
    /// </summary>
    public const string MariaDbImageVariable = "OCIMAN_MARIADB_IMAGE";

    /// <summary>The port MariaDB listens on inside the container.</summary>
    public const int MariaDbPort = 3306;

    /// <summary>Where the kit's MariaDB image keeps its data directory: outside any volume, so a committed container keeps its data.</summary>
    public const string MariaDbDataDirectory = "/var/lib/ociman-mariadb";

    private const string MariaDbEntrypointName = "ociman-mariadb-entrypoint.sh";

    private const string MariaDbConfigName = "99-ociman.cnf";

    private const string MariaDbDockerfileTemplate = """
        FROM {BASE}
        RUN set -eux; \
            export DEBIAN_FRONTEND=noninteractive; \
            apt-get update; \
            apt-get install -y --no-install-recommends mariadb-server mariadb-client; \
            rm -rf /var/lib/apt/lists/* /var/lib/mysql; \
            mkdir -p /var/lib/ociman-mariadb /run/mysqld; \
            chown mysql:mysql /var/lib/ociman-mariadb /run/mysqld
        COPY 99-ociman.cnf /etc/mysql/mariadb.conf.d/
        COPY ociman-mariadb-entrypoint.sh /usr/local/bin/
        ENTRYPOINT ["/usr/local/bin/ociman-mariadb-entrypoint.sh"]
        CMD ["mariadbd"]
        EXPOSE 3306
        HEALTHCHECK --interval=1s --timeout=5s --retries=30 CMD mariadb-admin --protocol=socket ping --silent || exit 1
        """;

    // Read after Debian's 50-server.cnf, so these settings win (Debian binds to 127.0.0.1 only).
    private const string MariaDbConfig = """
        # ociman-kit: listen on every address, keep data outside any volume, no DNS look-ups for clients.
        [mariadbd]
        datadir = /var/lib/ociman-mariadb
        bind-address = *
        port = 3306
        skip-name-resolve
        host-cache-size = 0
        """;

    private const string MariaDbEntrypoint = """
        #!/bin/bash
        # ociman-kit MariaDB entrypoint, after the official mariadb image's contract. On the first start (no mysql/ in the
        # data directory) it creates the system tables, sets root's password from MARIADB_ROOT_PASSWORD (or allows an
        # empty one with MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, or generates one with MARIADB_RANDOM_ROOT_PASSWORD), creates
        # MARIADB_DATABASE and MARIADB_USER/MARIADB_PASSWORD (MYSQL_* names work too). root@localhost also logs in over
        # the Unix socket as the container's root user (no password). Then mariadbd runs in the foreground as the mysql
        # user. Arguments starting with '-' are passed to mariadbd (--datadir=... moves the data directory); any other
        # command is run as given.
        set -Eeuo pipefail

        if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
            set -- mariadbd "$@"
        fi

        if [ "$1" != mariadbd ] && [ "$1" != mysqld ]; then
            exec "$@"
        fi
        shift

        datadir=/var/lib/ociman-mariadb
        for arg in "$@"; do
            case "$arg" in
                --datadir=*) datadir="${arg#--datadir=}" ;;
            esac
        done

        # The MARIADB_ name, else the MYSQL_ one, else empty.
        setting() {
            local mariadb="MARIADB_$1" mysql="MYSQL_$1"
            printf '%s' "${!mariadb:-${!mysql:-}}"
        }

        # A quoted SQL string literal (backslashes and single quotes escaped).
        sql_string() {
            local s="${1//\\/\\\\}"
            printf "'%s'" "${s//\'/\\\'}"
        }

        # A quoted SQL identifier (backticks doubled).
        sql_name() {
            printf '`%s`' "${1//\`/\`\`}"
        }

        if [ "$(id -u)" = 0 ]; then
            mkdir -p "$datadir" /run/mysqld
            chown mysql:mysql "$datadir" /run/mysqld
        fi

        if [ ! -d "$datadir/mysql" ]; then
            root_password="$(setting ROOT_PASSWORD)"
            if [ -z "$root_password" ] && [ -z "$(setting ALLOW_EMPTY_ROOT_PASSWORD)" ]; then
                if [ -n "$(setting RANDOM_ROOT_PASSWORD)" ]; then
                    root_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
                    echo "ociman-mariadb: GENERATED ROOT PASSWORD: $root_password"
                else
                    echo "ociman-mariadb: MARIADB_ROOT_PASSWORD is not set; set it (or MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1 or MARIADB_RANDOM_ROOT_PASSWORD=1) to create the data directory." >&2
                    exit 1
                fi
            fi

            database="$(setting DATABASE)"
            user="$(setting USER)"
            password="$(setting PASSWORD)"
            if [ -n "$user" ] && [ -z "$password" ]; then
                echo "ociman-mariadb: MARIADB_USER '$user' is set but MARIADB_PASSWORD is not; set both or neither." >&2
                exit 1
            fi
            if [ "$user" = root ]; then
                echo "ociman-mariadb: MARIADB_USER must not be root (root is configured by MARIADB_ROOT_PASSWORD)." >&2
                exit 1
            fi

            mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db --skip-name-resolve \
                --auth-root-authentication-method=socket > /dev/null

            socket=/run/mysqld/ociman-init.sock
            mariadbd --user=mysql --datadir="$datadir" --skip-networking --socket="$socket" &
            pid=$!
            for _ in $(seq 1 300); do
                if mariadb-admin --socket="$socket" -uroot ping --silent > /dev/null 2>&1; then
                    break
                fi
                if ! kill -0 "$pid" 2> /dev/null; then
                    echo "ociman-mariadb: the server exited while the data directory was being initialised." >&2
                    exit 1
                fi
                sleep 0.1
            done

            {
                printf 'DROP USER IF EXISTS %s@%s;\n' "''" "'localhost'"
                printf 'ALTER USER root@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD(%s);\n' "$(sql_string "$root_password")"
                printf 'CREATE USER root@%s IDENTIFIED BY %s;\n' "'%'" "$(sql_string "$root_password")"
                printf 'GRANT ALL ON *.* TO root@%s WITH GRANT OPTION;\n' "'%'"
                if [ -n "$database" ]; then
                    printf 'CREATE DATABASE IF NOT EXISTS %s;\n' "$(sql_name "$database")"
                fi
                if [ -n "$user" ]; then
                    printf 'CREATE USER %s@%s IDENTIFIED BY %s;\n' "$(sql_string "$user")" "'%'" "$(sql_string "$password")"
                    if [ -n "$database" ]; then
                        printf 'GRANT ALL ON %s.* TO %s@%s;\n' "$(sql_name "$database")" "$(sql_string "$user")" "'%'"
                    fi
                fi
                printf 'FLUSH PRIVILEGES;\n'
            } | mariadb --socket="$socket" -uroot --batch

            mariadb-admin --socket="$socket" -uroot shutdown
            wait "$pid"
            echo "ociman-mariadb: data directory created in $datadir"
        fi

        exec mariadbd --user=mysql --datadir="$datadir" "$@"
        """;

    /// <summary>
    /// A MariaDB 10.11 image, <c>ociman-kit/mariadb:&lt;hash&gt;</c>, built <c>FROM</c> <see cref="DebianBaseAsync"/> with Debian's
    /// <c>mariadb-server</c> package — or the image named by <c>OCIMAN_MARIADB_IMAGE</c> when that variable is set.
    /// </summary>
    /// <remarks>
    /// <para>The contract (met by this image and by the official <c>mariadb</c> images, so either can be used):</para>
    /// <list type="bullet">
    /// <item><c>MARIADB_ROOT_PASSWORD</c> (or <c>MARIADB_ALLOW_EMPTY_ROOT_PASSWORD</c> / <c>MARIADB_RANDOM_ROOT_PASSWORD</c>),
    /// <c>MARIADB_DATABASE</c>, <c>MARIADB_USER</c> and <c>MARIADB_PASSWORD</c> (or their <c>MYSQL_*</c> names) configure the
    /// server on the first start;</item>
    /// <item>the server listens on TCP port 3306 on all addresses; root logs in from anywhere with the root password;</item>
    /// <item><c>mariadb</c>, <c>mariadb-admin</c> and <c>mariadb-dump</c> are on <c>PATH</c>; arguments starting with <c>-</c>
    /// go to <c>mariadbd</c>, e.g. <c>--datadir=/somewhere</c>.</item>
    /// </list>
    /// <para>
    /// In the kit's image <c>root@localhost</c> also logs in over the Unix socket as the container's root user, so
    /// <c>exec mariadb -uroot</c> needs no password (the official images may require it: pass it as <c>MYSQL_PWD</c>).
    /// The data directory is <see cref="MariaDbDataDirectory"/> and the image declares no volume, so committing a seeded,
    /// stopped container gives an image holding the data. (The official images declare <c>VOLUME /var/lib/mysql</c>:
    /// start them with <c>--datadir=</c> elsewhere for commits to keep data.) The image carries a <c>HEALTHCHECK</c>
    /// (<c>mariadb-admin ping</c> every second).
    /// </para>
    /// <para>
    /// With <c>OCIMAN_MARIADB_IMAGE</c> set (e.g. <c>mariadb:11</c>), that reference is returned, pulled first when it is
    /// absent; nothing is built.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The Debian base cannot be made (see <see cref="DebianBaseAsync"/>).</exception>
    /// <exception cref="FormatException"><c>OCIMAN_MARIADB_IMAGE</c> is not a valid image reference.</exception>
    /// <exception cref="ImageBuildException">The build failed (for example Debian's archive is unreachable).</exception>
    public static async Task<ImageReference> MariaDbAsync(Engine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (Environment.GetEnvironmentVariable(MariaDbImageVariable) is { Length: > 0 } configured)
        {
            if (!ImageReference.TryParse(configured.Trim(), out var chosen))
            {
                throw new FormatException($"{MariaDbImageVariable}='{configured}' is not a valid image reference (for example mariadb:11).");
            }

            await engine.PullIfAbsentAsync(chosen, cancellationToken).ConfigureAwait(false);
            return chosen;
        }

        var debian = await DebianBaseAsync(engine, cancellationToken).ConfigureAwait(false);
        var context = ContextDirectory("mariadb");
        Directory.CreateDirectory(context);
        var dockerfile = MariaDbDockerfileTemplate.Replace("{BASE}", debian.ToString(), StringComparison.Ordinal);
        WriteIfChanged(Path.Combine(context, "Dockerfile"), Encoding.UTF8.GetBytes(dockerfile + "\n"));
        WriteIfChanged(Path.Combine(context, MariaDbConfigName), Encoding.UTF8.GetBytes(MariaDbConfig + "\n"));
        const UnixFileMode executable = RegularFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        WriteIfChanged(Path.Combine(context, MariaDbEntrypointName), Encoding.UTF8.GetBytes(MariaDbEntrypoint + "\n"), executable);

        var build = ImageBuild.FromDirectory(context).WithContentAddressedTag(MariaDbName);
        return await engine.BuildIfAbsentAsync(build, cancellationToken).ConfigureAwait(false);
    }
}
