using System.Text;

namespace Ociman.Images;

public static partial class OfflineImages
{
    /// <summary>The repository name of the Redis image.</summary>
    public static readonly ImageReference RedisName = ImageReference.Parse("ociman-kit/redis");

    /// <summary>
    /// The environment variable that replaces the kit's Redis image with one from a registry, e.g. <c>redis:7</c>
    /// (see <see cref="RedisAsync"/> for the contract the image must meet).
    /// </summary>
    public const string RedisImageVariable = "OCIMAN_REDIS_IMAGE";

    /// <summary>The port Redis listens on inside the container.</summary>
    public const int RedisPort = 6379;

    /// <summary>The working directory of the kit's Redis image, where <c>redis-server</c> writes <c>dump.rdb</c>: outside any volume, so a committed container keeps its data.</summary>
    public const string RedisDataDirectory = "/var/lib/ociman-redis";

    private const string RedisEntrypointName = "ociman-redis-entrypoint.sh";

    private const string RedisDockerfileTemplate = """
        FROM {BASE}
        RUN set -eux; \
            export DEBIAN_FRONTEND=noninteractive; \
            apt-get update; \
            apt-get install -y --no-install-recommends redis-server redis-tools; \
            rm -rf /var/lib/apt/lists/*; \
            mkdir -p /var/lib/ociman-redis; \
            chown redis:redis /var/lib/ociman-redis
        COPY ociman-redis-entrypoint.sh /usr/local/bin/
        WORKDIR /var/lib/ociman-redis
        ENTRYPOINT ["/usr/local/bin/ociman-redis-entrypoint.sh"]
        CMD ["redis-server"]
        EXPOSE 6379
        """;

    private const string RedisEntrypoint = """
        #!/bin/sh
        # ociman-kit Redis entrypoint. Arguments starting with '-' (or a first argument naming a .conf file) are passed to
        # redis-server; any other command is run as given. redis-server runs in the foreground as the redis user, logs
        # to stdout, keeps its data in the working directory and accepts connections on all addresses (protected mode
        # off unless an argument sets --protected-mode, so a published port works).
        set -eu

        if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
            set -- redis-server "$@"
        fi

        if [ "$1" != redis-server ]; then
            exec "$@"
        fi

        if [ "$(id -u)" = 0 ]; then
            chown redis:redis .
            exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
        fi

        shift
        case " $* " in
            *" --protected-mode "*) ;;
            *) set -- "$@" --protected-mode no ;;
        esac

        exec redis-server "$@"
        """;

    /// <summary>
    /// A Redis 7 image, <c>ociman-kit/redis:&lt;hash&gt;</c>, built <c>FROM</c> <see cref="DebianBaseAsync"/> with Debian's
    /// <c>redis-server</c> and <c>redis-tools</c> packages — or the image named by <c>OCIMAN_REDIS_IMAGE</c> when that variable is set.
    /// </summary>
    /// <remarks>
    /// <para>The contract (met by this image and by the official <c>redis</c> images, so either can be used):</para>
    /// <list type="bullet">
    /// <item>the command is <c>redis-server</c>; arguments starting with <c>-</c> (e.g. <c>--requirepass</c>, <c>--dir</c>,
    /// <c>--save</c>) are passed to it, and any other command is run as given (as root);</item>
    /// <item>the server runs in the foreground as the <c>redis</c> user, logs to standard output, and accepts TCP
    /// connections on port 6379 on all addresses with protected mode off (so a published port works without a password);</item>
    /// <item><c>redis-cli</c> is on <c>PATH</c>; <c>SIGTERM</c> stops the server, which first writes <c>dump.rdb</c> when save points are configured.</item>
    /// </list>
    /// <para>
    /// The kit's image works in <see cref="RedisDataDirectory"/> (the server's default <c>dir</c>) and declares no volume,
    /// so committing a stopped container that saved its data gives an image holding it. (The official images declare
    /// <c>VOLUME /data</c>: pass <c>--dir</c> with another path for commits to keep data.)
    /// </para>
    /// <para>
    /// With <c>OCIMAN_REDIS_IMAGE</c> set (e.g. <c>redis:7</c>), that reference is returned, pulled first when it is
    /// absent; nothing is built.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The Debian base cannot be made (see <see cref="DebianBaseAsync"/>).</exception>
    /// <exception cref="FormatException"><c>OCIMAN_REDIS_IMAGE</c> is not a valid image reference.</exception>
    /// <exception cref="ImageBuildException">The build failed (for example Debian's archive is unreachable).</exception>
    public static async Task<ImageReference> RedisAsync(Engine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (Environment.GetEnvironmentVariable(RedisImageVariable) is { Length: > 0 } overridden)
        {
            if (!ImageReference.TryParse(overridden.Trim(), out var chosen))
            {
                throw new FormatException($"{RedisImageVariable}='{overridden}' is not a valid image reference (for example redis:7).");
            }

            await engine.PullIfAbsentAsync(chosen, cancellationToken).ConfigureAwait(false);
            return chosen;
        }

        var debian = await DebianBaseAsync(engine, cancellationToken).ConfigureAwait(false);
        var context = ContextDirectory("redis");
        Directory.CreateDirectory(context);
        var dockerfile = RedisDockerfileTemplate.Replace("{BASE}", debian.ToString(), StringComparison.Ordinal);
        WriteIfChanged(Path.Combine(context, "Dockerfile"), Encoding.UTF8.GetBytes(dockerfile + "\n"));
        WriteIfChanged(
            Path.Combine(context, RedisEntrypointName),
            Encoding.UTF8.GetBytes(RedisEntrypoint + "\n"),
            RegularFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        var build = ImageBuild.FromDirectory(context).WithContentAddressedTag(RedisName);
        return await engine.BuildIfAbsentAsync(build, cancellationToken).ConfigureAwait(false);
    }
}
