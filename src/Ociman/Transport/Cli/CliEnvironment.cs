using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Ociman.Transport.Cli;

/// <summary>Which environment variables the engine CLI reads itself, and so cannot carry a container's values.</summary>
/// <remarks>
/// Ociman passes container environment values out of band: <c>--env NAME</c> on the command line and the value in the
/// CLI process's own environment. For a name the CLI itself reads (<c>PATH</c>, <c>HOME</c>, <c>DOCKER_HOST</c>, proxies…)
/// that would reconfigure the CLI, so such variables go through an <c>--env-file</c> that is a named pipe: the values
/// never reach the disk (see <see cref="EnvFile"/>).
/// </remarks>
internal static class CliEnvironment
{
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TMPDIR", "TMP", "TEMP", "TZ", "LANG", "LC_ALL",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "FTP_PROXY",
        "GODEBUG", "GOTRACEBACK", "GOMAXPROCS", "GOGC", "SSH_AUTH_SOCK", "REGISTRY_AUTH_FILE", "STORAGE_DRIVER", "STORAGE_OPTS",
    };

    private static readonly string[] ReservedPrefixes = ["DOCKER_", "CONTAINER_", "CONTAINERS_", "PODMAN_", "BUILDKIT_", "BUILDX_", "XDG_", "LD_", "SSL_", "COMPOSE_"];

    /// <summary>Whether the engine CLI (or the runtime it starts) reads this variable itself.</summary>
    public static bool IsReservedForCli(string name) =>
        ReservedNames.Contains(name) || ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>Splits variables into those passed through the CLI's environment and those that need an env file.</summary>
    public static (Dictionary<string, string> ThroughProcess, Dictionary<string, string> ThroughFile) Split(IReadOnlyDictionary<string, string> variables)
    {
        var process = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            (IsReservedForCli(name) ? file : process)[name] = value;
        }

        return (process, file);
    }
}

/// <summary>
/// Carries environment values the CLI reads itself (so they cannot travel in the CLI's own environment) to one
/// <c>--env-file</c> read, without ever writing a value to disk.
/// </summary>
/// <remarks>
/// <para>
/// The path given to the CLI is a named pipe (FIFO), mode 0600, alone in a directory only the current user can enter.
/// A dedicated thread opens it for writing, which blocks until the CLI opens it for reading; the pipe and its directory
/// are then unlinked at once (the CLI holds it open), and the values are written into the kernel's pipe buffer. Nothing
/// with a value in it ever exists on disk: a process killed at any point leaves at most an empty FIFO in a private
/// directory, and <see cref="Create"/> removes those of dead processes (their names carry the owner's pid and start
/// time).
/// </para>
/// <para>
/// Disposal ends a writer that is still waiting (the CLI failed before reading it) by opening the pipe for reading
/// itself, then removes the directory. The pipe serves exactly one read.
/// </para>
/// </remarks>
internal sealed class EnvFile : IDisposable
{
    private const string Prefix = "ociman-env-";
    private readonly string _directory;
    private readonly Thread _writer;
    private readonly byte[] _content;
    private int _state; // 0 waiting, 1 opened by the reader (or by disposal), 2 disposed

    private EnvFile(string directory, byte[] content)
    {
        _directory = directory;
        _content = content;
        Path = System.IO.Path.Combine(directory, "env");
        _writer = new Thread(Write) { IsBackground = true, Name = "ociman env pipe" };
    }

    /// <summary>The path to pass as <c>--env-file</c>.</summary>
    public string Path { get; }

    /// <summary>Whether the CLI has opened the pipe (for tests and diagnostics).</summary>
    public bool WasRead { get; private set; }

    /// <summary>Creates a pipe carrying <c>NAME=VALUE</c> lines, or returns null when there is nothing to carry.</summary>
    /// <exception cref="ArgumentException">A value holds a line break, which an env file cannot carry.</exception>
    /// <exception cref="PlatformNotSupportedException">Not a Unix-like system.</exception>
    public static EnvFile? Create(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var (name, value) in variables)
        {
            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The value of environment variable '{name}' holds a line break. '{name}' is a variable the engine's CLI reads itself, so Ociman passes it through an env file, which cannot carry line breaks; use another name, a single-line value, or the API transport.");
            }

            text.Append(name).Append('=').Append(value).Append('\n');
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Environment values the engine CLI reads itself are passed through a named pipe, which needs a Unix-like system.");
        }

        RemoveStale();
        var directory = Directory.CreateTempSubdirectory(Prefix + OwnerTag(Environment.ProcessId) + "-").FullName;
        var pipe = new EnvFile(directory, Encoding.UTF8.GetBytes(text.ToString()));
        if (MakeFifo(pipe.Path, Convert.ToUInt32("600", 8)) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            TryDeleteDirectory(directory);
            throw new IOException($"Could not create the named pipe '{pipe.Path}' that carries environment values to the engine CLI (errno {error}).");
        }

        pipe._writer.Start();
        return pipe;
    }

    /// <summary>Ends a writer still waiting for the CLI and removes the pipe's directory.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        if (_writer.IsAlive)
        {
            // The CLI never opened the pipe: open it for reading ourselves, which completes the writer's open; the
            // writer then sees the state and writes nothing.
            try
            {
                using var release = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The writer already got its reader and unlinked the pipe.
            }

            _writer.Join(TimeSpan.FromSeconds(5));
        }

        TryDeleteDirectory(_directory);
    }

    private void Write()
    {
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);

            // Opened: the reader holds the pipe, so its name is no longer needed on disk.
            TryDeleteDirectory(_directory);
            if (Volatile.Read(ref _state) == 2)
            {
                return;
            }

            WasRead = true;
            stream.Write(_content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The reader went away (the CLI failed) or disposal removed the pipe: nothing more to do.
        }
        finally
        {
            Array.Clear(_content);
        }
    }

    // Directories of processes that are gone (killed before their CLI read the pipe) hold at most an empty FIFO.
    private static void RemoveStale()
    {
        try
        {
            foreach (var directory in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), Prefix + "*"))
            {
                var parts = System.IO.Path.GetFileName(directory)[Prefix.Length..].Split('-');
                if (parts.Length >= 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && OwnerTag(pid) != parts[0] + "-" + parts[1])
                {
                    TryDeleteDirectory(directory);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover holds no value.
        }
    }

    // "<pid>-<start time in clock ticks>", or "<pid>-gone" when the process does not exist or is a zombie.
    private static string OwnerTag(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" ? pid + "-gone" : pid + "-" + fields[19];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return pid.ToString(CultureInfo.InvariantCulture) + "-gone";
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Already gone, or removed by the other side.
        }
    }

    private static int MakeFifo(string path, uint mode)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return MakeFifo(bytes, mode);
    }

    // The path as NUL-terminated UTF-8 bytes: no string marshalling involved.
    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(byte[] path, uint mode);
}
