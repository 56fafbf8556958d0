namespace Ociman;

/// <summary>How Ociman reaches the engine (<see cref="EngineOptions.Transport"/>, or the <c>OCIMAN_TRANSPORT</c> variable).</summary>
public enum EngineTransport
{
    /// <summary>Ociman chooses: the engine's API when its socket answers (a Unix socket that exists, or a TCP endpoint), else its command-line tool.</summary>
    Auto,

    /// <summary>The engine's command-line tool (<c>docker</c> or <c>podman</c>).</summary>
    Cli,

    /// <summary>The engine's own API over its socket (Docker's Engine API, Podman's Docker-compatible service).</summary>
    Api,
}
