using NUnit.Framework;

namespace Ociman.Testing.NUnit;

/// <summary>A base class for an NUnit <c>[SetUpFixture]</c> that shares one container among every test class in its namespace (and below).</summary>
/// <typeparam name="TFixture">The container fixture to share.</typeparam>
/// <remarks>
/// Derive a class marked <c>[SetUpFixture]</c> in the namespace to share across (outside any namespace: the whole
/// assembly); test classes in that namespace read <see cref="Fixture"/>. NUnit starts the container before the first
/// test of the namespace and removes it after the last. When no engine answers and skipping is allowed, the namespace's
/// tests are ignored with the reason; in CI they fail. Use one fixture type per shared container: two set-up fixtures
/// with the same <typeparamref name="TFixture"/> would share one <see cref="Fixture"/> slot, which is refused.
/// </remarks>
public abstract class SharedContainerSetUp<TFixture>
    where TFixture : ContainerFixtureBase, new()
{
    private static TFixture? _shared;
    private TFixture? _mine;

    /// <summary>The shared, started container fixture.</summary>
    /// <exception cref="InvalidOperationException">No set-up fixture has started it: the test class is outside the set-up fixture's namespace.</exception>
#pragma warning disable CA1000 // The static accessor is the point: test classes reach the namespace's fixture through it.
    public static TFixture Fixture => _shared ?? throw new InvalidOperationException(
        $"No shared {typeof(TFixture).Name} is running: it is started by a [SetUpFixture] deriving from SharedContainerSetUp<{typeof(TFixture).Name}>, "
        + "and only for test classes in that set-up fixture's namespace (or below).");
#pragma warning restore CA1000

    /// <summary>Creates and starts the shared fixture (NUnit calls this before the namespace's first test).</summary>
    /// <exception cref="InvalidOperationException">Another set-up fixture already shares a <typeparamref name="TFixture"/>.</exception>
    [OneTimeSetUp]
    public async Task StartSharedContainerAsync()
    {
        var fixture = new TFixture();
        if (Interlocked.CompareExchange(ref _shared, fixture, null) is not null)
        {
            throw new InvalidOperationException(
                $"Two [SetUpFixture]s share a {typeof(TFixture).Name}; give each its own fixture type (e.g. a sealed subclass) so each namespace has its own container.");
        }

        _mine = fixture;
        await fixture.StartOrIgnoreAsync().ConfigureAwait(false);
    }

    /// <summary>Stops and removes the shared container (NUnit calls this after the namespace's last test).</summary>
    [OneTimeTearDown]
    public async Task StopSharedContainerAsync()
    {
        // Only the set-up fixture that started the shared fixture removes it.
        if (_mine is { } fixture && Interlocked.CompareExchange(ref _shared, null, fixture) == fixture)
        {
            await fixture.DisposeAsync().ConfigureAwait(false);
        }
    }
}
