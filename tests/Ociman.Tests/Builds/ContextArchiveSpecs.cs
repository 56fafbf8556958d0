using System.Formats.Tar;
using Ociman.Builds;
using Ociman.Tests.Hashing;
using Ociman.Tests.Support;

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

    [Fact]
    public async Task Names_that_are_not_valid_utf8_arrive_in_the_archive_as_their_bytes()
    {
        var cafe = RawFiles.Latin1("caf\u00E9.txt");
        var directory = RawFiles.Latin1("d\u00FFir");
        _context.Write("Dockerfile", "FROM scratch\n");
        RawFiles.WriteFile(_context.RawPathOf(cafe), "hello\n", mode: 448 /* 0700 */);
        RawFiles.MakeDirectory(_context.RawPathOf(directory));
        RawFiles.WriteFile(_context.RawPathOf([.. directory, .. "/in.txt"u8]), new string('i', 700));
        RawFiles.Symlink(_context.RawPathOf("link"u8.ToArray()), cafe);
        _context.Write("z.txt", "last\n");

        using var buffer = new MemoryStream();
        await ContextArchive.WriteAsync(buffer, _context.Root, _context.PathOf("Dockerfile"), CancellationToken.None);
        var bytes = buffer.ToArray();

        // The names' bytes are in pax records, as Go's archive/tar (the engines' reader) takes them.
        Assert.True(Contains(bytes, [.. "path="u8, .. cafe, (byte)'\n']), "no pax path record with the file's bytes");
        Assert.True(Contains(bytes, [.. "path="u8, .. directory, .. "/in.txt\n"u8]), "no pax path record for the file below the directory");
        Assert.True(Contains(bytes, [.. "linkpath="u8, .. cafe, (byte)'\n']), "no pax linkpath record with the target's bytes");

        // A standard reader reads the whole archive (headers and checksums valid), in order, with contents and modes.
        buffer.Position = 0;
        using var reader = new TarReader(buffer);
        var entries = new List<TarEntry>();
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        Assert.Equal(["Dockerfile", "caf\uFFFD.txt", "d\uFFFDir", "d\uFFFDir/in.txt", "link", "z.txt"], entries.Select(e => e.Name.TrimEnd('/')));
        Assert.Equal("hello\n", new StreamReader(entries[1].DataStream!).ReadToEnd());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, entries[1].Mode);
        Assert.Equal(TarEntryType.Directory, entries[2].EntryType);
        Assert.Equal(new string('i', 700), new StreamReader(entries[3].DataStream!).ReadToEnd());
        Assert.Equal(TarEntryType.SymbolicLink, entries[4].EntryType);
        Assert.Equal("last\n", new StreamReader(entries[5].DataStream!).ReadToEnd());
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
