using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Ociman.Transport.Cli;

/// <summary>Reads the CLI's <c>container inspect</c> and <c>image inspect</c> documents into the seam's records; pure.</summary>
/// <remarks>
/// Both engines answer in the same shape for what is read here, except where the <see cref="EngineDialect"/> says
/// otherwise (Podman's <c>localhost/</c> image names, its health-check key). <see cref="ContainerDetails.Raw"/> and
/// <see cref="ImageDetails.Raw"/> are the element read, unchanged.
/// </remarks>
internal static class CliInspection
{
    /// <summary>Reads one element of <c>container inspect</c>'s array.</summary>
    public static ContainerDetails ReadContainer(JsonElement raw, EngineDialect dialect)
    {
        var state = Property(raw, "State");
        var config = Property(raw, "Config");
        var networkSettings = Property(raw, "NetworkSettings");
        var (primary, networks) = ReadAddresses(networkSettings);
        return new ContainerDetails(
            Id: String(raw, "Id"),
            Name: String(raw, "Name").TrimStart('/'),
            Image: dialect.ReadContainerImage(raw),
            Status: String(state, "Status"),
            Running: state.ValueKind == JsonValueKind.Object && state.TryGetProperty("Running", out var r) && r.ValueKind == JsonValueKind.True,
            ExitCode: Int(state, "ExitCode"),
            Pid: Int(state, "Pid"),
            Health: dialect.ReadHealthStatus(state),
            Labels: StringMap(config, "Labels"),
            Environment: config.ValueKind == JsonValueKind.Object && config.TryGetProperty("Env", out var env) && env.ValueKind == JsonValueKind.Array
                ? [.. env.EnumerateArray().Select(e => e.GetString() ?? string.Empty)]
                : [],
            PublishedPorts: ReadPorts(networkSettings),
            IpAddress: primary,
            NetworkAddresses: networks,
            Created: Time(raw, "Created"),
            StartedAt: Time(state, "StartedAt"),
            Raw: raw);
    }

    /// <summary>Reads one element of <c>image inspect</c>'s array.</summary>
    public static ImageDetails ReadImage(JsonElement raw)
    {
        var config = Property(raw, "Config");
        var id = String(raw, "Id");

        // Podman reports the bare hex id; Docker prefixes the algorithm. Report one form.
        if (id.Length > 0 && !id.Contains(':', StringComparison.Ordinal))
        {
            id = "sha256:" + id;
        }

        // Docker reports a health check in Config.Healthcheck, Podman at the top level.
        var healthCheck = (config.ValueKind == JsonValueKind.Object && config.TryGetProperty("Healthcheck", out var h) && h.ValueKind == JsonValueKind.Object)
            || (raw.TryGetProperty("Healthcheck", out var top) && top.ValueKind == JsonValueKind.Object);
        return new ImageDetails(
            Id: id,
            Tags: raw.TryGetProperty("RepoTags", out var t) && t.ValueKind == JsonValueKind.Array ? [.. t.EnumerateArray().Select(e => e.GetString() ?? string.Empty)] : [],
            Labels: StringMap(config, "Labels"),
            Created: Time(raw, "Created"),
            Size: raw.TryGetProperty("Size", out var s) && s.TryGetInt64(out var bytes) ? bytes : 0,
            HasHealthCheck: healthCheck,
            Raw: raw);
    }

    // NetworkSettings.IPAddress (the default network's) first, else the first network that has an address.
    private static (IPAddress? Primary, IReadOnlyDictionary<string, IPAddress> Networks) ReadAddresses(JsonElement networkSettings)
    {
        var networks = new SortedDictionary<string, IPAddress>(StringComparer.Ordinal);
        IPAddress? first = null;
        if (networkSettings.ValueKind != JsonValueKind.Object)
        {
            return (null, networks);
        }

        if (networkSettings.TryGetProperty("Networks", out var list) && list.ValueKind == JsonValueKind.Object)
        {
            foreach (var network in list.EnumerateObject())
            {
                if (network.Value.ValueKind == JsonValueKind.Object && network.Value.TryGetProperty("IPAddress", out var ip) && IPAddress.TryParse(ip.GetString(), out var address))
                {
                    networks[network.Name] = address;
                    first ??= address;
                }
            }
        }

        var primary = networkSettings.TryGetProperty("IPAddress", out var top) && IPAddress.TryParse(top.GetString(), out var topAddress) ? topAddress : first;
        return (primary, networks);
    }

    // NetworkSettings.Ports: { "80/tcp": [ { "HostIp": "127.0.0.1", "HostPort": "49153" } ], "81/tcp": null }.
    private static List<PublishedPort> ReadPorts(JsonElement networkSettings)
    {
        var ports = new List<PublishedPort>();
        if (networkSettings.ValueKind != JsonValueKind.Object || !networkSettings.TryGetProperty("Ports", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return ports;
        }

        foreach (var entry in map.EnumerateObject())
        {
            var slash = entry.Name.IndexOf('/', StringComparison.Ordinal);
            var portText = slash < 0 ? entry.Name : entry.Name[..slash];
            var protocol = slash < 0 ? "tcp" : entry.Name[(slash + 1)..];
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var containerPort) || entry.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var binding in entry.Value.EnumerateArray())
            {
                if (binding.ValueKind == JsonValueKind.Object
                    && int.TryParse(String(binding, "HostPort"), NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort) && hostPort > 0)
                {
                    ports.Add(new PublishedPort(containerPort, protocol, String(binding, "HostIp"), hostPort));
                }
            }
        }

        return ports;
    }

    /// <summary>
    /// Reads one element of <c>network inspect</c>'s array, in either engine's shape: Docker's (<c>Name</c>, <c>Id</c>,
    /// <c>Driver</c>, <c>Internal</c>, <c>Labels</c>, <c>Containers</c> keyed by container id) or Podman 4's own
    /// (<c>name</c>, <c>id</c>, <c>driver</c>, <c>internal</c>, <c>labels</c>, and no containers: Podman's command-line
    /// tool does not list them, so <paramref name="attached"/> says which are).
    /// </summary>
    /// <param name="raw">The element.</param>
    /// <param name="attached">The attached containers' ids when the document does not list them; null to read them from it.</param>
    public static NetworkDetails ReadNetwork(JsonElement raw, IReadOnlyList<string>? attached = null)
    {
        var containers = attached
            ?? (Either(raw, "Containers", "containers") is { ValueKind: JsonValueKind.Object } map
                ? map.EnumerateObject().Select(p => p.Name).ToList()
                : []);
        var labels = Either(raw, "Labels", "labels") is { ValueKind: JsonValueKind.Object } labelMap
            ? labelMap.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new NetworkDetails(
            id: Text(Either(raw, "Id", "id")),
            name: Text(Either(raw, "Name", "name")),
            driver: Text(Either(raw, "Driver", "driver")),
            isInternal: Either(raw, "Internal", "internal").ValueKind == JsonValueKind.True,
            labels: new SortedDictionary<string, string>(labels, StringComparer.Ordinal),
            containerIds: containers,
            raw: raw);
    }

    /// <summary>Whether a <c>network inspect</c> element lists its containers (Docker's shape does; Podman's own does not).</summary>
    public static bool ListsContainers(JsonElement raw) =>
        raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("Containers", out _);

    private static JsonElement Either(JsonElement parent, string docker, string podman)
    {
        var value = Property(parent, docker);
        return value.ValueKind != JsonValueKind.Undefined ? value : Property(parent, podman);
    }

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static SortedDictionary<string, string> StringMap(JsonElement parent, string name)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in value.EnumerateObject())
            {
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : string.Empty;
            }
        }

        return map;
    }

    private static JsonElement Property(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : default;

    private static string String(JsonElement parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() ?? string.Empty : string.Empty;

    private static int Int(JsonElement parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : 0;

    // Docker's zero time ("0001-01-01T00:00:00Z") means "never".
    private static DateTimeOffset? Time(JsonElement parent, string name) =>
        DateTimeOffset.TryParse(String(parent, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) && when.Year > 1 ? when : null;
}
