using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ociman.Engines;
using Ociman.Logging;
using Ociman.Transport.Cli;

namespace Ociman.Transport.Api;

/// <summary>The engine operations, carried out through the engine's API (Docker's Engine API, Podman's Docker-compatible service).</summary>
/// <remarks>
/// Every container operation goes through the API (<see cref="ApiClient"/>). Builds, pulls, pushes, save, load and
/// import, the other image operations, the health check Podman does not schedule itself and the bridge subnets are
/// delegated to the command-line transport this one holds: BuildKit, credential helpers and the engines' archive
/// formats live there. Split by feature: containers (this file), the rest in <c>ApiEngineOperations.*.cs</c>.
/// </remarks>
internal sealed partial class ApiEngineOperations : IEngineOperations
{
    /// <summary>How long a create whose call was cancelled may take to finish, so that what it created can be removed.</summary>
    /// <remarks>
    /// Closing the connection does not cancel what the engine already received: Docker's daemon finishes a create
    /// whose client went away. So a cancelled create is allowed to finish (well under a second on a healthy engine),
    /// and the container is then removed; only an engine that does not answer within this period is left to the
    /// orphan sweep (and logged).
    /// </remarks>
    internal static readonly TimeSpan CancellationSettlePeriod = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan CleanupPeriod = TimeSpan.FromSeconds(30);

    private readonly ApiClient _api;
    private readonly IEngineOperations _cli;
    private readonly ILogger _logger;

    public ApiEngineOperations(ApiClient api, IEngineOperations cli, ILogger logger)
    {
        _api = api;
        _cli = cli;
        _logger = logger;
    }

    private EngineKind Kind => _api.Connection.Kind;

    public async Task<string> RunDetachedAsync(ContainerDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        var invocationId = Guid.NewGuid().ToString("N");
        try
        {
            var id = await CreateAsync(definition, foreground: false, invocationId, cancellationToken).ConfigureAwait(false);
            await CopyInAndStartAsync(definition, id, cancellationToken).ConfigureAwait(false);
            return id;
        }
        catch (Exception ex) when (ex is OperationCanceledException or OcimanException)
        {
            await RemoveInvocationContainersAsync(definition, invocationId).ConfigureAwait(false);
            ThrowIfCancelledDuring(ex, cancellationToken);
            throw;
        }
    }

    public async Task<ContainerRunResult> RunForegroundAsync(ContainerDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        var invocationId = Guid.NewGuid().ToString("N");
        try
        {
            // Not removed by the engine: its log is read after it exits, then it is removed here.
            var id = await CreateAsync(definition, foreground: true, invocationId, cancellationToken).ConfigureAwait(false);
            await CopyInAndStartAsync(definition, id, cancellationToken).ConfigureAwait(false);
            var exitCode = await _api.WaitContainerAsync(id, cancellationToken).ConfigureAwait(false);
            var logs = await _api.LogsAsync(id, cancellationToken).ConfigureAwait(false);
            if (definition.AutoRemove)
            {
                await RemoveContainerAsync(id, force: true, cancellationToken).ConfigureAwait(false);
            }

            return new ContainerRunResult(exitCode, logs.StandardOutput, logs.StandardError);
        }
        catch (Exception ex) when (ex is OperationCanceledException or OcimanException)
        {
            await RemoveInvocationContainersAsync(definition, invocationId).ConfigureAwait(false);
            ThrowIfCancelledDuring(ex, cancellationToken);
            throw;
        }
    }

    // A call that failed while the caller cancelled (a request answered after the cancellation, with what the
    // cancellation left behind: e.g. 404 for a copy target) reports the cancellation the caller asked for.
    private static void ThrowIfCancelledDuring(Exception ex, CancellationToken cancellationToken)
    {
        if (ex is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Cancelled: {(ex as EngineOperationException)?.Operation ?? "container run"} (it failed after the cancellation: {ex.Message})", ex, cancellationToken);
        }
    }

    private async Task<string> CreateAsync(ContainerDefinition definition, bool foreground, string invocationId, CancellationToken cancellationToken)
    {
        var body = ContainerCreateRequest.Build(
            foreground ? definition.WithAutoRemove(false) : definition,
            extraLabels: new Dictionary<string, string>(StringComparer.Ordinal) { [ContainerArguments.InvocationLabel] = invocationId });

        // The API never pulls on create; the pull policy is honoured here, through the command-line transport.
        if (definition.Pull == PullPolicy.Always)
        {
            await PullForRunAsync(definition.Image, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await CreateSettlingAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageNotFoundException) when (definition.Pull != PullPolicy.Never)
        {
            await PullForRunAsync(definition.Image, cancellationToken).ConfigureAwait(false);
            return await CreateSettlingAsync(body, cancellationToken).ConfigureAwait(false);
        }
    }

    // An image a run needs that cannot be pulled is not found, whatever the registry's words (as `docker run` reports it).
    private async Task PullForRunAsync(ImageReference image, CancellationToken cancellationToken)
    {
        try
        {
            await _cli.PullAsync(image, progress: null, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineOperationException ex) when (ex is not ImageNotFoundException)
        {
            throw new ImageNotFoundException(image.ToString(), ex.Operation, Kind, ex.Reason, ex);
        }
    }

    // The create runs on its own token: on cancellation it may finish (see CancellationSettlePeriod), so that the
    // container it made can be found by its invocation label and removed before the caller hears of the cancellation.
    private async Task<string> CreateSettlingAsync(Docker.DotNet.Models.CreateContainerParameters body, CancellationToken cancellationToken)
    {
        using var interrupt = new CancellationTokenSource();
        var create = _api.CreateContainerAsync(body, interrupt.Token);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => cancelled.TrySetResult()).ConfigureAwait(false))
        {
            if (await Task.WhenAny(create, cancelled.Task).ConfigureAwait(false) == create && !cancellationToken.IsCancellationRequested)
            {
                return await create.ConfigureAwait(false);
            }
        }

        var request = _api.RequestLine("POST", "/containers/create");
        Log.SettlingAfterCancellation(_logger, request, (long)CancellationSettlePeriod.TotalMilliseconds);
        try
        {
            await create.WaitAsync(CancellationSettlePeriod, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.EngineDidNotSettle(_logger, request, (long)CancellationSettlePeriod.TotalMilliseconds);
            await interrupt.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or OcimanException)
        {
            // The create failed or was interrupted: the caller's cancellation is what is reported.
        }

        throw new OperationCanceledException($"Cancelled: {request}", null, cancellationToken);
    }

    private async Task CopyInAndStartAsync(ContainerDefinition definition, string id, CancellationToken cancellationToken)
    {
        // Files must be in place before the main process starts: create, copy, start.
        foreach (var copy in definition.CopyIns)
        {
            await _api.CopyToContainerAsync(id, copy.HostPath, copy.ContainerPath, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _api.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (definition.WorkingDirectory is { } workdir && ApiDialect.IsMissingWorkingDirectory(ex.Reason))
        {
            throw new WorkingDirectoryNotFoundException(workdir, ex.Operation, Kind, ex.Reason, ex);
        }
    }

    // Called once the calls of a failed or cancelled run have ended: whatever they created is listed by the
    // invocation label and removed, and the call returns only when it is gone.
    private async Task RemoveInvocationContainersAsync(ContainerDefinition definition, string invocationId)
    {
        var label = $"{ContainerArguments.InvocationLabel}={invocationId}";
        Log.CleaningUpAbortedRun(_logger, definition.Image.ToString(), label);
        try
        {
            // A fresh token: the caller's may be cancelled, and cleanup must still happen.
            using var timeout = new CancellationTokenSource(CleanupPeriod);
            var leftovers = await _api.ListContainersAsync([new(ContainerArguments.InvocationLabel, invocationId)], timeout.Token).ConfigureAwait(false);
            foreach (var container in leftovers)
            {
                await RemoveContainerAsync(container.Id, force: true, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OcimanException or OperationCanceledException)
        {
            Log.AbortedRunCleanupFailed(_logger, label, ex);
        }
    }

    public async Task<ContainerDetails> InspectContainerAsync(string container, CancellationToken cancellationToken)
    {
        var raw = await _api.InspectContainerDocumentAsync(container, cancellationToken).ConfigureAwait(false);
        return ApiDialect.ReadContainer(raw, Kind);
    }

    public Task<bool> RunHealthCheckAsync(string containerId, CancellationToken cancellationToken) =>
        _cli.RunHealthCheckAsync(containerId, cancellationToken);

    public Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken) =>
        _api.ContainerExistsAsync(container, cancellationToken);

    // Podman 4.3's compatible wait answers 0 when the engine removes an auto-removed container around its exit (seen in
    // 1 of 2 runs of LifecycleSpecs here); `podman wait` reports the exit code, so Podman waits through the CLI.
    public Task<int> WaitAsync(string containerId, CancellationToken cancellationToken) =>
        Kind == EngineKind.Podman ? _cli.WaitAsync(containerId, cancellationToken) : _api.WaitContainerAsync(containerId, cancellationToken);

    // Podman's exits are read where its waits are: through the CLI (the compatible event stream is Podman's own log too).
    public Task<int?> ExitCodeFromEventsAsync(string containerId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Kind == EngineKind.Podman ? _cli.ExitCodeFromEventsAsync(containerId, since, cancellationToken) : _api.ExitCodeFromEventsAsync(containerId, since, cancellationToken);

    // Podman 4.3's compatible stop without `t` kills at once; Docker's waits the container's stop timeout. Podman is
    // given its own default (10 s) so that a container that handles the stop signal ends cleanly on both.
    public Task StopAsync(string containerId, TimeSpan? gracePeriod, CancellationToken cancellationToken) =>
        _api.StopContainerAsync(containerId, gracePeriod ?? (Kind == EngineKind.Podman ? PodmanDefaultStopTimeout : null), cancellationToken);

    private static readonly TimeSpan PodmanDefaultStopTimeout = TimeSpan.FromSeconds(10);

    public Task KillAsync(string containerId, string? signal, CancellationToken cancellationToken) =>
        _api.KillContainerAsync(containerId, signal ?? "SIGKILL", cancellationToken);

    public async Task RemoveContainerAsync(string containerId, bool force, CancellationToken cancellationToken)
    {
        if (force && Kind == EngineKind.Podman)
        {
            // Podman's compatible DELETE ?force=true stops with the container's stop timeout first (10 s for a main
            // process that ignores SIGTERM); its own removal with timeout=0 kills at once, as `rm --force --time 0` does.
            await _api.ForceRemovePodmanContainerAsync(containerId, removeVolumes: false, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _api.RemoveContainerAsync(containerId, force, removeVolumes: false, cancellationToken).ConfigureAwait(false);
        }

        await _api.WaitUntilGoneAsync(containerId, cancellationToken).ConfigureAwait(false);
    }

    public Task<string> CommitAsync(string containerId, ImageReference image, CommitOptions options, CancellationToken cancellationToken) =>
        _api.CommitContainerAsync(containerId, ApiDialect.CommitTarget(image, Kind), options, cancellationToken);

    public Task CopyFromContainerAsync(string containerId, string containerPath, string hostPath, CancellationToken cancellationToken) =>
        _api.CopyFromContainerAsync(containerId, containerPath, hostPath, cancellationToken);

    public Task CopyToContainerAsync(string containerId, string hostPath, string containerPath, CancellationToken cancellationToken) =>
        _api.CopyToContainerAsync(containerId, hostPath, containerPath, cancellationToken);

    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken)
    {
        var listed = await _api.ListContainersAsync(labelFilters, cancellationToken).ConfigureAwait(false);
        return [.. listed.Select(c => c with { Image = ApiDialect.ImageAsGiven(c.Image, Kind) })];
    }

    public Task<ContainerLogs> LogsAsync(string containerId, CancellationToken cancellationToken) =>
        _api.LogsAsync(containerId, cancellationToken);

    public IAsyncEnumerable<ContainerLogLine> FollowLogsAsync(string containerId, CancellationToken cancellationToken) =>
        _api.FollowLogsAsync(containerId, cancellationToken);

    public async Task<ExecOutcome> ExecAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var apiRequest = new ApiExecRequest(
            [request.Executable, .. request.Arguments],
            request.Environment,
            request.User,
            request.WorkingDirectory,
            request.Tty,
            request.StandardInput switch
            {
                { Stream: { } stream } => stream,
                { } bytes => bytes.Bytes,
                null => null,
            });
        var result = await _api.ExecAsync(request.ContainerId, apiRequest, cancellationToken).ConfigureAwait(false);
        var stdout = result.StandardOutputText;
        return new ExecOutcome(result.ExitCode, result.StandardOutput, result.StandardError, ApiDialect.ExecStartFailure(result.ExitCode, stdout, result.StandardError));
    }
}

/// <summary>What the API transport knows of how the engines answer; pure.</summary>
internal static class ApiDialect
{
    /// <summary>Reads <c>GET /containers/{id}/json</c>: Docker's shape on both engines (Podman's compatible service speaks it too).</summary>
    public static ContainerDetails ReadContainer(JsonElement raw, EngineKind kind)
    {
        var details = CliInspection.ReadContainer(raw, EngineDialect.For(EngineKind.Docker));

        return details with { Image = ImageAsGiven(details.Image, kind) };
    }

    /// <summary>
    /// Podman names a short image with the <c>localhost/</c> it added (in inspections and lists); the image is reported
    /// as it was given, as the CLI transport does.
    /// </summary>
    public static string ImageAsGiven(string image, EngineKind kind) =>
        kind == EngineKind.Podman && image.StartsWith("localhost/", StringComparison.Ordinal) ? image["localhost/".Length..] : image;

    /// <summary>
    /// The name a commit is sent with. Podman's compatible <c>POST /commit</c> names a short repository
    /// <c>docker.io/…</c> (where <c>podman commit</c> and <c>podman build</c> name it <c>localhost/…</c>), so that image
    /// would not be the one the CLI lists, tags or removes under that name: a short name is given Podman's
    /// <c>localhost/</c> explicitly. Names with a domain, and every name on Docker, are sent as they are.
    /// </summary>
    public static ImageReference CommitTarget(ImageReference image, EngineKind kind)
    {
        ArgumentNullException.ThrowIfNull(image);
        return kind == EngineKind.Podman && image.Domain is null ? ImageReference.Parse("localhost/" + image) : image;
    }

    /// <summary>Whether the engine's refusal to start says the working directory is missing (Podman 4; Docker creates it).</summary>
    public static bool IsMissingWorkingDirectory(string reason) =>
        reason.Contains("workdir", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("chdir", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("working directory", StringComparison.OrdinalIgnoreCase);

    /// <summary>The engine's reason when an exec could not start its command (exit code 126 or 127 with the runtime's words), else null.</summary>
    public static string? ExecStartFailure(int exitCode, string standardOutput, string standardError)
    {
        if (exitCode is not (126 or 127))
        {
            return null;
        }

        foreach (var text in new[] { standardOutput, standardError })
        {
            if (text.Contains("OCI runtime", StringComparison.Ordinal) || text.Contains("executable file not found", StringComparison.Ordinal))
            {
                return text.Trim();
            }
        }

        return null;
    }
}
