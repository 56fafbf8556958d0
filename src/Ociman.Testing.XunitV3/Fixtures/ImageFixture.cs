using Xunit;

namespace Ociman.Testing.XunitV3;

/// <summary>An image fixture for xUnit v3: builds a content-addressed image once (class, collection or assembly lifetime).</summary>
/// <remarks>
/// The build runs in <see cref="InitializeAsync"/> with <see cref="TestContext.CancellationToken"/>; a build that is
/// already present returns at once. A failed build escapes <see cref="InitializeAsync"/> and fails every test that uses
/// the fixture. Images are kept after the run: the next run reuses them by content hash.
/// </remarks>
public abstract class ImageFixture : ImageFixtureBase, IAsyncLifetime
{
    /// <summary>Builds the image unless present (xUnit calls this once per fixture lifetime).</summary>
    /// <exception cref="EngineRequiredException">No engine answers and skipping is not allowed.</exception>
    /// <exception cref="OperationCanceledException">The test run was cancelled.</exception>
    public virtual async ValueTask InitializeAsync()
    {
        Logging.AdapterLogging.EnsureInstalled();
        await StartAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Does nothing: built images are kept for the next run.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Skips the calling test (as <c>Assert.Skip</c> does) when no engine answers and skipping is allowed.</summary>
    public void SkipIfNoEngine()
    {
        if (Availability is { ShouldSkip: true } availability)
        {
            throw EngineGate.SkipException(availability.Reason);
        }
    }
}
