using NUnit.Framework;

namespace Ociman.Testing.NUnit;

/// <summary>
/// A base class for an NUnit <c>[SetUpFixture]</c> that makes one network for every test class in its namespace (and
/// below): the container fixtures of those classes join it by asking <see cref="TestNetworks.GetAsync"/> for the same
/// <see cref="NetworkFixtureBase.LogicalName"/> in their <c>ConfigureAsync</c>.
/// </summary>
/// <typeparam name="TNetwork">The network fixture, e.g. <c>sealed class AppNetwork : NetworkFixtureBase { LogicalName =&gt; "app" }</c>.</typeparam>
/// <remarks>
/// NUnit creates the network before the namespace's first test and removes it after the last one (containers still
/// attached are disconnected first; their own fixtures remove them), so the order in which NUnit tears fixtures down
/// does not matter. When no engine answers and skipping is allowed, the namespace's tests are ignored with the reason;
/// in CI (<c>CI</c> set or <c>OCIMAN_REQUIRE_ENGINE=1</c>) they fail.
/// </remarks>
public abstract class SharedNetworkSetUp<TNetwork>
    where TNetwork : NetworkFixtureBase, new()
{
    private static TNetwork? _shared;
    private TNetwork? _mine;

    /// <summary>The shared network fixture, started.</summary>
    /// <exception cref="InvalidOperationException">No set-up fixture has started it: the test class is outside the set-up fixture's namespace.</exception>
#pragma warning disable CA1000 // The static accessor is the point: test classes reach the namespace's network through it.
    public static TNetwork Fixture => _shared ?? throw new InvalidOperationException(
        $"No shared {typeof(TNetwork).Name} exists: it is made by a [SetUpFixture] deriving from SharedNetworkSetUp<{typeof(TNetwork).Name}>, "
        + "and only for test classes in that set-up fixture's namespace (or below).");
#pragma warning restore CA1000

    /// <summary>Creates the network (NUnit calls this before the namespace's first test).</summary>
    /// <exception cref="InvalidOperationException">Another set-up fixture already shares a <typeparamref name="TNetwork"/>.</exception>
    [OneTimeSetUp]
    public async Task CreateSharedNetworkAsync()
    {
        var fixture = new TNetwork();
        if (Interlocked.CompareExchange(ref _shared, fixture, null) is not null)
        {
            throw new InvalidOperationException(
                $"Two [SetUpFixture]s share a {typeof(TNetwork).Name}; give each its own network type (e.g. a sealed subclass with its own LogicalName).");
        }

        _mine = fixture;
        await fixture.StartOrIgnoreAsync().ConfigureAwait(false);
    }

    /// <summary>Removes the network (NUnit calls this after the namespace's last test).</summary>
    [OneTimeTearDown]
    public async Task RemoveSharedNetworkAsync()
    {
        if (_mine is { } fixture && Interlocked.CompareExchange(ref _shared, null, fixture) == fixture)
        {
            await fixture.DisposeAsync().ConfigureAwait(false);
        }
    }
}
