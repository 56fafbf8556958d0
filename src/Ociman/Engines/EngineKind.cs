namespace Ociman;

/// <summary>The container engines Ociman drives.</summary>
public enum EngineKind
{
    /// <summary>Docker Engine, through the <c>docker</c> command-line tool.</summary>
    Docker,

    /// <summary>Podman, through the <c>podman</c> command-line tool.</summary>
    Podman,
}

/// <summary>Names of <see cref="EngineKind"/> values as the command line and <c>OCIMAN_BACKEND</c> spell them.</summary>
public static class EngineKindExtensions
{
    /// <summary>The executable and configuration name of the engine: <c>docker</c> or <c>podman</c>.</summary>
    public static string ToCliName(this EngineKind kind) => kind switch
    {
        EngineKind.Docker => "docker",
        EngineKind.Podman => "podman",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown engine kind."),
    };

    /// <summary>The host name by which a container reaches the host, and the extra host entry (<c>name:host-gateway</c>) it needs, if any.</summary>
    /// <remarks>An engine fact, the same on every transport: Podman adds <c>host.containers.internal</c> itself; Docker needs the entry.</remarks>
    internal static (string HostName, string? AddHost) HostGateway(this EngineKind kind) => kind switch
    {
        EngineKind.Docker => ("host.docker.internal", "host.docker.internal:host-gateway"),
        EngineKind.Podman => ("host.containers.internal", null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown engine kind."),
    };
}
