using NUnit.Framework;

namespace Ociman.Testing.NUnit;

/// <summary>A base class for NUnit test fixtures with one container per test class: started in <c>[OneTimeSetUp]</c>, removed in <c>[OneTimeTearDown]</c>.</summary>
/// <typeparam name="TFixture">The container fixture, e.g. <c>class PostgresFixture : ContainerFixtureBase</c>.</typeparam>
/// <remarks>
/// Every test of the class sees the same <see cref="Fixture"/>. When no engine answers and skipping is allowed, the
/// tests are ignored with the reason; in CI (or with <c>OCIMAN_REQUIRE_ENGINE=1</c>) they fail. When the container
/// does not start, become ready or seed, NUnit fails each test of the class with the cause and the container's last
/// log lines. Your own <c>[OneTimeSetUp]</c> methods run after this one, so they can use <see cref="Fixture"/>.
/// </remarks>
public abstract class ContainerTestFixture<TFixture>
    where TFixture : ContainerFixtureBase, new()
{
    private TFixture? _fixture;

    /// <summary>The started container fixture of this test class.</summary>
    /// <exception cref="InvalidOperationException">Used before <c>[OneTimeSetUp]</c> ran.</exception>
    public TFixture Fixture => _fixture ?? throw new InvalidOperationException(
        $"{GetType().Name}.Fixture is not there yet: it is started in [OneTimeSetUp] (use it from tests or from your own [OneTimeSetUp], not from the constructor).");

    /// <summary>Creates and starts the fixture (NUnit calls this before the first test of the class).</summary>
    [OneTimeSetUp]
    public async Task StartContainerFixtureAsync()
    {
        _fixture = new TFixture();
        await _fixture.StartOrIgnoreAsync().ConfigureAwait(false);
    }

    /// <summary>Stops and removes the container (NUnit calls this after the last test of the class).</summary>
    [OneTimeTearDown]
    public async Task StopContainerFixtureAsync()
    {
        if (_fixture is { } fixture)
        {
            await fixture.DisposeAsync().ConfigureAwait(false);
        }
    }
}
