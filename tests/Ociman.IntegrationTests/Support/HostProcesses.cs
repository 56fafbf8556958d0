using System.Globalization;

namespace Ociman.IntegrationTests.Support;

/// <summary>What the host's <c>/proc</c> says about processes: engine CLI children of the test process, command lines.</summary>
public static class HostProcesses
{
    private static readonly string[] CliNames = ["docker", "podman"];

    /// <summary>The live (not zombie) <c>docker</c>/<c>podman</c> processes whose parent is the test process.</summary>
    public static IReadOnlyList<string> EngineCliChildren()
    {
        var me = Environment.ProcessId;
        var children = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pidText = Path.GetFileName(dir);
            if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var status = TryRead(Path.Combine(dir, "status"));
            if (status is null)
            {
                continue;
            }

            string? name = null, state = null;
            int parent = -1;
            foreach (var line in status.Split('\n'))
            {
                if (line.StartsWith("Name:", StringComparison.Ordinal))
                {
                    name = line[5..].Trim();
                }
                else if (line.StartsWith("State:", StringComparison.Ordinal))
                {
                    state = line[6..].Trim();
                }
                else if (line.StartsWith("PPid:", StringComparison.Ordinal))
                {
                    parent = int.Parse(line[5..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            if (parent == me && CliNames.Contains(name) && state is not null && !state.StartsWith('Z'))
            {
                children.Add($"{pid} {name}: {CommandLine(pid)}");
            }
        }

        return children;
    }

    /// <summary>Waits (up to a deadline) until the test process has no engine CLI child, and returns those that remain.</summary>
    public static async Task<IReadOnlyList<string>> EngineCliChildrenAfterSettlingAsync(TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var children = EngineCliChildren();
            if (children.Count == 0 || DateTime.UtcNow > until)
            {
                return children;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The command line of every process on the host, arguments joined by spaces.</summary>
    public static IReadOnlyList<string> AllCommandLines()
    {
        var lines = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && CommandLine(pid) is { Length: > 0 } cmd)
            {
                lines.Add(cmd);
            }
        }

        return lines;
    }

    /// <summary>The command lines of the live (not zombie) processes of a local container: those whose cgroup names it.</summary>
    public static IReadOnlyList<string> OfContainer(string containerId)
    {
        var lines = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryRead(Path.Combine(dir, "cgroup")) is { } cgroup && cgroup.Contains(containerId, StringComparison.Ordinal)
                && TryRead(Path.Combine(dir, "stat")) is { } stat && stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z') is false
                && CommandLine(pid) is { Length: > 0 } cmd)
            {
                lines.Add(cmd);
            }
        }

        return lines;
    }

    /// <summary>The value of the environment variable <paramref name="name"/> of the first process of a local container running <paramref name="commandLine"/>, or null.</summary>
    public static string? EnvironmentOf(string containerId, string commandLine, string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryRead(Path.Combine(dir, "cgroup")) is { } cgroup && cgroup.Contains(containerId, StringComparison.Ordinal)
                && CommandLine(pid) == commandLine && TryRead(Path.Combine(dir, "environ")) is { } environ)
            {
                return environ.Split('\0').FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
            }
        }

        return null;
    }

    private static string CommandLine(int pid) =>
        (TryRead($"/proc/{pid}/cmdline") ?? string.Empty).Replace('\0', ' ').Trim();

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked.
            return null;
        }
    }
}
