using System.Collections.Concurrent;

namespace Ociman.Testing;

/// <summary>
/// Networks that the fixtures of this test process share by a logical name: the first fixture that asks for
/// <c>"app"</c> creates it, every later one gets the same network, so a service container and its database container
/// started by different fixtures reach each other by their aliases.
/// </summary>
/// <remarks>
/// <para>
/// Each network gets a fresh engine name (<c>ociman-</c>, the logical name, <c>-</c> and 12 hex digits) and the test
/// session's labels, so parallel test processes never share one, and what a killed process leaves is removed by the
/// session reaper or the next process's sweep (<see cref="TestSession.SweepOrphansAsync"/>). A network lives until
/// <see cref="RemoveAsync"/> (a network fixture's disposal calls it) or the end of the process, when the reaper removes
/// it after this session's containers.
/// </para>
/// <para>In a fixture: <c>var network = await TestNetworks.GetAsync("app", cancellationToken);</c>, then
/// <c>definition.WithNetwork(network.Name).WithNetworkAliases("db")</c>.</para>
/// </remarks>
public static class TestNetworks
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<Network>>> Networks = new(StringComparer.Ordinal);

    /// <summary>The network shared under <paramref name="logicalName"/>, created on first use on the shared engine (<see cref="TestEngine.GetAsync"/>).</summary>
    /// <param name="logicalName">A name for the network within this test process: 1 to 100 ASCII letters, digits, <c>_</c>, <c>.</c> or <c>-</c>, starting with a letter or digit.</param>
    /// <param name="cancellationToken">Ends this caller's wait; the creation other callers share goes on (bounded by the engine's own timeouts).</param>
    /// <exception cref="ArgumentException"><paramref name="logicalName"/> is not a valid name (the message says what is allowed).</exception>
    /// <exception cref="EngineRequiredException">No engine answers.</exception>
    /// <exception cref="EngineOperationException">The engine could not create the network.</exception>
    public static Task<Network> GetAsync(string logicalName, CancellationToken cancellationToken = default)
    {
        var prefix = Prefix(logicalName);
        var entry = Networks.GetOrAdd(logicalName, _ => new Lazy<Task<Network>>(() => CreateAsync(prefix)));
        var task = entry.Value;

        // A creation that failed is not kept: the next caller tries again (this one gets the failure, which says why).
        _ = task.ContinueWith(
            _ => Networks.TryRemove(new KeyValuePair<string, Lazy<Task<Network>>>(logicalName, entry)),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Removes the network shared under <paramref name="logicalName"/> (disconnecting what is attached) if this process made one; a later <see cref="GetAsync"/> makes a new one.</summary>
    /// <returns>Whether a network was removed.</returns>
    /// <exception cref="EngineOperationException">The engine could not remove it.</exception>
    public static async Task<bool> RemoveAsync(string logicalName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logicalName);
        if (!Networks.TryRemove(logicalName, out var entry) || !entry.IsValueCreated)
        {
            return false;
        }

        Network network;
        try
        {
            network = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OcimanException)
        {
            return false;
        }

        await network.RemoveAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<Network> CreateAsync(string prefix)
    {
        var engine = await TestEngine.GetAsync().ConfigureAwait(false);
        return await engine.CreateNetworkAsync(NetworkDefinition.Unique(prefix)).ConfigureAwait(false);
    }

    // "ociman-" + the logical name is the engine name's prefix; NetworkDefinition checks it says what is allowed.
    private static string Prefix(string logicalName)
    {
        ArgumentNullException.ThrowIfNull(logicalName);
        if (ValueText.NameProblem(logicalName, 100, "a logical network name is 1 to 100 ASCII letters, digits, '_', '.' or '-', starting with a letter or digit.") is { } problem)
        {
            throw new ArgumentException(ValueText.Invalid(logicalName, "logical network name", problem), nameof(logicalName));
        }

        return "ociman-" + logicalName;
    }
}
