namespace Ociman.Transport.Cli;

/// <summary>The arguments of every image command of the engine CLI; pure, so each is unit-tested without an engine.</summary>
/// <remarks>What differs between Docker and Podman comes from the <see cref="EngineDialect"/>; nothing here starts a process.</remarks>
internal static class ImageArguments
{
    /// <summary><c>image inspect</c> (the JSON array).</summary>
    public static IReadOnlyList<string> Inspect(ImageReference image) => ["image", "inspect", image.ToString()];

    /// <summary><c>image rm</c>, forced when <paramref name="force"/>.</summary>
    public static IReadOnlyList<string> Remove(ImageReference image, bool force) =>
        force ? ["image", "rm", "--force", image.ToString()] : ["image", "rm", image.ToString()];

    /// <summary><c>image tag</c>.</summary>
    public static IReadOnlyList<string> Tag(ImageReference source, ImageReference target) => ["image", "tag", source.ToString(), target.ToString()];

    /// <summary><c>image pull</c>.</summary>
    public static IReadOnlyList<string> Pull(ImageReference image) => ["image", "pull", image.ToString()];

    /// <summary><c>image push</c>.</summary>
    public static IReadOnlyList<string> Push(ImageReference image) => ["image", "push", image.ToString()];

    /// <summary><c>image list</c> of every tag of the repository <paramref name="bare"/>, one <c>repository:tag</c> a line.</summary>
    public static IReadOnlyList<string> List(ImageReference bare) =>
        ["image", "list", "--format", "{{.Repository}}:{{.Tag}}", "--filter", $"reference={bare}:*"];

    /// <summary><c>image import</c> of a root-file-system tarball.</summary>
    public static IReadOnlyList<string> Import(string tarPath, ImageReference image) => ["image", "import", tarPath, image.ToString()];

    /// <summary><c>image save</c> to <paramref name="tarPath"/>.</summary>
    public static IReadOnlyList<string> Save(IEnumerable<ImageReference> images, string tarPath) =>
        ["image", "save", "--output", tarPath, .. images.Select(i => i.ToString())];

    /// <summary><c>image load</c> from <paramref name="tarPath"/>.</summary>
    public static IReadOnlyList<string> Load(string tarPath) => ["image", "load", "--input", tarPath];

    /// <summary><c>image prune --all --force</c> of the images carrying all the labels (only ours, never dangling ones of others).</summary>
    public static IReadOnlyList<string> Prune(IReadOnlyList<KeyValuePair<string, string?>> labelFilters) =>
        ["image", "prune", "--all", "--force", .. ContainerArguments.LabelFilters(labelFilters)];

    /// <summary>
    /// <c>build</c>: build-argument names only (their values travel in the CLI's environment), labels, target, no-cache,
    /// then <c>-</c> for inline instructions on standard input, or the Dockerfile and the context directory.
    /// </summary>
    public static IReadOnlyList<string> Build(EngineDialect dialect, BuildRequest request)
    {
        var a = new List<string> { "build", "--tag", request.Tag.ToString() };
        a.AddRange(dialect.ImageFormatArguments);
        foreach (var (key, _) in request.BuildArguments)
        {
            a.Add("--build-arg");
            a.Add(key);
        }

        foreach (var (key, value) in request.Labels)
        {
            a.Add("--label");
            a.Add($"{key}={value}");
        }

        if (request.Target is { } target)
        {
            a.Add("--target");
            a.Add(target);
        }

        if (request.NoCache)
        {
            a.Add("--no-cache");
        }

        if (request.Instructions is not null)
        {
            a.Add("-");
            return a;
        }

        if (request.DockerfilePath is { } dockerfile)
        {
            a.Add("--file");
            a.Add(dockerfile);
        }

        a.Add(request.ContextDirectory ?? throw new ArgumentException("A build without inline instructions needs a context directory.", nameof(request)));
        return a;
    }

    /// <summary><c>buildx bake</c> of the one target of a definition read from standard input.</summary>
    public static IReadOnlyList<string> Bake() => ["buildx", "bake", "--file", "-", BakeDefinition.TargetName];

    /// <summary><c>system service</c> on a Unix socket, ending by itself after <paramref name="idleSeconds"/> without a connection (Podman).</summary>
    public static IReadOnlyList<string> PodmanService(string socketPath, int idleSeconds) =>
        ["system", "service", "--time", idleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "unix://" + socketPath];
}
