using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace Ociman.Testing;

/// <summary>How a fixture's container is started: the definition, readiness checks, seed steps and an optional snapshot.</summary>
/// <remarks>Immutable: every <c>With…</c> returns a copy. Plural methods append.</remarks>
public sealed record ContainerSetup
{
    /// <summary>Creates a setup for <paramref name="definition"/>.</summary>
    public ContainerSetup(ContainerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
    }

    /// <summary>The container to run (the fixture adds the session labels and runs it without <c>--rm</c>, removing it itself).</summary>
    public ContainerDefinition Definition { get; init; }

    /// <summary>Conditions the container must meet before seeding and tests, checked in order.</summary>
    public ImmutableList<ReadinessCheck> Readiness { get; init; } = [];

    /// <summary>How long the container may take to become ready.</summary>
    public TimeSpan ReadinessTimeout { get; init; } = ReadinessWaiter.DefaultTimeout;

    /// <summary>The default deadline for all seed steps together.</summary>
    public static readonly TimeSpan DefaultSeedTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long the seed steps may take together; a step still running when it passes is interrupted.</summary>
    public TimeSpan SeedTimeout { get; init; } = DefaultSeedTimeout;

    /// <summary>Seed steps, run in order once the container is ready.</summary>
    public ImmutableList<SeedStep> Seeds { get; init; } = [];

    /// <summary>The repository name seeded state is committed under, or null for no snapshot (seeds run every time).</summary>
    public ImageReference? SnapshotName { get; init; }

    /// <summary>The grace period for stopping the seeding container before its snapshot is committed (30 s when null); at the end of a run the container is force-removed.</summary>
    public TimeSpan? StopGracePeriod { get; init; }

    /// <summary>Returns a copy with readiness checks appended.</summary>
    [Pure]
    public ContainerSetup WaitFor(params IEnumerable<ReadinessCheck> checks) => this with { Readiness = Readiness.AddRange(checks) };

    /// <summary>Returns a copy with the readiness deadline set.</summary>
    [Pure]
    public ContainerSetup WithReadinessTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return this with { ReadinessTimeout = timeout };
    }

    /// <summary>Returns a copy with the seeding deadline set (for all seed steps together).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    [Pure]
    public ContainerSetup WithSeedTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return this with { SeedTimeout = timeout };
    }

    /// <summary>Returns a copy with seed steps appended.</summary>
    [Pure]
    public ContainerSetup SeedWith(params IEnumerable<SeedStep> seeds) => this with { Seeds = Seeds.AddRange(seeds) };

    /// <summary>Returns a copy whose seeded state is committed as <c>name:&lt;snapshot key&gt;</c> and reused by later runs.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> has a tag or digest.</exception>
    [Pure]
    public ContainerSetup WithSnapshot(string name)
    {
        var reference = ImageReference.Parse(name);
        if (reference.Tag is not null || reference.Digest is not null)
        {
            throw new ArgumentException($"'{name}' has a tag or digest; a snapshot takes a bare name (the tag is the snapshot key).", nameof(name));
        }

        return this with { SnapshotName = reference };
    }

    /// <summary>Returns a copy that stops the seeding container with this grace period before committing its snapshot.</summary>
    [Pure]
    public ContainerSetup WithStopGracePeriod(TimeSpan gracePeriod) => this with { StopGracePeriod = gracePeriod };
}
