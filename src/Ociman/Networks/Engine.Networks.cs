using Ociman.Logging;

namespace Ociman;

public sealed partial class Engine
{
    /// <summary>How long a network create whose call was cancelled may take to finish, so that what it made can be removed.</summary>
    internal static readonly TimeSpan NetworkSettlePeriod = TimeSpan.FromSeconds(10);

    /// <summary>Creates a user-defined bridge network, labelled with the engine's labels, and returns it.</summary>
    /// <remarks>
    /// Dispose the network (or call <see cref="Network.RemoveAsync"/>) when the containers on it are done. A cancelled
    /// call lets the engine finish the create (at most 10 s; an engine that takes longer is abandoned and what it still
    /// makes is left to the orphan sweep), so the call returns within a second of the cancellation on a healthy engine.
    /// A call that is cancelled or fails after the engine created the network removes it before the exception surfaces, provided the
    /// network found under the name carries every label of the definition (the engine's labels included); otherwise
    /// it is left alone and logged (event 1213).
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

        // Abandoning the request does not stop an engine that received it (Docker's daemon finishes a create whose
        // client went away): a cancelled create is allowed to finish, for at most NetworkSettlePeriod, and what it made
        // is then removed. Only an engine that does not answer in that period can still create it later; the network
        // carries the engine's labels, so the sweep removes it.
        using var settle = new CancellationTokenSource();
        using var registration = cancellationToken.Register(() => settle.CancelAfter(NetworkSettlePeriod));
        string id;
        try
        {
            id = await Operations.CreateNetworkAsync(labelled, settle.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or EngineOperationException && ex is not NetworkNameInUseException)
        {
            // Made, perhaps, and not returned (on the CLI, a create that succeeded and an inspection that did not):
            // removed by name — only if it carries every label this call gave it, so a network of that name made by
            // someone else is never touched.
            await RemoveUnfinishedNetworkAsync(labelled).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Cancelled: network create {labelled.Name}", ex, cancellationToken);
            }

            throw;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // Made by this call (the engine returned its id): removed whatever its labels.
            try
            {
                await HousekeepingAsync("network rm", token => RemoveNetworkAsync(id, token), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OcimanException or IOException or InvalidOperationException)
            {
                Log.NetworkNotRemoved(Logger, labelled.Name, ex);
            }

            throw new OperationCanceledException($"Cancelled: network create {labelled.Name}", cancellationToken);
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

    /// <summary>Whether a network with exactly this id or name exists (a prefix of an id does not count).</summary>
    /// <exception cref="EngineTimeoutException">The engine did not answer within <see cref="EngineOptions.HousekeepingTimeout"/>.</exception>
    public Task<bool> NetworkExistsAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        return HousekeepingAsync("network exists", async token =>
        {
            try
            {
                // Exactly this id or name: the engines also accept a prefix of an id, which does not count.
                var details = await Operations.InspectNetworkAsync(idOrName, token).ConfigureAwait(false);
                return details.Id == idOrName || details.Name == idOrName;
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

    private async Task RemoveUnfinishedNetworkAsync(NetworkDefinition definition)
    {
        try
        {
            await HousekeepingAsync("network rm", async token =>
            {
                NetworkDetails found;
                try
                {
                    found = await Operations.InspectNetworkAsync(definition.Name, token).ConfigureAwait(false);
                }
                catch (NetworkNotFoundException)
                {
                    return false;
                }

                if (definition.Labels.Count == 0 || definition.Labels.Any(l => !found.Labels.TryGetValue(l.Key, out var value) || value != l.Value))
                {
                    Log.NetworkNotOurs(Logger, definition.Name);
                    return false;
                }

                return await RemoveNetworkAsync(found.Id, token).ConfigureAwait(false);
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OcimanException or IOException or InvalidOperationException)
        {
            Log.NetworkNotRemoved(Logger, definition.Name, ex);
        }
    }
}
