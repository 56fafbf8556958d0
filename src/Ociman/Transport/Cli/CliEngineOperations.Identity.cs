namespace Ociman.Transport.Cli;

/// <summary>The engine's identity through the CLI: one <c>info</c> line (see <see cref="EngineDialect.IdentityArguments"/>).</summary>
internal sealed partial class CliEngineOperations
{
    public async Task<string> EngineIdentityAsync(CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(Dialect.IdentityArguments), "engine info", cancellationToken).ConfigureAwait(false);
        var line = FirstLine(result.StandardOutputText);
        return line.Length > 0 && line.Split('|').All(field => field.Length > 0)
            ? line
            : throw new EngineCommandException($"The engine's info says nothing that identifies it: '{line}'.", result.Operation, Runner.Kind, result.CommandLine, result.ExitCode, result.StandardError);
    }
}
