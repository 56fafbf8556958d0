namespace Ociman.Transport.Api;

/// <summary>Images, builds and the bridge network: delegated to the command-line transport the API transport holds.</summary>
/// <remarks>
/// Builds need BuildKit (Docker) and Buildah's own routes (Podman), pulls and pushes the credential helpers, and
/// save/load/import the engines' archive formats and file paths; the CLI transport already carries each of them,
/// tested on both engines. The remaining image calls (exists, inspect, tag, remove, list, prune) stay with it too, so
/// that one transport answers for everything an image is.
/// </remarks>
internal sealed partial class ApiEngineOperations
{
    public Task<IReadOnlyList<string>> GetBridgeSubnetsAsync(CancellationToken cancellationToken) => _cli.GetBridgeSubnetsAsync(cancellationToken);

    public Task<bool> ImageExistsAsync(ImageReference image, CancellationToken cancellationToken) => _cli.ImageExistsAsync(image, cancellationToken);

    public Task<ImageDetails> InspectImageAsync(ImageReference image, CancellationToken cancellationToken) => _cli.InspectImageAsync(image, cancellationToken);

    public Task RemoveImageAsync(ImageReference image, bool force, CancellationToken cancellationToken) => _cli.RemoveImageAsync(image, force, cancellationToken);

    public Task TagImageAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken) => _cli.TagImageAsync(source, target, cancellationToken);

    public Task PullAsync(ImageReference image, Action<string>? progress, CancellationToken cancellationToken) => _cli.PullAsync(image, progress, cancellationToken);

    public Task PushAsync(ImageReference image, CancellationToken cancellationToken) => _cli.PushAsync(image, cancellationToken);

    public Task<IReadOnlyList<ImageReference>> ListImagesAsync(ImageReference name, CancellationToken cancellationToken) => _cli.ListImagesAsync(name, cancellationToken);

    public Task<string> BuildAsync(BuildRequest request, CancellationToken cancellationToken) => _cli.BuildAsync(request, cancellationToken);

    public Task ImportAsync(string tarPath, ImageReference image, CancellationToken cancellationToken) => _cli.ImportAsync(tarPath, image, cancellationToken);

    public Task SaveAsync(IReadOnlyList<ImageReference> images, string tarPath, CancellationToken cancellationToken) => _cli.SaveAsync(images, tarPath, cancellationToken);

    public Task<IReadOnlyList<string>> LoadAsync(string tarPath, CancellationToken cancellationToken) => _cli.LoadAsync(tarPath, cancellationToken);

    public Task<IReadOnlyList<string>> PruneImagesAsync(IReadOnlyList<KeyValuePair<string, string?>> labelFilters, CancellationToken cancellationToken) =>
        _cli.PruneImagesAsync(labelFilters, cancellationToken);
}
