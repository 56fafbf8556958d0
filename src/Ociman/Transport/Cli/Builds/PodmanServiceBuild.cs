using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ociman.Engines;
using Ociman.Builds;
using Ociman.Hashing;
using Ociman.Logging;

namespace Ociman.Transport.Cli;

/// <summary>Builds through Podman's own API, served by a private <c>podman system service</c> that lives for one build.</summary>
/// <remarks>
/// <para>
/// Podman 4 has no <c>--build-arg-file</c>, and <c>--build-arg NAME</c> reads the value from the CLI's environment, where
/// a name Podman reads itself (<c>HTTPS_PROXY</c>, <c>XDG_CONFIG_HOME</c>…) would reconfigure Podman. Through the API
/// the arguments travel in the request, over a socket in a directory only the current user can enter; the command
/// line holds nothing but the socket's path.
/// </para>
/// <para>
/// The service is started with a short idle timeout (so it ends by itself should this process die) and stopped by
/// its process id when the build has ended. Cancelling stops the build's steps (it kills the containers the service
/// runs them in), waits until Podman has cleaned up after the failed step, then stops the service.
/// </para>
/// </remarks>
internal static class PodmanServiceBuild
{
    /// <summary>How long the service stays up with no connection (<c>--time</c>), in seconds.</summary>
    public const int IdleSeconds = 10;

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan StepEndDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Builds <paramref name="request"/> and returns when the image is tagged.</summary>
    /// <param name="runner">Starts the service.</param>
    /// <param name="logger">The engine's logger.</param>
    /// <param name="request">The build.</param>
    /// <param name="route">Why this route was taken, for failure messages.</param>
    /// <param name="cancellationToken">Cancels the build (see the remarks).</param>
    /// <exception cref="ImageBuildException">The build failed.</exception>
    /// <exception cref="EngineCommandException">The service could not be started.</exception>
    public static async Task RunAsync(CliRunner runner, ILogger logger, BuildRequest request, string route, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var workspace = PrivateDirectory.Create("ociman-build-");
        var dockerfile = request.Instructions is { } instructions
            ? workspace.WriteFile("Dockerfile", instructions)
            : request.DockerfilePath ?? Path.Combine(request.ContextDirectory!, "Dockerfile");
        var socket = Path.Combine(workspace.Path, "podman.sock");
        var service = runner.Start(new CliInvocation(ImageArguments.PodmanService(socket, IdleSeconds)));
        await using (service.ConfigureAwait(false))
        {
            using var http = CreateClient(socket);
            await WaitUntilAnsweringAsync(http, service, route, cancellationToken).ConfigureAwait(false);

            var commandLine = $"{service.CommandLine} && POST {PodmanBuildQuery.Path}?t={request.Tag}&buildargs=***";
            var output = new BoundedText();
            using var content = new ContextArchiveContent(request.ContextDirectory, dockerfile);
            using var abort = new CancellationTokenSource();
            var exchange = ExchangeAsync(http, PodmanBuildQuery.Path + "?" + PodmanBuildQuery.Render(request, dockerfile), content, output, request.Progress, abort.Token);
            string? error;
            try
            {
                error = await exchange.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await EndCancelledBuildAsync(service, exchange, content, abort, logger, request.Tag.ToString()).ConfigureAwait(false);
                throw new OperationCanceledException($"Cancelled: {commandLine}", null, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // The context could not be read (the request body is written inside SendAsync, which wraps its errors).
                if (FindInner<BuildContextException>(ex) is { } unreadable)
                {
                    ExceptionDispatchInfo.Throw(unreadable);
                }

                throw BuildFailure.Create(EngineKind.Podman, request.Tag.ToString(), $"failed: the connection to Podman's API service broke ({ex.Message})", commandLine, 1, output + "\n" + service.Output, ex.Message, route);
            }

            if (error is not null)
            {
                throw BuildFailure.Create(EngineKind.Podman, request.Tag.ToString(), "failed", commandLine, 1, output.ToString(), error, route);
            }
        }
    }

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static HttpClient CreateClient(string socketPath) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = new Uri("http://podman"),

            // A build takes as long as it takes; cancellation is the caller's.
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static async Task WaitUntilAnsweringAsync(HttpClient http, BackgroundCommand service, string route, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            if (service.Exited.IsCompleted)
            {
                var exitCode = await service.Exited.ConfigureAwait(false) ?? -1;
                throw new EngineCommandException(
                    $"Podman's API service, which Ociman starts for this build, exited with code {exitCode} before it answered. {route} "
                    + $"This needs a local Podman; a remote one (podman-remote, CONTAINER_HOST) cannot start it.{Environment.NewLine}Command: {service.CommandLine}{Environment.NewLine}Output: {service.Output}",
                    "system service",
                    EngineKind.Podman,
                    service.CommandLine,
                    exitCode,
                    service.Output);
            }

            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync(new Uri("/_ping", UriKind.Relative), attempt.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Cancelled while starting: {service.CommandLine}", null, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet (or not answering within the attempt's time).
            }

            if (elapsed.Elapsed > StartDeadline)
            {
                throw new EngineCommandException(
                    $"Podman's API service, which Ociman starts for this build, did not answer within {StartDeadline.TotalSeconds:0} s.{Environment.NewLine}Command: {service.CommandLine}{Environment.NewLine}Output: {service.Output}",
                    "system service",
                    EngineKind.Podman,
                    service.CommandLine,
                    -1,
                    service.Output);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }

    /// <summary>Sends the build and reads its progress to the end; returns the error Podman reported, or null when the build succeeded.</summary>
    private static async Task<string?> ExchangeAsync(HttpClient http, string pathAndQuery, ContextArchiveContent content, BoundedText output, Action<string>? progress, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(pathAndQuery, UriKind.Relative)) { Content = content };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(body);
        if (!response.IsSuccessStatusCode)
        {
            // {"cause": …, "message": …, "response": 400}
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            var message = ReadProgress(text).Error ?? text.Trim();
            output.AppendLine(message);
            return $"HTTP {(int)response.StatusCode}: {message}";
        }

        string? error = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            var (stream, lineError) = ReadProgress(line);
            if (stream is not null)
            {
                output.Append(stream);
                foreach (var part in stream.Split('\n'))
                {
                    progress?.Invoke(part);
                }
            }

            if (lineError is not null)
            {
                error = lineError;
                output.AppendLine(lineError.TrimEnd());
            }
        }

        return error;
    }

    /// <summary>Reads one line of the build's progress: <c>{"stream": text}</c>, <c>{"error": text, "errorDetail": {…}}</c> or an error body's <c>{"message": text}</c>.</summary>
    internal static (string? Stream, string? Error) ReadProgress(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return (null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (line + "\n", null);
            }

            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()
                : root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()
                : null;
            return (stream, error);
        }
        catch (JsonException)
        {
            return (line + "\n", null);
        }
    }

    private static async Task EndCancelledBuildAsync(BackgroundCommand service, Task<string?> exchange, ContextArchiveContent content, CancellationTokenSource abort, ILogger logger, string tag)
    {
        if (!content.Sent)
        {
            // The service reads the whole context before it starts building: cutting the upload short starts nothing.
            await abort.CancelAsync().ConfigureAwait(false);
        }
        else
        {
            // Disconnecting would not stop a running step, and the service would go on building after its handler
            // returned. Kill the step's container instead: the step fails, Podman removes its build containers
            // (forcerm) and only then ends the response.
            var elapsed = Stopwatch.StartNew();
            while (!exchange.IsCompleted && elapsed.Elapsed < StepEndDeadline)
            {
                ProcessTree.KillContainedDescendants(service.ProcessId);
                await Task.WhenAny(exchange, Task.Delay(100)).ConfigureAwait(false);
            }

            if (!exchange.IsCompleted)
            {
                Log.CancelledBuildDidNotEnd(logger, tag, (long)StepEndDeadline.TotalSeconds);
                await abort.CancelAsync().ConfigureAwait(false);
                service.Kill();
            }
        }

        try
        {
            await exchange.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException or OcimanException)
        {
            // The build was cancelled; how its request ended does not matter any more.
        }
    }
}
