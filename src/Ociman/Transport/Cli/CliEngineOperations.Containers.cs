using System.Globalization;
using System.Text;
using Ociman.Engines;
using Ociman.Logging;

namespace Ociman.Transport.Cli;

/// <summary>Container lifecycle through the CLI: run, create and start, inspect, health, wait, stop, kill, remove, commit, copy.</summary>
internal sealed partial class CliEngineOperations
{
    /// <summary>How long a cancelled command that creates a container may take to finish before it is interrupted.</summary>
    /// <remarks>
    /// Killing the CLI does not cancel what the engine already received: Docker's daemon finishes a create request
    /// whose client went away, and a Podman killed mid-create leaves a container only its storage knows. So a
    /// cancelled create or detached run is allowed to finish (the engine answers within a second on a healthy
    /// engine), and what it created is then removed. Only an engine that does not answer within this period is
    /// interrupted; what it may still create is left to the orphan sweep (and logged).
    /// </remarks>
    internal static readonly TimeSpan CancellationSettlePeriod = TimeSpan.FromSeconds(10);

    public async Task<string> RunDetachedAsync(ContainerDefinition definition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var invocationId = Guid.NewGuid().ToString("N");
        using var envFile = CreateEnvFile(definition.Environment);
        try
        {
            if (definition.CopyIns.Count == 0)
            {
                var result = await RunCreatingAsync(RunInvocation(definition, RunMode.Detached, invocationId, envFile), invocationId, untilExit: false, cancellationToken).ConfigureAwait(false);
                return FirstLine(Checked(result, definition).StandardOutputText);
            }

            // Files must be in place before the main process starts: create, copy, start.
            var created = await RunCreatingAsync(RunInvocation(definition, RunMode.Create, invocationId, envFile), invocationId, untilExit: false, cancellationToken).ConfigureAwait(false);
            var id = FirstLine(Checked(created, definition).StandardOutputText);
            foreach (var copy in definition.CopyIns)
            {
                await CopyToContainerAsync(id, copy.HostPath, copy.ContainerPath, cancellationToken).ConfigureAwait(false);
            }

            await CheckedAsync(new CliInvocation(ContainerArguments.Start(id)), id, cancellationToken).ConfigureAwait(false);
            return id;
        }
        catch (Exception ex) when (ex is OperationCanceledException or OcimanException)
        {
            await RemoveInvocationContainersAsync(definition, invocationId).ConfigureAwait(false);
            throw;
        }
    }

    public async Task<ContainerRunResult> RunForegroundAsync(ContainerDefinition definition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var invocationId = Guid.NewGuid().ToString("N");
        using var envFile = CreateEnvFile(definition.Environment);
        try
        {
            CliResult result;
            if (definition.CopyIns.Count == 0)
            {
                result = await RunCreatingAsync(RunInvocation(definition, RunMode.Foreground, invocationId, envFile), invocationId, untilExit: true, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var created = await RunCreatingAsync(RunInvocation(definition, RunMode.Create, invocationId, envFile), invocationId, untilExit: false, cancellationToken).ConfigureAwait(false);
                var id = FirstLine(Checked(created, definition).StandardOutputText);
                foreach (var copy in definition.CopyIns)
                {
                    await CopyToContainerAsync(id, copy.HostPath, copy.ContainerPath, cancellationToken).ConfigureAwait(false);
                }

                result = await RunCreatingAsync(new CliInvocation(ContainerArguments.Start(id, attach: true)), invocationId, untilExit: true, cancellationToken).ConfigureAwait(false);
            }

            // 125: the engine itself failed (bad option, name taken, image missing); other codes are the container's,
            // except Podman's refusal of a missing working directory (126), which is the engine's too.
            var kind = Dialect.Classify(result.StandardError);
            if ((result.ExitCode == 125 && (kind != FailureKind.Other || result.StandardError.Contains("Error", StringComparison.OrdinalIgnoreCase)))
                || (result.ExitCode == 126 && kind == FailureKind.WorkingDirectoryMissing))
            {
                throw Failure(result, definition.Image.ToString(), definition);
            }

            return new ContainerRunResult(result.ExitCode, result.StandardOutputText, result.StandardError);
        }
        catch (Exception ex) when (ex is OperationCanceledException or OcimanException)
        {
            await RemoveInvocationContainersAsync(definition, invocationId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs a command that creates (or runs) the container labelled with <paramref name="invocationId"/>, so that a
    /// cancellation never leaves the engine half-way: see <see cref="CancellationSettlePeriod"/>.
    /// </summary>
    /// <param name="invocation">The command.</param>
    /// <param name="invocationId">The value of the invocation label the container carries.</param>
    /// <param name="untilExit">
    /// Whether the command lasts as long as the container runs (a foreground run or an attached start). On cancellation
    /// such a command is not waited for: as soon as its container exists it is removed, which ends the command.
    /// </param>
    /// <param name="cancellationToken">Cancels the call; the command is settled first, then this throws.</param>
    private async Task<CliResult> RunCreatingAsync(CliInvocation invocation, string invocationId, bool untilExit, CancellationToken cancellationToken)
    {
        using var interrupt = new CancellationTokenSource();
        var run = Runner.RunAsync(invocation, interrupt.Token);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => cancelled.TrySetResult()).ConfigureAwait(false))
        {
            if (await Task.WhenAny(run, cancelled.Task).ConfigureAwait(false) == run && !cancellationToken.IsCancellationRequested)
            {
                return await run.ConfigureAwait(false);
            }
        }

        var commandLine = invocation.Render(Runner.Executable);
        Log.SettlingAfterCancellation(Logger, commandLine, (long)CancellationSettlePeriod.TotalMilliseconds);
        using var settle = new CancellationTokenSource(CancellationSettlePeriod);
        try
        {
            if (untilExit)
            {
                await RemoveOnceCreatedAsync(run, invocationId, settle.Token).ConfigureAwait(false);
            }

            await run.WaitAsync(settle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (settle.IsCancellationRequested)
        {
            Log.EngineDidNotSettle(Logger, commandLine, (long)CancellationSettlePeriod.TotalMilliseconds);
            await interrupt.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await run.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or OcimanException)
        {
            // The command was interrupted or could not run: either way the caller's cancellation is what is reported.
        }

        throw new OperationCanceledException($"Cancelled: {commandLine}", null, cancellationToken);
    }

    // A command that runs as long as its container: wait until the container exists (the engine has created it) or
    // the command ended, then remove the container; the command ends with it.
    private async Task RemoveOnceCreatedAsync(Task<CliResult> run, string invocationId, CancellationToken settle)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        while (!run.IsCompleted)
        {
            var found = await ListContainersAsync([new(ContainerArguments.InvocationLabel, invocationId)], settle).ConfigureAwait(false);
            if (found.Count > 0)
            {
                foreach (var container in found)
                {
                    await RemoveUntilGoneAsync(container.Id, settle).ConfigureAwait(false);
                }

                return;
            }

            await Task.WhenAny(run, Task.Delay(delay, settle)).ConfigureAwait(false);
            settle.ThrowIfCancellationRequested();
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    private static CliInvocation RunInvocation(ContainerDefinition definition, RunMode mode, string invocationId, EnvFile? envFile)
    {
        var (throughProcess, _) = CliEnvironment.Split(definition.Environment);
        return new(ContainerArguments.Run(definition, mode, new Dictionary<string, string> { [ContainerArguments.InvocationLabel] = invocationId }, envFile?.Path))
        {
            Environment = throughProcess,
        };
    }

    private static EnvFile? CreateEnvFile(IReadOnlyDictionary<string, string> environment) =>
        EnvFile.Create(CliEnvironment.Split(environment).ThroughFile);

    // Called once the commands of a failed or cancelled run have ended (see RunCreatingAsync): whatever they created
    // is listed by the invocation label and removed, and the call returns only when it is gone.
    private async Task RemoveInvocationContainersAsync(ContainerDefinition definition, string invocationId)
    {
        var label = $"{ContainerArguments.InvocationLabel}={invocationId}";
        Log.CleaningUpAbortedRun(Logger, definition.Image.ToString(), label);
        try
        {
            // A fresh token: the caller's may be cancelled, and cleanup must still happen.
            using var timeout = new CancellationTokenSource(CleanupPeriod);
            var leftovers = await ListContainersAsync([new(ContainerArguments.InvocationLabel, invocationId)], timeout.Token).ConfigureAwait(false);
            foreach (var container in leftovers)
            {
                await RemoveUntilGoneAsync(container.Id, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OcimanException or OperationCanceledException)
        {
            Log.AbortedRunCleanupFailed(Logger, label, ex);
        }
    }

    /// <summary>How long the removal of what a failed or cancelled call created may take.</summary>
    private static readonly TimeSpan CleanupPeriod = TimeSpan.FromSeconds(30);

    // Force-removes a container and returns when the engine no longer knows it (not while it is still "removing").
    private async Task RemoveUntilGoneAsync(string containerId, CancellationToken cancellationToken)
    {
        await RemoveContainerAsync(containerId, force: true, cancellationToken).ConfigureAwait(false);
        await WaitUntilGoneAsync(containerId, cancellationToken).ConfigureAwait(false);
    }


    public async Task<ContainerDetails> InspectContainerAsync(string container, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(ContainerArguments.Inspect(container)), container, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
        return CliInspection.ReadContainer(FirstElement(result, container), Dialect);
    }

    public async Task<bool> RunHealthCheckAsync(string containerId, CancellationToken cancellationToken)
    {
        if (Dialect.HealthCheckRunArguments(containerId) is not { } args)
        {
            return false;
        }

        // The check's own outcome is recorded in the container's state; a failing check (exit code 1) is not an error here.
        var result = await Runner.RunAsync(new CliInvocation(args), cancellationToken).ConfigureAwait(false);
        return result.ExitCode != 0 && Dialect.Classify(result.StandardError) == FailureKind.NoSuchContainer
            ? throw Failure(result, containerId)
            : true;
    }

    public async Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken)
    {
        // Inspect also accepts id prefixes (and `list --filter id=` matches prefixes): compare the answer exactly.
        var result = await Runner.RunAsync(new CliInvocation(ContainerArguments.IdAndName(container)), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            var fields = FirstLine(result.StandardOutputText).Split(' ', 2);
            return fields[0] == container || (fields.Length > 1 && fields[1].TrimStart('/') == container);
        }

        return Dialect.Classify(result.StandardError) is FailureKind.NoSuchContainer or FailureKind.NoSuchImage
            ? false
            : throw Failure(result, container);
    }


    public async Task<int> WaitAsync(string containerId, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(ContainerArguments.Wait(containerId)), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
        return int.TryParse(FirstLine(result.StandardOutputText), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new EngineCommandException($"`container wait` printed '{result.StandardOutputText.Trim()}', not an exit code.", result.Operation, Runner.Kind, result.CommandLine, result.ExitCode, result.StandardError);
    }

    public async Task<int?> ExitCodeFromEventsAsync(string containerId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var invocation = new CliInvocation(Dialect.ExitEventArguments(containerId, since));
        using var search = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        search.CancelAfter(ExitEvents.LookupBound);
        int? found = null;
        var errors = new StringBuilder();
        try
        {
            // The command streams until it is ended: on the first exit code it is interrupted (and the loop drains until
            // it has ended, so no `events` process outlives this call); after the bound, the same.
            await foreach (var (isError, line, exitCode) in Runner.StreamAsync(invocation, search.Token).ConfigureAwait(false))
            {
                if (exitCode is { } code)
                {
                    var result = new CliResult(invocation.Render(Runner.Executable), code, [], errors.ToString(), TimeSpan.Zero, invocation.Operation);
                    return code == 0 ? found : throw Failure(result, containerId);
                }

                if (isError)
                {
                    errors.AppendLine(line);
                }
                else if (found is null && ExitEvents.ParseCliLine(line) is { } exit)
                {
                    found = exit;
                    await search.CancelAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Ended by this search: on the exit code found, or at the bound with none.
        }

        return found;
    }

    public async Task StopAsync(string containerId, TimeSpan? gracePeriod, CancellationToken cancellationToken)
    {
        await CheckedAsync(new CliInvocation(ContainerArguments.Stop(containerId, gracePeriod)), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
    }

    public async Task KillAsync(string containerId, string? signal, CancellationToken cancellationToken)
    {
        await CheckedAsync(new CliInvocation(ContainerArguments.Kill(containerId, signal)), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
    }

    public async Task RemoveContainerAsync(string containerId, bool force, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(new CliInvocation(ContainerArguments.Remove(Dialect, containerId, force)), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var kind = Dialect.Classify(result.StandardError);

            // A forced removal of a container that is already gone reached its goal.
            if (force && kind == FailureKind.NoSuchContainer)
            {
                return;
            }

            // The engine is removing it already (--rm after a stop): wait until it is gone, so callers can rely on it.
            if (force && result.StandardError.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
            {
                await WaitUntilGoneAsync(containerId, cancellationToken).ConfigureAwait(false);
                return;
            }

            throw Failure(result, containerId);
        }
    }

    private async Task WaitUntilGoneAsync(string containerId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var delay = TimeSpan.FromMilliseconds(10);
        while (await ContainerExistsAsync(containerId, cancellationToken).ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new EngineCommandException(
                    $"Container {containerId} was still being removed by the engine after 30 s.",
                    "container rm",
                    Runner.Kind,
                    CliInvocation.RenderArguments(Runner.Executable, ContainerArguments.Remove(Dialect, containerId, force: true)),
                    0,
                    string.Empty);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    public async Task<string> CommitAsync(string containerId, ImageReference image, CommitOptions options, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(ContainerArguments.Commit(Dialect, Version, containerId, image, options)), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
        return LastLine(result.StandardOutputText);
    }

    public async Task CopyFromContainerAsync(string containerId, string containerPath, string hostPath, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(ContainerArguments.CopyFrom(containerId, containerPath, hostPath)), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);

    public async Task CopyToContainerAsync(string containerId, string hostPath, string containerPath, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(ContainerArguments.CopyTo(containerId, hostPath, containerPath)), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
}
