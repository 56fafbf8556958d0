using System.Collections.Immutable;
using System.Globalization;

namespace Ociman.Containers;

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

/// <summary>Renders definitions and exec requests as engine arguments; pure, so it is unit-tested without an engine.</summary>
internal static class ArgumentRenderer
{
    /// <summary>The label that marks every container of one run call, so a cancelled or failed start can be cleaned up.</summary>
    public const string InvocationLabel = "io.ociman.invocation";

    /// <summary>Renders <c>container run</c>/<c>container create</c>: spec section 4's order, then Ociman's extra options before the working directory.</summary>
    /// <param name="d">The definition.</param>
    /// <param name="mode">Run detached, in the foreground, or create.</param>
    /// <param name="extraLabels">Labels added for this call only (the invocation label).</param>
    /// <param name="envFile">The env file carrying the variables the CLI reads itself (see <see cref="Execution.CliEnvironment"/>), or null.</param>
    /// <param name="engineLabels">The engine's labels for every container (<see cref="EngineOptions.ContainerLabels"/>); the definition's own labels win over them.</param>
    public static IReadOnlyList<string> Run(ContainerDefinition d, RunMode mode, IReadOnlyDictionary<string, string>? extraLabels = null, string? envFile = null, IReadOnlyDictionary<string, string>? engineLabels = null)
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
        foreach (var (key, value) in engineLabels ?? ImmutableSortedDictionary<string, string>.Empty)
        {
            labels = labels.ContainsKey(key) ? labels : labels.Add(key, value);
        }

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

    /// <summary>Renders <c>container exec</c> per spec section 5 (stdin implies <c>--interactive</c>).</summary>
    public static IReadOnlyList<string> Exec(string containerId, ExecCommand e, string? envFile = null)
    {
        var a = new List<string> { "container", "exec" };
        if (e.Tty)
        {
            a.Add("--tty");
        }

        if (e.HasStandardInput)
        {
            a.Add("--interactive");
        }

        AddIf(a, "--user", e.User);
        AddIf(a, "--workdir", e.WorkingDirectory);
        AddEnvironment(a, e.Environment.Keys, envFile);

        a.Add(containerId);
        a.Add(e.Executable);
        a.AddRange(e.Arguments);
        return a;
    }

    // Names only: the CLI takes each value from its own environment (see ContainerDefinition remarks); names the CLI
    // reads itself travel in the env file instead.
    private static void AddEnvironment(List<string> a, IEnumerable<string> names, string? envFile)
    {
        foreach (var variable in names)
        {
            if (!Execution.CliEnvironment.IsReservedForCli(variable))
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
