using System.Collections.Immutable;
using System.Globalization;

namespace Ociman.Transport.Cli;

/// <summary>How a container definition is turned into a command.</summary>
internal enum RunMode
{
    /// <summary><c>container run --detach</c>.</summary>
    Detached,

    /// <summary><c>container run</c> in the foreground.</summary>
    Foreground,

    /// <summary><c>container create</c> (copy files in, then start).</summary>
    Create,
}

/// <summary>The arguments of every container command of the engine CLI; pure, so each is unit-tested without an engine.</summary>
/// <remarks>What differs between Docker and Podman comes from the <see cref="EngineDialect"/>; nothing here starts a process.</remarks>
internal static class ContainerArguments
{
    /// <summary>The label that marks every container of one run call, so a cancelled or failed start can be cleaned up.</summary>
    public const string InvocationLabel = "io.ociman.invocation";

    /// <summary>Renders <c>container run</c>/<c>container create</c>: spec section 4's order, then Ociman's extra options before the working directory.</summary>
    /// <param name="d">The definition.</param>
    /// <param name="mode">Run detached, in the foreground, or create.</param>
    /// <param name="extraLabels">Labels added for this call only (the invocation label).</param>
    /// <param name="envFile">The env file carrying the variables the CLI reads itself (see <see cref="CliEnvironment"/>), or null.</param>
    public static IReadOnlyList<string> Run(ContainerDefinition d, RunMode mode, IReadOnlyDictionary<string, string>? extraLabels = null, string? envFile = null)
    {
        var a = new List<string> { "container", mode == RunMode.Create ? "create" : "run" };
        if (mode == RunMode.Detached)
        {
            a.Add("--detach");
        }

        if (d.AutoRemove)
        {
            a.Add("--rm");
        }

        if (d.Tty)
        {
            a.Add("--tty");
        }

        if (d.Interactive)
        {
            a.Add("--interactive");
        }

        if (d.Pull is { } pull)
        {
            a.Add("--pull");
            a.Add(pull switch
            {
                PullPolicy.Always => "always",
                PullPolicy.Missing => "missing",
                _ => "never",
            });
        }

        if (d.Name is { } name)
        {
            a.Add("--name");
            a.Add(name.ToString());
        }

        AddEnvironment(a, d.Environment.Keys, envFile);

        var labels = d.Labels;
        if (extraLabels is not null)
        {
            labels = labels.SetItems(extraLabels);
        }

        foreach (var (key, value) in labels)
        {
            a.Add("--label");
            a.Add($"{key}={value}");
        }

        foreach (var publish in d.Publish)
        {
            a.Add("--publish");
            a.Add(publish.ToString());
        }

        foreach (var mount in d.Mounts)
        {
            a.Add("--mount");
            a.Add(mount.ToString());
        }

        AddEach(a, "--security-opt", d.SecurityOptions);
        AddIf(a, "--network", d.Network);
        AddEach(a, "--network-alias", d.NetworkAliases);
        AddIf(a, "--hostname", d.Hostname);
        AddEach(a, "--add-host", d.ExtraHosts);
        AddIf(a, "--user", d.User);
        if (d.Init)
        {
            a.Add("--init");
        }

        AddIf(a, "--memory", d.MemoryLimitBytes?.ToString(CultureInfo.InvariantCulture));
        AddIf(a, "--cpus", d.CpuLimit?.ToString("0.###", CultureInfo.InvariantCulture));
        AddIf(a, "--stop-signal", d.StopSignal);
        AddIf(a, "--stop-timeout", d.StopTimeout is { } st ? ((long)Math.Ceiling(st.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null);
        if (d.HealthCheckDisabled)
        {
            a.Add("--no-healthcheck");
        }
        else if (d.HealthCheck is { } h)
        {
            a.Add("--health-cmd");
            a.Add(h.Command);
            AddIf(a, "--health-interval", h.Interval is { } i ? ContainerDefinition.Seconds(i) : null);
            AddIf(a, "--health-timeout", h.Timeout is { } t ? ContainerDefinition.Seconds(t) : null);
            AddIf(a, "--health-retries", h.Retries?.ToString(CultureInfo.InvariantCulture));
            AddIf(a, "--health-start-period", h.StartPeriod is { } s ? ContainerDefinition.Seconds(s) : null);
        }

        AddIf(a, "--workdir", d.WorkingDirectory);
        AddIf(a, "--entrypoint", d.Entrypoint);
        a.Add(d.Image.ToString());
        a.AddRange(d.Arguments);
        return a;
    }

    /// <summary>Renders <c>container exec</c> per spec section 5 (stdin implies <c>--interactive</c>); environment values never appear.</summary>
    /// <param name="request">The exec.</param>
    /// <param name="envFile">The env file carrying the variables the CLI reads itself, or null.</param>
    public static IReadOnlyList<string> Exec(ExecRequest request, string? envFile = null)
    {
        var a = new List<string> { "container", "exec" };
        if (request.Tty)
        {
            a.Add("--tty");
        }

        if (request.StandardInput is not null)
        {
            a.Add("--interactive");
        }

        AddIf(a, "--user", request.User);
        AddIf(a, "--workdir", request.WorkingDirectory);
        AddEnvironment(a, request.Environment.Keys.Order(StringComparer.Ordinal), envFile);

        a.Add(request.ContainerId);
        a.Add(request.Executable);
        a.AddRange(request.Arguments);
        return a;
    }

    /// <summary><c>container start</c>, attached to the container's output when <paramref name="attach"/> (a foreground run of a created container).</summary>
    public static IReadOnlyList<string> Start(string containerId, bool attach = false) =>
        attach ? ["container", "start", "--attach", containerId] : ["container", "start", containerId];

    /// <summary><c>container inspect</c> of one or more containers (the JSON array).</summary>
    public static IReadOnlyList<string> Inspect(params IEnumerable<string> containers) => ["container", "inspect", .. containers];

    /// <summary><c>container inspect</c> printing <c>ID NAME</c>, to tell an exact id or name from a prefix.</summary>
    public static IReadOnlyList<string> IdAndName(string container) => ["container", "inspect", "--format", "{{.Id}} {{.Name}}", container];

    /// <summary><c>container logs</c>, following new output when <paramref name="follow"/>.</summary>
    public static IReadOnlyList<string> Logs(string containerId, bool follow = false) =>
        follow ? ["container", "logs", "--follow", containerId] : ["container", "logs", containerId];

    /// <summary><c>container wait</c>, which prints the exit code.</summary>
    public static IReadOnlyList<string> Wait(string containerId) => ["container", "wait", containerId];

    /// <summary><c>container stop</c>, with <c>--time</c> in whole seconds (rounded up) when a grace period is given.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The grace period is negative.</exception>
    public static IReadOnlyList<string> Stop(string containerId, TimeSpan? gracePeriod)
    {
        var a = new List<string> { "container", "stop" };
        if (gracePeriod is { } grace)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero, nameof(gracePeriod));
            a.Add("--time");
            a.Add(((long)Math.Ceiling(grace.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        a.Add(containerId);
        return a;
    }

    /// <summary><c>container kill</c>, with <c>--signal</c> when a signal is given (the engine sends SIGKILL otherwise).</summary>
    public static IReadOnlyList<string> Kill(string containerId, string? signal) =>
        signal is null ? ["container", "kill", containerId] : ["container", "kill", "--signal", signal, containerId];

    /// <summary><c>container rm</c>: forced per the dialect (a kill at once on both engines), or plain.</summary>
    public static IReadOnlyList<string> Remove(EngineDialect dialect, string containerId, bool force) =>
        force ? dialect.ForceRemoveArguments(containerId) : ["container", "rm", containerId];

    /// <summary><c>container commit</c> in the Docker image format, with the dialect's pause flags, changes and message.</summary>
    public static IReadOnlyList<string> Commit(EngineDialect dialect, EngineVersion version, string containerId, ImageReference image, CommitOptions options)
    {
        var a = new List<string> { "container", "commit" };
        a.AddRange(dialect.ImageFormatArguments);
        a.AddRange(dialect.CommitPauseArguments(version, options.Pause));
        AddEach(a, "--change", options.Changes);
        AddIf(a, "--message", options.Message);
        a.Add(containerId);
        a.Add(image.ToString());
        return a;
    }

    /// <summary><c>container cp</c> out of the container.</summary>
    public static IReadOnlyList<string> CopyFrom(string containerId, string containerPath, string hostPath) =>
        ["container", "cp", $"{containerId}:{containerPath}", hostPath];

    /// <summary><c>container cp</c> into the container.</summary>
    public static IReadOnlyList<string> CopyTo(string containerId, string hostPath, string containerPath) =>
        ["container", "cp", hostPath, $"{containerId}:{containerPath}"];

    /// <summary><c>container list</c> of every container's full id (running or not) carrying all the labels.</summary>
    public static IReadOnlyList<string> List(IReadOnlyList<KeyValuePair<string, string?>> labelFilters) =>
        ["container", "list", "--all", "--no-trunc", "--quiet", .. LabelFilters(labelFilters)];

    /// <summary><c>network inspect</c> of one network.</summary>
    public static IReadOnlyList<string> InspectNetwork(string network) => ["network", "inspect", network];

    /// <summary><c>--filter label=KEY</c> or <c>--filter label=KEY=VALUE</c> for each filter.</summary>
    public static IReadOnlyList<string> LabelFilters(IReadOnlyList<KeyValuePair<string, string?>> labelFilters)
    {
        var a = new List<string>();
        foreach (var (key, value) in labelFilters)
        {
            a.Add("--filter");
            a.Add(value is null ? $"label={key}" : $"label={key}={value}");
        }

        return a;
    }

    // Names only: the CLI takes each value from its own environment (see ContainerDefinition remarks); names the CLI
    // reads itself travel in the env file instead.
    private static void AddEnvironment(List<string> a, IEnumerable<string> names, string? envFile)
    {
        foreach (var variable in names)
        {
            if (!CliEnvironment.IsReservedForCli(variable))
            {
                a.Add("--env");
                a.Add(variable);
            }
        }

        if (envFile is not null)
        {
            a.Add("--env-file");
            a.Add(envFile);
        }
    }

    private static void AddIf(List<string> a, string flag, string? value)
    {
        if (value is not null)
        {
            a.Add(flag);
            a.Add(value);
        }
    }

    private static void AddEach(List<string> a, string flag, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            a.Add(flag);
            a.Add(value);
        }
    }
}
