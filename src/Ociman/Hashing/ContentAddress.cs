using System.Text;

namespace Ociman.Hashing;

/// <summary>Computes content-addressed image tags: the SHA-256 of exactly what a build depends on.</summary>
/// <remarks>The byte-level layout is documented in <c>docs/content-hash.md</c>; changing it requires a new <see cref="Scheme"/>.</remarks>
internal static class ContentAddress
{
    /// <summary>The first segment of every hash input, naming the layout version.</summary>
    public const string Scheme = "ociman-build-v1";

    /// <summary>The image id segment of a base image that is not present locally.</summary>
    public const string UnresolvedImageId = "<unresolved>";

    /// <summary>Computes the tag for a build: 64 lowercase hexadecimal characters.</summary>
    /// <exception cref="ArgumentException">The input sets both or neither of instructions and context directory, or repeats a build argument or label key.</exception>
    /// <exception cref="BuildContextException">The build context cannot be read completely, or holds a named pipe, socket or device.</exception>
    /// <exception cref="BuildContextException">The Dockerfile does not exist or cannot be read, or the <c>.dockerignore</c> file has an invalid pattern.</exception>
    public static async Task<string> ComputeAsync(BuildHashInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);

        using var hasher = new SegmentHasher();
        hasher.Push(Scheme);

        IReadOnlyList<ContextEntry> entries = [];
        hasher.Push("source");
        hasher.PushNumber(1);
        if (input.InstructionsText is { } instructions)
        {
            hasher.Push("instructions");
            hasher.Push(instructions);
        }
        else
        {
            var context = Path.GetFullPath(input.ContextDirectory!);
            var dockerfile = Path.GetFullPath(input.DockerfilePath ?? "Dockerfile", context);
            DockerIgnore ignore;
            try
            {
                (ignore, _) = await DockerIgnore.LoadAsync(context, dockerfile, cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                var source = File.Exists(dockerfile + DockerIgnore.FileName) ? dockerfile + DockerIgnore.FileName : Path.Combine(context, DockerIgnore.FileName);
                throw new BuildContextException($"The ignore file of the build is invalid: {ex.Message}", source, ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BuildContextException($"Cannot read the ignore file of the build context '{context}': {ex.Message}", context, ex);
            }

            // List first (cheap) so the count can frame the section before any content is read.
            entries = BuildContextHasher.ListEntries(context, ignore, cancellationToken);

            hasher.Push("directory");
            var relative = Path.GetRelativePath(context, dockerfile);
            if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                hasher.Push("outside-context");
            }
            else
            {
                hasher.Push("in-context");
                hasher.Push(relative.Replace(Path.DirectorySeparatorChar, '/'));
            }

            // The engine always receives the Dockerfile, even when .dockerignore excludes it or it lies outside the context.
            byte[] dockerfileBytes;
            try
            {
                dockerfileBytes = await File.ReadAllBytesAsync(dockerfile, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw BuildContextException.ForDockerfile(dockerfile, ex);
            }
            hasher.Push(dockerfileBytes);
        }

        await BuildContextHasher.PushSectionAsync(hasher, entries, cancellationToken).ConfigureAwait(false);

        hasher.Push("target");
        if (input.Target is { } target)
        {
            hasher.PushNumber(1);
            hasher.Push(target);
        }
        else
        {
            hasher.PushNumber(0);
        }

        PushPairs(hasher, "build-args", input.BuildArgs);
        PushPairs(hasher, "labels", input.Labels);

        hasher.Push("base-images");
        hasher.PushNumber(input.BaseImages.Count);
        foreach (var baseImage in input.BaseImages)
        {
            hasher.Push(baseImage.Reference);
            hasher.Push(baseImage.ImageId ?? UnresolvedImageId);
        }

        return hasher.FinishHex();
    }

    private static void PushPairs(SegmentHasher hasher, string section, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        hasher.Push(section);
        hasher.PushNumber(pairs.Count);
        foreach (var pair in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            hasher.Push(pair.Key);
            hasher.Push(pair.Value);
        }
    }

    private static void Validate(BuildHashInput input)
    {
        var problems = new List<string>();
        if ((input.InstructionsText is null) == (input.ContextDirectory is null))
        {
            problems.Add("set exactly one of InstructionsText (inline Dockerfile) and ContextDirectory (directory build)");
        }

        if (input.InstructionsText is not null && input.DockerfilePath is not null)
        {
            problems.Add("DockerfilePath applies only to a directory build");
        }

        if (input.BuildArgs is null || input.Labels is null || input.BaseImages is null)
        {
            problems.Add("BuildArgs, Labels and BaseImages must not be null (use an empty list)");
        }
        else
        {
            AddDuplicates(problems, "build argument", input.BuildArgs);
            AddDuplicates(problems, "label", input.Labels);
            if (input.BaseImages.Any(b => b is null || b.Reference is null))
            {
                problems.Add("every base image needs a reference");
            }
        }

        if (problems.Count > 0)
        {
            var message = new StringBuilder("The build hash input is invalid:");
            foreach (var problem in problems)
            {
                message.AppendLine().Append("- ").Append(problem);
            }

            throw new ArgumentException(message.ToString(), nameof(input));
        }
    }

    private static void AddDuplicates(List<string> problems, string what, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        foreach (var pair in pairs)
        {
            if (pair.Key is null || pair.Value is null)
            {
                problems.Add($"a {what} has a null key or value");
                return;
            }
        }

        foreach (var key in pairs.GroupBy(p => p.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.Add($"the {what} key '{key}' is given more than once");
        }
    }
}
