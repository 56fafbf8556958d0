namespace Ociman.Transport;

/// <summary>Every engine operation, expressed once: the transport seam.</summary>
/// <remarks>
/// <see cref="Engine"/>, <see cref="Container"/> and <see cref="ExecCommand"/> call only through this interface; a
/// transport (the engine's command-line tool, or the engine's API over its socket) implements it in its own folder,
/// with its own knowledge of how Docker and Podman differ. Arguments and answers are typed records, never a command
/// line or one transport's JSON; failures are <see cref="OcimanException"/>s, with the engine-failure types derived
/// from <see cref="EngineOperationException"/>. Every member honours its cancellation token: a cancelled call
/// undoes what it created (a container of a cancelled run is removed) and then throws
/// <see cref="OperationCanceledException"/> carrying the caller's token.
/// </remarks>
internal interface IEngineOperations
{
    /// <summary>Creates and starts a container from <paramref name="definition"/> in the background and returns its full id.</summary>
    /// <param name="definition">The container to run; its labels already include the engine's labels (<see cref="EngineOptions.ContainerLabels"/>).</param>
    /// <param name="cancellationToken">Cancels the call; a container it created is removed before it throws.</param>
    Task<string> RunDetachedAsync(ContainerDefinition definition, CancellationToken cancellationToken);

    /// <summary>Runs a container from <paramref name="definition"/> until it exits and returns its exit code and output.</summary>
    /// <remarks>A non-zero exit of the container is returned; only a failure of the engine itself throws.</remarks>
    /// <param name="definition">The container to run; its labels already include the engine's labels.</param>
    /// <param name="cancellationToken">Cancels the call; the container is removed before it throws.</param>
    Task<ContainerRunResult> RunForegroundAsync(ContainerDefinition definition, CancellationToken cancellationToken);

    /// <summary>Runs a command in a running container, writing its standard input while its output is read.</summary>
    /// <remarks>A non-zero exit of the command is returned, not thrown; a container that does not exist throws <see cref="ContainerNotFoundException"/>.</remarks>
    /// <param name="request">The command and how to run it.</param>
    /// <param name="cancellationToken">Cancels the call and ends the command.</param>
    Task<ExecOutcome> ExecAsync(ExecRequest request, CancellationToken cancellationToken);

    /// <summary>Inspects a container by id or name.</summary>
    /// <param name="container">The container's id (or a unique prefix of it) or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    Task<ContainerDetails> InspectContainerAsync(string container, CancellationToken cancellationToken);

    /// <summary>Runs the container's health check once where the engine may not schedule checks itself, and records the result.</summary>
    /// <returns>True when a check ran; false when the engine schedules checks itself, so nothing was done.</returns>
    /// <param name="containerId">The container's full id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> RunHealthCheckAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Whether a container with this exact id or name exists (a prefix of an id does not count).</summary>
    /// <param name="container">The id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken);

    /// <summary>A snapshot of the container's log so far.</summary>
    /// <param name="containerId">The container's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ContainerLogs> LogsAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>The container's log lines so far, then new ones as they come, until the container stops or the token is cancelled.</summary>
    /// <param name="containerId">The container's id.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    IAsyncEnumerable<ContainerLogLine> FollowLogsAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Waits until the container exits and returns its exit code.</summary>
    /// <param name="containerId">The container's id.</param>
    /// <param name="cancellationToken">Stops waiting (the container keeps running).</param>
    Task<int> WaitAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>
    /// The exit code of the container's first exit since <paramref name="since"/> as the engine's event log holds it,
    /// or null when the log holds none within <see cref="ExitEvents.LookupBound"/>: how <c>wait</c> is answered for a
    /// container the engine removed on its own before the <c>wait</c> reached it.
    /// </summary>
    /// <param name="containerId">The container's full id.</param>
    /// <param name="since">Where the search begins, by this machine's clock.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    Task<int?> ExitCodeFromEventsAsync(string containerId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Stops the container: the stop signal, then a kill after the grace period (the engine's default when null).</summary>
    /// <param name="containerId">The container's id.</param>
    /// <param name="gracePeriod">How long the container may take to stop before it is killed; null for the engine's default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task StopAsync(string containerId, TimeSpan? gracePeriod, CancellationToken cancellationToken);

    /// <summary>Sends a signal to the container's main process.</summary>
    /// <param name="containerId">The container's id.</param>
    /// <param name="signal">The signal (e.g. <c>SIGTERM</c>); null for <c>SIGKILL</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task KillAsync(string containerId, string? signal, CancellationToken cancellationToken);

    /// <summary>Removes the container; returns when the engine no longer knows it.</summary>
    /// <param name="containerId">The container's id.</param>
    /// <param name="force">Kill a running container at once (no graceful stop); a container that is already gone is then not an error.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RemoveContainerAsync(string containerId, bool force, CancellationToken cancellationToken);

    /// <summary>Commits the container's file system as <paramref name="image"/> (Docker image format) and returns the new image id.</summary>
    /// <param name="containerId">The container's id.</param>
    /// <param name="image">The reference the new image gets.</param>
    /// <param name="options">Pause, changes and message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<string> CommitAsync(string containerId, ImageReference image, CommitOptions options, CancellationToken cancellationToken);

    /// <summary>Copies a file or directory out of the container to a host path.</summary>
    /// <param name="containerId">The container's id.</param>
    /// <param name="containerPath">The absolute path in the container.</param>
    /// <param name="hostPath">The absolute host path to write.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task CopyFromContainerAsync(string containerId, string containerPath, string hostPath, CancellationToken cancellationToken);

    /// <summary>Copies a host file or directory into the container.</summary>
    /// <param name="containerId">The container's id.</param>
    /// <param name="hostPath">The host path to read.</param>
    /// <param name="containerPath">The absolute path in the container.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task CopyToContainerAsync(string containerId, string hostPath, string containerPath, CancellationToken cancellationToken);

    /// <summary>Lists every container (running or not) that carries all the given labels.</summary>
    /// <param name="labelFilters">Label keys with a value to match, or null to match any value of the key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken);

    /// <summary>Creates a user-defined bridge network and returns its full id.</summary>
    /// <param name="definition">The network; its labels already include the engine's labels.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NetworkNameInUseException">The name is taken.</exception>
    Task<string> CreateNetworkAsync(NetworkDefinition definition, CancellationToken cancellationToken);

    /// <summary>Inspects a network by id or name.</summary>
    /// <param name="network">The network's id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NetworkNotFoundException">No such network.</exception>
    Task<NetworkDetails> InspectNetworkAsync(string network, CancellationToken cancellationToken);

    /// <summary>Lists every network that carries all the given labels.</summary>
    /// <param name="labelFilters">Label keys with a value to match, or null to match any value of the key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<NetworkDetails>> ListNetworksAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken);

    /// <summary>Removes a network that no container is attached to.</summary>
    /// <param name="network">The network's id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NetworkNotFoundException">No such network.</exception>
    Task RemoveNetworkAsync(string network, CancellationToken cancellationToken);

    /// <summary>Attaches a container to a network, with further names on it.</summary>
    /// <param name="network">The network's id or name.</param>
    /// <param name="container">The container's id or name.</param>
    /// <param name="aliases">Names by which the network's other containers reach it (may be empty).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task ConnectNetworkAsync(string network, string container, IReadOnlyList<string> aliases, CancellationToken cancellationToken);

    /// <summary>Detaches a container from a network.</summary>
    /// <param name="network">The network's id or name.</param>
    /// <param name="container">The container's id or name.</param>
    /// <param name="force">Detach even when the engine cannot reach the container's endpoint (a stopped or dying container).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DisconnectNetworkAsync(string network, string container, bool force, CancellationToken cancellationToken);

    /// <summary>The subnets of the engine's default bridge network.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<string>> GetBridgeSubnetsAsync(CancellationToken cancellationToken);

    /// <summary>Whether the image is present locally.</summary>
    /// <param name="image">The reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> ImageExistsAsync(ImageReference image, CancellationToken cancellationToken);

    /// <summary>Inspects a local image.</summary>
    /// <param name="image">The reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ImageNotFoundException">The image is not present.</exception>
    Task<ImageDetails> InspectImageAsync(ImageReference image, CancellationToken cancellationToken);

    /// <summary>Removes an image reference (and the image when nothing else holds it).</summary>
    /// <param name="image">The reference.</param>
    /// <param name="force">Remove it even when a container uses it or other references name it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RemoveImageAsync(ImageReference image, bool force, CancellationToken cancellationToken);

    /// <summary>Gives the image <paramref name="source"/> the additional reference <paramref name="target"/>.</summary>
    /// <param name="source">An existing reference.</param>
    /// <param name="target">The new reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task TagImageAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken);

    /// <summary>Pulls an image from its registry.</summary>
    /// <param name="image">The reference.</param>
    /// <param name="progress">Called with each line of the engine's progress as it comes, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ImageNotFoundException">The registry does not have it.</exception>
    Task PullAsync(ImageReference image, Action<string>? progress, CancellationToken cancellationToken);

    /// <summary>Pushes an image to its registry.</summary>
    /// <param name="image">The reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task PushAsync(ImageReference image, CancellationToken cancellationToken);

    /// <summary>Lists the local references of the repository <paramref name="name"/> (any tag; Podman's <c>localhost/</c> spelling matches too).</summary>
    /// <param name="name">The repository; its tag and digest are ignored.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<ImageReference>> ListImagesAsync(ImageReference name, CancellationToken cancellationToken);

    /// <summary>Builds an image and tags it <see cref="BuildRequest.Tag"/>; returns that reference.</summary>
    /// <remarks>A build failure the engine is known to recover from when simply run again is retried once by the transport.</remarks>
    /// <param name="request">What to build.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <exception cref="ImageBuildException">The build failed.</exception>
    Task<string> BuildAsync(BuildRequest request, CancellationToken cancellationToken);

    /// <summary>Creates an image from a root-file-system tarball.</summary>
    /// <param name="tarPath">The absolute path of the tarball.</param>
    /// <param name="image">The reference the image gets.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task ImportAsync(string tarPath, ImageReference image, CancellationToken cancellationToken);

    /// <summary>Saves images to a tar archive, replacing the file if it exists; a failed save leaves no partial archive.</summary>
    /// <param name="images">The images (at least one).</param>
    /// <param name="tarPath">The absolute path of the archive.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task SaveAsync(IReadOnlyList<ImageReference> images, string tarPath, CancellationToken cancellationToken);

    /// <summary>Loads images from a tar archive and returns the references (or ids) the engine reports it loaded.</summary>
    /// <param name="tarPath">The absolute path of the archive.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<string>> LoadAsync(string tarPath, CancellationToken cancellationToken);

    /// <summary>Removes every image carrying all the given labels that no container uses; returns what the engine reports it removed.</summary>
    /// <param name="labelFilters">Label keys with a value to match, or null to match any value of the key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<string>> PruneImagesAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken);

    /// <summary>What identifies the engine however it is reached: Docker's daemon id and data root, Podman's image store and host.</summary>
    /// <remarks>Two processes that reach the same engine through different CLI paths, endpoints or runtime directories get the same answer; it keys the cross-process build lock.</remarks>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<string> EngineIdentityAsync(CancellationToken cancellationToken);
}
