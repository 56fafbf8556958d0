using System.Collections.Immutable;
using System.Globalization;
using Docker.DotNet.Models;

namespace Ociman.Transport.Api;

// The client's models declare every field non-nullable, yet the client leaves null fields out of the body, and an
// absent field is what "not set" means to the engine (its default, or the image's).
#pragma warning disable CS8601, CS8625

/// <summary>Builds the body of <c>POST /containers/create</c> from a container definition; pure, so it is unit-tested without an engine.</summary>
/// <remarks>
/// Environment values travel only in this body (<c>Env</c>), never in a URL, a command line or a log. The container's
/// name goes in the query string (<c>?name=</c>), which the client builds from <see cref="CreateContainerParameters.Name"/>.
/// </remarks>
internal static class ContainerCreateRequest
{
    /// <summary>The body for creating the container <paramref name="definition"/> describes.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="attach">Whether the container's standard output and error are attached (a foreground run).</param>
    /// <param name="extraLabels">Labels for this call only (the invocation label); they win over every other label.</param>
    /// <param name="engineLabels">The engine's labels for every container; the definition's own labels win over them.</param>
    public static CreateContainerParameters Build(
        ContainerDefinition definition,
        bool attach = false,
        IReadOnlyDictionary<string, string>? extraLabels = null,
        IReadOnlyDictionary<string, string>? engineLabels = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var d = definition;
        var body = new CreateContainerParameters
        {
            Name = d.Name?.ToString(),
            Image = d.Image.ToString(),
            Tty = d.Tty,
            OpenStdin = d.Interactive,
            AttachStdin = attach && d.Interactive,
            AttachStdout = attach,
            AttachStderr = attach,
            Env = d.Environment.Select(v => $"{v.Key}={v.Value}").ToList(),
            Labels = Labels(d.Labels, extraLabels, engineLabels),
            Hostname = d.Hostname,
            User = d.User,
            WorkingDir = d.WorkingDirectory,
            Entrypoint = d.Entrypoint is { } entrypoint ? [entrypoint] : null,
            Cmd = d.Arguments.Count > 0 ? [.. d.Arguments] : null,
            StopSignal = d.StopSignal,
            StopTimeout = d.StopTimeout is { } stop ? TimeSpan.FromSeconds(Math.Ceiling(stop.TotalSeconds)) : null,
            Healthcheck = HealthCheck(d),
            HostConfig = new HostConfig
            {
                AutoRemove = d.AutoRemove,
                Init = d.Init ? true : null,
                Memory = d.MemoryLimitBytes ?? 0,
                NanoCPUs = d.CpuLimit is { } cpus ? (long)Math.Round(cpus * 1_000_000_000d) : 0,
                SecurityOpt = d.SecurityOptions.Count > 0 ? [.. d.SecurityOptions] : null,
                ExtraHosts = d.ExtraHosts.Count > 0 ? [.. d.ExtraHosts] : null,
                NetworkMode = d.Network,
                Mounts = d.Mounts.Count > 0 ? d.Mounts.Select(MountOf).ToList() : null,
                PortBindings = d.Publish.Count > 0 ? PortBindings(d.Publish) : null,
            },
            ExposedPorts = d.Publish.Count > 0 ? d.Publish.Select(PortKey).Distinct(StringComparer.Ordinal).ToDictionary(p => p, _ => default(EmptyStruct), StringComparer.Ordinal) : null,
            NetworkingConfig = d.Network is { } network && d.NetworkAliases.Count > 0
                ? new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal) { [network] = new EndpointSettings { Aliases = [.. d.NetworkAliases] } } }
                : null,
        };
        return body;
    }

    /// <summary>The port key the API uses, e.g. <c>8080/tcp</c>.</summary>
    public static string PortKey(PublishSpec spec) => $"{spec.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{spec.Protocol}";

    private static Dictionary<string, string> Labels(
        ImmutableSortedDictionary<string, string> own,
        IReadOnlyDictionary<string, string>? extra,
        IReadOnlyDictionary<string, string>? engine)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in engine ?? ImmutableSortedDictionary<string, string>.Empty)
        {
            labels[key] = value;
        }

        foreach (var (key, value) in own)
        {
            labels[key] = value;
        }

        foreach (var (key, value) in extra ?? ImmutableSortedDictionary<string, string>.Empty)
        {
            labels[key] = value;
        }

        return labels;
    }

    private static Dictionary<string, IList<PortBinding>> PortBindings(IEnumerable<PublishSpec> specs)
    {
        var bindings = new Dictionary<string, IList<PortBinding>>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var key = PortKey(spec);
            if (!bindings.TryGetValue(key, out var list))
            {
                bindings[key] = list = [];
            }

            // The engine picks the host port when it is empty; an IPv6 address goes without brackets here.
            list.Add(new PortBinding
            {
                HostIP = spec.HostIp?.ToString() ?? string.Empty,
                HostPort = spec.HostPort?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            });
        }

        return bindings;
    }

    private static Docker.DotNet.Models.Mount MountOf(Ociman.Mount mount) => new()
    {
        Type = mount.Type switch
        {
            MountType.Bind => "bind",
            MountType.Volume => "volume",
            _ => "tmpfs",
        },
        Source = mount.Source,
        Target = mount.Target,
        ReadOnly = mount.ReadOnly ? true : null,
    };

    private static HealthcheckConfig? HealthCheck(ContainerDefinition d)
    {
        if (d.HealthCheckDisabled)
        {
            return new HealthcheckConfig { Test = ["NONE"] };
        }

        if (d.HealthCheck is not { } h)
        {
            return null;
        }

        return new HealthcheckConfig
        {
            Test = ["CMD-SHELL", h.Command],
            Interval = h.Interval,
            Timeout = h.Timeout,
            Retries = h.Retries,
            StartPeriod = h.StartPeriod,
        };
    }
}
