namespace Ociman.Testing;

/// <summary>An image for tests, built once per content hash: once per run, and once across parallel test processes.</summary>
/// <remarks>Override <see cref="Configure"/>; <see cref="StartAsync"/> calls <see cref="Engine.BuildIfAbsentAsync(ImageBuild, CancellationToken)"/>, which returns at once when the image exists.</remarks>
public abstract class ImageFixtureBase
{
    private ImageReference? _image;

    /// <summary>Whether an engine answered; null before <see cref="StartAsync"/>.</summary>
    public EngineAvailability? Availability { get; private set; }

    /// <summary>The built image.</summary>
    /// <exception cref="InvalidOperationException">The fixture has not been started, or no engine answered.</exception>
    public ImageReference Image => _image ?? throw new InvalidOperationException(
        Availability is { ShouldSkip: true } a ? $"{GetType().Name} has no image: {a.Reason}" : $"{GetType().Name} has not been started: call StartAsync first.");

    /// <summary>Says what to build.</summary>
    protected abstract ImageBuild Configure();

    /// <summary>Builds the image unless it is present.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Availability = await TestEngine.GetAvailabilityAsync(cancellationToken).ConfigureAwait(false);
        if (Availability.ShouldSkip)
        {
            return;
        }

        _image = await Availability.GetEngineOrThrow().BuildIfAbsentAsync(Configure(), cancellationToken).ConfigureAwait(false);
    }
}
