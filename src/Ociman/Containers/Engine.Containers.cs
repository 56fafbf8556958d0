using Ociman.Logging;

namespace Ociman;

/// <summary>The outcome of a container run in the foreground.</summary>
/// <param name="ExitCode">The container's exit code.</param>
/// <param name="StandardOutput">What the container wrote to standard output (UTF-8).</param>
/// <param name="StandardError">What the container wrote to standard error (UTF-8).</param>
public sealed record ContainerRunResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>A container as <c>container list</c> reports it.</summary>
/// <param name="Id">The full container id.</param>
/// <param name="Names">The container's names.</param>
/// <param name="Image">The image it was created from, as the engine reports it.</param>
/// <param name="State">The state, e.g. <c>running</c> or <c>exited</c>.</param>
/// <param name="Labels">Its labels.</param>
public sealed record ContainerSummary(string Id, IReadOnlyList<string> Names, string Image, string State, IReadOnlyDictionary<string, string> Labels);

public sealed partial class Engine
{
    /// <summary>Starts a container in the background and returns it once the engine has started it.</summary>
    /// <remarks>
    /// If the call fails or is cancelled, any container it created is removed before the exception surfaces. On an
    /// engine that does not answer, a cancelled call returns at most 5 s after the cancellation (plus the time the
    /// tool needs to end, under a second) instead of waiting for the cleanup: the cleanup then continues in the
    /// background (at most 10 s for the create to settle, 3 s before the tool is killed, 30 s for the removal), and
    /// what it cannot remove is logged and left to the orphan sweep (containers carry the session's labels).
    /// </remarks>
    /// <exception cref="ContainerNameInUseException">The definition's name is taken.</exception>
    /// <exception cref="ImageNotFoundException">The image is not present and could not be pulled.</exception>
    /// <exception cref="EngineOperationException">The engine refused to start the container.</exception>
    public async Task<Container> RunDetachedAsync(ContainerDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var labelled = definition.WithDefaultLabels(ContainerLabels).ForEndpoint(Endpoint);
        var requested = DateTimeOffset.UtcNow;
        var id = await ReturnPromptlyWhenCancelledAsync("container run", token => Operations.RunDetachedAsync(labelled, token), cancellationToken).ConfigureAwait(false);
        Log.ContainerStarted(Logger, id, definition.Image.ToString());
        return new Container(this, id, definition, requested);
    }

    /// <summary>Runs a container in the foreground until it exits and returns its exit code and output.</summary>
    /// <remarks>
    /// A non-zero exit code of the container is returned, not thrown; failures of the engine itself (exit code 125:
    /// name taken, image missing, bad option) throw. Cancelling kills the CLI process and removes the container; on an
    /// engine that does not answer the call returns within about 5 s of the cancellation and the removal continues in
    /// the background, as for <see cref="RunDetachedAsync"/>.
    /// </remarks>
    /// <exception cref="ContainerNameInUseException">The definition's name is taken.</exception>
    /// <exception cref="ImageNotFoundException">The image is not present and could not be pulled.</exception>
    /// <exception cref="EngineOperationException">The engine could not run the container.</exception>
    public Task<ContainerRunResult> RunAsync(ContainerDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var labelled = definition.WithDefaultLabels(ContainerLabels).ForEndpoint(Endpoint);
        return ReturnPromptlyWhenCancelledAsync("container run", token => Operations.RunForegroundAsync(labelled, token), cancellationToken);
    }

    /// <summary>Starts a container, runs <paramref name="body"/> with it, and removes it whatever happens.</summary>
    /// <remarks>
    /// When the body returns, throws or is cancelled, the container is killed and removed at once (whether or not it
    /// runs with <c>--rm</c>), so the scope ends in well under a second even when the main process ignores SIGTERM.
    /// A definition that asks for a grace period with <see cref="ContainerDefinition.WithStopTimeout"/> is first
    /// stopped gracefully (stop signal, then up to that period) and then removed. A failure to end the scope never
    /// hides the body's exception: it is logged, and thrown only when the body succeeded.
    /// </remarks>
    public async Task<T> WithContainerAsync<T>(ContainerDefinition definition, Func<Container, Task<T>> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(body);
        var container = await RunDetachedAsync(definition, cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await body(container).ConfigureAwait(false);
        }
        catch (Exception bodyException)
        {
            try
            {
                await EndScopeAsync(container).ConfigureAwait(false);
            }
            catch (Exception stopException) when (stopException is not OutOfMemoryException)
            {
                Log.ScopeEndFailed(Logger, container.Id, stopException);
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(bodyException).Throw();
            throw;
        }

        await EndScopeAsync(container).ConfigureAwait(false);
        return result;
    }

    /// <summary>Starts a container, runs <paramref name="body"/> with it, and stops it whatever happens.</summary>
    /// <inheritdoc cref="WithContainerAsync{T}(ContainerDefinition, Func{Container, Task{T}}, CancellationToken)" path="/remarks"/>
    public Task WithContainerAsync(ContainerDefinition definition, Func<Container, Task> body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return WithContainerAsync<bool>(
            definition,
            async c =>
            {
                await body(c).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    // The scope's own cancellation token is not used here: cleanup must happen even when the caller gave up.
    // A test container is disposable: it is killed and removed at once, so a main process without a SIGTERM handler
    // (a plain `sleep`) costs nothing. Only a definition that asks for a grace period (WithStopTimeout) is stopped
    // gracefully first. The forced removal makes "gone" certain when the scope returns.
    private static async Task EndScopeAsync(Container container)
    {
        if (container.Definition?.StopTimeout is { } gracePeriod)
        {
            try
            {
                await container.StopAsync(gracePeriod, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ContainerNotFoundException)
            {
                // Already gone (it exited and --rm removed it): the scope's goal is met.
            }
        }

        await container.Engine.HousekeepingAsync("container rm", token => container.RemoveAsync(force: true, token), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Returns a handle on an existing container by id or name, after checking that it exists.</summary>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public async Task<Container> GetContainerAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        var inspect = await Operations.InspectContainerAsync(idOrName, cancellationToken).ConfigureAwait(false);
        return new Container(this, inspect.Id, null);
    }

    /// <summary>Whether a container with this exact id or name exists (a prefix of an id does not count).</summary>
    /// <exception cref="EngineTimeoutException">The engine did not answer within <see cref="EngineOptions.HousekeepingTimeout"/>.</exception>
    public Task<bool> ContainerExistsAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        return HousekeepingAsync("container exists", token => Operations.ContainerExistsAsync(idOrName, token), cancellationToken);
    }

    /// <summary>Lists all containers (running or not) that carry every given label; a null value matches any value of the key.</summary>
    /// <exception cref="EngineTimeoutException">The engine did not answer within <see cref="EngineOptions.HousekeepingTimeout"/>.</exception>
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IEnumerable<KeyValuePair<string, string?>>? labelFilters = null, CancellationToken cancellationToken = default)
    {
        var filters = (labelFilters ?? []).Select(f => new KeyValuePair<string, string?>(LabelKey.Parse(f.Key).ToString(), f.Value)).ToList();
        return HousekeepingAsync("container list", token => Operations.ListContainersAsync(filters, token), cancellationToken);
    }

    /// <summary>Force-removes every container that carries the given label and returns how many were removed.</summary>
    /// <remarks>The list and each removal are bounded by <see cref="EngineOptions.HousekeepingTimeout"/>.</remarks>
    /// <exception cref="EngineTimeoutException">The engine did not answer within <see cref="EngineOptions.HousekeepingTimeout"/>.</exception>
    public async Task<int> RemoveContainersAsync(string labelKey, string? labelValue = null, CancellationToken cancellationToken = default)
    {
        var containers = await ListContainersAsync([new(labelKey, labelValue)], cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var c in containers)
        {
            try
            {
                await HousekeepingAsync("container rm", token => Operations.RemoveContainerAsync(c.Id, force: true, token), cancellationToken).ConfigureAwait(false);
                removed++;
            }
            catch (ContainerNotFoundException)
            {
                // Gone in the meantime (--rm): that is what we wanted.
            }
        }

        return removed;
    }

    /// <summary>The subnets of the engine's default bridge network (Docker <c>bridge</c>, Podman <c>podman</c>).</summary>
    public Task<IReadOnlyList<string>> GetBridgeSubnetsAsync(CancellationToken cancellationToken = default) =>
        Operations.GetBridgeSubnetsAsync(cancellationToken);
}
