using System.Text.Json;

namespace Ociman.Engines;

/// <summary>Every engine operation, expressed once; the transport seam.</summary>
/// <remarks>
/// The first implementation, <see cref="CliEngineOperations"/>, drives the engine's command-line tool. A transport
/// that talks to the Docker-compatible HTTP API over the engine's socket can implement this interface without any
/// change to the public API, which only ever calls through it.
/// </remarks>
internal interface IEngineOperations
{
    Task<string> RunDetachedAsync(ContainerDefinition definition, CancellationToken cancellationToken);

    Task<ContainerRunResult> RunForegroundAsync(ContainerDefinition definition, CancellationToken cancellationToken);

    Task<ExecResult> ExecAsync(string containerId, ExecCommand command, CancellationToken cancellationToken);

    Task<JsonElement> InspectContainerAsync(string container, CancellationToken cancellationToken);

    /// <summary>Runs the container's health check once where the engine may not schedule checks itself (see the dialect).</summary>
    Task RunHealthCheckAsync(string containerId, CancellationToken cancellationToken);

    Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken);

    Task<ContainerLogs> LogsAsync(string containerId, CancellationToken cancellationToken);

    IAsyncEnumerable<ContainerLogLine> FollowLogsAsync(string containerId, CancellationToken cancellationToken);

    Task<int> WaitAsync(string containerId, CancellationToken cancellationToken);

    Task StopAsync(string containerId, TimeSpan? gracePeriod, CancellationToken cancellationToken);

    Task KillAsync(string containerId, string? signal, CancellationToken cancellationToken);

    Task RemoveContainerAsync(string containerId, bool force, CancellationToken cancellationToken);

    Task<string> CommitAsync(string containerId, ImageReference image, CommitOptions options, CancellationToken cancellationToken);

    Task CopyFromContainerAsync(string containerId, string containerPath, string hostPath, CancellationToken cancellationToken);

    Task CopyToContainerAsync(string containerId, string hostPath, string containerPath, CancellationToken cancellationToken);

    Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetBridgeSubnetsAsync(CancellationToken cancellationToken);

    Task<bool> ImageExistsAsync(ImageReference image, CancellationToken cancellationToken);

    Task<JsonElement> InspectImageAsync(ImageReference image, CancellationToken cancellationToken);

    Task RemoveImageAsync(ImageReference image, bool force, CancellationToken cancellationToken);

    Task TagImageAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken);

    Task PullAsync(ImageReference image, CancellationToken cancellationToken);

    Task PushAsync(ImageReference image, CancellationToken cancellationToken);

    Task<IReadOnlyList<ImageReference>> ListImagesAsync(ImageReference name, CancellationToken cancellationToken);

    Task<string> BuildAsync(Ociman.Transport.BuildRequest request, CancellationToken cancellationToken);

    Task ImportAsync(string tarPath, ImageReference image, CancellationToken cancellationToken);

    Task SaveAsync(IReadOnlyList<ImageReference> images, string tarPath, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> LoadAsync(string tarPath, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> PruneImagesAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken);
}
