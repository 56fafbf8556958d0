using Microsoft.Extensions.Logging;
using Ociman.Logging;
using Ociman.Transport.Cli;
using Ociman.Transport.Endpoints;

namespace Ociman.Transport.Api;

/// <summary>The engine's API as a transport: probes the command-line tool (which it holds for builds and images), then the engine's socket.</summary>
/// <remarks>
/// The socket is the endpoint the command-line tool resolved (<see cref="Engine.Endpoint"/>): <c>DOCKER_HOST</c>,
/// <c>DOCKER_CONTEXT</c> or the current context, <c>CONTAINER_HOST</c>, <c>CONTAINER_CONNECTION</c> or Podman's default
/// connection, else the engine's local socket (for Podman, <c>/run/podman/podman.sock</c> for root and
/// <c>$XDG_RUNTIME_DIR/podman/podman.sock</c> rootless, which answers only while <c>podman system service</c> or
/// <c>podman.socket</c> runs). TCP endpoints with TLS use the same certificates as the tool; SSH endpoints are the
/// tool's alone, so the API transport declines them.
/// </remarks>
internal sealed class ApiTransport : IEngineTransport
{
    public static readonly ApiTransport Instance = new();

    public EngineTransport Transport => EngineTransport.Api;

    public async Task<TransportProbeResult> ProbeAsync(EngineKind kind, EngineOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cli = await CliTransport.Instance.ProbeAsync(kind, options, cancellationToken).ConfigureAwait(false);
        return cli.Connection is { } cliConnection ? await ConnectBesideAsync(cliConnection, options, startPrivateService: true, cancellationToken).ConfigureAwait(false) : cli;
    }

    /// <summary>
    /// Connects to the API of the engine <paramref name="cliConnection"/> reached, at the endpoint it resolved; the CLI
    /// connection stays underneath for builds and image transfers.
    /// </summary>
    /// <param name="cliConnection">The engine as its command-line tool reached it.</param>
    /// <param name="options">The caller's options.</param>
    /// <param name="startPrivateService">
    /// Whether a local Podman with no service on its default socket gets a <see cref="PrivatePodmanService"/> of this
    /// process (else the missing socket is the answer).
    /// </param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The API connection, or why the engine's API cannot be used (no socket, SSH, no answer, too old).</returns>
    public static async Task<TransportProbeResult> ConnectBesideAsync(TransportConnection cliConnection, EngineOptions options, bool startPrivateService, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cliConnection);
        ArgumentNullException.ThrowIfNull(options);
        var kind = cliConnection.Kind;
        var resolved = cliConnection.Endpoint ?? EngineEndpoint.Default(kind, cliConnection.IsRootless ? options.GetEnvironmentVariable("XDG_RUNTIME_DIR") : null);
        if (resolved.Scheme == EndpointScheme.Ssh)
        {
            return TransportProbeResult.Failed(new EngineProbeFailure(kind, $"GET {resolved.Uri}/_ping", $"the engine is reached over SSH ({resolved}), which only the command-line tool speaks; use the CLI transport (OCIMAN_TRANSPORT=cli)"));
        }

        var endpoint = new Uri(resolved.Uri);
        var logger = options.LoggerFactory.CreateLogger(LogCategories.Engine);
        var probeTimeout = ApiConnection.ProbeTimeout;
        if (startPrivateService && kind == EngineKind.Podman && resolved.Source == EngineEndpoint.DefaultSource && !File.Exists(endpoint.LocalPath))
        {
            try
            {
                endpoint = await PrivatePodmanService.EnsureStartedAsync(options.ExecutableFor(kind), logger, cancellationToken).ConfigureAwait(false);
                probeTimeout = PrivatePodmanService.FirstAnswerTimeout;
            }
            catch (EngineUnavailableException ex)
            {
                return TransportProbeResult.Failed(ex.Probes[0]);
            }
        }

        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.LocalPath))
        {
            var hint = kind == EngineKind.Podman ? " (start `podman system service` or enable podman.socket, or use the CLI transport)" : string.Empty;
            return TransportProbeResult.Failed(new EngineProbeFailure(kind, $"GET {endpoint}/_ping", $"there is no socket at {endpoint.LocalPath}{hint}"));
        }

        var tls = resolved.Tls is { } settings ? ApiTls.Load(settings) : null;
        ApiConnection connection;
        try
        {
            connection = await ApiConnection.ConnectAsync(endpoint, tls, probeTimeout, logger, cancellationToken).ConfigureAwait(false);
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
}
