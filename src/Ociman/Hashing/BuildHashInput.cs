namespace Ociman.Hashing;

/// <summary>A base image of a build: the <c>FROM</c> reference and the local image id it resolved to.</summary>
/// <param name="Reference">The reference as the Dockerfile names it (after <c>ARG</c> substitution).</param>
/// <param name="ImageId">The local image id, or <see langword="null"/> when the image is not present locally or resolution is turned off.</param>
internal sealed record BaseImageEntry(string Reference, string? ImageId);

/// <summary>Everything a content-addressed image tag depends on.</summary>
/// <remarks>
/// Exactly one of <see cref="InstructionsText"/> (an inline Dockerfile, no context) and <see cref="ContextDirectory"/>
/// (a build from a directory) is set. See <c>docs/content-hash.md</c> for how each field enters the hash.
/// </remarks>
internal sealed record BuildHashInput
{
    /// <summary>The Dockerfile text of a build from inline instructions; <see langword="null"/> for a directory build.</summary>
    public string? InstructionsText { get; init; }

    /// <summary>The build context directory of a directory build; <see langword="null"/> for inline instructions.</summary>
    public string? ContextDirectory { get; init; }

    /// <summary>The Dockerfile of a directory build, absolute or relative to <see cref="ContextDirectory"/>; <see langword="null"/> means <c>Dockerfile</c> at the context root.</summary>
    public string? DockerfilePath { get; init; }

    /// <summary>The target stage, or <see langword="null"/> for the last stage.</summary>
    public string? Target { get; init; }

    /// <summary>The build arguments; their order does not matter, keys must be distinct.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    /// <summary>The image labels; their order does not matter, keys must be distinct.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The base images in Dockerfile order, as resolved by the caller (empty when base image resolution is turned off).</summary>
    public IReadOnlyList<BaseImageEntry> BaseImages { get; init; } = [];
}
