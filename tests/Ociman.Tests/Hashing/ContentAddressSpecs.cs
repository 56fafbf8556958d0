using System.Net.Sockets;
using Ociman.Hashing;

namespace Ociman.Tests.Hashing;

public sealed class ContentAddressSpecs : IDisposable
{
    private readonly TempContext _context = new();

    public ContentAddressSpecs()
    {
        _context.Write("Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
        _context.Write("Dockerfile.alt", "FROM alpine:3.20\nCOPY . /app\n");
        _context.Write(".dockerignore", "*.log\ncache/\n");
        _context.Write("app/main.txt", "hello");
        _context.Write("app/run.sh", "#!/bin/sh\necho hi\n");
        TempContext.SetMode(_context.PathOf("app/run.sh"), (UnixFileMode)0b111_101_101);
        _context.Write("old.log", "ignored");
        _context.Write("cache/blob.bin", "ignored too");
        _context.Symlink("current", "app/main.txt");
    }

    public void Dispose() => _context.Dispose();

    private BuildHashInput Baseline => new()
    {
        ContextDirectory = _context.Root,
        BuildArgs = [new("VERSION", "1.0")],
        Labels = [new("role", "db")],
        BaseImages = [new("alpine:3.20", "sha256:1111")],
    };

    public static TheoryData<string> ChangesThatMustChangeTheTag => [.. MustChange.Keys];

    public static TheoryData<string> ChangesThatMustNotChangeTheTag => [.. MustNotChange.Keys];

    private static readonly Dictionary<string, Func<TempContext, BuildHashInput, BuildHashInput>> MustChange = new()
    {
        ["file content"] = (c, i) => { c.Write("app/main.txt", "hellO"); return i; },
        ["file added"] = (c, i) => { c.Write("app/new.txt", ""); return i; },
        ["file renamed"] = (c, i) => { File.Move(c.PathOf("app/main.txt"), c.PathOf("app/main2.txt")); return i; },
        ["file moved to another directory"] = (c, i) => { c.MakeDirectory("lib"); File.Move(c.PathOf("app/run.sh"), c.PathOf("lib/run.sh")); return i; },
        ["empty directory added"] = (c, i) => { c.MakeDirectory("empty"); return i; },
        ["dot file added"] = (c, i) => { c.Write(".env", "X=1"); return i; },
        ["file mode changed"] = (c, i) => { TempContext.SetMode(c.PathOf("app/main.txt"), (UnixFileMode)0b111_101_101); return i; },
        ["directory mode changed"] = (c, i) => { TempContext.SetMode(c.PathOf("app"), (UnixFileMode)0b111_000_000); return i; },
        ["symlink target changed"] = (c, i) => { File.Delete(c.PathOf("current")); c.Symlink("current", "app/run.sh"); return i; },
        ["symlink replaced by the file it pointed to"] = (c, i) => { File.Delete(c.PathOf("current")); c.Write("current", "hello"); return i; },
        [".dockerignore changed to include a file"] = (c, i) => { c.Write(".dockerignore", "cache/\n"); return i; },
        ["Dockerfile content"] = (c, i) => { c.Write("Dockerfile", "FROM alpine:3.21\nCOPY . /app\n"); return i; },
        ["Dockerfile path"] = (c, i) => i with { DockerfilePath = "Dockerfile.alt" },
        ["target set"] = (c, i) => i with { Target = "build" },
        ["target set to empty text"] = (c, i) => i with { Target = "" },
        ["build arg value"] = (c, i) => i with { BuildArgs = [new("VERSION", "1.1")] },
        ["build arg added"] = (c, i) => i with { BuildArgs = [new("VERSION", "1.0"), new("EXTRA", "")] },
        ["build arg moved into a label"] = (c, i) => i with { BuildArgs = [], Labels = [new("role", "db"), new("VERSION", "1.0")] },
        ["label moved into a build arg"] = (c, i) => i with { BuildArgs = [new("VERSION", "1.0"), new("role", "db")], Labels = [] },
        ["label value"] = (c, i) => i with { Labels = [new("role", "cache")] },
        ["base image id"] = (c, i) => i with { BaseImages = [new("alpine:3.20", "sha256:2222")] },
        ["base image unresolved"] = (c, i) => i with { BaseImages = [new("alpine:3.20", null)] },
        ["base image order"] = (c, i) => i with { BaseImages = [new("busybox", "sha256:3333"), new("alpine:3.20", "sha256:1111")] },
        ["base image resolution turned off"] = (c, i) => i with { BaseImages = [] },
        ["instructions instead of the directory"] = (c, i) => i with { ContextDirectory = null, InstructionsText = "FROM alpine:3.20\nCOPY . /app\n" },
    };

    private static readonly Dictionary<string, Func<TempContext, BuildHashInput, BuildHashInput>> MustNotChange = new()
    {
        ["ignored file added"] = (c, i) => { c.Write("debug.log", "noise"); return i; },
        ["ignored file changed"] = (c, i) => { c.Write("old.log", "changed"); return i; },
        ["file added in an ignored directory"] = (c, i) => { c.Write("cache/more/deep.bin", "x"); return i; },
        ["modification time changed"] = (c, i) =>
        {
            File.SetLastWriteTimeUtc(c.PathOf("app/main.txt"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
            Directory.SetLastWriteTimeUtc(c.PathOf("app"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
            return i;
        },
        ["file rewritten with the same content"] = (c, i) => { c.Write("app/main.txt", "hello"); return i; },
        ["build args given in another order"] = (c, i) => i with { BuildArgs = [new("A", "1"), new("VERSION", "1.0")] },
        ["labels given in another order"] = (c, i) => i with { Labels = [new("z", "1"), new("role", "db")] },
        ["Dockerfile path given explicitly"] = (c, i) => i with { DockerfilePath = "Dockerfile" },
        ["Dockerfile path given as an absolute path"] = (c, i) => i with { DockerfilePath = c.PathOf("Dockerfile") },
    };

    [Theory]
    [MemberData(nameof(ChangesThatMustChangeTheTag))]
    public async Task A_change_the_build_depends_on_changes_the_tag(string change)
    {
        var before = await ContentAddress.ComputeAsync(Baseline);

        var after = await ContentAddress.ComputeAsync(MustChange[change](_context, Baseline));

        Assert.NotEqual(before, after);
    }

    [Theory]
    [MemberData(nameof(ChangesThatMustNotChangeTheTag))]
    public async Task A_change_the_build_does_not_depend_on_keeps_the_tag(string change)
    {
        // "Another order" rows compare against a baseline that has the same extra key in the first position.
        var baseline = change switch
        {
            "build args given in another order" => Baseline with { BuildArgs = [new("VERSION", "1.0"), new("A", "1")] },
            "labels given in another order" => Baseline with { Labels = [new("role", "db"), new("z", "1")] },
            _ => Baseline,
        };
        var before = await ContentAddress.ComputeAsync(baseline);

        var after = await ContentAddress.ComputeAsync(MustNotChange[change](_context, baseline));

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task The_order_files_were_created_in_does_not_matter()
    {
        using var forward = new TempContext();
        using var backward = new TempContext();
        string[] names = ["b.txt", "a/z.txt", "a/b/c.txt", "A.txt", "a.txt", "é.txt", "z"];
        foreach (var name in names)
        {
            forward.Write(name, name);
        }

        foreach (var name in names.Reverse())
        {
            backward.Write(name, name);
        }

        foreach (var context in new[] { forward, backward })
        {
            context.Write("Dockerfile", "FROM scratch\n");
            TempContext.SetMode(context.Root, (UnixFileMode)0b111_101_101);
            foreach (var entry in Directory.EnumerateFileSystemEntries(context.Root, "*", SearchOption.AllDirectories))
            {
                TempContext.SetMode(entry, Directory.Exists(entry) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
            }
        }

        var forwardTag = await ContentAddress.ComputeAsync(new BuildHashInput { ContextDirectory = forward.Root });
        var backwardTag = await ContentAddress.ComputeAsync(new BuildHashInput { ContextDirectory = backward.Root });

        Assert.Equal(forwardTag, backwardTag);
    }

    [Fact]
    public async Task The_tag_is_64_lowercase_hex_characters_and_repeatable()
    {
        var first = await ContentAddress.ComputeAsync(Baseline);
        var second = await ContentAddress.ComputeAsync(Baseline);

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Inline_instructions_hash_to_a_known_vector()
    {
        var tag = await ContentAddress.ComputeAsync(new BuildHashInput { InstructionsText = "FROM alpine:latest\n" });

        Assert.Equal("dee7be2623f0391e92fddc24bc456e21659090ea87cf1474b22ff6acf3fea1c5", tag);
        Assert.Equal(ExpectedInstructionsVector(), tag);
    }

    [Fact]
    public async Task A_dockerfile_outside_the_context_is_hashed_by_content_and_marked_as_outside()
    {
        using var elsewhere = new TempContext();
        elsewhere.Write("Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
        var outside = Baseline with { DockerfilePath = elsewhere.PathOf("Dockerfile") };
        var inside = Baseline;

        var outsideTag = await ContentAddress.ComputeAsync(outside);
        elsewhere.Write("Dockerfile", "FROM alpine:3.21\n");
        var changedTag = await ContentAddress.ComputeAsync(outside);

        Assert.NotEqual(await ContentAddress.ComputeAsync(inside), outsideTag);
        Assert.NotEqual(outsideTag, changedTag);
    }

    [Fact]
    public async Task A_dockerfile_specific_ignore_file_takes_precedence()
    {
        var input = Baseline with { DockerfilePath = "Dockerfile.alt" };
        var before = await ContentAddress.ComputeAsync(input);

        // Dockerfile.alt.dockerignore replaces .dockerignore, so old.log and cache/ now count.
        _context.Write("Dockerfile.alt.dockerignore", "**/*.txt\n");
        var withSpecificIgnore = await ContentAddress.ComputeAsync(input);
        _context.Write("app/main.txt", "changed but ignored now");
        var afterIgnoredChange = await ContentAddress.ComputeAsync(input);
        _context.Write("old.log", "counted now");
        var afterCountedChange = await ContentAddress.ComputeAsync(input);

        Assert.NotEqual(before, withSpecificIgnore);
        Assert.Equal(withSpecificIgnore, afterIgnoredChange);
        Assert.NotEqual(afterIgnoredChange, afterCountedChange);
    }

    [Fact]
    public async Task A_named_pipe_in_the_context_is_an_error_naming_it()
    {
        _context.MakeFifo("app/pipe");

        var error = await Assert.ThrowsAsync<BuildContextException>(() => ContentAddress.ComputeAsync(Baseline));

        Assert.Equal(_context.PathOf("app/pipe"), error.Path);
        Assert.Contains("named pipe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_in_the_context_is_an_error_naming_it()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_context.PathOf("app/sock")));

        var error = await Assert.ThrowsAsync<BuildContextException>(() => ContentAddress.ComputeAsync(Baseline));

        Assert.Equal(_context.PathOf("app/sock"), error.Path);
    }

    [Fact]
    public async Task A_named_pipe_in_an_ignored_directory_is_never_touched()
    {
        _context.MakeFifo("cache/pipe");
        _context.Write("cache.log", "x");

        var tag = await ContentAddress.ComputeAsync(Baseline);

        Assert.Matches("^[0-9a-f]{64}$", tag);
    }

    [Fact]
    public async Task A_missing_context_directory_is_an_error()
    {
        var input = new BuildHashInput { ContextDirectory = _context.PathOf("nope") };

        await Assert.ThrowsAsync<BuildContextException>(() => ContentAddress.ComputeAsync(input));
    }

    [Fact]
    public async Task A_missing_dockerfile_is_an_error()
    {
        var input = Baseline with { DockerfilePath = "Missing.Dockerfile" };

        var exception = await Assert.ThrowsAsync<BuildContextException>(() => ContentAddress.ComputeAsync(input));

        Assert.IsType<FileNotFoundException>(exception.InnerException);
    }

    [Theory]
    [InlineData("neither")]
    [InlineData("both")]
    [InlineData("dockerfile path with instructions")]
    [InlineData("duplicate build arg")]
    [InlineData("duplicate label")]
    public async Task An_invalid_input_is_refused(string problem)
    {
        var input = problem switch
        {
            "neither" => new BuildHashInput(),
            "both" => Baseline with { InstructionsText = "FROM x" },
            "dockerfile path with instructions" => new BuildHashInput { InstructionsText = "FROM x", DockerfilePath = "Dockerfile" },
            "duplicate build arg" => Baseline with { BuildArgs = [new("A", "1"), new("A", "2")] },
            _ => Baseline with { Labels = [new("l", "1"), new("l", "1")] },
        };

        await Assert.ThrowsAsync<ArgumentException>(() => ContentAddress.ComputeAsync(input));
    }

    [Fact]
    public async Task Cancellation_surfaces_as_operation_canceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ContentAddress.ComputeAsync(Baseline, cancellation.Token));
    }

    // The documented layout for inline instructions, spelled out segment by segment (docs/content-hash.md).
    private static string ExpectedInstructionsVector()
    {
        using var hasher = new SegmentHasher();
        foreach (var segment in new[]
        {
            "ociman-build-v1",
            "source", "1", "instructions", "FROM alpine:latest\n",
            "context", "0",
            "target", "0",
            "build-args", "0",
            "labels", "0",
            "base-images", "0",
        })
        {
            hasher.Push(segment);
        }

        return hasher.FinishHex();
    }
}
