using Xunit;

namespace Ociman.Testing.Xunit;

/// <summary>An image for xUnit v2 tests, built once per content hash, as a class or collection fixture.</summary>
/// <remarks>
/// Override <see cref="ImageFixtureBase.Configure"/>. xUnit calls <see cref="IAsyncLifetime.InitializeAsync"/>, which
/// builds the image unless it is present; the image is kept after the tests (it is the cache of the next run).
/// </remarks>
public abstract class ImageFixture : ImageFixtureBase, IAsyncLifetime
{
    /// <summary>Builds the image unless it is present (xUnit calls this before the first test that uses the fixture).</summary>
    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    /// <summary>Does nothing: the built image is kept for the next run.</summary>
    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
