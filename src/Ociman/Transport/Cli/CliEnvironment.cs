namespace Ociman.Transport.Cli;

/// <summary>Which environment variables the engine CLI reads itself, and so cannot carry a container's values.</summary>
/// <remarks>
/// Ociman passes container environment values out of band: <c>--env NAME</c> on the command line and the value in the
/// CLI process's own environment. For a name the CLI itself reads (<c>PATH</c>, <c>HOME</c>, <c>DOCKER_HOST</c>, proxies…)
/// that would reconfigure the CLI, so such variables go through an <c>--env-file</c> that only the current user can
/// read and that is deleted when the command ends.
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

/// <summary>A temporary <c>--env-file</c> readable only by the current user, deleted on disposal.</summary>
internal sealed class EnvFile : IDisposable
{
    private EnvFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Writes <c>NAME=VALUE</c> lines; a value with a line break cannot be carried by an env file.</summary>
    /// <exception cref="ArgumentException">A value holds a line break.</exception>
    public static EnvFile? Create(IReadOnlyDictionary<string, string> variables)
    {
        if (variables.Count == 0)
        {
            return null;
        }

        foreach (var (name, value) in variables)
        {
            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The value of environment variable '{name}' holds a line break. '{name}' is a variable the engine's CLI reads itself, so Ociman passes it in an env file, which cannot carry line breaks; use another name or a single-line value.");
            }
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ociman-env-{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
        {
            foreach (var (name, value) in variables)
            {
                writer.Write(name);
                writer.Write('=');
                writer.Write(value);
                writer.Write('\n');
            }
        }

        return new EnvFile(path);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // A leftover temp file is not worth failing the command over; it lives in the temp directory.
        }
    }
}
