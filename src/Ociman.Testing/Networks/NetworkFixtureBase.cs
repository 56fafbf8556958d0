namespace Ociman.Testing;

/// <summary>
/// A network shared by the fixtures of a collection (or a class): the adapters' network fixtures derive from it. The
/// container fixtures join it by asking <see cref="TestNetworks.GetAsync"/> for the same <see cref="LogicalName"/> in
/// their <see cref="ContainerFixtureBase.ConfigureAsync"/>, whichever fixture starts first.
/// </summary>
/// <remarks>
/// <see cref="StartAsync"/> makes sure the network exists; <see cref="DisposeAsync"/> removes it, disconnecting the
/// containers still attached (they keep running until their own fixtures remove them), so the order in which a test
/// framework disposes fixtures does not matter. Without an engine (and with skipping allowed) the fixture starts
/// without a network and <see cref="Availability"/> says why.
/// </remarks>
public abstract class NetworkFixtureBase : IAsyncDisposable
{
    private Network? _network;

    /// <summary>The name the container fixtures use with <see cref="TestNetworks.GetAsync"/> to join this network.</summary>
    public abstract string LogicalName { get; }

    /// <summary>Whether an engine answered; null before <see cref="StartAsync"/>.</summary>
    public EngineAvailability? Availability { get; private set; }

    /// <summary>The network.</summary>
    /// <exception cref="InvalidOperationException">The fixture has not been started, or no engine answered.</exception>
    public Network Network => _network ?? throw new InvalidOperationException(
        Availability is { ShouldSkip: true } a ? $"{GetType().Name} has no network: {a.Reason}" : $"{GetType().Name} has not been started: call StartAsync first.");

    /// <summary>Creates the network unless a fixture of this process made it already.</summary>
    /// <exception cref="EngineRequiredException">No engine answers and skipping is not allowed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Availability = await TestEngine.GetAvailabilityAsync(cancellationToken).ConfigureAwait(false);
        if (Availability.ShouldSkip)
        {
            return;
        }

        _network = await TestNetworks.GetAsync(LogicalName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the network (see <see cref="TestNetworks.RemoveAsync"/>); never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_network is null)
        {
            return;
        }

        try
        {
            await TestNetworks.RemoveAsync(LogicalName).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OcimanException or IOException or OperationCanceledException)
        {
            // Left to the session reaper and the sweep; Network.DisposeAsync has the same rule.
        }

        _network = null;
    }
}
