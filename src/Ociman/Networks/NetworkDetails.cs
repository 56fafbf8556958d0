using System.Text.Json;

namespace Ociman;

/// <summary>What the engine says about a network.</summary>
public sealed class NetworkDetails
{
    internal NetworkDetails(string id, string name, string driver, bool isInternal, IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> containerIds, JsonElement raw)
    {
        Id = id;
        Name = name;
        Driver = driver;
        Internal = isInternal;
        Labels = labels;
        ContainerIds = containerIds;
        Raw = raw;
    }

    /// <summary>The network's full id.</summary>
    public string Id { get; }

    /// <summary>The network's name.</summary>
    public string Name { get; }

    /// <summary>The network driver, e.g. <c>bridge</c>.</summary>
    public string Driver { get; }

    /// <summary>Whether the network is internal (no route outside the engine's host).</summary>
    public bool Internal { get; }

    /// <summary>The network's labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The full ids of the containers attached to the network (running or not), in no particular order.</summary>
    public IReadOnlyList<string> ContainerIds { get; }

    /// <summary>
    /// The engine's own inspection document, for what this type does not carry. Its shape depends on the engine and the
    /// transport: Docker's (<c>Name</c>, <c>Id</c>, <c>Containers</c>, …) from Docker and from Podman's API, Podman's own
    /// (<c>name</c>, <c>id</c>, <c>subnets</c>, …) from Podman's command-line tool; an empty object where the engine
    /// gave no single document (a listing).
    /// </summary>
    public JsonElement Raw { get; }
}
