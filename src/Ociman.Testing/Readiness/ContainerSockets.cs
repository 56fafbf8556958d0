using System.Globalization;

namespace Ociman.Testing;

/// <summary>Reads a container's listening TCP sockets from the host, in <c>/proc</c>, when its processes are visible here.</summary>
/// <remarks>
/// <c>/proc/PID/net/tcp</c> and <c>tcp6</c> list the sockets of the network namespace of process PID, so for the
/// container's main process (<c>State.Pid</c>) they list the container's sockets, whatever the image holds (no shell,
/// no <c>exec</c>). A pid is only trusted when <c>/proc/PID/cgroup</c> names the container's id: for a remote engine,
/// an engine in a virtual machine or in another pid namespace the number belongs to some other process or to none.
/// </remarks>
internal static class ContainerSockets
{
    /// <summary>Where the host's process file system is mounted.</summary>
    public const string DefaultProcRoot = "/proc";

    // The TCP state LISTEN, as /proc/net/tcp writes it (include/net/tcp_states.h: TCP_LISTEN = 10).
    private const string ListenState = "0A";

    /// <summary>
    /// Whether a socket in the container's network namespace listens on <paramref name="port"/>: true or false when
    /// the container's main process is visible from this host, null when it is not (then nothing is known).
    /// </summary>
    /// <param name="procRoot">The process file system, <see cref="DefaultProcRoot"/> but in tests.</param>
    /// <param name="containerId">The container's full id.</param>
    /// <param name="pid">The container's main process id as the engine reports it (0 when it does not run).</param>
    /// <param name="port">The container port.</param>
    public static bool? IsListening(string procRoot, string containerId, int pid, int port)
    {
        if (pid <= 0)
        {
            // Nothing runs in the container, so nothing listens.
            return false;
        }

        if (!OperatingSystem.IsLinux() || containerId.Length == 0)
        {
            return null;
        }

        var process = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            if (!File.ReadAllText(Path.Combine(process, "cgroup")).Contains(containerId, StringComparison.Ordinal))
            {
                return null;
            }

            return HasListener(File.ReadAllText(Path.Combine(process, "net", "tcp")), port)
                || HasListener(ReadIfPresent(Path.Combine(process, "net", "tcp6")), port);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or not ours to read: nothing is known from here.
            return null;
        }
    }

    /// <summary>Whether a table in the format of <c>/proc/net/tcp</c> or <c>tcp6</c> holds a socket in state LISTEN on <paramref name="port"/>.</summary>
    /// <remarks>Each line after the header is <c>sl local_address rem_address st …</c>, the address <c>HEXADDR:HEXPORT</c>.</remarks>
    public static bool HasListener(string table, int port)
    {
        foreach (var line in table.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != ListenState)
            {
                continue;
            }

            var colon = fields[1].LastIndexOf(':');
            if (colon > 0 && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var local) && local == port)
            {
                return true;
            }
        }

        return false;
    }

    // tcp6 is absent when the kernel has no IPv6.
    private static string ReadIfPresent(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;
}
