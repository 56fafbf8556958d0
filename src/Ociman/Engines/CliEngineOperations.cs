using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Ociman.Containers;
using Ociman.Execution;
using Ociman.Logging;

namespace Ociman.Engines;

/// <summary>The engine operations, carried out by the engine's command-line tool.</summary>
internal sealed partial class CliEngineOperations : IEngineOperations
{
    private readonly Engine _engine;

    public CliEngineOperations(Engine engine)
    {
        _engine = engine;
    }

    private CliRunner Runner => _engine.Runner;

    private EngineDialect Dialect => _engine.Dialect;

    // ---- containers ---------------------------------------------------------------------------------

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

            await CheckedAsync(new CliInvocation(["container", "start", id]), id, cancellationToken).ConfigureAwait(false);
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

                result = await RunCreatingAsync(new CliInvocation(["container", "start", "--attach", id]), invocationId, untilExit: true, cancellationToken).ConfigureAwait(false);
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
        Log.SettlingAfterCancellation(_engine.Logger, commandLine, (long)CancellationSettlePeriod.TotalMilliseconds);
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
            Log.EngineDidNotSettle(_engine.Logger, commandLine, (long)CancellationSettlePeriod.TotalMilliseconds);
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
            var found = await ListContainersAsync([new(ArgumentRenderer.InvocationLabel, invocationId)], settle).ConfigureAwait(false);
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

    private CliInvocation RunInvocation(ContainerDefinition definition, RunMode mode, string invocationId, EnvFile? envFile)
    {
        var (throughProcess, _) = CliEnvironment.Split(definition.Environment);
        return new(ArgumentRenderer.Run(definition, mode, new Dictionary<string, string> { [ArgumentRenderer.InvocationLabel] = invocationId }, envFile?.Path, _engine.ContainerLabels))
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
        var label = $"{ArgumentRenderer.InvocationLabel}={invocationId}";
        Log.CleaningUpAbortedRun(_engine.Logger, definition.Image.ToString(), label);
        try
        {
            // A fresh token: the caller's may be cancelled, and cleanup must still happen.
            using var timeout = new CancellationTokenSource(CleanupPeriod);
            var leftovers = await ListContainersAsync([new(ArgumentRenderer.InvocationLabel, invocationId)], timeout.Token).ConfigureAwait(false);
            foreach (var container in leftovers)
            {
                await RemoveUntilGoneAsync(container.Id, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OcimanException or OperationCanceledException)
        {
            Log.AbortedRunCleanupFailed(_engine.Logger, label, ex);
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

    public async Task<ExecResult> ExecAsync(string containerId, ExecCommand command, CancellationToken cancellationToken)
    {
        using var envFile = CreateEnvFile(command.Environment);
        var invocation = new CliInvocation(ArgumentRenderer.Exec(containerId, command, envFile?.Path))
        {
            Environment = CliEnvironment.Split(command.Environment).ThroughProcess,
            Input = command.Input switch
            {
                ReadOnlyMemory<byte> bytes => StandardInput.FromBytes(bytes),
                Stream stream => StandardInput.FromStream(stream),
                _ => StandardInput.None,
            },
        };
        var result = await Runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false);

        // The engine's own "no such container" error, which names the container, means exec itself failed. Docker
        // exits with 1 then (not 125–127), so the exit code alone cannot tell it from the command's own failure.
        if (result.ExitCode != 0 && Dialect.Classify(result.StandardError) == FailureKind.NoSuchContainer
            && result.StandardError.Contains(containerId, StringComparison.Ordinal))
        {
            throw Failure(result, containerId);
        }

        return new ExecResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    public async Task<JsonElement> InspectContainerAsync(string container, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(["container", "inspect", container]), container, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
        return FirstElement(result, container);
    }

    public async Task RunHealthCheckAsync(string containerId, CancellationToken cancellationToken)
    {
        if (Dialect.HealthCheckRunArguments(containerId) is { } args)
        {
            // The check's own outcome is recorded in the container's state; a failing check (exit code 1) is not an error here.
            var result = await Runner.RunAsync(new CliInvocation(args), cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0 && Dialect.Classify(result.StandardError) == FailureKind.NoSuchContainer)
            {
                throw Failure(result, containerId);
            }
        }
    }

    public async Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken)
    {
        // Inspect also accepts id prefixes (and `list --filter id=` matches prefixes): compare the answer exactly.
        var result = await Runner.RunAsync(new CliInvocation(["container", "inspect", "--format", "{{.Id}} {{.Name}}", container]), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            var fields = FirstLine(result.StandardOutputText).Split(' ', 2);
            return fields[0] == container || (fields.Length > 1 && fields[1].TrimStart('/') == container);
        }

        return Dialect.Classify(result.StandardError) is FailureKind.NoSuchContainer or FailureKind.NoSuchImage
            ? false
            : throw Failure(result, container);
    }

    public async Task<ContainerLogs> LogsAsync(string containerId, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(["container", "logs", containerId]), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
        return new ContainerLogs(result.StandardOutputText, result.StandardError);
    }

    public async IAsyncEnumerable<ContainerLogLine> FollowLogsAsync(string containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var invocation = new CliInvocation(["container", "logs", "--follow", containerId]);
        await foreach (var (isError, line, exitCode) in Runner.StreamAsync(invocation, cancellationToken).ConfigureAwait(false))
        {
            if (exitCode is null)
            {
                yield return new ContainerLogLine(isError ? LogSource.StandardError : LogSource.StandardOutput, line);
            }
        }
    }

    public async Task<int> WaitAsync(string containerId, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(["container", "wait", containerId]), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
        return int.TryParse(FirstLine(result.StandardOutputText), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new EngineCommandException($"`container wait` printed '{result.StandardOutputText.Trim()}', not an exit code.", result.Operation, _engine.Kind, result.CommandLine, result.ExitCode, result.StandardError);
    }

    public async Task StopAsync(string containerId, TimeSpan? gracePeriod, CancellationToken cancellationToken)
    {
        var args = new List<string> { "container", "stop" };
        if (gracePeriod is { } grace)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero, nameof(gracePeriod));
            args.Add("--time");
            args.Add(((long)Math.Ceiling(grace.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        args.Add(containerId);
        await CheckedAsync(new CliInvocation(args), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
    }

    public async Task KillAsync(string containerId, string? signal, CancellationToken cancellationToken)
    {
        List<string> args = signal is null ? ["container", "kill", containerId] : ["container", "kill", "--signal", signal, containerId];
        await CheckedAsync(new CliInvocation(args), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
    }

    public async Task RemoveContainerAsync(string containerId, bool force, CancellationToken cancellationToken)
    {
        var args = force ? Dialect.ForceRemoveArguments(containerId) : ["container", "rm", containerId];
        var result = await Runner.RunAsync(new CliInvocation(args), cancellationToken).ConfigureAwait(false);
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
                    _engine.Kind,
                    CliInvocation.RenderArguments(_engine.ExecutablePath, Dialect.ForceRemoveArguments(containerId)),
                    0,
                    string.Empty);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    public async Task<string> CommitAsync(string containerId, ImageReference image, CommitOptions options, CancellationToken cancellationToken)
    {
        var args = new List<string> { "container", "commit" };
        args.AddRange(Dialect.ImageFormatArguments);
        args.AddRange(Dialect.CommitPauseArguments(_engine.Version, options.Pause));
        foreach (var change in options.Changes)
        {
            args.Add("--change");
            args.Add(change);
        }

        if (options.Message is { } message)
        {
            args.Add("--message");
            args.Add(message);
        }

        args.Add(containerId);
        args.Add(image.ToString());
        var result = await CheckedAsync(new CliInvocation(args), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
        return LastLine(result.StandardOutputText);
    }

    public async Task CopyFromContainerAsync(string containerId, string containerPath, string hostPath, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(["container", "cp", $"{containerId}:{containerPath}", hostPath]), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);

    public async Task CopyToContainerAsync(string containerId, string hostPath, string containerPath, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(["container", "cp", hostPath, $"{containerId}:{containerPath}"]), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);

    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken)
    {
        var args = new List<string> { "container", "list", "--all", "--no-trunc", "--quiet" };
        AddLabelFilters(args, labelFilters);
        var result = await CheckedAsync(new CliInvocation(args), "containers", cancellationToken).ConfigureAwait(false);
        var ids = Lines(result.StandardOutputText);
        if (ids.Count == 0)
        {
            return [];
        }

        // One inspect for all: names, image, state and labels in the same JSON shape on both engines.
        var inspect = await Runner.RunAsync(new CliInvocation(["container", "inspect", .. ids]), cancellationToken).ConfigureAwait(false);
        var summaries = new List<ContainerSummary>();
        if (inspect.StandardOutput.Length > 0)
        {
            using var doc = JsonDocument.Parse(inspect.StandardOutput);
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                var i = new ContainerInspection(element.Clone(), Dialect);
                summaries.Add(new ContainerSummary(i.Id, [i.Name], i.Image, i.Status, i.Labels));
            }
        }

        // A container removed between list and inspect (--rm) is simply absent; any other failure is an error.
        if (inspect.ExitCode != 0 && Dialect.Classify(inspect.StandardError) != FailureKind.NoSuchContainer)
        {
            throw Failure(inspect, "containers");
        }

        return summaries;
    }

    public async Task<IReadOnlyList<string>> GetBridgeSubnetsAsync(CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(["network", "inspect", Dialect.DefaultBridgeNetwork]), Dialect.DefaultBridgeNetwork, cancellationToken).ConfigureAwait(false);
        using var doc = ParseJson(result);
        return Dialect.ParseBridgeSubnets(doc.RootElement);
    }

    // ---- images -------------------------------------------------------------------------------------

    public async Task<bool> ImageExistsAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(new CliInvocation(Dialect.ImageExistsArguments(image.ToString())), cancellationToken).ConfigureAwait(false);
        return Dialect.ImageExistsFromExitCode(result.ExitCode, result.StandardError) ?? throw Failure(result, image.ToString());
    }

    public async Task<JsonElement> InspectImageAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(["image", "inspect", image.ToString()]), image.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);
        return FirstElement(result, image.ToString());
    }

    public async Task RemoveImageAsync(ImageReference image, bool force, CancellationToken cancellationToken)
    {
        List<string> args = force ? ["image", "rm", "--force", image.ToString()] : ["image", "rm", image.ToString()];
        await CheckedAsync(new CliInvocation(args), image.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);
    }

    public async Task TagImageAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(["image", "tag", source.ToString(), target.ToString()]), source.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);

    public async Task PullAsync(ImageReference image, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(["image", "pull", image.ToString()]), image.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);

    public async Task PushAsync(ImageReference image, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(["image", "push", image.ToString()]), image.ToString(), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);

    public async Task<IReadOnlyList<ImageReference>> ListImagesAsync(ImageReference name, CancellationToken cancellationToken)
    {
        var bare = name.WithoutTag().WithoutDigest();
        var result = await CheckedAsync(
            new CliInvocation(["image", "list", "--format", "{{.Repository}}:{{.Tag}}", "--filter", $"reference={bare}:*"]),
            bare.ToString(),
            cancellationToken).ConfigureAwait(false);
        var images = new List<ImageReference>();
        foreach (var line in Lines(result.StandardOutputText))
        {
            // Untagged images list as <none>; Podman adds localhost/ to short names.
            if (line.Contains("<none>", StringComparison.Ordinal) || !ImageReference.TryParse(line, out var reference))
            {
                continue;
            }

            if (reference.WithoutTag().WithoutDigest().MatchesIgnoringLocalhost(bare))
            {
                images.Add(reference);
            }
        }

        return images;
    }

    public async Task ImportAsync(string tarPath, ImageReference image, CancellationToken cancellationToken) =>
        await CheckedAsync(new CliInvocation(["image", "import", tarPath, image.ToString()]), tarPath, cancellationToken).ConfigureAwait(false);

    public async Task SaveAsync(IReadOnlyList<ImageReference> images, string tarPath, CancellationToken cancellationToken)
    {
        // Docker overwrites an existing archive; Podman refuses ("docker-archive doesn't support modifying existing
        // images"). Save to a fresh file beside it and move it into place, so both overwrite and a failed save never
        // leaves a partial archive at tarPath.
        var temporary = Path.Combine(Path.GetDirectoryName(tarPath) ?? ".", $".{Path.GetFileName(tarPath)}.ociman-tmp-{Guid.NewGuid():N}");
        try
        {
            await CheckedAsync(new CliInvocation(["image", "save", "--output", temporary, .. images.Select(i => i.ToString())]), string.Join(", ", images), cancellationToken, FailureKind.NoSuchImage).ConfigureAwait(false);
            File.Move(temporary, tarPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<IReadOnlyList<string>> LoadAsync(string tarPath, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(["image", "load", "--input", tarPath]), tarPath, cancellationToken).ConfigureAwait(false);

        // Docker: "Loaded image: name:tag" / "Loaded image ID: sha256:…"; Podman: "Loaded image: name:tag" or "Loaded image(s): a,b".
        var loaded = new List<string>();
        foreach (var line in Lines(result.StandardOutputText))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (line.StartsWith("Loaded image", StringComparison.Ordinal) && colon > 0)
            {
                loaded.AddRange(line[(colon + 2)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return loaded;
    }

    public async Task<IReadOnlyList<string>> PruneImagesAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken)
    {
        // `image prune` only removes dangling images unless --all; filter by label so only ours go.
        var args = new List<string> { "image", "prune", "--all", "--force" };
        AddLabelFilters(args, labelFilters);
        var result = await CheckedAsync(new CliInvocation(args), "images", cancellationToken).ConfigureAwait(false);
        return Lines(result.StandardOutputText);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static void AddLabelFilters(List<string> args, IReadOnlyList<KeyValuePair<string, string?>> labelFilters)
    {
        foreach (var (key, value) in labelFilters)
        {
            args.Add("--filter");
            args.Add(value is null ? $"label={key}" : $"label={key}={value}");
        }
    }

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

        var engine = _engine.Kind;
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
            throw new EngineCommandException($"The engine's output is not the JSON expected: {ex.Message}", result.Operation, _engine.Kind, result.CommandLine, result.ExitCode, result.StandardError, ex);
        }
    }

    private JsonElement FirstElement(CliResult result, string subject)
    {
        using var doc = ParseJson(result);
        if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
        {
            throw new EngineCommandException($"Inspecting '{subject}' returned no document.", result.Operation, _engine.Kind, result.CommandLine, result.ExitCode, result.StandardError);
        }

        return doc.RootElement[0].Clone();
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string FirstLine(string text) => Lines(text).FirstOrDefault() ?? string.Empty;

    private static string LastLine(string text) => Lines(text).LastOrDefault() ?? string.Empty;
}
