using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Ociman.Tests.Support;

/// <summary>Makes files, directories and links whose names are byte sequences .NET cannot spell (not valid UTF-8), as a user's tools can (Linux only).</summary>
internal static class RawFiles
{
    // O_WRONLY | O_CREAT | O_TRUNC on Linux (the same on x64 and arm64).
    private const int CreateFlags = 0x1 | 0x40 | 0x200;

    /// <summary>A path of <paramref name="directory"/> (text) and <paramref name="relative"/> (bytes).</summary>
    public static byte[] Join(string directory, byte[] relative) => [.. Encoding.UTF8.GetBytes(directory), (byte)'/', .. relative];

    /// <summary>Latin-1 bytes of <paramref name="text"/> (for example <c>"café"</c> gives <c>63 61 66 E9</c>, which is not UTF-8).</summary>
    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static void WriteFile(byte[] path, string content, int mode = 420 /* 0644 */)
    {
        var descriptor = Open(Terminated(path), CreateFlags, mode);
        Assert.True(descriptor >= 0, $"open failed: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            Assert.Equal(bytes.Length, (int)Write(descriptor, bytes, (nuint)bytes.Length));
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    public static void MakeDirectory(byte[] path, int mode = 493 /* 0755 */) =>
        Assert.True(NativeMakeDirectory(Terminated(path), mode) == 0, $"mkdir failed: errno {Marshal.GetLastPInvokeError()}");

    public static void Symlink(byte[] path, byte[] target) =>
        Assert.True(NativeSymlink(Terminated(target), Terminated(path)) == 0, $"symlink failed: errno {Marshal.GetLastPInvokeError()}");

    /// <summary>Removes <paramref name="directory"/> with everything below it, names .NET cannot spell included (<c>rm -rf</c>).</summary>
    public static void RemoveTree(string directory)
    {
        using var rm = Process.Start(new ProcessStartInfo("rm", ["-rf", "--", directory]) { UseShellExecute = false })!;
        rm.WaitForExit();
        Assert.Equal(0, rm.ExitCode);
    }

    private static byte[] Terminated(byte[] path) => [.. path, 0];

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags, int mode);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint Write(int descriptor, byte[] buffer, nuint count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);

    [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static extern int NativeMakeDirectory(byte[] path, int mode);

    [DllImport("libc", EntryPoint = "symlink", SetLastError = true)]
    private static extern int NativeSymlink(byte[] target, byte[] path);
}
