namespace Ociman.Transport.Api;

/// <summary>
/// The transport-neutral name of the operation an Engine API request carries out — the same name the CLI transport
/// reports (<c>container rm</c>, <c>container exec</c>, …) — so <see cref="EngineOperationException.Operation"/> does not
/// depend on the transport; pure.
/// </summary>
internal static class ApiOperationName
{
    /// <summary>The operation of <paramref name="requestLine"/>, e.g. <c>DELETE /v1.45/containers/abc</c> → <c>container rm</c>.</summary>
    /// <param name="requestLine">A request line as <see cref="ApiClient.RequestLine"/> renders it, versioned or not.</param>
    /// <returns>The operation's name; the request line itself when the route is not one Ociman names.</returns>
    public static string Of(string requestLine)
    {
        ArgumentNullException.ThrowIfNull(requestLine);
        var space = requestLine.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return requestLine;
        }

        var method = requestLine[..space];
        var path = requestLine[(space + 1)..];
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var segments = (query < 0 ? path : path[..query]).Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (segments.Count > 0 && segments[0].StartsWith('v') && segments[0].Length > 1 && char.IsAsciiDigit(segments[0][1]))
        {
            segments.RemoveAt(0);
        }

        // Podman's own routes (`/libpod/containers/…`) name the same operations as their compatible twins.
        if (segments.Count > 1 && segments[0] == "libpod")
        {
            segments.RemoveAt(0);
        }

        return (method, segments.Count > 0 ? segments[0] : string.Empty, segments.Count) switch
        {
            ("POST", "containers", 2) when segments[1] == "create" => "container create",
            ("GET", "containers", 2) when segments[1] == "json" => "container ls",
            ("DELETE", "containers", 2) => "container rm",
            ("GET", "containers", 3) when segments[2] == "json" => "container inspect",
            ("POST", "containers", 3) when segments[2] is "start" or "stop" or "kill" or "wait" or "exec" => "container " + segments[2],
            ("GET", "containers", 3) when segments[2] == "logs" => "container logs",
            (_, "containers", 3) when segments[2] == "archive" => "container cp",
            (_, "exec", 3) => "container exec",
            ("POST", "commit", 1) => "container commit",
            ("GET", "images", >= 3) when segments[^1] == "json" => "image inspect",
            ("DELETE", "images", >= 2) => "image rm",
            ("POST", "images", >= 3) when segments[^1] == "tag" => "image tag",
            ("GET", "images", 2) when segments[1] == "json" => "image ls",
            ("POST", "networks", 2) when segments[1] == "create" => "network create",
            ("GET", "networks", 1) => "network ls",
            ("GET", "networks", 2) => "network inspect",
            ("DELETE", "networks", 2) => "network rm",
            ("POST", "networks", 3) when segments[2] is "connect" or "disconnect" => "network " + segments[2],
            _ => requestLine,
        };
    }
}
