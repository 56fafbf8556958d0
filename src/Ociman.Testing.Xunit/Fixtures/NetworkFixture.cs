using Xunit;

namespace Ociman.Testing.Xunit;

/// <summary>
/// A network for xUnit v2, shared by a collection (or a class): the collection's container fixtures join it through
/// <see cref="TestNetworks.GetAsync"/> with the same <see cref="NetworkFixtureBase.LogicalName"/>.
/// </summary>
/// <remarks>xUnit creates it before the first test of the collection and removes it after the last one.</remarks>
public abstract class NetworkFixture : NetworkFixtureBase, IAsyncLifetime
{
    /// <summary>Creates the network (xUnit calls this before the first test that uses the fixture).</summary>
    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    /// <summary>Removes the network.</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
