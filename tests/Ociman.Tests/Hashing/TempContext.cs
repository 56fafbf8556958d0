using System.Diagnostics;
using System.Text;

namespace Ociman.Tests.Hashing;

/// <summary>A build context directory under the temp folder, deleted on dispose.</summary>
internal sealed class TempContext : IDisposable
{
    public TempContext()
    {
        Root = Path.Combine(Path.GetTempPath(), "ociman-hashing-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public void Write(string relativePath, string content)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
    }

    /// <summary>Sets Unix mode bits (the tests that use it are about Unix modes; on Windows there are none to set).</summary>
    public static void SetMode(string fullPath, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fullPath, mode);
        }
    }

    /// <summary>The full path of <paramref name="relativePath"/>, as bytes (for a name that is not valid UTF-8).</summary>
    public byte[] RawPathOf(byte[] relativePath) => Support.RawFiles.Join(Root, relativePath);

    public void MakeDirectory(string relativePath) => Directory.CreateDirectory(PathOf(relativePath));

    public void Symlink(string relativePath, string target) => File.CreateSymbolicLink(PathOf(relativePath), target);

    public void MakeFifo(string relativePath)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [PathOf(relativePath)]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    public void Dispose()
    {
        // rm, not Directory.Delete: a test may have made names .NET cannot spell (Support/RawFiles).
        if (Directory.Exists(Root))
        {
            Support.RawFiles.RemoveTree(Root);
        }
    }
}
