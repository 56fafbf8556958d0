using System.Text;
using Ociman.Hashing;
using Ociman.Tests.Support;

namespace Ociman.Tests.Hashing;

public sealed class BuildContextHasherSpecs : IDisposable
{
    private readonly TempContext _context = new();

    public void Dispose() => _context.Dispose();

    private List<string> List(string ignoreFile = "") =>
        [.. BuildContextHasher.ListEntries(_context.Root, DockerIgnore.Parse(ignoreFile)).Select(Describe)];

    private static string Describe(ContextEntry entry) => entry.Kind switch
    {
        ContextEntryKind.File => $"file {entry.RelativePath} {entry.Mode} {entry.Length}",
        ContextEntryKind.Directory => $"dir {entry.RelativePath} {entry.Mode}",
        _ => $"symlink {entry.RelativePath} -> {entry.LinkTarget}",
    };

    [Fact]
    public void Entries_are_listed_depth_first_in_utf8_byte_order_with_modes_and_sizes()
    {
        _context.Write("b.txt", "bb");
        _context.Write("a.txt", "a");
        _context.Write("a/z.txt", "zzz");
        _context.Write("B.txt", "");
        _context.Write("\uFF21.txt", "");
        _context.Write("\U0001F600.txt", "");
        _context.MakeDirectory("empty");
        _context.Symlink("link", "a/z.txt");
        foreach (var entry in Directory.EnumerateFileSystemEntries(_context.Root, "*", SearchOption.AllDirectories).Where(e => new FileInfo(e).LinkTarget is null))
        {
            TempContext.SetMode(entry, Directory.Exists(entry) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        }

        Assert.Equal(
            [
                "file B.txt 0644 0",
                "dir a 0755",
                "file a/z.txt 0644 3",
                "file a.txt 0644 1",
                "file b.txt 0644 2",
                "dir empty 0755",
                "symlink link -> a/z.txt",
                "file \uFF21.txt 0644 0",
                "file \U0001F600.txt 0644 0",
            ],
            List());
    }

    [Fact]
    public void Special_mode_bits_are_kept()
    {
        _context.Write("tool", "x");
        TempContext.SetMode(_context.PathOf("tool"), UnixFileMode.SetUser | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.Equal(["file tool 4700 1"], List());
    }

    [Fact]
    public void Dot_files_are_included()
    {
        _context.Write(".hidden", "h");
        TempContext.SetMode(_context.PathOf(".hidden"), (UnixFileMode)0b110_100_100);

        Assert.Equal(["file .hidden 0644 1"], List());
    }

    [Fact]
    public void A_symlink_to_a_directory_is_not_followed()
    {
        _context.Write("real/file.txt", "x");
        _context.Symlink("alias", "real");

        Assert.DoesNotContain(List(), e => e.StartsWith("file alias/", StringComparison.Ordinal));
        Assert.Contains("symlink alias -> real", List());
    }

    [Fact]
    public void A_dangling_symlink_is_hashed_by_its_target_text()
    {
        _context.Symlink("dangling", "../outside/nothing");

        Assert.Equal(["symlink dangling -> ../outside/nothing"], List());
    }

    [Fact]
    public void An_excluded_directory_is_left_out_with_everything_below_it()
    {
        _context.Write("build/out/app.dll", "x");
        _context.Write("src/main.cs", "x");

        Assert.DoesNotContain(List("build"), e => e.Contains("build", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exception_re_includes_a_file_below_an_excluded_directory_with_its_ancestors()
    {
        _context.Write("build/out/keep.txt", "k");
        _context.Write("build/out/drop.txt", "d");
        _context.Write("build/other/drop.txt", "d");
        foreach (var entry in Directory.EnumerateFileSystemEntries(_context.Root, "*", SearchOption.AllDirectories))
        {
            TempContext.SetMode(entry, Directory.Exists(entry) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        }

        Assert.Equal(
            ["dir build 0755", "dir build/out 0755", "file build/out/keep.txt 0644 1"],
            List("build\n!build/out/keep.txt"));
    }

    [Fact]
    public void An_exception_for_a_whole_directory_re_includes_everything_below_it()
    {
        _context.Write("docs/a.md", "a");
        _context.Write("docs/sub/b.md", "b");
        _context.Write("src/c.cs", "c");

        var entries = List("*\n!docs");

        Assert.Equal(["dir docs", "file docs/a.md", "dir docs/sub", "file docs/sub/b.md"], entries.Select(e => string.Join(' ', e.Split(' ').Take(2))));
    }

    [Fact]
    public async Task A_file_that_changes_size_while_hashing_is_an_error()
    {
        _context.Write("grows.txt", "1234");
        var entries = BuildContextHasher.ListEntries(_context.Root, DockerIgnore.Empty);
        _context.Write("grows.txt", "123456789");
        using var hasher = new SegmentHasher();

        var error = await Assert.ThrowsAsync<BuildContextException>(() => BuildContextHasher.PushSectionAsync(hasher, entries));

        Assert.Equal(_context.PathOf("grows.txt"), error.Path);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact]
    public async Task A_file_deleted_while_hashing_is_an_error()
    {
        _context.Write("gone.txt", "1234");
        var entries = BuildContextHasher.ListEntries(_context.Root, DockerIgnore.Empty);
        File.Delete(_context.PathOf("gone.txt"));
        using var hasher = new SegmentHasher();

        await Assert.ThrowsAsync<BuildContextException>(() => BuildContextHasher.PushSectionAsync(hasher, entries));
    }

    [Fact]
    public async Task Names_that_are_not_valid_utf8_are_listed_and_hashed_by_their_bytes()
    {
        var cafe = RawFiles.Latin1("caf\u00E9.txt");
        var directory = RawFiles.Latin1("d\u00FFir");
        _context.Write("a.txt", "a");
        RawFiles.WriteFile(_context.RawPathOf(cafe), "hello\n");
        RawFiles.MakeDirectory(_context.RawPathOf(directory));
        RawFiles.WriteFile(_context.RawPathOf([.. directory, .. "/in.txt"u8]), "inner\n");
        RawFiles.Symlink(_context.RawPathOf("link"u8.ToArray()), cafe);

        var entries = BuildContextHasher.ListEntries(_context.Root, DockerIgnore.Empty);

        Assert.Equal(
            ["a.txt", "caf\u00E9.txt", "d\u00FFir", "d\u00FFir/in.txt", "link"],
            entries.Select(e => Encoding.Latin1.GetString(e.RawRelativePath ?? Encoding.UTF8.GetBytes(e.RelativePath))));
        Assert.Equal([ContextEntryKind.File, ContextEntryKind.File, ContextEntryKind.Directory, ContextEntryKind.File, ContextEntryKind.SymbolicLink], entries.Select(e => e.Kind));
        Assert.Null(entries[0].RawRelativePath);
        Assert.Equal(6, entries[1].Length);
        Assert.Equal(cafe, entries[4].RawLinkTarget);
        Assert.Contains("caf\\xE9.txt", entries[1].DisplayPath, StringComparison.Ordinal);

        var before = await DigestAsync(entries);
        RawFiles.WriteFile(_context.RawPathOf([.. directory, .. "/in.txt"u8]), "changed\n");
        var afterContentChange = await DigestAsync(BuildContextHasher.ListEntries(_context.Root, DockerIgnore.Empty));
        Assert.NotEqual(before, afterContentChange);
    }

    [Fact]
    public async Task A_name_that_is_not_valid_utf8_is_framed_as_its_bytes_where_a_valid_name_is_framed_as_its_utf8()
    {
        var name = RawFiles.Latin1("caf\u00E9");
        RawFiles.WriteFile(_context.RawPathOf(name), "x");
        TempContext.SetMode(_context.Root, (UnixFileMode)0b111_101_101);
        var entries = BuildContextHasher.ListEntries(_context.Root, DockerIgnore.Empty);

        using var expected = new SegmentHasher();
        expected.Push(BuildContextHasher.SectionName);
        expected.PushNumber(1);
        expected.Push("file");
        expected.Push(name);
        expected.Push(entries[0].Mode!);
        using (var content = new MemoryStream("x"u8.ToArray()))
        {
            await expected.PushStreamAsync(content, 1);
        }

        Assert.Equal(expected.FinishHex(), await DigestAsync(entries));
    }

    private static async Task<string> DigestAsync(IReadOnlyList<ContextEntry> entries)
    {
        using var hasher = new SegmentHasher();
        await BuildContextHasher.PushSectionAsync(hasher, entries);
        return hasher.FinishHex();
    }
}
