using System.Text.Json;

namespace Ociman.Transport;

/// <summary>A local image as the engine describes it, read into the same shape by every transport.</summary>
/// <remarks>
/// <see cref="Raw"/> is the escape hatch: on the CLI transport element 0 of <c>image inspect</c>'s array (Docker's or
/// Podman's own shape); on the API transport the body of <c>GET /images/{name}/json</c>.
/// </remarks>
/// <param name="Id">The image id, always with its algorithm (<c>sha256:…</c>; Podman's bare hex is prefixed).</param>
/// <param name="Tags">The references that name it (<c>RepoTags</c>).</param>
/// <param name="Labels">The image's labels, sorted by key (empty when none).</param>
/// <param name="Created">When the image was created, or null when the engine did not say.</param>
/// <param name="Size">The image's size in bytes.</param>
/// <param name="HasHealthCheck">Whether the image declares a health check.</param>
/// <param name="Raw">The transport's own document (see the remarks).</param>
internal sealed record ImageDetails(
    string Id,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset? Created,
    long Size,
    bool HasHealthCheck,
    JsonElement Raw);
