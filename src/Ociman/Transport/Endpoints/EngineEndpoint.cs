namespace Ociman;

/// <summary>How Ociman talks to an engine: over a Unix socket, TCP, or SSH.</summary>
public enum EndpointScheme
{
    /// <summary>A Unix socket on this machine (<c>unix:///var/run/docker.sock</c>).</summary>
    Unix,

    /// <summary>TCP, optionally with TLS (<c>tcp://host:2375</c>).</summary>
    Tcp,

    /// <summary>SSH, through the engine's command-line tool (<c>ssh://user@host</c>).</summary>
    Ssh,
}

/// <summary>The TLS settings of a TCP endpoint.</summary>
/// <param name="Verify">Whether the engine's certificate is verified against <paramref name="CaCertificatePath"/>.</param>
/// <param name="CaCertificatePath">The CA certificate (<c>ca.pem</c>).</param>
/// <param name="ClientCertificatePath">The client certificate (<c>cert.pem</c>).</param>
/// <param name="ClientKeyPath">The client key (<c>key.pem</c>).</param>
public sealed record EndpointTls(bool Verify, string CaCertificatePath, string ClientCertificatePath, string ClientKeyPath);

/// <summary>Where an engine is reached, as the engine's own tools would resolve it, and where that came from.</summary>
/// <remarks>
/// <para>
/// A Unix socket counts as local: the engine behind it runs on this machine's kernel, so ports it publishes on
/// 127.0.0.1 are reachable here (engines in a local virtual machine, such as Docker Desktop or a Podman machine,
/// forward their published ports to this machine's loopback as well). TCP and SSH endpoints count as remote even when
/// they name this machine: the engine publishes ports on all its addresses and tests connect to
/// <see cref="PublishedPortHost"/>, the endpoint's host.
/// </para>
/// </remarks>
/// <param name="Scheme">Unix socket, TCP or SSH.</param>
/// <param name="Uri">The endpoint as the engine's tools write it, e.g. <c>unix:///var/run/docker.sock</c> or <c>tcp://127.0.0.2:2375</c>.</param>
/// <param name="Address">The socket path (Unix), <c>host:port</c> (TCP) or <c>[user@]host[:port]</c> (SSH).</param>
/// <param name="Tls">The TLS settings of a TCP endpoint, or null when it is plain TCP (or not TCP).</param>
/// <param name="PublishedPortHost">The host name or address at which the engine's published ports are reached from this machine.</param>
/// <param name="Source">Where the endpoint came from, for messages: e.g. <c>DOCKER_HOST</c>, <c>context 'ci' (DOCKER_CONTEXT)</c>, or <c>the default</c>.</param>
public sealed record EngineEndpoint(EndpointScheme Scheme, string Uri, string Address, EndpointTls? Tls, string PublishedPortHost, string Source)
{
    /// <summary>Docker's default socket.</summary>
    public const string DockerDefaultUri = "unix:///var/run/docker.sock";

    /// <summary>Whether the engine runs on this machine (a Unix socket), so its ports published on 127.0.0.1 are reachable here.</summary>
    public bool IsLocal => Scheme == EndpointScheme.Unix;

    /// <summary>The name of the Docker context or Podman connection the endpoint came from, or null.</summary>
    public string? ConnectionName { get; init; }

    /// <summary>The SSH identity file (Podman's <c>CONTAINER_SSHKEY</c> or a connection's <c>identity</c>), or null.</summary>
    public string? SshIdentityPath { get; init; }

    /// <summary>The engine's default local endpoint for <paramref name="kind"/> (Docker's socket, or Podman's service socket for <paramref name="rootlessRuntimeDirectory"/>).</summary>
    internal static EngineEndpoint Default(EngineKind kind, string? rootlessRuntimeDirectory = null)
    {
        var uri = kind == EngineKind.Docker
            ? DockerDefaultUri
            : rootlessRuntimeDirectory is { Length: > 0 } run ? $"unix://{run.TrimEnd('/')}/podman/podman.sock" : "unix:///run/podman/podman.sock";
        return new(EndpointScheme.Unix, uri, uri["unix://".Length..], null, LocalHost, DefaultSource);
    }

    /// <summary>The <see cref="Source"/> of an endpoint no setting chose.</summary>
    internal const string DefaultSource = "the default";

    /// <summary>The host tests connect to for ports published by a local engine.</summary>
    internal const string LocalHost = "127.0.0.1";

    /// <inheritdoc />
    public override string ToString() => $"{Uri} (from {Source})";
}

/// <summary>Thrown when an engine endpoint setting (an environment variable, a Docker context, a Podman connection or their files) is invalid.</summary>
public sealed class EngineEndpointException : OcimanException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="setting">The variable or file that holds the bad value.</param>
    /// <param name="message">What is wrong and what is allowed.</param>
    /// <param name="innerException">The parse error, if any.</param>
    public EngineEndpointException(string setting, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Setting = setting;
    }

    /// <summary>The variable or file that holds the bad value, e.g. <c>DOCKER_HOST</c> or <c>/root/.docker/config.json</c>.</summary>
    public string Setting { get; }
}
