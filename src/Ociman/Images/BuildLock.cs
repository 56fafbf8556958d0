using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Ociman.Hashing;

namespace Ociman;

public sealed partial class Engine
{
    private volatile string? _identity;

    /// <summary>
    /// The key of the build lock of <paramref name="reference"/> on this engine: the engine's kind, its identity (see
    /// <see cref="Transport.IEngineOperations.EngineIdentityAsync"/>) and the reference — never how the CLI's path is
    /// spelled or which runtime directory the process has, so every process that builds the same tag on the same
    /// engine takes the same lock.
    /// </summary>
    internal async Task<string> BuildLockKeyAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        // Asked once per engine instance; a failed or cancelled question is asked again next time.
        _identity ??= await Operations.EngineIdentityAsync(cancellationToken).ConfigureAwait(false);
        return $"{Kind.ToCliName()}|{_identity}|{reference}";
    }
}

/// <summary>An exclusive lock shared by all processes of this user on this host, held as an open file that is deleted on release.</summary>
/// <remarks>
/// On Unix, .NET takes an advisory <c>flock</c> for <see cref="FileShare.None"/>; the kernel drops it when the process
/// dies. The files live in one well-known directory per user (<see cref="Directory"/>), named by a hash of the key.
/// A lock is released by deleting its file while it is still held, then closing it. A waiter that had opened the file
/// before it was deleted may then get the lock on the deleted file: it checks after locking that the file is still
/// linked (<c>/proc/self/fd</c> does not say <c>(deleted)</c>) and starts over otherwise, so two processes can never
/// both hold the lock of one path. Files of dead processes (the kernel released their locks) are deleted the same way
/// by the first lock a process takes in the directory. Where <c>/proc/self/fd</c> is missing (not Linux), files are
/// kept, as the check is impossible.
/// </remarks>
internal sealed class CrossProcessLock : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<string, bool> Swept = new(StringComparer.Ordinal);

    private readonly FileStream _stream;
    private readonly string _path;
    private readonly bool _deleteOnRelease;

    private CrossProcessLock(FileStream stream, string path, bool deleteOnRelease)
    {
        _stream = stream;
        _path = path;
        _deleteOnRelease = deleteOnRelease;
    }

    /// <summary>The lock directory: <c>/tmp/ociman-locks-UID</c> on Unix (private to the user), <c>%TEMP%\ociman-locks</c> on Windows.</summary>
    public static string Directory { get; } = OperatingSystem.IsWindows()
        ? Path.Combine(Path.GetTempPath(), "ociman-locks")
        : $"/tmp/ociman-locks-{EffectiveUserId()}";

    /// <summary>Where earlier versions kept lock files (by <c>XDG_RUNTIME_DIR</c> or the temporary directory): swept once too.</summary>
    private static IEnumerable<string> LegacyDirectories =>
        new[] { Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), Path.GetTempPath() }
            .Where(d => d is { Length: > 0 })
            .Select(d => Path.Combine(d!, "ociman-locks"));

    /// <summary>Waits until this process holds the lock of <paramref name="key"/>.</summary>
    /// <exception cref="IOException">The lock directory is not a private directory of this user.</exception>
    public static Task<CrossProcessLock> AcquireAsync(string key, CancellationToken cancellationToken) =>
        AcquireAsync(Directory, key, cancellationToken);

    /// <summary>Waits until this process holds the lock of <paramref name="key"/> in <paramref name="directory"/>.</summary>
    internal static async Task<CrossProcessLock> AcquireAsync(string directory, string key, CancellationToken cancellationToken)
    {
        PrepareDirectory(directory);
        if (Swept.TryAdd(directory, true))
        {
            Sweep(directory);
            if (directory == Directory)
            {
                foreach (var legacy in LegacyDirectories.Where(System.IO.Directory.Exists))
                {
                    Sweep(legacy);
                }
            }
        }

        var path = Path.Combine(directory, FileName(key));
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryLock(path, FileMode.OpenOrCreate) is { } held)
            {
                return held;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    /// <summary>The file name for <paramref name="key"/>: 32 hex digits of its SHA-256, and <c>.lock</c>.</summary>
    internal static string FileName(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".lock";

    /// <summary>Deletes every lock file in <paramref name="directory"/> that no process holds; returns how many.</summary>
    internal static int Sweep(string directory)
    {
        var deleted = 0;
        try
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*.lock"))
            {
                if (Path.GetFileName(file).Length == 37 && TryLock(file, FileMode.Open) is { } stale)
                {
                    stale.Release();
                    deleted += stale._deleteOnRelease ? 1 : 0;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The directory went away or is not ours to clean: nothing to sweep.
        }

        return deleted;
    }

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    // Delete while still holding the lock, then close: see the remarks.
    private void Release()
    {
        if (_deleteOnRelease)
        {
            try
            {
                File.Delete(_path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for the next sweep.
            }
        }

        _stream.Dispose();
    }

    // Opens and locks the file; null when another process holds it, or when the file was deleted (released) between
    // the open and the lock, so that the caller tries again on the file now at the path.
    private static CrossProcessLock? TryLock(string path, FileMode mode)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, mode, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (FileNotFoundException) when (mode == FileMode.Open)
        {
            return null;
        }
        catch (DirectoryNotFoundException) when (mode == FileMode.OpenOrCreate)
        {
            PrepareDirectory(Path.GetDirectoryName(path)!);
            return null;
        }
        catch (IOException)
        {
            // Held by another process.
            return null;
        }

        switch (Linked(stream))
        {
            case false:
                stream.Dispose();
                return null;
            case true:
                return new CrossProcessLock(stream, path, deleteOnRelease: true);
            default:
                return new CrossProcessLock(stream, path, deleteOnRelease: false);
        }
    }

    // Whether the open file is still linked in its directory; null when this cannot be told (no /proc/self/fd).
    private static bool? Linked(FileStream stream)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var target = new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
            return target is null ? null : !target.EndsWith(" (deleted)", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void PrepareDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
            return;
        }

        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // Another user could have made the directory first (it is in /tmp): only a private directory of ours will do.
        var info = new DirectoryInfo(directory);
        var owner = UnixFileType.Owner(directory);
        if (info.LinkTarget is not null
            || (File.GetUnixFileMode(directory) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0
            || (owner is { } uid && uid != EffectiveUserId()))
        {
            throw new IOException(
                $"The build lock directory '{directory}' must be a directory of this user (uid {EffectiveUserId()}) that only it may write to, not a link; it is owned by uid {owner?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} with mode {File.GetUnixFileMode(directory)}. Remove it and try again.");
        }
    }

    private static uint EffectiveUserId() => OperatingSystem.IsWindows() ? 0 : GetEffectiveUserId();

    [DllImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint GetEffectiveUserId();
}
