using Ociman.Logging;

namespace Ociman;

/// <summary>
/// A user-defined network on an engine. Containers join it when they are started with
/// <see cref="ContainerDefinition.WithNetwork"/> (and <see cref="ContainerDefinition.WithNetworkAliases"/>), or later
/// with <see cref="ConnectAsync"/>; on it they reach each other by container name and by alias.
/// </summary>
/// <remarks>
/// Disposing the network removes it, after disconnecting the containers still attached to it (a network with attached
/// containers cannot be removed; the containers themselves are left running). Disposal never throws: a removal that fails
/// is logged (event 1212) and left to the orphan sweep.
/// </remarks>
public sealed class Network : IAsyncDisposable
{
    internal Network(Engine engine, string id, string name)
    {
        Engine = engine;
        Id = id;
        Name = name;
    }

    /// <summary>The engine the network lives on.</summary>
    public Engine Engine { get; }

    /// <summary>The network's full id.</summary>
    public string Id { get; }

    /// <summary>The network's name, by which containers join it.</summary>
    public string Name { get; }

    /// <summary>Inspects the network.</summary>
    /// <exception cref="NetworkNotFoundException">The network no longer exists.</exception>
    public Task<NetworkDetails> InspectAsync(CancellationToken cancellationToken = default) =>
        Engine.Operations.InspectNetworkAsync(Id, cancellationToken);

    /// <summary>Attaches a running or created container to the network, reachable there also by <paramref name="aliases"/>.</summary>
    /// <param name="container">The container.</param>
    /// <param name="aliases">Further names by which the other containers on the network reach it; none by default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">An alias is empty or holds whitespace.</exception>
    /// <exception cref="NetworkNotFoundException">The network no longer exists.</exception>
    /// <exception cref="ContainerNotFoundException">The container does not exist.</exception>
    public Task ConnectAsync(Container container, IEnumerable<string>? aliases = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(container);
        var list = (aliases ?? []).ToList();
        foreach (var alias in list)
        {
            CheckAlias(alias);
        }

        return Engine.Operations.ConnectNetworkAsync(Id, container.Id, list, cancellationToken);
    }

    /// <summary>Detaches a container from the network.</summary>
    /// <param name="container">The container.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NetworkNotFoundException">The network no longer exists.</exception>
    /// <exception cref="EngineOperationException">The container is not attached, or the engine refused.</exception>
    public Task DisconnectAsync(Container container, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(container);
        return Engine.Operations.DisconnectNetworkAsync(Id, container.Id, force: false, cancellationToken);
    }

    /// <summary>Removes the network; containers still attached to it are disconnected first (they keep running).</summary>
    /// <remarks>A network that is already gone is not an error.</remarks>
    /// <exception cref="EngineOperationException">The engine could not remove the network.</exception>
    public async Task RemoveAsync(CancellationToken cancellationToken = default)
    {
        await Engine.RemoveNetworkAsync(Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the network (see <see cref="RemoveAsync"/>); never throws.</summary>
    /// <remarks>Bounded by <see cref="EngineOptions.HousekeepingTimeout"/>; a removal that fails is logged as a warning (event 1212) and left to the orphan sweep.</remarks>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Engine.HousekeepingAsync("network rm", token => Engine.RemoveNetworkAsync(Id, token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OcimanException or IOException or InvalidOperationException)
        {
            Log.NetworkNotRemoved(Engine.Logger, Name, ex);
        }
    }

    /// <summary>Returns the name.</summary>
    public override string ToString() => Name;

    internal static void CheckAlias(string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        if (alias.Length == 0 || alias.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException(ValueText.Invalid(alias, "network alias", "an alias must be non-empty, without whitespace or control characters."), nameof(alias));
        }
    }
}
