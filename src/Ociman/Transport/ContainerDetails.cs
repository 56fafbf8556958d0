using System.Net;
using System.Text.Json;

namespace Ociman.Transport;

/// <summary>A container as the engine describes it, read into the same shape by every transport.</summary>
/// <remarks>
/// <see cref="Raw"/> is the escape hatch for what the typed members do not carry: on the CLI transport it is element 0
/// of <c>container inspect</c>'s array (Docker's or Podman's own shape); on the API transport it is the body of
/// <c>GET /containers/{id}/json</c>. The typed members mean the same on every transport and engine.
/// </remarks>
/// <param name="Id">The full container id.</param>
/// <param name="Name">The container's name, without Docker's leading <c>/</c>.</param>
/// <param name="Image">The image the container was created from, as it was given (Podman's added <c>localhost/</c> removed).</param>
/// <param name="Status">The state, e.g. <c>created</c>, <c>running</c> or <c>exited</c>.</param>
/// <param name="Running">Whether the container is running.</param>
/// <param name="ExitCode">The exit code of the container's main process (0 while it runs).</param>
/// <param name="Pid">The host process id of the container's main process, or 0 when it does not run.</param>
/// <param name="Health">The health status (<c>starting</c>, <c>healthy</c>, <c>unhealthy</c>), or null without a health check.</param>
/// <param name="Labels">The container's labels, sorted by key.</param>
/// <param name="Environment">The container's environment (<c>NAME=value</c> entries as the engine reports them, image defaults included).</param>
/// <param name="PublishedPorts">Every container port published to the host, one entry per host binding.</param>
/// <param name="IpAddress">The default network's address, else the first network's that has one; null without any (e.g. <c>--network none</c>).</param>
/// <param name="NetworkAddresses">The container's address on each network it is attached to and has an address on, by network name.</param>
/// <param name="Created">When the container was created, or null when the engine did not say.</param>
/// <param name="StartedAt">When the container last started, or null when it never did.</param>
/// <param name="Raw">The transport's own document (see the remarks).</param>
internal sealed record ContainerDetails(
    string Id,
    string Name,
    string Image,
    string Status,
    bool Running,
    int ExitCode,
    int Pid,
    string? Health,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Environment,
    IReadOnlyList<PublishedPort> PublishedPorts,
    IPAddress? IpAddress,
    IReadOnlyDictionary<string, IPAddress> NetworkAddresses,
    DateTimeOffset? Created,
    DateTimeOffset? StartedAt,
    JsonElement Raw);

/// <summary>One host binding of a published container port.</summary>
/// <param name="ContainerPort">The port inside the container.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
/// <param name="HostIp">The host address the port is bound to (empty or <c>0.0.0.0</c> for every address).</param>
/// <param name="HostPort">The host port.</param>
internal sealed record PublishedPort(int ContainerPort, string Protocol, string HostIp, int HostPort);
