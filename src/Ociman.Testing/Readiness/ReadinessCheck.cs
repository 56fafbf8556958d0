using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Ociman.Testing;

/// <summary>What a readiness check can look at: the container and the host its published ports are reached on.</summary>
/// <param name="Container">The container being waited for.</param>
/// <param name="Host">The host name or address published ports are reached on.</param>
public sealed record ReadinessContext(Container Container, string Host);

/// <summary>One condition a container must meet before tests use it.</summary>
public abstract class ReadinessCheck
{
    /// <summary>Describes the condition, for messages (e.g. "TCP port 5432 accepts connections").</summary>
    public abstract string Description { get; }

    /// <summary>Checks the condition once; returns false (not throws) while it does not hold yet.</summary>
    public abstract Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken);

    /// <inheritdoc />
    public override string ToString() => Description;
}

/// <summary>The built-in readiness checks.</summary>
public static class Ready
{
    /// <summary>The service in the container listens on TCP port <paramref name="containerPort"/>, and its published host port accepts a connection from the host.</summary>
    /// <remarks>
    /// <para>
    /// Ready means both, checked in this order on every attempt: (1) a socket in the container's network namespace is
    /// in state LISTEN on the port, read from the host in <c>/proc/PID/net/tcp</c> and <c>tcp6</c> of the container's
    /// main process (trusted only when <c>/proc/PID/cgroup</c> names the container); (2) a TCP connection to the
    /// published port at <see cref="ReadinessContext.Host"/> succeeds, which proves the publish path. A connection
    /// alone proves nothing on Docker: its userland proxy (<c>docker-proxy</c>, on by default) accepts on the published
    /// port as soon as the container starts and closes the connection at once while nothing listens inside. Podman
    /// refuses the connection until the service listens. Nothing runs in the container, so images without a shell work.
    /// </para>
    /// <para>
    /// Fallback: when the engine is remote (<see cref="EngineEndpoint.IsLocal"/> is false) or this host cannot see the
    /// container's processes (an engine in a virtual machine
    /// or another pid namespace, a host that is not Linux), (1) is replaced by watching the connection of (2): ready
    /// when the service sends data or the connection is still open 0.5 s after it connected; a connection closed or
    /// reset before then (the proxy's answer while nothing listens) is not ready. A service that closes every new
    /// connection at once without a word never counts as ready there.
    /// </para>
    /// <para>Each attempt is bounded: 2 s to connect, 0.5 s to watch the connection.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="containerPort"/> is not between 1 and 65535.</exception>
    public static ReadinessCheck TcpPort(int containerPort) => TcpPort(containerPort, ContainerSockets.DefaultProcRoot);

    /// <summary>As <see cref="TcpPort(int)"/>, reading processes under <paramref name="procRoot"/> (a directory without them forces the fallback).</summary>
    internal static ReadinessCheck TcpPort(int containerPort, string procRoot)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(containerPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(containerPort, 65535);
        return new TcpPortCheck(containerPort, procRoot);
    }

    /// <summary>The container's log (stdout or stderr) contains <paramref name="text"/>.</summary>
    public static ReadinessCheck LogContains(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return new LogCheck($"the log contains {ValueText.Quote(text)}", log => log.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>The container's log (stdout or stderr) matches <paramref name="pattern"/>, at least <paramref name="times"/> times.</summary>
    public static ReadinessCheck LogMatches(Regex pattern, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        return new LogCheck($"the log matches /{MessageText.Escape(pattern.ToString())}/{(times > 1 ? $" {times} times" : string.Empty)}", log => pattern.Count(log) >= times);
    }

    /// <summary>A command run in the container with <c>exec</c> exits with code 0.</summary>
    public static ReadinessCheck ExecSucceeds(string executable, params string[] arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        return new ExecCheck(executable, arguments);
    }

    /// <summary>The engine reports the container's health check as <c>healthy</c>.</summary>
    public static ReadinessCheck Healthy() => new HealthyCheck();

    private sealed class TcpPortCheck(int containerPort, string procRoot) : ReadinessCheck
    {
        private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

        // Docker's proxy closes a connection within about a millisecond here when nothing listens inside; a remote
        // engine adds one round trip. Used only when the container's processes are not visible from this host.
        private static readonly TimeSpan ProxyCloseWindow = TimeSpan.FromMilliseconds(500);

        public override string Description => $"TCP port {containerPort} listens in the container and accepts connections from the host";

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
        {
            var inspection = await context.Container.InspectAsync(cancellationToken).ConfigureAwait(false);
            var hostPort = inspection.GetHostPort(containerPort);
            // A remote engine's pids are not this machine's (a second engine on this machine standing in for one is
            // treated alike): only the connection tells.
            var listening = context.Container.Engine.Endpoint.IsLocal
                ? ContainerSockets.IsListening(procRoot, inspection.Id, MainProcessId(inspection), containerPort)
                : null;
            if (listening == false)
            {
                return false;
            }

            using var client = new TcpClient();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(ConnectTimeout);
            try
            {
                await client.ConnectAsync(context.Host, hostPort, attempt.Token).ConfigureAwait(false);
                return listening == true || await StaysOpenAsync(client.GetStream(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return false;
            }
        }

        private static async Task<bool> StaysOpenAsync(NetworkStream stream, CancellationToken cancellationToken)
        {
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            window.CancelAfter(ProxyCloseWindow);
            var buffer = new byte[1];
            try
            {
                // Data: a live service that speaks first. End of stream: closed by the proxy (or the service).
                return await stream.ReadAsync(buffer, window.Token).ConfigureAwait(false) > 0;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return true;
            }
        }

        private static int MainProcessId(ContainerInspection inspection) => inspection.Details.Pid;
    }

    private sealed class LogCheck(string description, Func<string, bool> predicate) : ReadinessCheck
    {
        public override string Description => description;

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
        {
            var logs = await context.Container.GetLogsAsync(cancellationToken).ConfigureAwait(false);
            return predicate(logs.StandardOutput) || predicate(logs.StandardError);
        }
    }

    private sealed class ExecCheck(string executable, string[] arguments) : ReadinessCheck
    {
        public override string Description => $"`{MessageText.Escape(string.Join(' ', [executable, .. arguments]))}` succeeds in the container";

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken) =>
            (await context.Container.Exec(executable, arguments).ResultAsync(cancellationToken).ConfigureAwait(false)).Succeeded;
    }

    private sealed class HealthyCheck : ReadinessCheck
    {
        public override string Description => "the engine reports the container healthy";

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken) =>
            await context.Container.GetHealthAsync(cancellationToken).ConfigureAwait(false) == "healthy";
    }
}
