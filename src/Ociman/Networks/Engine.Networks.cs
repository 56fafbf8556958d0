using Ociman.Logging;

namespace Ociman;

public sealed partial class Engine
{
    /// <summary>Creates a user-defined bridge network, labelled with the engine's labels, and returns it.</summary>
    /// <remarks>
    /// Dispose the network (or call <see cref="Network.RemoveAsync"/>) when the containers on it are done. A call that is
    /// cancelled or fails after the engine created the network removes it before the exception surfaces.
    /// </remarks>
    /// <param name="definition">The network (see <see cref="NetworkDefinition.Unique"/> for a fresh name).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NetworkNameInUseException">A network of that name exists already.</exception>
    /// <exception cref="EngineOperationException">The engine could not create the network.</exception>
    public async Task<Network> CreateNetworkAsync(NetworkDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        var labelled = definition.WithDefaultLabels(ContainerLabels);
        string id;
        try
        {
            id = await Operations.CreateNetworkAsync(labelled, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The engine may have created the network before the call was abandoned: remove it by name (bounded).
            await RemoveCancelledNetworkAsync(labelled.Name).ConfigureAwait(false);
            throw;
        }

        Log.NetworkCreated(Logger, labelled.Name, id);
        return new Network(this, id, labelled.Name);
    }

    /// <summary>Returns a handle on an existing network by id or name, after checking that it exists.</summary>
    /// <exception cref="NetworkNotFoundException">No such network.</exception>
    public async Task<Network> GetNetworkAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        var details = await Operations.InspectNetworkAsync(idOrName, cancellationToken).ConfigureAwait(false);
        return new Network(this, details.Id, details.Name);
    }

    /// <summary>Whether a network with this id or name exists.</summary>
    /// <exception cref="EngineTimeoutException">The engine did not answer within <see cref="EngineOptions.HousekeepingTimeout"/>.</exception>
    public Task<bool> NetworkExistsAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        return HousekeepingAsync("network exists", async token =>
        {
            try
            {
                var details = await Operations.InspectNetworkAsync(idOrName, token).ConfigureAwait(false);
                return details.Id == idOrName || details.Name == idOrName || details.Id.StartsWith(idOrName, StringComparison.Ordinal);
            }
            catch (NetworkNotFoundException)
            {
                return false;
            }
        }, cancellationToken);
    }

    /// <summary>Lists the networks that carry every given label; a null value matches any value of the key.</summary>
    /// <exception cref="EngineTimeoutException">The engine did not answer within <see cref="EngineOptions.HousekeepingTimeout"/>.</exception>
    public Task<IReadOnlyList<NetworkDetails>> ListNetworksAsync(IEnumerable<KeyValuePair<string, string?>>? labelFilters = null, CancellationToken cancellationToken = default)
    {
        var filters = (labelFilters ?? []).Select(f => new KeyValuePair<string, string?>(LabelKey.Parse(f.Key).ToString(), f.Value)).ToList();
        return HousekeepingAsync("network list", token => Operations.ListNetworksAsync(filters, token), cancellationToken);
    }

    /// <summary>Removes every network that carries the given label (disconnecting its containers first) and returns how many were removed.</summary>
    /// <remarks>The list and each removal are bounded by <see cref="EngineOptions.HousekeepingTimeout"/>.</remarks>
    /// <exception cref="EngineTimeoutException">The engine did not answer within <see cref="EngineOptions.HousekeepingTimeout"/>.</exception>
    public async Task<int> RemoveNetworksAsync(string labelKey, string? labelValue = null, CancellationToken cancellationToken = default)
    {
        var networks = await ListNetworksAsync([new(labelKey, labelValue)], cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var network in networks)
        {
            if (await HousekeepingAsync("network rm", token => RemoveNetworkAsync(network.Id, token), cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Disconnects what is attached to the network, then removes it; false when it was gone already.</summary>
    internal async Task<bool> RemoveNetworkAsync(string network, CancellationToken cancellationToken)
    {
        NetworkDetails details;
        try
        {
            details = await Operations.InspectNetworkAsync(network, cancellationToken).ConfigureAwait(false);
        }
        catch (NetworkNotFoundException)
        {
            return false;
        }

        foreach (var container in details.ContainerIds)
        {
            try
            {
                await Operations.DisconnectNetworkAsync(details.Id, container, force: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ContainerNotFoundException or NetworkNotFoundException)
            {
                // Gone in the meantime: nothing to detach.
            }
        }

        try
        {
            await Operations.RemoveNetworkAsync(details.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (NetworkNotFoundException)
        {
            return false;
        }

        Log.NetworkRemoved(Logger, details.Name);
        return true;
    }

    private async Task RemoveCancelledNetworkAsync(string name)
    {
        try
        {
            await HousekeepingAsync("network rm", token => RemoveNetworkAsync(name, token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OcimanException or IOException or InvalidOperationException)
        {
            Log.NetworkNotRemoved(Logger, name, ex);
        }
    }
}
