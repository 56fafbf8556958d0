namespace Ociman.Images;

/// <summary>An exclusive lock shared by all processes (and threads) on this host, held as an open file.</summary>
/// <remarks>On Unix, .NET takes an advisory <c>flock</c> for <see cref="FileShare.None"/>; the kernel drops it when the process dies.</remarks>
internal sealed class FileGate : IAsyncDisposable
{
    private readonly FileStream _stream;

    private FileGate(FileStream stream)
    {
        _stream = stream;
    }

    public static async Task<FileGate> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                return new FileGate(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
