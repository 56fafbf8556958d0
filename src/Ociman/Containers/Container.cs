using System.Net;
using System.Text.Json;
using Ociman.Logging;
using Ociman.Transport;

namespace Ociman;

/// <summary>Options for <see cref="Container.CommitAsync"/>.</summary>
public sealed record CommitOptions
{
    /// <summary>Whether to pause the container while committing. Off by default on both engines (Docker pauses unless told not to).</summary>
    public bool Pause { get; init; }

    /// <summary>Dockerfile instructions applied to the new image (<c>--change</c>), e.g. <c>CMD ["sh"]</c>.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>A commit message (<c>--message</c>).</summary>
    public string? Message { get; init; }
}

/// <summary>Whether a log line came from the container's standard output or standard error.</summary>
public enum LogSource
{
    /// <summary>Standard output.</summary>
    StandardOutput,

    /// <summary>Standard error.</summary>
    StandardError,
}

/// <summary>One line of a container's log.</summary>
/// <param name="Source">Which stream it came from.</param>
/// <param name="Text">The line, without its line ending.</param>
public sealed record ContainerLogLine(LogSource Source, string Text);

/// <summary>A snapshot of a container's log.</summary>
/// <param name="StandardOutput">Everything the container wrote to standard output so far.</param>
/// <param name="StandardError">Everything the container wrote to standard error so far.</param>
public sealed record ContainerLogs(string StandardOutput, string StandardError);

/// <summary>A container the engine knows: run commands in it, inspect it, read its logs, stop and remove it.</summary>
/// <remarks>
/// Disposing the container force-removes it and never throws; prefer <see cref="Engine.WithContainerAsync{T}"/> for
/// a scope that always ends with a stop. There is no finaliser: cleanup never runs on the finaliser thread.
/// </remarks>
public sealed class Container : IAsyncDisposable
{
    private readonly DateTimeOffset? _runRequestedAt;
    private volatile bool _removalRequested;

    internal Container(Engine engine, string id, ContainerDefinition? definition, DateTimeOffset? runRequestedAt = null)
    {
        Engine = engine;
        Id = id;
        Definition = definition;
        _runRequestedAt = runRequestedAt;
    }

    /// <summary>The engine the container runs on.</summary>
    public Engine Engine { get; }

    /// <summary>The full container id.</summary>
    public string Id { get; }

    /// <summary>The first 12 characters of the id, as the engines show it.</summary>
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    /// <summary>The definition the container was started from, or null for a container found by id.</summary>
    public ContainerDefinition? Definition { get; }

    /// <summary>Starts building a command to run in the container with <c>exec</c>.</summary>
    public ExecCommand Exec(string executable, params string[] arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        ArgumentNullException.ThrowIfNull(arguments);
        return new ExecCommand(this, executable, arguments);
    }

    /// <summary>Inspects the container: its whole JSON document with typed helpers.</summary>
    /// <exception cref="ContainerNotFoundException">The container no longer exists.</exception>
    public async Task<ContainerInspection> InspectAsync(CancellationToken cancellationToken = default) =>
        new(await Engine.Operations.InspectContainerAsync(Id, cancellationToken).ConfigureAwait(false));

    /// <summary>The container's state, e.g. <c>running</c> or <c>exited</c>.</summary>
    public async Task<string> GetStateAsync(CancellationToken cancellationToken = default) =>
        (await InspectAsync(cancellationToken).ConfigureAwait(false)).Status;

    /// <summary>The container's exit code (0 while it runs).</summary>
    public async Task<int> GetExitCodeAsync(CancellationToken cancellationToken = default) =>
        (await InspectAsync(cancellationToken).ConfigureAwait(false)).ExitCode;

    /// <summary>The health status (<c>starting</c>, <c>healthy</c>, <c>unhealthy</c>), or null without a health check.</summary>
    /// <remarks>
    /// Podman schedules checks with systemd timers, so on a host without systemd no check ever runs; while the status
    /// is <c>starting</c>, Ociman runs one check on Podman (<c>podman healthcheck run</c>) before reading it.
    /// </remarks>
    public async Task<string?> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        var inspection = await InspectAsync(cancellationToken).ConfigureAwait(false);
        if (inspection.Health != "starting" || !inspection.Running
            || !await Engine.Operations.RunHealthCheckAsync(Id, cancellationToken).ConfigureAwait(false))
        {
            return inspection.Health;
        }

        return (await InspectAsync(cancellationToken).ConfigureAwait(false)).Health;
    }

    /// <summary>The container's labels.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetLabelsAsync(CancellationToken cancellationToken = default) =>
        (await InspectAsync(cancellationToken).ConfigureAwait(false)).Labels;

    /// <summary>The container's name, without Docker's leading <c>/</c>.</summary>
    public async Task<string> GetNameAsync(CancellationToken cancellationToken = default) =>
        (await InspectAsync(cancellationToken).ConfigureAwait(false)).Name;

    /// <summary>The container's IP address on its first network, or null when it has none (e.g. <c>--network none</c>).</summary>
    public async Task<IPAddress?> GetIpAddressAsync(CancellationToken cancellationToken = default) =>
        (await InspectAsync(cancellationToken).ConfigureAwait(false)).IpAddress;

    /// <summary>The host port published for a container port.</summary>
    /// <exception cref="PortNotPublishedException">The port is not published.</exception>
    public async Task<int> GetHostPortAsync(int containerPort, string protocol = "tcp", CancellationToken cancellationToken = default) =>
        (await InspectAsync(cancellationToken).ConfigureAwait(false)).GetHostPort(containerPort, protocol);

    /// <summary>A snapshot of the container's log so far.</summary>
    public Task<ContainerLogs> GetLogsAsync(CancellationToken cancellationToken = default) =>
        Engine.Operations.LogsAsync(Id, cancellationToken);

    /// <summary>Follows the container's log: the lines so far, then new ones as they come, until the container stops or the token is cancelled.</summary>
    /// <remarks>
    /// When the stream ends, the container's state is checked (within <see cref="EngineOptions.HousekeepingTimeout"/>):
    /// the follow ends normally when the container has stopped or is gone, and throws when the engine went away
    /// instead (a daemon that died or a tool that was killed), so an engine failure never looks like the end of the log.
    /// </remarks>
    /// <exception cref="EngineOperationException">The log stream ended although the container still runs, or the engine could not say whether it does (the engine went away; the engine's own failure is the inner exception).</exception>
    public async IAsyncEnumerable<ContainerLogLine> FollowLogsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var line in Engine.Operations.FollowLogsAsync(Id, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await EnsureFollowEndedWithContainerAsync(cancellationToken).ConfigureAwait(false);
    }

    // A followed log also ends when the engine goes away: only a container that has stopped (or is gone) ends it normally.
    private async Task EnsureFollowEndedWithContainerAsync(CancellationToken cancellationToken)
    {
        const string operation = "container logs --follow";
        bool running;
        try
        {
            var details = await Engine.HousekeepingAsync("container inspect", token => Engine.Operations.InspectContainerAsync(Id, token), cancellationToken).ConfigureAwait(false);
            running = details.Running;
        }
        catch (ContainerNotFoundException)
        {
            return;
        }
        catch (EngineOperationException ex)
        {
            Log.FollowEndedByEngine(Engine.Logger, Id);
            throw new EngineOperationException(
                $"The followed log of container {ShortId} ended, and {Engine.Kind.ToCliName()} could not say whether the container stopped: the engine went away (its daemon died or its tool was killed), so the log may be incomplete.{Environment.NewLine}{ex.Message}",
                operation,
                Engine.Kind,
                ex.Reason,
                ex);
        }

        // Podman ends a follow when the container exits but may report it "running" for a moment longer; a second look settles it.
        if (running)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            try
            {
                running = (await Engine.HousekeepingAsync("container inspect", token => Engine.Operations.InspectContainerAsync(Id, token), cancellationToken).ConfigureAwait(false)).Running;
            }
            catch (ContainerNotFoundException)
            {
                return;
            }
        }

        if (running)
        {
            Log.FollowEndedByEngine(Engine.Logger, Id);
            throw new EngineOperationException(
                $"The followed log of container {ShortId} ended while the container still runs: the engine's log stream broke (its daemon restarted or its tool was killed), so the log may be incomplete. Follow it again to read on.",
                operation,
                Engine.Kind,
                "the log stream ended while the container runs");
        }
    }

    /// <summary>Waits until the container exits and returns its exit code.</summary>
    /// <remarks>
    /// A container run with auto-remove (<c>--rm</c>, the default) may exit and be removed by the engine before the
    /// wait reaches it; neither engine's <c>wait</c> knows a removed container, so its exit code is then read from the
    /// engine's event log (Docker's <c>die</c> event, Podman's <c>died</c>), which takes one more call and at most
    /// 10 s when the log no longer holds it. A container this object removed (<see cref="RemoveAsync"/>,
    /// <see cref="DisposeAsync"/>) is not looked for: waiting on it throws.
    /// </remarks>
    /// <exception cref="ContainerNotFoundException">
    /// The container does not exist: it was never there, it was removed by someone, or it was auto-removed and the
    /// engine's event log no longer holds its exit (Docker keeps its last 256 events).
    /// </exception>
    public async Task<int> WaitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await Engine.Operations.WaitAsync(Id, cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerNotFoundException gone) when (Definition is { AutoRemove: true } && _runRequestedAt is { } requested && !_removalRequested)
        {
            var since = requested - ExitEvents.ClockSkewMargin;
            if (await Engine.Operations.ExitCodeFromEventsAsync(Id, since, cancellationToken).ConfigureAwait(false) is { } exitCode)
            {
                Log.ExitCodeFromEvents(Engine.Logger, Id, exitCode);
                return exitCode;
            }

            throw new ContainerNotFoundException(
                Id,
                gone.Operation,
                Engine.Kind,
                $"the container ran with auto-remove and was removed before the wait reached it, and the engine's event log holds no exit of it since {since:u} (Docker keeps its last 256 events); the engine said: {gone.Reason}",
                gone);
        }
    }

    /// <summary>Stops the container: the stop signal, then a kill after the grace period (the engine's default when null).</summary>
    public async Task StopAsync(TimeSpan? gracePeriod = null, CancellationToken cancellationToken = default)
    {
        await Engine.Operations.StopAsync(Id, gracePeriod, cancellationToken).ConfigureAwait(false);
        Log.ContainerStopped(Engine.Logger, Id);
    }

    /// <summary>Sends a signal to the container's main process (<c>SIGKILL</c> when null).</summary>
    public Task KillAsync(string? signal = null, CancellationToken cancellationToken = default) =>
        Engine.Operations.KillAsync(Id, signal, cancellationToken);

    /// <summary>Removes the container; with <paramref name="force"/>, a running container is killed first.</summary>
    public async Task RemoveAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        _removalRequested = true;
        await Engine.Operations.RemoveContainerAsync(Id, force, cancellationToken).ConfigureAwait(false);
        Log.ContainerRemoved(Engine.Logger, Id);
    }

    /// <summary>Commits the container's file system as the image <paramref name="image"/> and returns the new image id.</summary>
    /// <remarks>
    /// The container's labels are copied to the image. Not pausing is the default on both engines.
    /// A commit is reported truthfully: when the engine reports a failure (its tool killed, its connection lost) but the
    /// tag <paramref name="image"/> was nevertheless moved to a new image, the commit did happen and its image id is
    /// returned (with a warning logged, event 1505). When the tag still names what it named before (or nothing), the
    /// failure is thrown and no image of this commit carries the tag.
    /// </remarks>
    /// <exception cref="ContainerNotFoundException">The container does not exist.</exception>
    /// <exception cref="EngineOperationException">The engine failed the commit and no new image carries the tag.</exception>
    public async Task<string> CommitAsync(ImageReference image, CommitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var before = await TaggedImageIdAsync(image, cancellationToken).ConfigureAwait(false);
        string id;
        try
        {
            id = await Engine.Operations.CommitAsync(Id, image, options ?? new CommitOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineOperationException ex) when (ex is not ResourceNotFoundException)
        {
            string? after = null;
            var known = true;
            try
            {
                after = await TaggedImageIdAsync(image, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineOperationException)
            {
                // The engine cannot say: its failure stands.
                known = false;
            }

            if (!known || after is null || after == before)
            {
                throw;
            }

            Log.CommitFailedButImageCreated(Engine.Logger, Id, image.ToString(), after, ex);
            id = after;
        }

        Log.ContainerCommitted(Engine.Logger, Id, image.ToString());
        return id;
    }

    // The id of the image the tag names now, or null when it names none.
    private async Task<string?> TaggedImageIdAsync(ImageReference image, CancellationToken cancellationToken)
    {
        try
        {
            return (await Engine.HousekeepingAsync("image inspect", token => Engine.Operations.InspectImageAsync(image, token), cancellationToken).ConfigureAwait(false)).Id;
        }
        catch (ImageNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Copies a file or directory out of the container to the host.</summary>
    public Task CopyFromAsync(string containerPath, string hostPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerPath);
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        return Engine.Operations.CopyFromContainerAsync(Id, containerPath, hostPath, cancellationToken);
    }

    /// <summary>Copies a host file or directory into the container.</summary>
    public Task CopyToAsync(string hostPath, string containerPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        ArgumentException.ThrowIfNullOrEmpty(containerPath);
        return Engine.Operations.CopyToContainerAsync(Id, hostPath, containerPath, cancellationToken);
    }

    /// <summary>Force-removes the container; never throws.</summary>
    /// <remarks>
    /// The removal is bounded by <see cref="EngineOptions.HousekeepingTimeout"/>. A removal that fails or times out is
    /// logged as a warning (event 1504, with the engine's error) and the container is left to the orphan sweep.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        _removalRequested = true;
        try
        {
            await Engine.HousekeepingAsync("container rm", token => Engine.Operations.RemoveContainerAsync(Id, force: true, token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OcimanException or IOException or InvalidOperationException)
        {
            // Disposal must not throw (a container that is already gone is the desired end state and does not get here);
            // a removal that failed is said, not hidden.
            Log.DisposeRemovalFailed(Engine.Logger, Id, ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"container {ShortId} on {Engine.Kind.ToCliName()}";
}

/// <summary>A container as the engine describes it: typed members the same on both engines and every transport, and the raw document.</summary>
public sealed class ContainerInspection
{
    private readonly ContainerDetails _details;

    internal ContainerInspection(ContainerDetails details)
    {
        _details = details;
    }

    /// <summary>The transport's own inspect document, for what the typed members do not carry.</summary>
    /// <remarks>
    /// Through the command-line tool, element 0 of <c>container inspect</c>'s array, in Docker's or Podman's own shape;
    /// through the engine's API, the body of <c>GET /containers/{id}/json</c>. Field names and presence differ between
    /// engines and versions; prefer the typed members.
    /// </remarks>
    public JsonElement Raw => _details.Raw;

    /// <summary>The full container id.</summary>
    public string Id => _details.Id;

    /// <summary>The container's name, without Docker's leading <c>/</c>.</summary>
    public string Name => _details.Name;

    /// <summary>The state, e.g. <c>created</c>, <c>running</c> or <c>exited</c>.</summary>
    public string Status => _details.Status;

    /// <summary>Whether the container is running.</summary>
    public bool Running => _details.Running;

    /// <summary>The exit code of the container's main process (0 while it runs).</summary>
    public int ExitCode => _details.ExitCode;

    /// <summary>The health status, or null when the container has no health check.</summary>
    public string? Health => _details.Health;

    /// <summary>The image the container was created from, as given to run, on both engines.</summary>
    /// <remarks>
    /// Podman records a short name with the <c>localhost/</c> it resolved it to; that prefix is removed, so a
    /// reference given as <c>localhost/app:1</c> also reads <c>app:1</c> on Podman. The raw value is in <see cref="Raw"/>.
    /// </remarks>
    public string Image => _details.Image;

    /// <summary>The container's labels (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Labels => _details.Labels;

    /// <summary>The container's IP address: the default network's, else the first network's that has one.</summary>
    public IPAddress? IpAddress => _details.IpAddress;

    internal ContainerDetails Details => _details;

    /// <summary>The host port published for <paramref name="containerPort"/> (the first binding when there are several).</summary>
    /// <exception cref="PortNotPublishedException">The port is not published.</exception>
    public int GetHostPort(int containerPort, string protocol = "tcp")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(containerPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(containerPort, 65535);
        if (protocol is not ("tcp" or "udp"))
        {
            throw new ArgumentException($"'{protocol}' is not a protocol: use 'tcp' or 'udp'.", nameof(protocol));
        }

        return _details.PublishedPorts.FirstOrDefault(p => p.ContainerPort == containerPort && p.Protocol == protocol) is { } published
            ? published.HostPort
            : throw new PortNotPublishedException(Id, containerPort, protocol);
    }
}
