using Microsoft.Extensions.Logging;
using Ociman.Engines;
using Ociman.Logging;
using Ociman.Transport.Endpoints;

namespace Ociman.Transport.Cli;

/// <summary>The engine's command-line tool as a transport: probes <c>--version</c> and <c>info</c>, then runs one process per operation.</summary>
internal sealed class CliTransport : IEngineTransport
{
    public static readonly CliTransport Instance = new();

    /// <summary>The first probe: the tool's version.</summary>
    public static IReadOnlyList<string> VersionArguments { get; } = ["--version"];

    public EngineTransport Transport => EngineTransport.Cli;

    public async Task<TransportProbeResult> ProbeAsync(EngineKind kind, EngineOptions options, CancellationToken cancellationToken)
    {
        var executable = options.ExecutableFor(kind);
        var (endpoint, endpointEnvironment) = EndpointResolution.Resolve(kind, executable, options.GetEnvironmentVariable);
        Log.EndpointResolved(options.LoggerFactory.CreateLogger(LogCategories.Engine), kind.ToCliName(), endpoint.Uri, endpoint.Source, endpoint.PublishedPortHost);
        var runner = new CliRunner(kind, executable, options.LoggerFactory.CreateLogger(LogCategories.Command), endpointEnvironment);
        var dialect = EngineDialect.For(kind);

        var versionCall = new CliInvocation(VersionArguments);
        CliResult version;
        try
        {
            version = await runner.RunAsync(versionCall, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineCommandException ex)
        {
            return Failed(kind, versionCall.Render(executable), $"the command-line tool could not be started ({ex.InnerException?.Message ?? ex.Message})");
        }

        if (version.ExitCode != 0)
        {
            return Failed(kind, version.CommandLine, $"exit code {version.ExitCode}: {version.StandardError}");
        }

        EngineVersion parsed;
        try
        {
            parsed = EngineVersion.ParseVersionOutput(version.StandardOutputText);
        }
        catch (FormatException ex)
        {
            return Failed(kind, version.CommandLine, ex.Message);
        }

        // The info probe both checks that the engine (daemon) answers and reads whether it runs rootless.
        var info = await runner.RunAsync(new CliInvocation(dialect.RootlessProbeArguments), cancellationToken).ConfigureAwait(false);
        if (info.ExitCode != 0)
        {
            return Failed(kind, info.CommandLine, $"the engine did not answer (exit code {info.ExitCode}): {FirstLines(info.StandardError)}");
        }

        bool rootless;
        try
        {
            rootless = dialect.ParseRootless(info.StandardOutputText);
        }
        catch (FormatException ex)
        {
            return Failed(kind, info.CommandLine, ex.Message);
        }

        return TransportProbeResult.Connected(Connect(kind, parsed, rootless, executable, options.LoggerFactory, endpointEnvironment) with { Endpoint = endpoint });
    }

    /// <summary>A connection without a probe: the operations for an engine whose version and mode are known.</summary>
    /// <param name="kind">The engine.</param>
    /// <param name="version">Its version.</param>
    /// <param name="isRootless">Whether it runs rootless.</param>
    /// <param name="executable">Its command-line tool.</param>
    /// <param name="loggerFactory">Where the logs go.</param>
    /// <param name="endpointEnvironment">The variables that select the engine's endpoint, set on every process (null: the process's own).</param>
    public static TransportConnection Connect(EngineKind kind, EngineVersion version, bool isRootless, string executable, ILoggerFactory loggerFactory, IReadOnlyDictionary<string, string?>? endpointEnvironment = null)
    {
        var runner = new CliRunner(kind, executable, loggerFactory.CreateLogger(LogCategories.Command), endpointEnvironment);
        var operations = new CliEngineOperations(runner, EngineDialect.For(kind), version, loggerFactory.CreateLogger(LogCategories.Engine));
        return new TransportConnection(kind, EngineTransport.Cli, version, isRootless, operations);
    }

    private static TransportProbeResult Failed(EngineKind kind, string command, string reason) =>
        TransportProbeResult.Failed(new EngineProbeFailure(kind, command, reason));

    private static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length <= 3 ? string.Join(" ", lines) : string.Join(" ", lines.Take(3)) + " …";
    }
}
