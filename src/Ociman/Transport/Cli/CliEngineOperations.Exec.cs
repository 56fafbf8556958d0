using Ociman.Engines;

namespace Ociman.Transport.Cli;

/// <summary>Exec through the CLI: <c>container exec</c> with environment values out of band and standard input streamed.</summary>
internal sealed partial class CliEngineOperations
{
    public async Task<ExecOutcome> ExecAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        using var envFile = CreateEnvFile(request.Environment);
        var invocation = new CliInvocation(ContainerArguments.Exec(request, envFile?.Path))
        {
            Environment = CliEnvironment.Split(request.Environment).ThroughProcess,
            Input = request.StandardInput switch
            {
                { Stream: { } stream } => StandardInput.FromStream(stream),
                { } bytes => StandardInput.FromBytes(bytes.Bytes),
                null => StandardInput.None,
            },
        };
        var result = await Runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false);

        // The engine's own "no such container" error, which names the container, means exec itself failed. Docker
        // exits with 1 then (not 125–127), so the exit code alone cannot tell it from the command's own failure.
        if (result.ExitCode != 0 && Dialect.Classify(result.StandardError) == FailureKind.NoSuchContainer
            && result.StandardError.Contains(request.ContainerId, StringComparison.Ordinal))
        {
            throw Failure(result, request.ContainerId);
        }

        // The engine (daemon, service, tool) failed rather than the command: not the command's exit code.
        if (ExecFailureClassifier.EngineFailure(result.ExitCode, result.StandardError) is { } engineError)
        {
            throw new EngineCommandException(
                $"{Runner.Kind.ToCliName()} failed the exec of {ValueText.Quote(request.Executable)} in container {request.ContainerId}: the engine failed, not the command (the tool exited with {result.ExitCode}): {engineError}{Environment.NewLine}Command: {result.CommandLine}{Environment.NewLine}Standard error: {result.StandardError}",
                result.Operation,
                Runner.Kind,
                result.CommandLine,
                result.ExitCode,
                result.StandardError);
        }

        // When the engine could not start the command at all (missing program or working directory), its reason is
        // reported apart from the command's output; Docker prints it on standard output, Podman on standard error.
        var startFailure = Dialect.ExecStartFailure(result.ExitCode, result.StandardOutputText, result.StandardError);
        return new ExecOutcome(result.ExitCode, result.StandardOutput, result.StandardError, startFailure);
    }
}
