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
    /// <summary>The published host port of <paramref name="containerPort"/> accepts a TCP connection from the host.</summary>
    public static ReadinessCheck TcpPort(int containerPort) => new TcpPortCheck(containerPort);

    /// <summary>The container's log (stdout or stderr) contains <paramref name="text"/>.</summary>
    public static ReadinessCheck LogContains(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return new LogCheck($"the log contains '{text}'", log => log.Contains(text, StringComparison.Ordinal));
    }

    /// <summary>The container's log (stdout or stderr) matches <paramref name="pattern"/>, at least <paramref name="times"/> times.</summary>
    public static ReadinessCheck LogMatches(Regex pattern, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        return new LogCheck($"the log matches /{pattern}/{(times > 1 ? $" {times} times" : string.Empty)}", log => pattern.Count(log) >= times);
    }

    /// <summary>A command run in the container with <c>exec</c> exits with code 0.</summary>
    public static ReadinessCheck ExecSucceeds(string executable, params string[] arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        return new ExecCheck(executable, arguments);
    }

    /// <summary>The engine reports the container's health check as <c>healthy</c>.</summary>
    public static ReadinessCheck Healthy() => new HealthyCheck();

    private sealed class TcpPortCheck(int containerPort) : ReadinessCheck
    {
        public override string Description => $"TCP port {containerPort} accepts connections from the host";

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
        {
            var hostPort = await context.Container.GetHostPortAsync(containerPort, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var client = new TcpClient();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await client.ConnectAsync(context.Host, hostPort, attempt.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
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
        public override string Description => $"`{string.Join(' ', [executable, .. arguments])}` succeeds in the container";

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
