using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Ociman.Testing;

/// <summary>The test session of this process: labels for everything fixtures create, and the sweep of orphans.</summary>
/// <remarks>
/// Every container a fixture starts, and every container started through <see cref="TestEngine"/>'s engine, carries
/// <see cref="SessionLabel"/>, <see cref="OwnerPidLabel"/>, <see cref="OwnerStartLabel"/> and <see cref="OwnerHostLabel"/>.
/// When a process first uses an engine, it removes every labelled container on this host whose owning process is gone (or whose pid now belongs to another process), so a
/// test run killed with SIGKILL leaks nothing past the next run. No helper container, nothing to pull, and it works on
/// rootless engines: it is only <c>container list</c> and <c>container rm</c>.
/// </remarks>
public static class TestSession
{
    /// <summary>The label whose value is the session id.</summary>
    public const string SessionLabel = "io.ociman.session";

    /// <summary>The label whose value is the owning process id.</summary>
    public const string OwnerPidLabel = "io.ociman.owner-pid";

    /// <summary>The label whose value is the owning process's start time (clock ticks since boot on Linux), which tells a reused pid apart.</summary>
    public const string OwnerStartLabel = "io.ociman.owner-start";

    /// <summary>The label whose value is the host the owning process runs on.</summary>
    public const string OwnerHostLabel = "io.ociman.owner-host";

    private static readonly Lazy<string> StartTicks = new(() => ProcessStart(Environment.ProcessId)?.ToString(CultureInfo.InvariantCulture) ?? "0");

    /// <summary>This process's session id (one per process).</summary>
    public static string Id { get; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>The labels every container a fixture or the test engine starts carries (never an image: a snapshot commit empties them).</summary>
    public static IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SessionLabel] = Id,
        [OwnerPidLabel] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        [OwnerStartLabel] = StartTicks.Value,
        [OwnerHostLabel] = Environment.MachineName,
    };

    /// <summary>The <c>commit --change</c> instructions that empty the ownership labels on a committed image.</summary>
    /// <remarks>
    /// A committed image inherits its container's labels, and neither engine's <c>commit</c> can drop a label, only set it;
    /// an empty owner host never matches the sweep's filter, and <see cref="SweepOrphansAsync"/> also skips containers
    /// whose session label came from their image (as from snapshots committed before the labels were emptied).
    /// </remarks>
    internal static IReadOnlyList<string> ClearOwnershipChanges { get; } =
        [.. new[] { SessionLabel, OwnerPidLabel, OwnerStartLabel, OwnerHostLabel }.Select(key => $"LABEL {key}=\"\"")];

    /// <summary>Adds the session labels to a definition.</summary>
    public static ContainerDefinition Label(ContainerDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.WithLabels(Labels);
    }

    /// <summary>Removes labelled containers and networks on this host whose owning process is gone; returns how many were removed.</summary>
    /// <remarks>
    /// Containers go first, then networks (disconnecting what is still attached). One that cannot be removed is logged
    /// (event 2050 for a container, 2053 for a network, category <c>Ociman.Testing.Session</c>) and left; the sweep goes on.
    /// </remarks>
    /// <exception cref="OcimanException">The engine could not list the containers.</exception>
    public static async Task<int> SweepOrphansAsync(Engine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var labelled = await engine.ListContainersAsync([new(SessionLabel, null), new(OwnerHostLabel, Environment.MachineName)], cancellationToken).ConfigureAwait(false);
        var logger = engine.LoggerFactory.CreateLogger("Ociman.Testing.Session");
        var removed = 0;
        foreach (var container in labelled)
        {
            if (IsOwnerAlive(container.Labels))
            {
                continue;
            }

            try
            {
                var orphan = await TryGetAsync(engine, container.Id, cancellationToken).ConfigureAwait(false);
                if (orphan is not null && await InheritsSessionAsync(engine, orphan, container.Labels, cancellationToken).ConfigureAwait(false))
                {
                    // Started from an image that carries a session's labels (by hand, or by another tool): not ours.
                    Logging.Log.InheritedSessionLabels(logger, container.Id);
                }
                else if (orphan is not null)
                {
                    await orphan.RemoveAsync(force: true, cancellationToken).ConfigureAwait(false);
                    removed++;
                }
            }
            catch (Exception ex) when (ex is OcimanException or IOException)
            {
                // One orphan that cannot be removed (a daemon error, a container being removed by another sweep) must
                // not stop the sweep, nor make the engine count as unavailable: it is logged and left for a later sweep.
                Logging.Log.OrphanNotRemoved(logger, container.Id, ex);
            }
        }

        return removed + await SweepOrphanedNetworksAsync(engine, logger, cancellationToken).ConfigureAwait(false);
    }

    // Networks carry the session labels too (the engine labels everything it creates); a dead owner's networks go
    // after its containers, so nothing of the owner is attached any more. Images never carry them, so no network is
    // "inherited" the way a container started from a snapshot is.
    private static async Task<int> SweepOrphanedNetworksAsync(Engine engine, ILogger logger, CancellationToken cancellationToken)
    {
        var labelled = await engine.ListNetworksAsync([new(SessionLabel, null), new(OwnerHostLabel, Environment.MachineName)], cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var network in labelled)
        {
            if (IsOwnerAlive(network.Labels))
            {
                continue;
            }

            try
            {
                await (await engine.GetNetworkAsync(network.Id, cancellationToken).ConfigureAwait(false)).RemoveAsync(cancellationToken).ConfigureAwait(false);
                removed++;
            }
            catch (NetworkNotFoundException)
            {
                // Removed by another sweep in the meantime.
            }
            catch (Exception ex) when (ex is OcimanException or IOException)
            {
                Logging.Log.OrphanedNetworkNotRemoved(logger, network.Name, ex);
            }
        }

        return removed;
    }

    /// <summary>Whether the process named by a container's owner labels still runs (same pid and same start time).</summary>
    public static bool IsOwnerAlive(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!labels.TryGetValue(OwnerPidLabel, out var pidText) || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        var start = ProcessStart(pid);
        if (start is null)
        {
            return false;
        }

        return !labels.TryGetValue(OwnerStartLabel, out var startText) || startText == start.Value.ToString(CultureInfo.InvariantCulture);
    }

    // Whether the container's session label has the value its image carries: then the label was inherited, not set by
    // the session that started it, and says nothing about who owns the container.
    private static async Task<bool> InheritsSessionAsync(Engine engine, Container container, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        if (!labels.TryGetValue(SessionLabel, out var session))
        {
            return false;
        }

        var inspection = await container.InspectAsync(cancellationToken).ConfigureAwait(false);

        // The image id: "sha256:<hex>" on Docker, bare hex on Podman; either names the image to inspect.
        var imageId = inspection.Raw.TryGetProperty("Image", out var image) && image.ValueKind == System.Text.Json.JsonValueKind.String ? image.GetString() : null;
        if (imageId is null || !ImageReference.TryParse(imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId["sha256:".Length..] : imageId, out var reference))
        {
            return false;
        }

        try
        {
            var imageLabels = (await engine.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false)).Labels;
            return imageLabels.TryGetValue(SessionLabel, out var inherited) && string.Equals(inherited, session, StringComparison.Ordinal);
        }
        catch (ImageNotFoundException)
        {
            return false;
        }
    }

    private static async Task<Container?> TryGetAsync(Engine engine, string id, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.GetContainerAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerNotFoundException)
        {
            return null;
        }
    }

    // On Linux: field 22 of /proc/<pid>/stat, the start time in clock ticks since boot, a stable integer.
    // Elsewhere: the process start time to the second.
    private static long? ProcessStart(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");

                // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return long.Parse(fields[19], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                return null;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
