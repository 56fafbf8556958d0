using System.Net.Sockets;
using System.Runtime.CompilerServices;
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

    /// <summary>Why the last attempt in <paramref name="context"/> was not ready (e.g. the status an HTTP check got), or null when the check does not say.</summary>
    internal virtual string? LastReason(ReadinessContext context) => null;

    /// <summary>
    /// Watches for what may make the check hold (new log output) and calls <paramref name="wake"/> when it comes, so the
    /// wait checks again at once instead of at its next poll; null when there is nothing to watch (the check is polled).
    /// </summary>
    /// <remarks>The task ends when <paramref name="cancellationToken"/> is cancelled (the wait ended) and never faults: a watch that fails leaves the check to polling.</remarks>
    internal virtual Task? WatchAsync(ReadinessContext context, Action wake, CancellationToken cancellationToken) => null;
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

    /// <summary>An HTTP GET of <paramref name="path"/> on container port <paramref name="containerPort"/>, sent from the host to the published port, answers <paramref name="expectedStatus"/> (and, when given, a body <paramref name="isExpectedBody"/> accepts).</summary>
    /// <remarks>
    /// <para>
    /// The request goes to <c>http://HOST:PORT/path</c>, where HOST is <see cref="ReadinessContext.Host"/> (the remote
    /// engine's address for a remote engine) and PORT the host port published for <paramref name="containerPort"/>
    /// (publish it with <c>WithPublishedPort</c>). No proxy is used, redirects are not followed (a 302 is seen as 302),
    /// and no connection is reused between attempts.
    /// </para>
    /// <para>
    /// A refused or reset connection, a request that times out (5 s per attempt, and never past the readiness
    /// deadline), an unexpected status or a body <paramref name="isExpectedBody"/> rejects means "not ready yet": the
    /// waiter polls again, and when its deadline passes its <see cref="ContainerNotReadyException"/> names the URL and
    /// what the last attempt got. The check sends one request per attempt and retries nothing itself.
    /// </para>
    /// </remarks>
    /// <param name="containerPort">The port the service listens on in the container (1–65535).</param>
    /// <param name="path">The path and optional query, starting with <c>/</c> (e.g. <c>/health?full=1</c>).</param>
    /// <param name="expectedStatus">The status code that means ready (100–599; 200 by default).</param>
    /// <param name="isExpectedBody">Accepts the response body (read as text), or null to ignore the body.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="containerPort"/> is not between 1 and 65535, or <paramref name="expectedStatus"/> not between 100 and 599.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> does not start with <c>/</c>, or contains whitespace, control characters or a fragment (<c>#</c>).</exception>
    public static ReadinessCheck Http(int containerPort, string path = "/", int expectedStatus = 200, Func<string, bool>? isExpectedBody = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedStatus, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedStatus, 599);
        return Http(containerPort, path, status => status == expectedStatus, isExpectedBody, $"status {expectedStatus}");
    }

    /// <summary>As <see cref="Http(int, string, int, Func{string, bool})"/>, ready when <paramref name="isExpectedStatus"/> accepts the status code (e.g. <c>status =&gt; status &lt; 500</c>).</summary>
    /// <param name="containerPort">The port the service listens on in the container (1–65535).</param>
    /// <param name="path">The path and optional query, starting with <c>/</c>.</param>
    /// <param name="isExpectedStatus">Accepts the response's status code.</param>
    /// <param name="isExpectedBody">Accepts the response body (read as text), or null to ignore the body.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="containerPort"/> is not between 1 and 65535.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="isExpectedStatus"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> does not start with <c>/</c>, or contains whitespace, control characters or a fragment (<c>#</c>).</exception>
    public static ReadinessCheck Http(int containerPort, string path, Func<int, bool> isExpectedStatus, Func<string, bool>? isExpectedBody) =>
        Http(containerPort, path, isExpectedStatus, isExpectedBody, "an accepted status");

    private static HttpCheck Http(int containerPort, string path, Func<int, bool> isExpectedStatus, Func<string, bool>? isExpectedBody, string statusText)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(containerPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(containerPort, 65535);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(isExpectedStatus);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"The path {ValueText.Quote(path)} must start with '/' (e.g. \"/health\").", nameof(path));
        }

        if (path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || path.Contains('#', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The path {ValueText.Quote(path)} must not contain whitespace, control characters or a fragment ('#'): percent-encode them (e.g. %20).",
                nameof(path));
        }

        return new HttpCheck(containerPort, path, isExpectedStatus, isExpectedBody, statusText);
    }

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

        // Every new line (and the end of the log, when the container stops) wakes the wait; the check itself reads the
        // whole log again, so a condition over several lines holds as it does when polled.
        internal override Task? WatchAsync(ReadinessContext context, Action wake, CancellationToken cancellationToken) =>
            FollowAsync(context.Container, wake, cancellationToken);

        private static async Task FollowAsync(Container container, Action wake, CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var unused in container.FollowLogsAsync(cancellationToken).ConfigureAwait(false))
                {
                    wake();
                }

                wake();
            }
            catch (Exception ex) when (ex is OperationCanceledException or OcimanException or IOException or HttpRequestException)
            {
                // The wait ended, or the engine could not follow: polling goes on as before.
            }
        }
    }

    private sealed class ExecCheck(string executable, string[] arguments) : ReadinessCheck
    {
        public override string Description => $"`{MessageText.Escape(string.Join(' ', [executable, .. arguments]))}` succeeds in the container";

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken) =>
            (await context.Container.Exec(executable, arguments).ResultAsync(cancellationToken).ConfigureAwait(false)).Succeeded;
    }

    private sealed class HttpCheck(int containerPort, string path, Func<int, bool> isExpectedStatus, Func<string, bool>? isExpectedBody, string statusText) : ReadinessCheck
    {
        private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

        // No proxy (HTTP_PROXY must not reroute a request to the host's own port), no redirects, no connection reuse:
        // a connection Docker's proxy accepted before the service listened must not be kept for the next attempt.
        private static readonly HttpClient Client = new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            UseCookies = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        // Per wait (a context is made per start), so a check shared by fixtures started in parallel reports its own.
        private readonly ConditionalWeakTable<ReadinessContext, string> _reasons = new();

        public override string Description =>
            $"HTTP GET {MessageText.Escape(path)} on container port {containerPort} answers {statusText}{(isExpectedBody is null ? string.Empty : " with an accepted body")}";

        internal override string? LastReason(ReadinessContext context) => _reasons.TryGetValue(context, out var reason) ? reason : null;

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
        {
            var hostPort = await context.Container.GetHostPortAsync(containerPort, cancellationToken: cancellationToken).ConfigureAwait(false);
            var url = new Uri(new UriBuilder(Uri.UriSchemeHttp, context.Host, hostPort).Uri, path);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(RequestTimeout);
            string reason;
            try
            {
                using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (!isExpectedStatus(status))
                {
                    reason = $"GET {url} answered {status} {response.ReasonPhrase}".TrimEnd();
                }
                else if (isExpectedBody is not null && !isExpectedBody(await response.Content.ReadAsStringAsync(attempt.Token).ConfigureAwait(false)))
                {
                    reason = $"GET {url} answered {status} with a body the check rejected";
                }
                else
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                reason = ex is OperationCanceledException
                    ? $"GET {url} had no answer within {RequestTimeout.TotalSeconds:0} s"
                    : $"GET {url} failed: {ex.Message}";
            }

            _reasons.AddOrUpdate(context, reason);
            return false;
        }
    }

    private sealed class HealthyCheck : ReadinessCheck
    {
        public override string Description => "the engine reports the container healthy";

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken) =>
            await context.Container.GetHealthAsync(cancellationToken).ConfigureAwait(false) == "healthy";
    }
}
