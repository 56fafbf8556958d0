using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Globalization;

namespace Ociman;

/// <summary>When the engine pulls the image before running a container.</summary>
public enum PullPolicy
{
    /// <summary>Always pull (<c>--pull always</c>).</summary>
    Always,

    /// <summary>Pull only when the image is absent (<c>--pull missing</c>).</summary>
    Missing,

    /// <summary>Never pull (<c>--pull never</c>): an absent image is an <see cref="ImageNotFoundException"/>.</summary>
    Never,
}

/// <summary>A health check run by the engine inside the container (<c>--health-*</c> options).</summary>
/// <param name="Command">The command, run by the container's shell (<c>--health-cmd</c>).</param>
/// <param name="Interval">Time between checks.</param>
/// <param name="Timeout">Time one check may take.</param>
/// <param name="Retries">Consecutive failures before the container is unhealthy.</param>
/// <param name="StartPeriod">Time after start during which failures do not count.</param>
public sealed record HealthCheck(string Command, TimeSpan? Interval = null, TimeSpan? Timeout = null, int? Retries = null, TimeSpan? StartPeriod = null);

/// <summary>A file or directory on the host copied into the container before it starts.</summary>
/// <param name="HostPath">An existing file or directory on the host.</param>
/// <param name="ContainerPath">The absolute destination path inside the container.</param>
public sealed record CopyIn(string HostPath, string ContainerPath);

/// <summary>An immutable description of a container to run: image, command and every run option.</summary>
/// <remarks>
/// Every <c>With…</c> method returns a new definition and leaves this one unchanged. One rule for collections:
/// methods taking several items (arguments, publish specs, mounts, …) append to what is there; keyed ones
/// (environment variables, labels) set the key, replacing an earlier value for the same key.
/// Environment values never reach the command line: Ociman passes <c>--env NAME</c> and gives the value to the
/// engine's CLI process through its environment, so it is absent from <c>ps</c> output and from logs.
/// Containers run with <c>--rm</c> unless <see cref="WithAutoRemove"/> turns it off.
/// </remarks>
public sealed record ContainerDefinition
{
    private ContainerDefinition(ImageReference image)
    {
        Image = image;
    }

    /// <summary>Starts a definition that runs <paramref name="image"/> with its default command.</summary>
    public static ContainerDefinition For(ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new ContainerDefinition(image);
    }

    /// <summary>Starts a definition that runs the image named by <paramref name="image"/>.</summary>
    /// <exception cref="FormatException"><paramref name="image"/> is not a valid image reference.</exception>
    public static ContainerDefinition For(string image) => For(ImageReference.Parse(image));

    /// <summary>The image to run.</summary>
    public ImageReference Image { get; private init; }

    /// <summary>Whether the engine removes the container when it stops (<c>--rm</c>); true by default.</summary>
    public bool AutoRemove { get; private init; } = true;

    /// <summary>Whether to allocate a pseudo-terminal (<c>--tty</c>).</summary>
    public bool Tty { get; private init; }

    /// <summary>Whether to keep standard input open (<c>--interactive</c>).</summary>
    public bool Interactive { get; private init; }

    /// <summary>The pull policy, or null for the engine's default.</summary>
    public PullPolicy? Pull { get; private init; }

    /// <summary>The container's name, or null to let the engine choose one.</summary>
    public ContainerName? Name { get; private init; }

    /// <summary>Environment variables, sorted by name; values are passed out of band (see remarks on the type).</summary>
    public ImmutableSortedDictionary<string, string> Environment { get; private init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Labels, sorted by key.</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; private init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Ports to publish, in the order they were added.</summary>
    public ImmutableList<PublishSpec> Publish { get; private init; } = [];

    /// <summary>Mounts, in the order they were added.</summary>
    public ImmutableList<Mount> Mounts { get; private init; } = [];

    /// <summary>Security options (<c>--security-opt</c>), in the order they were added.</summary>
    public ImmutableList<string> SecurityOptions { get; private init; } = [];

    /// <summary>The network to attach to (<c>--network</c>), or null for the default.</summary>
    public string? Network { get; private init; }

    /// <summary>Aliases on the network (<c>--network-alias</c>).</summary>
    public ImmutableList<string> NetworkAliases { get; private init; } = [];

    /// <summary>The container's host name (<c>--hostname</c>).</summary>
    public string? Hostname { get; private init; }

    /// <summary>Extra host-to-address entries (<c>--add-host host:address</c>).</summary>
    public ImmutableList<string> ExtraHosts { get; private init; } = [];

    /// <summary>The user the container runs as (<c>--user</c>), e.g. <c>1234:5678</c> or <c>postgres</c>.</summary>
    public string? User { get; private init; }

    /// <summary>Whether to run an init process as PID 1 (<c>--init</c>).</summary>
    public bool Init { get; private init; }

    /// <summary>The memory limit in bytes (<c>--memory</c>).</summary>
    public long? MemoryLimitBytes { get; private init; }

    /// <summary>The CPU limit in CPUs (<c>--cpus</c>).</summary>
    public double? CpuLimit { get; private init; }

    /// <summary>The signal that stops the container (<c>--stop-signal</c>).</summary>
    public string? StopSignal { get; private init; }

    /// <summary>The time the engine waits after the stop signal before killing (<c>--stop-timeout</c>).</summary>
    public TimeSpan? StopTimeout { get; private init; }

    /// <summary>The health check, or null to use the image's.</summary>
    public HealthCheck? HealthCheck { get; private init; }

    /// <summary>Whether the image's health check is disabled (<c>--no-healthcheck</c>).</summary>
    public bool HealthCheckDisabled { get; private init; }

    /// <summary>The working directory inside the container (<c>--workdir</c>).</summary>
    public string? WorkingDirectory { get; private init; }

    /// <summary>The entrypoint override (<c>--entrypoint</c>).</summary>
    public string? Entrypoint { get; private init; }

    /// <summary>The command arguments after the image.</summary>
    public ImmutableList<string> Arguments { get; private init; } = [];

    /// <summary>Files and directories copied in before the container starts.</summary>
    public ImmutableList<CopyIn> CopyIns { get; private init; } = [];

    /// <summary>Returns a copy that runs <paramref name="image"/>.</summary>
    [Pure]
    public ContainerDefinition WithImage(ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return this with { Image = image };
    }

    /// <summary>Returns a copy with <c>--rm</c> on or off.</summary>
    [Pure]
    public ContainerDefinition WithAutoRemove(bool autoRemove) => this with { AutoRemove = autoRemove };

    /// <summary>Returns a copy with <c>--tty</c> on or off.</summary>
    [Pure]
    public ContainerDefinition WithTty(bool tty = true) => this with { Tty = tty };

    /// <summary>Returns a copy with <c>--interactive</c> on or off.</summary>
    [Pure]
    public ContainerDefinition WithInteractive(bool interactive = true) => this with { Interactive = interactive };

    /// <summary>Returns a copy with the given pull policy.</summary>
    [Pure]
    public ContainerDefinition WithPullPolicy(PullPolicy? policy) => this with { Pull = policy };

    /// <summary>Returns a copy with the container name set.</summary>
    [Pure]
    public ContainerDefinition WithName(ContainerName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return this with { Name = name };
    }

    /// <summary>Returns a copy with the container name set.</summary>
    /// <exception cref="FormatException"><paramref name="name"/> is not a valid container name.</exception>
    [Pure]
    public ContainerDefinition WithName(string name) => WithName(ContainerName.Parse(name));

    /// <summary>Returns a copy with an environment variable set (replacing an earlier value of the same name).</summary>
    /// <exception cref="ArgumentException">The name is empty or holds <c>=</c>, whitespace or NUL, or the value holds NUL.</exception>
    [Pure]
    public ContainerDefinition WithEnvironment(string name, string value)
    {
        var validName = EnvironmentVariables.ValidateVariable(name, value);
        return this with { Environment = Environment.SetItem(validName, value) };
    }

    /// <summary>Returns a copy with several environment variables set (replacing earlier values of the same names).</summary>
    [Pure]
    public ContainerDefinition WithEnvironment(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var result = this;
        foreach (var (name, value) in variables)
        {
            result = result.WithEnvironment(name, value);
        }

        return result;
    }

    /// <summary>Returns a copy with a label set (replacing an earlier value of the same key).</summary>
    /// <exception cref="FormatException">The key is not a valid label key.</exception>
    /// <exception cref="ArgumentException">The value is longer than 64 KiB.</exception>
    [Pure]
    public ContainerDefinition WithLabel(string key, string value)
    {
        var label = new Label(LabelKey.Parse(key), value);
        return this with { Labels = Labels.SetItem(label.Key.ToString(), label.Value) };
    }

    /// <summary>Returns a copy with several labels set (replacing earlier values of the same keys).</summary>
    [Pure]
    public ContainerDefinition WithLabels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var result = this;
        foreach (var (key, value) in labels)
        {
            result = result.WithLabel(key, value);
        }

        return result;
    }

    /// <summary>Returns a copy that also publishes the given ports.</summary>
    [Pure]
    public ContainerDefinition WithPublish(params IEnumerable<PublishSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        return this with { Publish = Publish.AddRange(specs.Select(s => s ?? throw new ArgumentException("A publish spec is null.", nameof(specs)))) };
    }

    /// <summary>Returns a copy that also publishes a TCP container port on a port the engine picks, where this machine reaches it.</summary>
    /// <remarks>
    /// On a local engine (a Unix socket) the port is bound to 127.0.0.1. On a remote engine (<see cref="Engine.Endpoint"/>
    /// is TCP or SSH) it is bound to all the engine's addresses, since its 127.0.0.1 is not this machine's; connect to
    /// <see cref="EngineEndpoint.PublishedPortHost"/>. To choose the address yourself, use <see cref="WithPublish"/>.
    /// </remarks>
    [Pure]
    public ContainerDefinition WithPublishedPort(int containerPort) =>
        WithPublish(PublishSpec.TcpReachableFromHere(containerPort));

    /// <summary>The definition as the engine at <paramref name="endpoint"/> is given it (see <see cref="WithPublishedPort"/>).</summary>
    internal ContainerDefinition ForEndpoint(EngineEndpoint endpoint) =>
        endpoint.IsLocal || !Publish.Any(p => p.FollowsEndpoint) ? this : this with { Publish = [.. Publish.Select(p => p.ForEndpoint(endpoint))] };

    /// <summary>Returns a copy with the given mounts added.</summary>
    [Pure]
    public ContainerDefinition WithMounts(params IEnumerable<Mount> mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        return this with { Mounts = Mounts.AddRange(mounts.Select(m => m ?? throw new ArgumentException("A mount is null.", nameof(mounts)))) };
    }

    /// <summary>Returns a copy with the given security options added.</summary>
    [Pure]
    public ContainerDefinition WithSecurityOptions(params IEnumerable<string> options) =>
        this with { SecurityOptions = SecurityOptions.AddRange(NonEmpty(options, nameof(options))) };

    /// <summary>Returns a copy attached to the given network.</summary>
    [Pure]
    public ContainerDefinition WithNetwork(string network) => this with { Network = NonEmpty(network, nameof(network)) };

    /// <summary>Returns a copy with the given network aliases added.</summary>
    [Pure]
    public ContainerDefinition WithNetworkAliases(params IEnumerable<string> aliases) =>
        this with { NetworkAliases = NetworkAliases.AddRange(NonEmpty(aliases, nameof(aliases))) };

    /// <summary>Returns a copy with the given host name.</summary>
    [Pure]
    public ContainerDefinition WithHostname(string hostname) => this with { Hostname = NonEmpty(hostname, nameof(hostname)) };

    /// <summary>Returns a copy with an extra <c>--add-host</c> entry; the address may be <c>host-gateway</c>.</summary>
    [Pure]
    public ContainerDefinition WithExtraHost(string host, string address) =>
        this with { ExtraHosts = ExtraHosts.Add($"{NonEmpty(host, nameof(host))}:{NonEmpty(address, nameof(address))}") };

    /// <summary>Returns a copy that runs as the given user (<c>name</c>, <c>uid</c> or <c>uid:gid</c>).</summary>
    [Pure]
    public ContainerDefinition WithUser(string user) => this with { User = NonEmpty(user, nameof(user)) };

    /// <summary>Returns a copy with <c>--init</c> on or off.</summary>
    [Pure]
    public ContainerDefinition WithInit(bool init = true) => this with { Init = init };

    /// <summary>Returns a copy with a memory limit in bytes (at least 6 MiB, the engines' minimum).</summary>
    [Pure]
    public ContainerDefinition WithMemoryLimit(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 6L * 1024 * 1024);
        return this with { MemoryLimitBytes = bytes };
    }

    /// <summary>Returns a copy with a CPU limit (for example 0.5 or 2).</summary>
    [Pure]
    public ContainerDefinition WithCpuLimit(double cpus)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpus);
        return this with { CpuLimit = cpus };
    }

    /// <summary>Returns a copy with the signal that stops the container (for example <c>SIGINT</c>).</summary>
    [Pure]
    public ContainerDefinition WithStopSignal(string signal) => this with { StopSignal = NonEmpty(signal, nameof(signal)) };

    /// <summary>Returns a copy with the grace period between the stop signal and a kill.</summary>
    /// <remarks>
    /// This is also the one way to ask for a graceful end of a scope: <see cref="Engine.WithContainerAsync{T}"/>
    /// kills and removes its container at once unless the definition has a stop timeout, in which case it sends the
    /// stop signal and waits up to this period first. Disposing a <see cref="Container"/> always kills at once.
    /// </remarks>
    [Pure]
    public ContainerDefinition WithStopTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return this with { StopTimeout = timeout };
    }

    /// <summary>Returns a copy with a health check.</summary>
    [Pure]
    public ContainerDefinition WithHealthCheck(HealthCheck healthCheck)
    {
        ArgumentNullException.ThrowIfNull(healthCheck);
        NonEmpty(healthCheck.Command, nameof(healthCheck));
        return this with { HealthCheck = healthCheck, HealthCheckDisabled = false };
    }

    /// <summary>Returns a copy with the image's health check disabled.</summary>
    [Pure]
    public ContainerDefinition WithoutHealthCheck() => this with { HealthCheck = null, HealthCheckDisabled = true };

    /// <summary>Returns a copy with the working directory set.</summary>
    [Pure]
    public ContainerDefinition WithWorkingDirectory(string directory) => this with { WorkingDirectory = NonEmpty(directory, nameof(directory)) };

    /// <summary>Returns a copy with the entrypoint overridden.</summary>
    [Pure]
    public ContainerDefinition WithEntrypoint(string entrypoint) => this with { Entrypoint = NonEmpty(entrypoint, nameof(entrypoint)) };

    /// <summary>Returns a copy with the given command arguments appended.</summary>
    [Pure]
    public ContainerDefinition WithArguments(params IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return this with { Arguments = Arguments.AddRange(arguments.Select(a => a ?? throw new ArgumentException("An argument is null.", nameof(arguments)))) };
    }

    /// <summary>Returns a copy with no command arguments (the image's default command runs).</summary>
    [Pure]
    public ContainerDefinition WithoutArguments() => this with { Arguments = [] };

    /// <summary>Returns a copy that copies a host file or directory into the container before it starts.</summary>
    /// <exception cref="ArgumentException">The host path does not exist or the container path is not absolute.</exception>
    [Pure]
    public ContainerDefinition WithCopyIn(string hostPath, string containerPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        ArgumentException.ThrowIfNullOrEmpty(containerPath);
        if (!File.Exists(hostPath) && !Directory.Exists(hostPath))
        {
            throw new ArgumentException($"'{hostPath}' does not exist on the host: only existing files and directories can be copied into a container.", nameof(hostPath));
        }

        if (!containerPath.StartsWith('/'))
        {
            throw new ArgumentException($"'{containerPath}' is not an absolute container path: it must start with '/'.", nameof(containerPath));
        }

        return this with { CopyIns = CopyIns.Add(new CopyIn(Path.GetFullPath(hostPath), containerPath)) };
    }

    private static string NonEmpty(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        return value;
    }

    private static List<string> NonEmpty(IEnumerable<string> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        return values.Select(v => string.IsNullOrEmpty(v) ? throw new ArgumentException("An item is null or empty.", name) : v).ToList();
    }

    /// <summary>Returns a copy that also carries <paramref name="labels"/>, except where it sets a label of the same key itself.</summary>
    internal ContainerDefinition WithDefaultLabels(IReadOnlyDictionary<string, string> labels)
    {
        var merged = Labels;
        foreach (var (key, value) in labels)
        {
            merged = merged.ContainsKey(key) ? merged : merged.Add(key, value);
        }

        return ReferenceEquals(merged, Labels) ? this : this with { Labels = merged };
    }

    internal static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
