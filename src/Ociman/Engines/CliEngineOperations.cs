using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Ociman.Containers;
using Ociman.Execution;
using Ociman.Logging;

namespace Ociman.Engines;

/// <summary>The engine operations, carried out by the engine's command-line tool.</summary>
internal sealed class CliEngineOperations : IEngineOperations
{
    private readonly Engine _engine;

    public CliEngineOperations(Engine engine)
    {
        _engine = engine;
    }

    private CliRunner Runner => _engine.Runner;

    private EngineDialect Dialect => _engine.Dialect;

    // ---- containers ---------------------------------------------------------------------------------

    public async Task<string> RunDetachedAsync(ContainerDefinition definition, CancellationToken cancellationToken)
    {
        var invocationId = Guid.NewGuid().ToString("N");
        using var envFile = CreateEnvFile(definition.Environment);
        try
        {
            if (definition.CopyIns.Count == 0)
            {
                var result = await RunCheckedAsync(RunInvocation(definition, RunMode.Detached, invocationId, envFile), definition, cancellationToken).ConfigureAwait(false);
                return FirstLine(result.StandardOutputText);
            }

            // Files must be in place before the main process starts: create, copy, start.
            var created = await RunCheckedAsync(RunInvocation(definition, RunMode.Create, invocationId, envFile), definition, cancellationToken).ConfigureAwait(false);
            var id = FirstLine(created.StandardOutputText);
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
        var invocationId = Guid.NewGuid().ToString("N");
        using var envFile = CreateEnvFile(definition.Environment);
        try
        {
            CliResult result;
            if (definition.CopyIns.Count == 0)
            {
                result = await Runner.RunAsync(RunInvocation(definition, RunMode.Foreground, invocationId, envFile), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var created = await RunCheckedAsync(RunInvocation(definition, RunMode.Create, invocationId, envFile), definition, cancellationToken).ConfigureAwait(false);
                var id = FirstLine(created.StandardOutputText);
                foreach (var copy in definition.CopyIns)
                {
                    await CopyToContainerAsync(id, copy.HostPath, copy.ContainerPath, cancellationToken).ConfigureAwait(false);
                }

                result = await Runner.RunAsync(new CliInvocation(["container", "start", "--attach", id]), cancellationToken).ConfigureAwait(false);
            }

            // 125: the engine itself failed (bad option, name taken, image missing); other codes are the container's.
            if (result.ExitCode == 125 && Dialect.Classify(result.StandardError) is var kind
                && (kind != FailureKind.Other || result.StandardError.Contains("Error", StringComparison.OrdinalIgnoreCase)))
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

    private async Task RemoveInvocationContainersAsync(ContainerDefinition definition, string invocationId)
    {
        Log.CleaningUpAbortedRun(_engine.Logger, definition.Image.ToString(), $"{ArgumentRenderer.InvocationLabel}={invocationId}");
        try
        {
            // A fresh token: the caller's may be cancelled, and cleanup must still happen.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var leftovers = await ListContainersAsync([new(ArgumentRenderer.InvocationLabel, invocationId)], timeout.Token).ConfigureAwait(false);
            foreach (var container in leftovers)
            {
                await Runner.RunAsync(new CliInvocation(["container", "rm", "--force", container.Id]), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OcimanException or OperationCanceledException)
        {
            Log.ScopeStopFailed(_engine.Logger, invocationId, ex);
        }
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
            : throw new EngineCommandException($"`container wait` printed '{result.StandardOutputText.Trim()}', not an exit code.", result.CommandLine, result.ExitCode, result.StandardError);
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
        List<string> args = force ? ["container", "rm", "--force", containerId] : ["container", "rm", containerId];
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
                    CliInvocation.RenderArguments(_engine.ExecutablePath, ["container", "rm", "--force", containerId]),
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

    public async Task<string> BuildAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        var args = new List<string> { "build", "--tag", request.Tag.ToString() };
        args.AddRange(Dialect.ImageFormatArguments);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.BuildArguments)
        {
            // Like --env: the name on the command line, the value from the CLI's environment; except for names the
            // CLI reads itself (HTTP_PROXY…), which go on the command line, redacted in logs and messages.
            args.Add("--build-arg");
            if (CliEnvironment.IsReservedForCli(key))
            {
                args.Add($"{key}={value}");
                secrets.Add($"{key}={value}");
            }
            else
            {
                args.Add(key);
                environment[key] = value;
            }
        }

        foreach (var (key, value) in request.Labels)
        {
            args.Add("--label");
            args.Add($"{key}={value}");
        }

        if (request.Target is { } target)
        {
            args.Add("--target");
            args.Add(target);
        }

        if (request.NoCache)
        {
            args.Add("--no-cache");
        }

        StandardInput input = StandardInput.None;
        if (request.Instructions is { } instructions)
        {
            args.Add("-");
            input = StandardInput.FromBytes(Encoding.UTF8.GetBytes(instructions));
        }
        else
        {
            if (request.DockerfilePath is { } dockerfile)
            {
                args.Add("--file");
                args.Add(dockerfile);
            }

            args.Add(request.ContextDirectory!);
        }

        var result = await Runner.RunAsync(new CliInvocation(args) { Environment = environment, Input = input, SecretArguments = secrets }, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var output = (result.StandardOutputText + Environment.NewLine + result.StandardError).Trim();
            var tail = string.Join(Environment.NewLine, output.Split('\n').TakeLast(25).Select(l => l.TrimEnd()));
            throw new ImageBuildException(
                $"Building {request.Tag} failed with exit code {result.ExitCode}.{Environment.NewLine}Command: {result.CommandLine}{Environment.NewLine}Last lines of the build output:{Environment.NewLine}{tail}",
                result.CommandLine,
                result.ExitCode,
                result.StandardError);
        }

        return request.Tag.ToString();
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

    private async Task<CliResult> RunCheckedAsync(CliInvocation invocation, ContainerDefinition definition, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result : throw Failure(result, definition.Image.ToString(), definition);
    }

    private async Task<CliResult> CheckedAsync(CliInvocation invocation, string subject, CancellationToken cancellationToken, FailureKind notFoundMeaning = FailureKind.Other)
    {
        var result = await Runner.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result : throw Failure(result, subject, null, notFoundMeaning);
    }

    /// <summary>Turns a failed command into the exception its standard error calls for.</summary>
    private EngineCommandException Failure(CliResult result, string subject, ContainerDefinition? definition = null, FailureKind notFoundMeaning = FailureKind.Other)
    {
        var kind = Dialect.Classify(result.StandardError);
        if (kind == FailureKind.NoSuchContainer && notFoundMeaning == FailureKind.NoSuchImage)
        {
            kind = FailureKind.NoSuchImage;
        }

        return kind switch
        {
            FailureKind.NameInUse when definition?.Name is { } name => new ContainerNameInUseException(name.ToString(), result.CommandLine, result.ExitCode, result.StandardError),
            FailureKind.NoSuchImage or FailureKind.ManifestUnknown => new ImageNotFoundException(definition?.Image.ToString() ?? subject, result.CommandLine, result.ExitCode, result.StandardError),
            FailureKind.NoSuchContainer when definition is null => new ContainerNotFoundException(subject, result.CommandLine, result.ExitCode, result.StandardError),
            _ => new EngineCommandException(
                $"{_engine.Kind.ToCliName()} failed with exit code {result.ExitCode} ({subject}).{Environment.NewLine}Command: {result.CommandLine}{Environment.NewLine}Standard error: {result.StandardError}",
                result.CommandLine,
                result.ExitCode,
                result.StandardError),
        };
    }

    private static JsonDocument ParseJson(CliResult result)
    {
        try
        {
            return JsonDocument.Parse(result.StandardOutput);
        }
        catch (JsonException ex)
        {
            throw new EngineCommandException($"The engine's output is not the JSON expected: {ex.Message}", result.CommandLine, result.ExitCode, result.StandardError, ex);
        }
    }

    private static JsonElement FirstElement(CliResult result, string subject)
    {
        using var doc = ParseJson(result);
        if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
        {
            throw new EngineCommandException($"Inspecting '{subject}' returned no document.", result.CommandLine, result.ExitCode, result.StandardError);
        }

        return doc.RootElement[0].Clone();
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string FirstLine(string text) => Lines(text).FirstOrDefault() ?? string.Empty;

    private static string LastLine(string text) => Lines(text).LastOrDefault() ?? string.Empty;
}
