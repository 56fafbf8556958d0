using System.Diagnostics;
using System.Net.Sockets;
using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Ociman.Logging;

namespace Ociman.Transport.Api;

/// <summary>The Engine API calls Ociman makes, on one <see cref="ApiConnection"/>, with the engine's errors mapped to Ociman's exceptions.</summary>
/// <remarks>
/// Split by feature: containers (<c>ApiClient.Containers.cs</c>), exec, logs, archives. Every call takes the caller's
/// token: cancelling it aborts the request (the connection is closed) and surfaces as an
/// <see cref="OperationCanceledException"/> carrying that token. Request lines are logged at Debug; bodies never are.
/// </remarks>
internal sealed partial class ApiClient : IDisposable
{
    private readonly ILogger _logger;

    public ApiClient(ApiConnection connection, ILogger logger)
    {
        Connection = connection;
        _logger = logger;
    }

    public ApiConnection Connection { get; }

    private DockerClient Client => Connection.Client;

    /// <summary>The request line as Ociman reports it, e.g. <c>POST /v1.45/containers/create</c>.</summary>
    public string RequestLine(string method, string path) => $"{method} /v{Connection.ApiVersion}{path}";

    /// <inheritdoc />
    public void Dispose() => Connection.Dispose();

    private async Task<T> CallAsync<T>(
        string request,
        ApiResource resource,
        string subject,
        Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken,
        string? containerName = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await call(cancellationToken).ConfigureAwait(false);
            Log.ApiRequestFinished(_logger, request, clock.ElapsedMilliseconds);
            return result;
        }
        catch (DockerApiException ex)
        {
            Log.ApiRequestFailed(_logger, request, (int)ex.StatusCode, clock.ElapsedMilliseconds);
            throw ApiFailure.Map(request, ex, resource, subject, containerName);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            throw new OperationCanceledException($"Cancelled: {request}", ex, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsConnectionFailure(ex))
        {
            Log.ApiRequestFailed(_logger, request, 0, clock.ElapsedMilliseconds);
            throw new EngineCommandException(
                $"The engine at {Connection.Endpoint} did not answer {request} ({subject}): {ex.Message}",
                request,
                0,
                ex.Message,
                ex);
        }
    }

    private async Task CallAsync(string request, ApiResource resource, string subject, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        await CallAsync(
            request,
            resource,
            subject,
            async token =>
            {
                await call(token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    private static bool IsConnectionFailure(Exception ex) =>
        ex is HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException;
}
