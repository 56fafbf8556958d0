using System.Net;

namespace Ociman;

/// <summary>Thrown when a request to the engine's API fails; carries the request line and the HTTP status code.</summary>
/// <remarks>
/// Only the API transport throws this type; catch <see cref="EngineOperationException"/> to handle a failure on any
/// transport. The request line holds the method and path only: environment values travel in request bodies and never
/// appear here. A status code of 0 means the engine did not answer at all (the connection failed).
/// </remarks>
public class EngineApiException : EngineOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The whole message.</param>
    /// <param name="operation">The transport-neutral operation, e.g. <c>container rm</c> (the same name the CLI transport reports).</param>
    /// <param name="request">The request line, e.g. <c>DELETE /v1.45/containers/3f2a…</c>.</param>
    /// <param name="engine">The engine that answered.</param>
    /// <param name="statusCode">The HTTP status code, or 0 when there was no answer.</param>
    /// <param name="reason">The engine's own words (its <c>message</c>).</param>
    /// <param name="innerException">The client's own failure, or null.</param>
    public EngineApiException(string message, string operation, string request, EngineKind engine, int statusCode, string reason, Exception? innerException = null)
        : base(message, operation, engine, reason, innerException)
    {
        Request = request;
        StatusCode = statusCode;
    }

    /// <summary>The request line that failed, e.g. <c>DELETE /v1.45/containers/3f2a…</c> (method and path, never a body).</summary>
    public string Request { get; }

    /// <summary>The HTTP status code of the engine's answer, or 0 when there was none.</summary>
    public int StatusCode { get; }

    /// <summary>Whether the engine answered with <paramref name="status"/>.</summary>
    public bool Is(HttpStatusCode status) => StatusCode == (int)status;
}
