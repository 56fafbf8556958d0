using System.Runtime.InteropServices;
using System.Text;

namespace Ociman.Hashing;

/// <summary>The kind of a file system entry as <c>lstat</c> reports it (without following a symbolic link).</summary>
internal enum UnixFileKind
{
    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link.</summary>
    SymbolicLink,

    /// <summary>A named pipe (FIFO).</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>A character device.</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>Something else, or a kind that could not be determined.</summary>
    Unknown,
}

/// <summary>Finds the kind of a file system entry, which .NET's file APIs do not expose.</summary>
/// <remarks>
/// .NET reports a named pipe or a socket as an ordinary <see cref="FileInfo"/>, and opening a named pipe to hash it would block
/// until a writer appears. So the kind comes from <c>lstat</c> through the runtime's own portable native shim (<c>libSystem.Native</c>,
/// shipped with every .NET runtime on Unix), whose status record starts with two 32-bit fields: flags, then the mode with its
/// <c>S_IFMT</c> type bits. On Windows, or if the shim cannot be called, entries that are neither directories nor links are taken to be
/// regular files, which is what Windows has.
/// </remarks>
internal static class UnixFileType
{
    private const int FileTypeMask = 0xF000;

    // Larger than the shim's status record on every platform, so the call can never write past the buffer.
    private const int StatusBufferSize = 256;

    private static bool s_nativeUnavailable;

    /// <summary>Returns the kind of <paramref name="entry"/>, not following it if it is a symbolic link.</summary>
    /// <exception cref="IOException">The entry cannot be examined (it vanished, or access was denied).</exception>
    public static UnixFileKind Get(FileSystemInfo entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.LinkTarget is not null)
        {
            return UnixFileKind.SymbolicLink;
        }

        if (entry is DirectoryInfo)
        {
            return UnixFileKind.Directory;
        }

        if (OperatingSystem.IsWindows() || s_nativeUnavailable)
        {
            return UnixFileKind.Regular;
        }

        int mode;
        try
        {
            var status = new byte[StatusBufferSize];
            var path = Encoding.UTF8.GetBytes(entry.FullName + "\0");
            if (NativeLStat(path, status) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"Cannot examine '{entry.FullName}' (lstat failed with errno {errno}).");
            }

            mode = BitConverter.ToInt32(status, 4);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            s_nativeUnavailable = true;
            return UnixFileKind.Regular;
        }

        return KindOfMode(mode);
    }

    /// <summary>The kind that the <c>S_IFMT</c> bits of a <c>st_mode</c> value give.</summary>
    internal static UnixFileKind KindOfMode(int mode) => (mode & FileTypeMask) switch
    {
        0x8000 => UnixFileKind.Regular,
        0x4000 => UnixFileKind.Directory,
        0xA000 => UnixFileKind.SymbolicLink,
        0x1000 => UnixFileKind.Fifo,
        0xC000 => UnixFileKind.Socket,
        0x2000 => UnixFileKind.CharacterDevice,
        0x6000 => UnixFileKind.BlockDevice,
        _ => UnixFileKind.Unknown,
    };

    /// <summary>The owner (uid) of <paramref name="path"/> itself (a link is not followed), or null when it cannot be examined.</summary>
    internal static uint? Owner(string path)
    {
        if (OperatingSystem.IsWindows() || s_nativeUnavailable)
        {
            return null;
        }

        try
        {
            var status = new byte[StatusBufferSize];
            return NativeLStat(Encoding.UTF8.GetBytes(path + "\0"), status) == 0 ? BitConverter.ToUInt32(status, 8) : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            s_nativeUnavailable = true;
            return null;
        }
    }

    /// <summary><c>lstat</c> through the runtime's native shim; the path is NUL-terminated bytes, so any byte sequence passes through.</summary>
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int NativeLStat(byte[] nullTerminatedUtf8Path, [Out] byte[] status);
}
