namespace Ociman.Testing;

/// <summary>The host at which published container ports are reached.</summary>
public static class TestHost
{
    /// <summary>
    /// The host at which <paramref name="engine"/>'s published ports are reached: its endpoint's host for a remote engine
    /// (<c>DOCKER_HOST</c>, a Docker context, <c>CONTAINER_HOST</c> or a Podman connection with <c>tcp://</c> or
    /// <c>ssh://</c>), else <c>127.0.0.1</c> (<see cref="EngineEndpoint.PublishedPortHost"/>).
    /// </summary>
    public static string Resolve(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.Endpoint.PublishedPortHost;
    }

    /// <summary>The host part of an engine endpoint URI, or <c>127.0.0.1</c> for local sockets and when unset.</summary>
    public static string FromEndpoint(string? endpoint)
    {
        if (!string.IsNullOrEmpty(endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            && uri.Scheme is "tcp" or "ssh" or "http" or "https" && !string.IsNullOrEmpty(uri.Host))
        {
            return uri.Host.Trim('[', ']');
        }

        return "127.0.0.1";
    }
}
