namespace Ociman.Testing;

/// <summary>Computes the tag of a snapshot: a hash of the base image, the container's configuration and the seed steps.</summary>
/// <remarks>
/// Segment-framed SHA-256 (see docs/content-hash.md for the framing): <c>"ociman-snapshot-v1"</c>; <c>"image"</c> and the
/// base image's local id (so a rebuilt base gives a new snapshot); <c>"config"</c> and a count, then the entrypoint,
/// user, working directory, arguments and environment (sorted by name) — each entry type-tagged; <c>"seeds"</c> and their
/// count, then per step <c>"seed"</c>, its kind, its description and its content. Environment values enter only as
/// part of this one-way hash.
/// </remarks>
internal static class SnapshotKey
{
    /// <summary>The scheme segment that starts every snapshot key.</summary>
    public const string Scheme = "ociman-snapshot-v1";

    /// <summary>Computes the snapshot tag (64 lowercase hex) for a definition and its seed steps.</summary>
    public static async Task<string> ComputeAsync(Engine engine, ContainerDefinition definition, IReadOnlyList<SeedStep> seeds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(seeds);
        var image = await engine.InspectImageAsync(definition.Image, cancellationToken).ConfigureAwait(false);
        return await ComputeAsync(image.Id, definition, seeds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Computes the snapshot tag from a known base image id.</summary>
    public static async Task<string> ComputeAsync(string baseImageId, ContainerDefinition definition, IReadOnlyList<SeedStep> seeds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseImageId);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(seeds);
        using var hasher = new SegmentHasher();
        hasher.Push(Scheme);
        hasher.Push("image");
        hasher.Push(baseImageId);

        var config = new List<(string Tag, string Value)>();
        if (definition.Entrypoint is { } entrypoint)
        {
            config.Add(("entrypoint", entrypoint));
        }

        if (definition.User is { } user)
        {
            config.Add(("user", user));
        }

        if (definition.WorkingDirectory is { } workdir)
        {
            config.Add(("workdir", workdir));
        }

        config.AddRange(definition.Arguments.Select(a => ("arg", a)));
        foreach (var (name, value) in definition.Environment)
        {
            config.Add(("env-name", name));
            config.Add(("env-value", value));
        }

        hasher.Push("config");
        hasher.PushNumber(config.Count);
        foreach (var (tag, value) in config)
        {
            hasher.Push(tag);
            hasher.Push(value);
        }

        hasher.Push("seeds");
        hasher.PushNumber(seeds.Count);
        foreach (var seed in seeds)
        {
            hasher.Push("seed");
            hasher.Push(seed.Kind);
            hasher.Push(seed.Description);
            await seed.AddToKeyAsync(hasher, cancellationToken).ConfigureAwait(false);
        }

        return hasher.FinishHex();
    }
}
