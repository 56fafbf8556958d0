using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ociman.Engines;

namespace Ociman.Transport.Cli;

/// <summary>The engine operations, carried out by the engine's command-line tool (one process per operation).</summary>
/// <remarks>
/// Split by feature: containers, exec, logs, images, builds and housekeeping. Every command's arguments come from a
/// pure builder (<see cref="ContainerArguments"/>, <see cref="ImageArguments"/>, the <see cref="EngineDialect"/>);
/// failures are read from standard error by the dialect and turned into Ociman's typed exceptions here, with the
/// failed command as an <see cref="EngineCommandException"/> inside.
/// </remarks>
internal sealed partial class CliEngineOperations : IEngineOperations
{
    public CliEngineOperations(CliRunner runner, EngineDialect dialect, EngineVersion version, ILogger logger)
    {
        Runner = runner;
        Dialect = dialect;
        Version = version;
        Logger = logger;
    }

    /// <summary>Runs the engine's tool.</summary>
    public CliRunner Runner { get; }

    /// <summary>What differs between the engines' tools.</summary>
    public EngineDialect Dialect { get; }

    /// <summary>The engine's version (some flags depend on it).</summary>
    public EngineVersion Version { get; }

    /// <summary>The engine's logger (<c>Ociman.Engine</c>).</summary>
    public ILogger Logger { get; }

    private CliResult Checked(CliResult result, ContainerDefinition definition) =>
        result.ExitCode == 0 ? result : throw Failure(result, definition.Image.ToString(), definition);

    private async Task<CliResult> CheckedAsync(CliInvocation invocation, string subject, CancellationToken cancellationToken, FailureKind notFoundMeaning = FailureKind.Other)
    {
        var result = await Runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result : throw Failure(result, subject, null, notFoundMeaning);
    }

    /// <summary>Turns a failed command into the exception its standard error calls for.</summary>
    private EngineOperationException Failure(CliResult result, string subject, ContainerDefinition? definition = null, FailureKind notFoundMeaning = FailureKind.Other)
    {
        var kind = Dialect.Classify(result.StandardError);
        if (kind == FailureKind.NoSuchContainer && notFoundMeaning == FailureKind.NoSuchImage)
        {
            kind = FailureKind.NoSuchImage;
        }

        // A run or create whose absent image could not be pulled: the image is not found, on both engines.
        if (kind is FailureKind.Other or FailureKind.NoSuchContainer && definition is not null && Dialect.IsFailedPullOfRun(result.StandardError))
        {
            kind = FailureKind.NoSuchImage;
        }

        var engine = Runner.Kind;
        var command = new EngineCommandException(
            $"{engine.ToCliName()} failed with exit code {result.ExitCode} ({subject}).{Environment.NewLine}Command: {result.CommandLine}{Environment.NewLine}Standard error: {result.StandardError}",
            result.Operation,
            engine,
            result.CommandLine,
            result.ExitCode,
            result.StandardError);
        var reason = result.StandardError;
        return kind switch
        {
            FailureKind.NameInUse when definition?.Name is { } name => new ContainerNameInUseException(name.ToString(), result.Operation, engine, reason, command),
            FailureKind.NoSuchImage or FailureKind.ManifestUnknown => new ImageNotFoundException(definition?.Image.ToString() ?? subject, result.Operation, engine, reason, command),
            FailureKind.NoSuchContainer when definition is null => new ContainerNotFoundException(subject, result.Operation, engine, reason, command),
            FailureKind.WorkingDirectoryMissing when definition?.WorkingDirectory is { } workdir => new WorkingDirectoryNotFoundException(workdir, result.Operation, engine, reason, command),
            _ => command,
        };
    }

    private JsonDocument ParseJson(CliResult result)
    {
        try
        {
            return JsonDocument.Parse(result.StandardOutput);
        }
        catch (JsonException ex)
        {
            throw new EngineCommandException($"The engine's output is not the JSON expected: {ex.Message}", result.Operation, Runner.Kind, result.CommandLine, result.ExitCode, result.StandardError, ex);
        }
    }

    private JsonElement FirstElement(CliResult result, string subject)
    {
        using var doc = ParseJson(result);
        if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
        {
            throw new EngineCommandException($"Inspecting '{subject}' returned no document.", result.Operation, Runner.Kind, result.CommandLine, result.ExitCode, result.StandardError);
        }

        return doc.RootElement[0].Clone();
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string FirstLine(string text) => Lines(text).FirstOrDefault() ?? string.Empty;

    private static string LastLine(string text) => Lines(text).LastOrDefault() ?? string.Empty;
}
