namespace Ociman.Testing.XunitV3.Tests.Support;

/// <summary>Processes on this machine, found by their arguments (read from <c>/proc/PID/cmdline</c>).</summary>
public static class HostProcesses
{
    /// <summary>The ids of the processes whose arguments satisfy <paramref name="predicate"/>; processes that end meanwhile, or that cannot be read, are left out.</summary>
    public static List<int> Matching(Func<string[], bool> predicate)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (predicate(File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0')))
                    {
                        found.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // The process ended meanwhile.
                }
                catch (UnauthorizedAccessException)
                {
                    // Not ours to read.
                }
            }
        }

        return found;
    }

    /// <summary>As <see cref="Matching"/>, once none is left, or those still there after 10 s.</summary>
    public static async Task<List<int>> MatchingAfterSettlingAsync(Func<string[], bool> predicate)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        List<int> left;
        while ((left = Matching(predicate)).Count > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        return left;
    }
}
