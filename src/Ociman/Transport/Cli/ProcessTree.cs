using System.Diagnostics;
using System.Globalization;

namespace Ociman.Transport.Cli;

/// <summary>What <c>/proc</c> says about the processes below one that Ociman started (Linux only).</summary>
internal static class ProcessTree
{
    /// <summary>
    /// Kills (SIGKILL) every descendant of <paramref name="rootProcessId"/> that runs in another PID namespace than the
    /// root: the containers an engine process started (their first process; the kernel then ends the rest of the
    /// namespace). The engine's own helper processes are left alone, so the engine sees its step fail and cleans up.
    /// </summary>
    /// <returns>How many processes were sent the signal.</returns>
    public static int KillContainedDescendants(int rootProcessId)
    {
        if (!OperatingSystem.IsLinux() || PidNamespace(rootProcessId) is not { } rootNamespace)
        {
            return 0;
        }

        var killed = 0;
        foreach (var pid in Descendants(rootProcessId))
        {
            if (PidNamespace(pid) is { } ns && ns != rootNamespace && TryKill(pid))
            {
                killed++;
            }
        }

        return killed;
    }

    /// <summary>The descendants of <paramref name="rootProcessId"/>, parents before children.</summary>
    public static IReadOnlyList<int> Descendants(int rootProcessId)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var result = new List<int>();
        var queue = new Queue<int>([rootProcessId]);
        while (queue.TryDequeue(out var pid))
        {
            if (children.TryGetValue(pid, out var list))
            {
                foreach (var child in list)
                {
                    result.Add(child);
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    private static int? ParentOf(int pid) => TryRead($"/proc/{pid}/stat") is { } stat ? ParseParent(stat) : null;

    /// <summary>The parent pid from the text of <c>/proc/PID/stat</c>: the field after the state, which follows the command name in parentheses (a name may hold spaces and parentheses itself).</summary>
    internal static int? ParseParent(string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0)
        {
            return null;
        }

        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    private static string? PidNamespace(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone, or not ours to look at.
            return null;
        }
    }

    internal static bool TryKill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It ended meanwhile, or may not be signalled by this user.
            return false;
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
