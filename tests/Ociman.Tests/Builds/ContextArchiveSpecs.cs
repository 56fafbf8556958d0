using System.Formats.Tar;
using Ociman.Builds;
using Ociman.Tests.Hashing;

namespace Ociman.Tests.Builds;

public sealed class ContextArchiveSpecs : IDisposable
{
    private readonly TempContext _context = new();

    public void Dispose() => _context.Dispose();

    private static async Task<List<TarEntry>> EntriesAsync(string? contextDirectory, string dockerfile)
    {
        using var buffer = new MemoryStream();
        await ContextArchive.WriteAsync(buffer, contextDirectory, dockerfile, CancellationToken.None);
        buffer.Position = 0;
        using var reader = new TarReader(buffer);
        var entries = new List<TarEntry>();
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public async Task The_archive_holds_what_dockerignore_lets_through_with_contents_modes_and_links()
    {
        _context.Write("Dockerfile", "FROM scratch\n");
        _context.Write(".dockerignore", "secret.txt\nlogs/\n!logs/keep.txt\n");
        _context.Write("data.txt", "data\n");
        _context.Write("secret.txt", "never sent\n");
        _context.Write("logs/drop.txt", "dropped\n");
        _context.Write("logs/keep.txt", "kept\n");
        TempContext.SetMode(_context.PathOf("data.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead);
        _context.Symlink("link", "data.txt");

        var entries = await EntriesAsync(_context.Root, _context.PathOf("Dockerfile"));

        Assert.Equal([".dockerignore", "Dockerfile", "data.txt", "link", "logs", "logs/keep.txt"], entries.Select(e => e.Name.TrimEnd('/')));
        var data = entries.Single(e => e.Name == "data.txt");
        Assert.Equal(TarEntryType.RegularFile, data.EntryType);
        Assert.Equal("data\n", new StreamReader(data.DataStream!).ReadToEnd());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead, data.Mode);
        var link = entries.Single(e => e.Name == "link");
        Assert.Equal(TarEntryType.SymbolicLink, link.EntryType);
        Assert.Equal("data.txt", link.LinkName);
        Assert.Equal(TarEntryType.Directory, entries.Single(e => e.Name.TrimEnd('/') == "logs").EntryType);
    }

    [Fact]
    public async Task A_Dockerfile_specific_ignore_file_wins_over_the_contexts()
    {
        _context.Write("Dockerfile", "FROM scratch\n");
        _context.Write(".dockerignore", "a.txt\n");
        _context.Write("Dockerfile.dockerignore", "b.txt\n");
        _context.Write("a.txt", "a\n");
        _context.Write("b.txt", "b\n");

        var names = (await EntriesAsync(_context.Root, _context.PathOf("Dockerfile"))).Select(e => e.Name).ToList();

        Assert.Contains("a.txt", names);
        Assert.DoesNotContain("b.txt", names);
    }

    [Fact]
    public async Task An_inline_build_sends_an_empty_archive()
    {
        Assert.Empty(await EntriesAsync(null, "/private/Dockerfile"));
    }

    [Fact]
    public async Task A_named_pipe_in_the_context_is_refused_naming_it()
    {
        _context.Write("Dockerfile", "FROM scratch\n");
        _context.MakeFifo("pipe");

        var thrown = await Assert.ThrowsAsync<BuildContextException>(() => EntriesAsync(_context.Root, _context.PathOf("Dockerfile")));

        Assert.Contains(_context.PathOf("pipe"), thrown.Message, StringComparison.Ordinal);
    }
}
