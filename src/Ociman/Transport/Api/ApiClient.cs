using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
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

    /// <summary>A failure of the API transport itself (not an answer of the engine), reported like the engine's.</summary>
    public EngineApiException Failure(string request, string subject, string reason) =>
        new($"{Connection.Kind.ToCliName()}: {request} ({subject}) failed: {reason}", ApiOperationName.Of(request), request, Connection.Kind, 0, reason);

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
        Log.ApiRequestStarting(_logger, request);
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
            throw ApiFailure.Map(request, ex, resource, subject, Connection.Kind, containerName);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            throw new OperationCanceledException($"Cancelled: {request}", ex, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsConnectionFailure(ex))
        {
            Log.ApiRequestFailed(_logger, request, 0, clock.ElapsedMilliseconds);
            throw new EngineApiException(
                $"{Connection.Kind.ToCliName()} at {Connection.Endpoint} did not answer {request} ({subject}): {ex.Message}",
                ApiOperationName.Of(request),
                request,
                Connection.Kind,
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

    /// <summary><c>GET</c> of a JSON document, kept whole.</summary>
    private async Task<JsonElement> GetDocumentAsync(string path, ApiResource resource, string subject, CancellationToken cancellationToken)
    {
        var request = RequestLine("GET", path);
        return await CallAsync(request, resource, subject, async token =>
        {
            using var response = await Connection.Documents.GetAsync(new Uri($"/v{Connection.ApiVersion}{path}", UriKind.Relative), token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ApiFailure.Map(request, response.StatusCode, body, resource, subject, Connection.Kind);
            }

            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException;
}
