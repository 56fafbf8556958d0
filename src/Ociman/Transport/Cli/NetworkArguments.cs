namespace Ociman.Transport.Cli;

/// <summary>The command lines of the network operations, the same on Docker and Podman; pure.</summary>
internal static class NetworkArguments
{
    /// <summary><c>network create</c> of a bridge network with its labels (and <c>--internal</c>).</summary>
    public static IReadOnlyList<string> Create(NetworkDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var a = new List<string> { "network", "create", "--driver", "bridge" };
        if (definition.Internal)
        {
            a.Add("--internal");
        }

        foreach (var (key, value) in definition.Labels)
        {
            a.Add("--label");
            a.Add($"{key}={value}");
        }

        a.Add(definition.Name);
        return a;
    }

    /// <summary><c>network inspect</c> of one or more networks.</summary>
    public static IReadOnlyList<string> Inspect(IEnumerable<string> networks) => ["network", "inspect", .. networks];

    /// <summary>
    /// <c>network ls</c> of the networks carrying all the labels, one per line (Docker prints full ids, Podman names:
    /// either is what <c>network inspect</c> takes).
    /// </summary>
    public static IReadOnlyList<string> List(IReadOnlyList<KeyValuePair<string, string?>> labelFilters) =>
        ["network", "ls", "--quiet", "--no-trunc", .. ContainerArguments.LabelFilters(labelFilters)];

    /// <summary>
    /// <c>network rm</c>, never with <c>--force</c>: Podman's forced removal removes the containers on the network too,
    /// and those may not be ours. Containers are disconnected first instead.
    /// </summary>
    public static IReadOnlyList<string> Remove(string network) => ["network", "rm", network];

    /// <summary><c>network connect</c> with an <c>--alias</c> per alias.</summary>
    public static IReadOnlyList<string> Connect(string network, string container, IReadOnlyList<string> aliases)
    {
        var a = new List<string> { "network", "connect" };
        foreach (var alias in aliases)
        {
            a.Add("--alias");
            a.Add(alias);
        }

        a.Add(network);
        a.Add(container);
        return a;
    }

    /// <summary><c>network disconnect</c> (with <c>--force</c>).</summary>
    public static IReadOnlyList<string> Disconnect(string network, string container, bool force) =>
        force ? ["network", "disconnect", "--force", network, container] : ["network", "disconnect", network, container];

    /// <summary>
    /// <c>container list</c> of the full ids of every container (running or not) attached to the network: Podman's
    /// <c>network inspect</c> does not list them.
    /// </summary>
    public static IReadOnlyList<string> AttachedContainers(string network) =>
        ["container", "list", "--all", "--no-trunc", "--quiet", "--filter", $"network={network}"];
}
