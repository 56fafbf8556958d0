using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace Ociman;

/// <summary>How a build's image is tagged.</summary>
public enum BuildTagMode
{
    /// <summary>A fixed reference given by the caller.</summary>
    Fixed,

    /// <summary>The caller's name with a tag that is the SHA-256 of everything the build depends on.</summary>
    ContentAddressed,
}

/// <summary>An immutable description of an image build: from a context directory or from inline Dockerfile instructions.</summary>
/// <remarks>
/// By default the image is tagged <c>ociman/build:&lt;sha256&gt;</c>, where the tag is the content hash of exactly what the
/// build depends on (see the README's "Content-addressed builds"): <see cref="Engine.BuildIfAbsentAsync(ImageBuild, CancellationToken)"/> then builds
/// only when that image is absent. Keyed options (build arguments, labels) set their key, replacing an earlier value.
/// Build-argument values never appear on a command line: Ociman passes <c>--build-arg NAME</c> and the value through
/// the CLI's environment. A name the CLI reads itself (proxies, <c>PATH</c>, <c>HOME</c>, <c>XDG_*</c>, <c>DOCKER_*</c>…)
/// cannot go there, so a build with one goes through <c>docker buildx bake</c> with its definition on standard input
/// (Docker, needs the buildx plugin) or through the API of a private <c>podman system service</c> (Podman, needs a
/// local Podman). Values used in <c>RUN</c> steps can still end up in the image's history, as with any build argument.
/// </remarks>
public sealed record ImageBuild
{
    /// <summary>The repository name content-addressed builds get when none is given.</summary>
    public static readonly ImageReference DefaultName = ImageReference.Parse("ociman/build");

    private ImageBuild()
    {
    }

    /// <summary>The build context directory (absolute), or null for an inline build.</summary>
    public string? ContextDirectory { get; private init; }

    /// <summary>The Dockerfile's path (absolute), or null for <c>Dockerfile</c> in the context.</summary>
    public string? DockerfilePath { get; private init; }

    /// <summary>The inline Dockerfile instructions, or null for a directory build.</summary>
    public string? Instructions { get; private init; }

    /// <summary>Build arguments, sorted by key.</summary>
    public ImmutableSortedDictionary<string, string> BuildArguments { get; private init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Labels put on the image, sorted by key.</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; private init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>The stage to build (<c>--target</c>), or null for the last stage.</summary>
    public string? Target { get; private init; }

    /// <summary>How the image is tagged.</summary>
    public BuildTagMode TagMode { get; private init; } = BuildTagMode.ContentAddressed;

    /// <summary>The fixed reference (for <see cref="BuildTagMode.Fixed"/>) or the repository name (for content-addressed tags).</summary>
    public ImageReference Name { get; private init; } = DefaultName;

    /// <summary>Whether the local image id of every <c>FROM</c> base enters the content hash (on by default).</summary>
    public bool HashBaseImages { get; private init; } = true;

    /// <summary>Whether the engine's build cache is bypassed (<c>--no-cache</c>).</summary>
    public bool NoCache { get; private init; }

    /// <summary>A build of the context <paramref name="contextDirectory"/>, with its <c>Dockerfile</c> or the one at <paramref name="dockerfilePath"/>.</summary>
    /// <param name="contextDirectory">An existing directory.</param>
    /// <param name="dockerfilePath">The Dockerfile, relative to the context or absolute (it may lie outside the context); null for <c>Dockerfile</c> in the context.</param>
    /// <exception cref="ArgumentException">The directory or the Dockerfile does not exist.</exception>
    public static ImageBuild FromDirectory(string contextDirectory, string? dockerfilePath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextDirectory);
        var context = Path.GetFullPath(contextDirectory);
        if (!Directory.Exists(context))
        {
            throw new ArgumentException($"The build context '{contextDirectory}' is not an existing directory.", nameof(contextDirectory));
        }

        var dockerfile = dockerfilePath is null ? Path.Combine(context, "Dockerfile") : Path.GetFullPath(dockerfilePath, context);
        if (!File.Exists(dockerfile))
        {
            throw new ArgumentException($"The Dockerfile '{dockerfile}' does not exist; give its path (relative to the context or absolute) as dockerfilePath.", nameof(dockerfilePath));
        }

        return new ImageBuild { ContextDirectory = context, DockerfilePath = dockerfilePath is null ? null : dockerfile };
    }

    /// <summary>A build from inline Dockerfile instructions, with no build context (sent on standard input).</summary>
    /// <exception cref="ArgumentException">The instructions are empty.</exception>
    public static ImageBuild FromInstructions(string instructions)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        if (string.IsNullOrWhiteSpace(instructions))
        {
            throw new ArgumentException("Inline Dockerfile instructions are empty: give at least a FROM line.", nameof(instructions));
        }

        return new ImageBuild { Instructions = instructions };
    }

    /// <summary>Returns a copy with a build argument set.</summary>
    /// <exception cref="FormatException">The key is not a valid build-argument key.</exception>
    [Pure]
    public ImageBuild WithBuildArgument(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var k = BuildArgKey.Parse(key).ToString();
        EnvironmentVariables.ValidateValue(k, value);
        return this with { BuildArguments = BuildArguments.SetItem(k, value) };
    }

    /// <summary>Returns a copy with a label set on the image.</summary>
    [Pure]
    public ImageBuild WithLabel(string key, string value)
    {
        var label = new Label(LabelKey.Parse(key), value);
        return this with { Labels = Labels.SetItem(label.Key.ToString(), label.Value) };
    }

    /// <summary>Returns a copy that builds the stage <paramref name="target"/>.</summary>
    [Pure]
    public ImageBuild WithTarget(string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        return this with { Target = target };
    }

    /// <summary>Returns a copy tagged exactly <paramref name="reference"/> (no content hash).</summary>
    [Pure]
    public ImageBuild WithTag(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Digest is not null)
        {
            throw new ArgumentException($"'{reference}' has a digest; a build can only be tagged by name and tag.", nameof(reference));
        }

        return this with { TagMode = BuildTagMode.Fixed, Name = reference.Tag is null ? reference.WithTag("latest") : reference };
    }

    /// <summary>Returns a copy tagged exactly <paramref name="reference"/> (no content hash).</summary>
    [Pure]
    public ImageBuild WithTag(string reference) => WithTag(ImageReference.Parse(reference));

    /// <summary>Returns a copy tagged <c>name:&lt;content hash&gt;</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> has a tag or digest.</exception>
    [Pure]
    public ImageBuild WithContentAddressedTag(ImageReference name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Tag is not null || name.Digest is not null)
        {
            throw new ArgumentException($"'{name}' has a tag or digest; a content-addressed build takes a bare name (the tag is the content hash).", nameof(name));
        }

        return this with { TagMode = BuildTagMode.ContentAddressed, Name = name };
    }

    /// <summary>Returns a copy tagged <c>name:&lt;content hash&gt;</c>.</summary>
    [Pure]
    public ImageBuild WithContentAddressedTag(string name) => WithContentAddressedTag(ImageReference.Parse(name));

    /// <summary>Returns a copy whose content hash does (default) or does not include the local image ids of its <c>FROM</c> bases.</summary>
    [Pure]
    public ImageBuild WithBaseImageHashing(bool enabled) => this with { HashBaseImages = enabled };

    /// <summary>Returns a copy that bypasses the engine's build cache.</summary>
    [Pure]
    public ImageBuild WithNoCache(bool noCache = true) => this with { NoCache = noCache };

    /// <exception cref="BuildContextException">The Dockerfile does not exist (any more) or cannot be read.</exception>
    internal string ReadDockerfile()
    {
        if (Instructions is { } instructions)
        {
            return instructions;
        }

        var path = DockerfilePath ?? Path.Combine(ContextDirectory!, "Dockerfile");
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw BuildContextException.ForDockerfile(path, ex);
        }
    }
}
