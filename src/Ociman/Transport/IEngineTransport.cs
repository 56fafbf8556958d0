using Ociman.Engines;

namespace Ociman.Transport;

/// <summary>One way of reaching an engine (its command-line tool, or its API): probes the engine and, when it answers, yields its operations.</summary>
/// <remarks>
/// Each transport lives in its own folder with its probe, its operations and its own knowledge of how the engines
/// differ. A probe resolves the engine's endpoint (<c>DOCKER_HOST</c>, contexts, <c>CONTAINER_HOST</c>, Podman
/// connections) with <see cref="Endpoints.EndpointResolution"/> and reports it on the connection.
/// </remarks>
internal interface IEngineTransport
{
    /// <summary>Which transport this is.</summary>
    EngineTransport Transport { get; }

    /// <summary>Asks whether the engine <paramref name="kind"/> answers through this transport, and connects when it does.</summary>
    /// <param name="kind">The engine to probe.</param>
    /// <param name="options">The caller's options (executables, labels, logging, environment).</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The connection, or why the engine did not answer; a probe failure is a result, not an exception.</returns>
    Task<TransportProbeResult> ProbeAsync(EngineKind kind, EngineOptions options, CancellationToken cancellationToken);
}

/// <summary>An engine that answered a transport's probe.</summary>
/// <param name="Kind">Which engine answered.</param>
/// <param name="Transport">The transport it answered through.</param>
/// <param name="Version">The engine's version.</param>
/// <param name="IsRootless">Whether the engine runs rootless.</param>
/// <param name="Operations">Every operation, carried out through this transport.</param>
internal sealed record TransportConnection(EngineKind Kind, EngineTransport Transport, EngineVersion Version, bool IsRootless, IEngineOperations Operations)
{
    /// <summary>Where the engine was reached (<see cref="Engine.Endpoint"/>), or null for the engine's local default.</summary>
    public EngineEndpoint? Endpoint { get; init; }
}

/// <summary>The outcome of a probe: a connection, or the failure that says why there is none.</summary>
/// <param name="Connection">The connection, or null when the probe failed.</param>
/// <param name="Failure">Why the probe failed, or null when it succeeded.</param>
internal sealed record TransportProbeResult(TransportConnection? Connection, EngineProbeFailure? Failure)
{
    /// <summary>A probe that connected.</summary>
    public static TransportProbeResult Connected(TransportConnection connection) => new(connection, null);

    /// <summary>A probe that failed.</summary>
    public static TransportProbeResult Failed(EngineProbeFailure failure) => new(null, failure);
}
