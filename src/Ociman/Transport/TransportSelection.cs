using Ociman.Transport.Cli;

namespace Ociman.Transport;

/// <summary>The one place that chooses the transport: <see cref="EngineOptions.Transport"/>, else <c>OCIMAN_TRANSPORT</c>.</summary>
internal static class TransportSelection
{
    /// <summary>The environment variable that chooses the transport when <see cref="EngineOptions.Transport"/> is <see cref="EngineTransport.Auto"/>.</summary>
    public const string Variable = "OCIMAN_TRANSPORT";

    /// <summary>The transport to probe engines through.</summary>
    /// <exception cref="EngineConfigurationException"><c>OCIMAN_TRANSPORT</c> holds an invalid value.</exception>
    public static IEngineTransport For(EngineOptions options) => Resolve(options.Transport, options.GetEnvironmentVariable(Variable)) switch
    {
        EngineTransport.Cli => CliTransport.Instance,
        EngineTransport.Api => Api.ApiTransport.Instance,
        // Ociman's own choice: the API when the engine's socket answers, else the command-line tool.
        _ => AutoTransport.Instance,
    };

    /// <summary>The option when it is set, else the variable's value (<c>cli</c>, <c>api</c> or <c>auto</c>, any case), else <see cref="EngineTransport.Auto"/>.</summary>
    /// <exception cref="EngineConfigurationException">The variable holds another value.</exception>
    public static EngineTransport Resolve(EngineTransport option, string? variable)
    {
        if (option != EngineTransport.Auto || string.IsNullOrWhiteSpace(variable))
        {
            return option;
        }

        return variable.Trim().ToLowerInvariant() switch
        {
            "cli" => EngineTransport.Cli,
            "api" => EngineTransport.Api,
            "auto" => EngineTransport.Auto,
            _ => throw new EngineConfigurationException($"{Variable}={ValueText.Quote(variable)} is not a transport: use cli, api or auto."),
        };
    }

    /// <summary>An engine whose version and mode are known, reached through the command-line tool without a probe (for unit tests of what Ociman renders).</summary>
    public static TransportConnection Unprobed(EngineKind kind, EngineVersion version, bool isRootless, EngineOptions options) =>
        CliTransport.Connect(kind, version, isRootless, options.ExecutableFor(kind), options.LoggerFactory);
}
