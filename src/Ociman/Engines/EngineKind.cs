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
}
