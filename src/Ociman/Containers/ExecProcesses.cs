using System.Globalization;
using System.Text;
using Ociman.Logging;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman;

/// <summary>Ends the processes of a cancelled exec, which the engines leave running (transport-neutral).</summary>
/// <remarks>
/// Neither engine ends an exec's command when its client goes away: a cancelled <c>docker exec</c>, <c>podman exec</c>
/// or Engine API exec leaves the command running in the container. Every exec therefore carries a marker,
/// <see cref="MarkerVariable"/> set to a random value in the command's environment (inherited by what it starts). On
/// cancellation the processes carrying it are killed (SIGKILL):
/// <list type="number">
/// <item>from the host, when the engine's processes are visible here (a local engine, rootful or rootless): every
/// process whose <c>/proc/PID/cgroup</c> names the container is a candidate, and those whose environment holds the
/// marker are killed, until a pass finds none (a child forked meanwhile is found by the next pass); then, for
/// <see cref="SettleTime"/> after the caller has its cancellation, a background watch kills marked processes that
/// appear late (a command the engine was still starting: <c>runc init</c> carries the marker only once it has become
/// the command);</item>
/// <item>otherwise (a remote engine, or candidates whose environment this user may not read) from inside the
/// container, by a second exec of <c>sh</c> as root that does the same over the container's <c>/proc</c>. An image
/// without <c>sh</c>, <c>tr</c>, <c>grep</c> and <c>kill</c> cannot do that: the processes are then left running, and
/// a warning (event 1531) says so.</item>
/// </list>
/// </remarks>
internal static class ExecProcesses
{
    /// <summary>The environment variable that marks an exec's processes.</summary>
    public const string MarkerVariable = "OCIMAN_EXEC";

    /// <summary>How long stopping may take in all (the in-container route runs an exec).</summary>
    internal static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long, after the cancellation, the host keeps watching for marked processes that appear late: a command
    /// cancelled while the engine was still starting it (the CLI process already gone, but <c>conmon</c>/<c>runc
    /// exec</c> under way, or <c>runc init</c> not yet replaced by the command) only shows its marker afterwards.
    /// </summary>
    internal static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan SettleInterval = TimeSpan.FromMilliseconds(25);

    private const int MaxPasses = 20;

    /// <summary>A new marker value: 128 random bits, so a process that carries it was started by this exec.</summary>
    public static string NewMarker() => Guid.NewGuid().ToString("N");

    /// <summary>Kills the processes carrying <paramref name="marker"/> in the container; never throws (what is left is logged).</summary>
    /// <param name="engine">The container's engine.</param>
    /// <param name="containerId">The container's full id.</param>
    /// <param name="marker">The exec's marker value.</param>
    public static async Task StopAsync(Engine engine, string containerId, string marker)
    {
        var host = StopFromHost(containerId, marker);
        if (host.SawContainer && host.Unreadable == 0)
        {
            Log.ExecProcessesStopped(engine.Logger, containerId, host.Killed, "the host");

            // The caller gets its cancellation now; a command the engine was still starting is ended when it shows up.
            _ = Task.Run(() => WatchForLateProcessesAsync(engine, containerId, marker));
            return;
        }

        using var bound = new CancellationTokenSource(StopTimeout);
        var script = InContainerScript(marker);
        var request = new ExecRequest(containerId, "sh", ["-c", script], new Dictionary<string, string>(), "0", null, false, null);
        string reason;
        try
        {
            var outcome = await engine.Operations.ExecAsync(request, bound.Token).ConfigureAwait(false);
            if (outcome.ExitCode == 0 && int.TryParse(outcome.StandardOutput.Span.Length == 0 ? "0" : Encoding.UTF8.GetString(outcome.StandardOutput.Span).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var killed))
            {
                Log.ExecProcessesStopped(engine.Logger, containerId, host.Killed + killed, "inside the container");
                return;
            }

            reason = outcome.StartFailure ?? $"the stopping script exited with code {outcome.ExitCode}: {outcome.StandardError.Trim()}";
        }
        catch (Exception ex) when (ex is OcimanException or OperationCanceledException)
        {
            reason = ex.Message;
        }

        var seen = host.SawContainer
            ? $"{host.Unreadable} process(es) of the container whose environment this user may not read"
            : "no process of the container is visible on this host";
        Log.ExecProcessesNotStopped(engine.Logger, containerId, MarkerVariable, marker, seen, reason);
    }

    /// <summary>Kills marked processes that appear during <see cref="SettleTime"/>; never throws.</summary>
    internal static async Task<int> WatchForLateProcessesAsync(Engine engine, string containerId, string marker)
    {
        var killed = 0;
        try
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            while (stopwatch.Elapsed < SettleTime)
            {
                await Task.Delay(SettleInterval).ConfigureAwait(false);
                var pass = StopFromHost(containerId, marker);
                killed += pass.Killed;
                if (!pass.SawContainer)
                {
                    // The container is gone (removed, or its last process ended): nothing can start in it any more.
                    break;
                }
            }

            if (killed > 0)
            {
                Log.ExecProcessesStopped(engine.Logger, containerId, killed, "the host, after the cancellation (they started late)");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // /proc went away under us: nothing more to do.
        }

        return killed;
    }

    /// <summary>The shell script that kills, inside the container, every process whose environment holds the marker, and prints how many.</summary>
    internal static string InContainerScript(string marker) =>
        "n=0; for d in /proc/[0-9]*; do " +
        $"if tr '\\0' '\\n' < \"$d/environ\" 2>/dev/null | grep -qx '{MarkerVariable}={marker}'; then kill -9 \"${{d#/proc/}}\" 2>/dev/null && n=$((n+1)); fi; " +
        "done; echo $n";

    /// <summary>Whether the NUL-separated environment block <paramref name="environ"/> holds <c>NAME=VALUE</c> exactly.</summary>
    internal static bool HoldsMarker(ReadOnlySpan<byte> environ, string marker)
    {
        var entry = Encoding.ASCII.GetBytes($"{MarkerVariable}={marker}");
        while (!environ.IsEmpty)
        {
            var end = environ.IndexOf((byte)0);
            var variable = end < 0 ? environ : environ[..end];
            if (variable.SequenceEqual(entry))
            {
                return true;
            }

            environ = end < 0 ? [] : environ[(end + 1)..];
        }

        return false;
    }

    private static HostView StopFromHost(string containerId, string marker)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
        {
            return new HostView(false, 0, 0);
        }

        var sawContainer = false;
        var killed = 0;
        var unreadable = new HashSet<int>();
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var killedNow = 0;
            foreach (var pid in ProcessesOf(containerId))
            {
                sawContainer = true;
                byte[] environ;
                try
                {
                    environ = File.ReadAllBytes($"/proc/{pid}/environ");
                }
                catch (UnauthorizedAccessException)
                {
                    unreadable.Add(pid);
                    continue;
                }
                catch (IOException)
                {
                    // Gone meanwhile.
                    continue;
                }

                if (HoldsMarker(environ, marker) && ProcessTree.TryKill(pid))
                {
                    killedNow++;
                }
            }

            killed += killedNow;
            if (killedNow == 0)
            {
                break;
            }
        }

        return new HostView(sawContainer, killed, unreadable.Count);
    }

    /// <summary>The host pids whose cgroup path names the container (both engines put the full id in it).</summary>
    private static List<int> ProcessesOf(string containerId)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cgroup")).Contains(containerId, StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to look at.
            }
        }

        return pids;
    }

    private sealed record HostView(bool SawContainer, int Killed, int Unreadable);
}
