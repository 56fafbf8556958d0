namespace Ociman.Transport.Cli;

/// <summary>A fresh directory only the current user can enter (0700), deleted with its contents on disposal.</summary>
/// <remarks>Made under <c>XDG_RUNTIME_DIR</c> (a per-user tmpfs on most systems) when it is set, else the temp directory.</remarks>
internal sealed class PrivateDirectory : IDisposable
{
    private PrivateDirectory(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static PrivateDirectory Create(string prefix)
    {
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var parent = runtime is { Length: > 0 } && Directory.Exists(runtime) ? runtime : System.IO.Path.GetTempPath();

        // Short names: a Unix socket path must stay under 108 bytes.
        var path = System.IO.Path.Combine(parent, prefix + Guid.NewGuid().ToString("N")[..16]);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new PrivateDirectory(path);
    }

    /// <summary>Writes a file (readable by the current user only) and returns its full path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.Write(text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover empty directory in the temp or runtime directory is not worth failing the operation over.
        }
    }
}
