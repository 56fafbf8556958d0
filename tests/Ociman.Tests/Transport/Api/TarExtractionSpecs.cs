using System.Runtime.Versioning;
using Ociman.Transport.Api;

namespace Ociman.Tests.Transport.Api;

[SupportedOSPlatform("linux")] // modes and symbolic links, as the engines' archives carry them
public sealed class TarExtractionSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ociman-tar-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_directory_tree_round_trips_under_a_new_root_name_with_modes_and_symlinks()
    {
        var source = Path.Combine(_root, "src");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        await File.WriteAllTextAsync(Path.Combine(source, "sub", "run.sh"), "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(Path.Combine(source, "sub", "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(Path.Combine(source, "link"), "sub/run.sh");
        using var archive = new MemoryStream();

        await TarExtraction.WriteAsync(archive, source, "renamed", CancellationToken.None);
        archive.Position = 0;
        var destination = Path.Combine(_root, "out");
        Directory.CreateDirectory(destination);
        await TarExtraction.ExtractAsync(archive, destination, rename: "copy", CancellationToken.None);

        var script = Path.Combine(destination, "copy", "sub", "run.sh");
        Assert.Equal("#!/bin/sh\necho hi\n", await File.ReadAllTextAsync(script));
        Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal("sub/run.sh", new FileInfo(Path.Combine(destination, "copy", "link")).LinkTarget);
        Assert.False(Directory.Exists(Path.Combine(destination, "renamed")));
    }

    [Fact]
    public async Task An_entry_that_would_land_outside_the_destination_is_refused()
    {
        var file = Path.Combine(_root, "f.txt");
        await File.WriteAllTextAsync(file, "x");
        using var archive = new MemoryStream();
        await TarExtraction.WriteAsync(archive, file, "../escape.txt", CancellationToken.None);
        archive.Position = 0;
        var destination = Path.Combine(_root, "out");
        Directory.CreateDirectory(destination);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => TarExtraction.ExtractAsync(archive, destination, rename: null, CancellationToken.None));

        Assert.Contains("../escape.txt", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "escape.txt")));
    }
}
