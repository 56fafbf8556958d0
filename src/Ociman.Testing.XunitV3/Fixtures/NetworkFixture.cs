using Xunit;

namespace Ociman.Testing.XunitV3;

/// <summary>
/// A network for xUnit v3, shared by a collection (or a class): the collection's container fixtures join it through
/// <see cref="TestNetworks.GetAsync"/> with the same <see cref="NetworkFixtureBase.LogicalName"/>.
/// </summary>
/// <remarks>xUnit creates it before the first test of the collection and removes it after the last one.</remarks>
public abstract class NetworkFixture : NetworkFixtureBase, IAsyncLifetime
{
    /// <summary>Creates the network (xUnit calls this once per fixture lifetime).</summary>
    /// <exception cref="EngineRequiredException">No engine answers and skipping is not allowed.</exception>
    public virtual async ValueTask InitializeAsync()
    {
        Logging.AdapterLogging.EnsureInstalled();
        await StartAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);
    }
}
