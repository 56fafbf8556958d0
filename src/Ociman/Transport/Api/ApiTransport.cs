using Microsoft.Extensions.Logging;
using Ociman.Logging;
using Ociman.Transport.Cli;

namespace Ociman.Transport.Api;

/// <summary>The engine's API as a transport: probes the command-line tool (which it holds for builds and images), then the engine's socket.</summary>
/// <remarks>
/// The socket: for Docker, <c>DOCKER_HOST</c> when it is a <c>unix://</c> or <c>tcp://</c> address, else
/// <c>/var/run/docker.sock</c>; for Podman, <c>CONTAINER_HOST</c> when it is a <c>unix://</c> address, else the
/// service's socket (<c>/run/podman/podman.sock</c> for root, <c>$XDG_RUNTIME_DIR/podman/podman.sock</c> rootless),
/// which answers only while <c>podman system service</c> (or <c>podman.socket</c>) runs.
/// </remarks>
internal sealed class ApiTransport : IEngineTransport
{
    public static readonly ApiTransport Instance = new();

    public EngineTransport Transport => EngineTransport.Api;

    public async Task<TransportProbeResult> ProbeAsync(EngineKind kind, EngineOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cli = await CliTransport.Instance.ProbeAsync(kind, options, cancellationToken).ConfigureAwait(false);
        if (cli.Connection is not { } cliConnection)
        {
            return cli;
        }

        var endpoint = EndpointFor(kind, cliConnection.IsRootless, options.GetEnvironmentVariable);
        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.LocalPath))
        {
            var hint = kind == EngineKind.Podman ? " (start `podman system service` or enable podman.socket, or use the CLI transport)" : string.Empty;
            return TransportProbeResult.Failed(new EngineProbeFailure(kind, $"GET {endpoint}/_ping", $"there is no socket at {endpoint.LocalPath}{hint}"));
        }

        var logger = options.LoggerFactory.CreateLogger(LogCategories.Engine);
        ApiConnection connection;
        try
        {
            connection = await ApiConnection.ConnectAsync(endpoint, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineUnavailableException ex)
        {
            return TransportProbeResult.Failed(ex.Probes[0] with { Kind = kind });
        }

        if (connection.Kind != kind)
        {
            connection.Dispose();
            return TransportProbeResult.Failed(new EngineProbeFailure(kind, $"GET {endpoint}/version", $"the socket is {connection.Kind.ToCliName()}'s, not {kind.ToCliName()}'s"));
        }

        var operations = new ApiEngineOperations(new ApiClient(connection, options.LoggerFactory.CreateLogger(LogCategories.Command)), cliConnection.Operations, logger);
        return TransportProbeResult.Connected(cliConnection with { Transport = EngineTransport.Api, Operations = operations });
    }

    /// <summary>The socket of <paramref name="kind"/>'s API, from the environment or the engine's default; pure.</summary>
    public static Uri EndpointFor(EngineKind kind, bool rootless, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (kind == EngineKind.Docker)
        {
            return environment("DOCKER_HOST") is { } host && (host.StartsWith("unix://", StringComparison.Ordinal) || host.StartsWith("tcp://", StringComparison.Ordinal))
                ? new Uri(host)
                : new Uri("unix:///var/run/docker.sock");
        }

        if (environment("CONTAINER_HOST") is { } containerHost && containerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            return new Uri(containerHost);
        }

        return rootless && environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime
            ? new Uri($"unix://{runtime}/podman/podman.sock")
            : new Uri("unix:///run/podman/podman.sock");
    }
}
