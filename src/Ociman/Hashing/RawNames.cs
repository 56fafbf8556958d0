using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Ociman.Hashing;

/// <summary>One entry of a directory listed by its name's bytes, with what <c>lstat</c> says of it.</summary>
/// <param name="Name">The name exactly as the file system holds it (not necessarily valid UTF-8).</param>
/// <param name="Kind">The entry's kind (a link is not followed).</param>
/// <param name="PermissionBits">The permission bits with set-user-id, set-group-id and sticky (<c>07777</c> at most).</param>
/// <param name="Size">The size in bytes.</param>
internal sealed record RawEntry(byte[] Name, UnixFileKind Kind, int PermissionBits, long Size);

/// <summary>What <c>lstat</c> says of an entry.</summary>
internal readonly record struct RawStatus(UnixFileKind Kind, int PermissionBits, uint Owner, uint Group, long Size, long ModifiedSeconds);

/// <summary>File system access by a name's bytes, for the names .NET cannot express.</summary>
/// <remarks>
/// On Linux a file name is any sequence of bytes but NUL and <c>/</c>; .NET decodes names as UTF-8 and replaces what is not
/// valid UTF-8 with U+FFFD, so a name like <c>caf\xE9.txt</c> (Latin-1) is listed as <c>caf�.txt</c>, a name no file has:
/// opening it fails. Docker and Podman send such files in a build context unchanged, so the hash and the archive must read
/// them too. This class lists directories with <c>opendir</c>/<c>readdir</c>, examines entries with <c>lstat</c> (through
/// the runtime's own native shim, as <see cref="UnixFileType"/> does), reads links with <c>readlink</c> and opens files with
/// <c>open</c>, all with byte paths. Linux only: macOS and Windows file systems hold only valid Unicode names.
/// </remarks>
internal static class RawNames
{
    private const int StatusBufferSize = 256;

    // glibc's and musl's struct dirent on 64-bit Linux: d_ino (8), d_off (8), d_reclen (2), d_type (1), then d_name.
    private const int DirentNameOffset = 19;

    // O_RDONLY | O_CLOEXEC (02000000 on every Linux architecture .NET runs on).
    private const int OpenReadFlags = 0x80000;

    /// <summary>Whether names are read as bytes here (Linux on a 64-bit process).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Whether a name .NET listed may stand for a different byte sequence (it holds U+FFFD, which an invalid byte decodes to).</summary>
    public static bool MayBeLossy(string name) => name.Contains('\uFFFD', StringComparison.Ordinal);

    /// <summary>The UTF-8 bytes of <paramref name="path"/>.</summary>
    public static byte[] Bytes(string path) => Encoding.UTF8.GetBytes(path);

    /// <summary><paramref name="directory"/>, a <c>/</c>, then <paramref name="name"/>.</summary>
    public static byte[] Combine(byte[] directory, byte[] name)
    {
        var separator = directory.Length > 0 && directory[^1] == (byte)'/' ? 0 : 1;
        var path = new byte[directory.Length + separator + name.Length];
        directory.CopyTo(path, 0);
        if (separator == 1)
        {
            path[directory.Length] = (byte)'/';
        }

        name.CopyTo(path, directory.Length + separator);
        return path;
    }

    /// <summary>The text of <paramref name="bytes"/> for a message: valid UTF-8 as text, every invalid byte as <c>\xNN</c>.</summary>
    public static string Display(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                if (rune.Value == '\\')
                {
                    text.Append('\\');
                }

                text.Append(rune.ToString());
            }
            else
            {
                for (var i = 0; i < consumed; i++)
                {
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{bytes[i]:X2}");
                }
            }

            bytes = bytes[consumed..];
        }

        return text.ToString();
    }

    /// <summary>The text .NET would give for <paramref name="bytes"/> (an invalid sequence becomes U+FFFD): for matching and sorting only.</summary>
    public static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Lists the entries of the directory at <paramref name="directory"/> (not <c>.</c> and <c>..</c>), in no particular order.</summary>
    /// <exception cref="IOException">The directory or one of its entries cannot be read.</exception>
    public static List<RawEntry> List(byte[] directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var handle = OpenDirectory(Terminate(directory));
        if (handle == IntPtr.Zero)
        {
            throw Failure("open the directory", directory);
        }

        var names = new List<byte[]>();
        try
        {
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                var entry = ReadDirectory(handle);
                if (entry == IntPtr.Zero)
                {
                    if (Marshal.GetLastPInvokeError() != 0)
                    {
                        throw Failure("read the directory", directory);
                    }

                    break;
                }

                var name = ReadName(entry + DirentNameOffset);
                if (name is [(byte)'.'] or [(byte)'.', (byte)'.'])
                {
                    continue;
                }

                names.Add(name);
            }
        }
        finally
        {
            _ = CloseDirectory(handle);
        }

        var entries = new List<RawEntry>(names.Count);
        foreach (var name in names)
        {
            var (kind, bits, size) = Status(Combine(directory, name));
            entries.Add(new RawEntry(name, kind, bits, size));
        }

        return entries;
    }

    /// <summary>What <c>lstat</c> says of <paramref name="path"/>: kind, permission bits and size.</summary>
    /// <exception cref="IOException">The entry cannot be examined.</exception>
    public static (UnixFileKind Kind, int PermissionBits, long Size) Status(byte[] path)
    {
        var status = FullStatus(path);
        return (status.Kind, status.PermissionBits, status.Size);
    }

    /// <summary>What <c>lstat</c> says of <paramref name="path"/>, with owner and modification time (for an archive entry).</summary>
    /// <exception cref="IOException">The entry cannot be examined.</exception>
    public static RawStatus FullStatus(byte[] path)
    {
        var status = new byte[StatusBufferSize];
        if (UnixFileType.NativeLStat(Terminate(path), status) != 0)
        {
            throw Failure("examine", path);
        }

        // The shim's status record: flags (4), mode (4), uid (4), gid (4), size (8), atime (8), atime ns (8), mtime (8), ...
        var mode = BitConverter.ToInt32(status, 4);
        return new RawStatus(
            UnixFileType.KindOfMode(mode),
            mode & 0xFFF,
            BitConverter.ToUInt32(status, 8),
            BitConverter.ToUInt32(status, 12),
            BitConverter.ToInt64(status, 16),
            BitConverter.ToInt64(status, 40));
    }

    /// <summary>The target of the symbolic link at <paramref name="path"/>, as bytes.</summary>
    /// <exception cref="IOException">The link cannot be read.</exception>
    public static byte[] ReadLink(byte[] path)
    {
        var terminated = Terminate(path);
        for (var size = 256; ; size *= 2)
        {
            var buffer = new byte[size];
            var length = NativeReadLink(terminated, buffer, (nuint)buffer.Length);
            if (length < 0)
            {
                throw Failure("read the link", path);
            }

            if ((int)length < size)
            {
                return buffer.AsSpan(0, (int)length).ToArray();
            }
        }
    }

    /// <summary>Opens the file at <paramref name="path"/> for reading.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static SafeFileHandle OpenRead(byte[] path)
    {
        var descriptor = NativeOpen(Terminate(path), OpenReadFlags);
        if (descriptor < 0)
        {
            throw Failure("open", path);
        }

        return new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
    }

    private static IOException Failure(string what, byte[] path)
    {
        var errno = Marshal.GetLastPInvokeError();
        var reason = Marshal.GetPInvokeErrorMessage(errno);
        return errno == 2
            ? new FileNotFoundException($"Cannot {what} '{Display(path)}': {reason}.")
            : new IOException($"Cannot {what} '{Display(path)}': {reason} (errno {errno}).");
    }

    private static byte[] Terminate(byte[] path)
    {
        var terminated = new byte[path.Length + 1];
        path.CopyTo(terminated, 0);
        return terminated;
    }

    private static byte[] ReadName(IntPtr name)
    {
        var length = 0;
        while (Marshal.ReadByte(name, length) != 0)
        {
            length++;
        }

        var bytes = new byte[length];
        Marshal.Copy(name, bytes, 0, length);
        return bytes;
    }

    // Paths as NUL-terminated byte arrays: no string marshalling, so any byte sequence passes through.
    [DllImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static extern IntPtr OpenDirectory(byte[] path);

    [DllImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static extern IntPtr ReadDirectory(IntPtr directory);

    [DllImport("libc", EntryPoint = "closedir", SetLastError = true)]
    private static extern int CloseDirectory(IntPtr directory);

    [DllImport("libc", EntryPoint = "readlink", SetLastError = true)]
    private static extern nint NativeReadLink(byte[] path, [Out] byte[] buffer, nuint size);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int NativeOpen(byte[] path, int flags);
}
