using Microsoft.Extensions.Logging;
using Ociman.Logging;
using Ociman.Transport.Api;
using Ociman.Transport.Cli;

namespace Ociman.Transport;

/// <summary>
/// Ociman's own choice (<see cref="EngineTransport.Auto"/>): the engine's API when its socket answers, else its
/// command-line tool.
/// </summary>
/// <remarks>
/// The command-line tool is probed first (builds and image transfers use it on both transports, and it resolves the
/// endpoint: <c>DOCKER_HOST</c>, contexts, <c>CONTAINER_HOST</c>, Podman connections). The API is then tried at that
/// endpoint: a Unix socket that exists, or a TCP endpoint (with the tool's TLS settings). An SSH endpoint, a missing
/// socket (Podman without <c>podman system service</c>), an engine that does not answer within
/// <see cref="ApiConnection.ProbeTimeout"/> or one older than API 1.41 leave the command-line tool in charge; the
/// reason is logged at Debug (event 1404).
/// </remarks>
internal sealed class AutoTransport : IEngineTransport
{
    public static readonly AutoTransport Instance = new();

    public EngineTransport Transport => EngineTransport.Auto;

    public async Task<TransportProbeResult> ProbeAsync(EngineKind kind, EngineOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cli = await CliTransport.Instance.ProbeAsync(kind, options, cancellationToken).ConfigureAwait(false);
        if (cli.Connection is not { } cliConnection)
        {
            return cli;
        }

        var api = await ApiTransport.ConnectBesideAsync(cliConnection, options, startPrivateService: false, cancellationToken).ConfigureAwait(false);
        if (api.Connection is not null)
        {
            return api;
        }

        Log.ApiNotUsed(options.LoggerFactory.CreateLogger(LogCategories.Engine), kind.ToCliName(), api.Failure?.Reason ?? "unknown");
        return cli;
    }
}
