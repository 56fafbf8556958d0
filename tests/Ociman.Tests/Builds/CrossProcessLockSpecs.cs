using System.Runtime.Versioning;

namespace Ociman.Tests.Builds;

[SupportedOSPlatform("linux")]
public sealed class CrossProcessLockSpecs : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ociman-lock-specs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Releasing_a_lock_deletes_its_file()
    {
        var path = Path.Combine(_directory, CrossProcessLock.FileName("docker|id|app:1"));

        await using (await CrossProcessLock.AcquireAsync(_directory, "docker|id|app:1", CancellationToken.None))
        {
            Assert.True(File.Exists(path));
        }

        Assert.False(File.Exists(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
    }

    [Fact(Timeout = 60_000)]
    public async Task Contenders_hold_a_lock_one_at_a_time_and_leave_no_file()
    {
        // Each acquisition opens the file anew (its own open file description), so tasks contend like processes do,
        // including the case where a waiter locks a file the holder has just deleted.
        var inside = 0;
        var most = 0;
        var entries = 0;
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await using (await CrossProcessLock.AcquireAsync(_directory, "key", CancellationToken.None))
                {
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref most, now);
                    Interlocked.Increment(ref entries);
                    await Task.Yield();
                    Interlocked.Decrement(ref inside);
                }
            }
        })));

        Assert.Equal(1, most);
        Assert.Equal(300, entries);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task Lock_files_nobody_holds_are_swept_and_held_ones_are_kept()
    {
        Directory.CreateDirectory(_directory);
        var stale = Path.Combine(_directory, CrossProcessLock.FileName("stale"));
        var heldPath = Path.Combine(_directory, CrossProcessLock.FileName("held"));
        var other = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(stale, string.Empty);
        await File.WriteAllTextAsync(other, string.Empty);
        await using var held = new FileStream(heldPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);

        await using (await CrossProcessLock.AcquireAsync(_directory, "fresh", CancellationToken.None))
        {
        }

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(heldPath));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public async Task A_lock_directory_others_may_write_to_is_refused()
    {
        Directory.CreateDirectory(_directory);
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        var thrown = await Assert.ThrowsAsync<IOException>(() => CrossProcessLock.AcquireAsync(_directory, "key", CancellationToken.None));

        Assert.Contains(_directory, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lock_directory_that_is_a_link_is_refused()
    {
        Directory.CreateDirectory(_directory);
        var link = _directory + "-link";
        Directory.CreateSymbolicLink(link, _directory);
        try
        {
            var thrown = await Assert.ThrowsAsync<IOException>(() => CrossProcessLock.AcquireAsync(link, "key", CancellationToken.None));

            Assert.Contains("not a link", thrown.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(link);
        }
    }

    [Fact]
    public void The_lock_directory_is_one_per_user_and_ignores_the_runtime_directory()
    {
        Assert.Matches(@"^/tmp/ociman-locks-\d+$", CrossProcessLock.Directory);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
