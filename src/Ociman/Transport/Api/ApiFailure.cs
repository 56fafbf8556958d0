using System.Net;
using System.Text.Json;
using Docker.DotNet;

namespace Ociman.Transport.Api;

/// <summary>What an Engine API route names, so a 404 can say which resource is missing.</summary>
internal enum ApiResource
{
    /// <summary>The route names a container (<c>/containers/{id}/…</c>, <c>/exec/{id}/…</c> of a container's exec).</summary>
    Container,

    /// <summary>The route names an image, or creates a container from one (a 404 then means the image is missing).</summary>
    Image,

    /// <summary>The route names a network (<c>/networks/{id}/…</c>) or creates one (a conflict then means the name is taken).</summary>
    Network,

    /// <summary>The route names neither (lists, version).</summary>
    None,
}

/// <summary>Turns the engine's error answers into Ociman's exceptions; pure, so it is unit-tested without an engine.</summary>
/// <remarks>
/// The typed failures are the ones every transport throws; their operation is the transport-neutral name
/// (<see cref="ApiOperationName"/>), their reason the engine's <c>message</c>, and their inner exception an
/// <see cref="EngineApiException"/> with the request line (method and path; the path never holds a secret, environment
/// values travel in request bodies) and the status code. Other failures are that
/// <see cref="EngineApiException"/> itself.
/// </remarks>
internal static class ApiFailure
{
    /// <summary>Builds the exception for an error answer of the engine.</summary>
    /// <param name="request">The request line, e.g. <c>POST /containers/create</c>.</param>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="body">The response body (JSON with a <c>message</c>, or text).</param>
    /// <param name="resource">What the route names.</param>
    /// <param name="subject">The container id or name, or image reference, the call was about.</param>
    /// <param name="engine">The engine that answered.</param>
    /// <param name="containerName">The name a create asked for, so a conflict can say it is taken.</param>
    /// <param name="inner">The client's exception.</param>
    public static EngineOperationException Map(string request, HttpStatusCode status, string? body, ApiResource resource, string subject, EngineKind engine, string? containerName = null, Exception? inner = null)
    {
        var message = EngineMessage(body);
        var code = (int)status;
        var operation = ApiOperationName.Of(request);
        var failure = new EngineApiException(
            $"{engine.ToCliName()} answered {code} ({status}) to {request} ({subject}).{Environment.NewLine}Engine message: {message}",
            operation,
            request,
            engine,
            code,
            message,
            inner);
        return status switch
        {
            HttpStatusCode.NotFound when resource == ApiResource.Container => new ContainerNotFoundException(subject, operation, engine, message, failure),
            // Podman 4.3's compatible service answers 500 ("container … does not exist in database: no such container")
            // for a container removed while the request was served (an auto-removed container at its exit).
            HttpStatusCode.InternalServerError when resource == ApiResource.Container && message.Contains("no such container", StringComparison.OrdinalIgnoreCase)
                => new ContainerNotFoundException(subject, operation, engine, message, failure),
            HttpStatusCode.NotFound when resource == ApiResource.Image => new ImageNotFoundException(subject, operation, engine, message, failure),
            HttpStatusCode.NotFound when resource == ApiResource.Network => new NetworkNotFoundException(subject, operation, engine, message, failure),
            // Docker answers 409 ("network with name web already exists"); Podman 4.3's compatible service 500 ("… network already exists").
            HttpStatusCode.Conflict or HttpStatusCode.InternalServerError when resource == ApiResource.Network && message.Contains("already exists", StringComparison.OrdinalIgnoreCase)
                => new NetworkNameInUseException(subject, operation, engine, message, failure),
            // Docker answers 409; Podman 4.3's compatible service answers 500 with the same words.
            HttpStatusCode.Conflict or HttpStatusCode.InternalServerError when containerName is not null && IsNameConflict(message) => new ContainerNameInUseException(containerName, operation, engine, message, failure),
            _ => failure,
        };
    }

    /// <summary>Builds the exception for a <see cref="DockerApiException"/> of the client.</summary>
    public static EngineOperationException Map(string request, DockerApiException exception, ApiResource resource, string subject, EngineKind engine, string? containerName = null) =>
        Map(request, exception.StatusCode, exception.ResponseBody, resource, subject, engine, containerName, exception);

    /// <summary>The engine's <c>message</c> from an error body; the trimmed body itself when it is not such JSON.</summary>
    public static string EngineMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body is the message.
        }

        return body.Trim();
    }

    // Docker: `Conflict. The container name "/x" is already in use by container "…"`; Podman: `…: the container name "x"
    // is already in use by …` (or "name is in use" from libpod).
    private static bool IsNameConflict(string message) =>
        message.Contains("is already in use", StringComparison.OrdinalIgnoreCase)
        || message.Contains("name is in use", StringComparison.OrdinalIgnoreCase);
}
