using Ociman.Tests.Support;
using static Ociman.IntegrationTests.Images.ImageTestKit;

namespace Ociman.IntegrationTests.Images;

/// <summary>Content-addressed tags on the real engine: what changes the tag, what does not, and build-if-absent.</summary>
[Collection(EngineCollection.Name)]
public sealed class ContentTagSpecs(EngineFixture fx) : ImageSpecs
{
    protected override EngineFixture Fixture => fx;

    private const int ImageBuildSkippedEvent = 1302;
    private const int ImageBuildingEvent = 1300;

    [Fact(Timeout = 120_000)]
    public async Task The_same_inputs_give_the_same_tag_even_from_two_copies_of_the_context()
    {
        var id = UniqueId();
        using var a = new TempDir();
        using var b = new TempDir();
        foreach (var ctx in new[] { a, b })
        {
            ctx.Write("Dockerfile", Header(fx, id) + "COPY . /app\n");
            ctx.Write("src/main.txt", "same content\n");
        }

        var name = Repository("same");
        var first = await fx.Engine.ComputeReferenceAsync(ImageBuild.FromDirectory(a.Path).WithBuildArgument("V", "1").WithLabel("k", "v").WithContentAddressedTag(name));
        var again = await fx.Engine.ComputeReferenceAsync(ImageBuild.FromDirectory(a.Path).WithBuildArgument("V", "1").WithLabel("k", "v").WithContentAddressedTag(name));
        var copy = await fx.Engine.ComputeReferenceAsync(ImageBuild.FromDirectory(b.Path).WithLabel("k", "v").WithBuildArgument("V", "1").WithContentAddressedTag(name));

        Assert.Equal(first, again);
        Assert.Equal(first, copy);
    }

    [Fact(Timeout = 120_000)]
    public async Task Changing_a_context_file_changes_the_tag()
    {
        using var ctx = new TempDir();
        ctx.Write("Dockerfile", Header(fx, UniqueId()) + "COPY data.txt /data.txt\n");
        ctx.Write("data.txt", "one\n");
        var build = ImageBuild.FromDirectory(ctx.Path).WithContentAddressedTag(Repository("file-change"));
        var before = await fx.Engine.ComputeReferenceAsync(build);

        ctx.Write("data.txt", "two\n");
        var after = await fx.Engine.ComputeReferenceAsync(build);

        Assert.NotEqual(before, after);
    }

    [Fact(Timeout = 120_000)]
    public async Task Changing_a_build_argument_changes_the_tag()
    {
        var build = Inline(fx, UniqueId(), "ARG X\nRUN echo $X > /x\n").WithContentAddressedTag(Repository("arg-change"));

        var one = await fx.Engine.ComputeReferenceAsync(build.WithBuildArgument("X", "1"));
        var two = await fx.Engine.ComputeReferenceAsync(build.WithBuildArgument("X", "2"));

        Assert.NotEqual(one, two);
    }

    [Fact(Timeout = 120_000)]
    public async Task Changing_a_label_changes_the_tag()
    {
        var build = Inline(fx, UniqueId()).WithContentAddressedTag(Repository("label-change"));

        var one = await fx.Engine.ComputeReferenceAsync(build.WithLabel("org.example.role", "a"));
        var two = await fx.Engine.ComputeReferenceAsync(build.WithLabel("org.example.role", "b"));

        Assert.NotEqual(one, two);
    }

    [Fact(Timeout = 120_000)]
    public async Task Context_files_whose_names_are_not_valid_utf8_are_hashed_and_sent_by_their_bytes()
    {
        using var ctx = new TempDir();
        var cafe = RawFiles.Latin1("caf\u00E9.txt");
        var directory = RawFiles.Latin1("d\u00FFir");
        ctx.Write("Dockerfile", Header(fx, UniqueId()) + "COPY . /app\n");
        RawFiles.WriteFile(RawFiles.Join(ctx.Path, cafe), "hello\n");
        RawFiles.MakeDirectory(RawFiles.Join(ctx.Path, directory));
        RawFiles.WriteFile(RawFiles.Join(ctx.Path, [.. directory, .. "/in.txt"u8]), "inner\n");
        RawFiles.Symlink(RawFiles.Join(ctx.Path, "link"u8.ToArray()), cafe);
        var build = ImageBuild.FromDirectory(ctx.Path).WithLabel(EngineFixture.RunLabel, fx.RunId).WithLabel(CaseLabel, CaseId).WithContentAddressedTag(Repository("raw-names"));
        ImageReference? built = null;
        try
        {
            built = await fx.Engine.BuildIfAbsentAsync(build);

            // Each path inside the image as hex bytes, then what it holds (the link's target as hex too).
            var listing = await OutputOfAsync(
                fx, built, "sh", "-c",
                "for f in /app/caf* /app/d*/in.txt; do printf %s \"$f\" | od -An -tx1 | tr -d ' \\n'; echo; cat \"$f\"; done; printf %s \"$(readlink /app/link)\" | od -An -tx1 | tr -d ' \\n'");
            Assert.Equal(
                [Hex([.. "/app/"u8, .. cafe]), "hello", Hex([.. "/app/"u8, .. directory, .. "/in.txt"u8]), "inner", Hex(cafe)],
                listing.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            RawFiles.WriteFile(RawFiles.Join(ctx.Path, [.. directory, .. "/in.txt"u8]), "changed\n");
            Assert.NotEqual(built, await fx.Engine.ComputeReferenceAsync(build));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, built);
            RawFiles.RemoveTree(ctx.Path);
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [Fact(Timeout = 120_000)]
    public async Task Changing_a_dockerignored_file_keeps_the_tag_and_the_file_stays_out_of_the_image()
    {
        using var ctx = new TempDir();
        ctx.Write("Dockerfile", Header(fx, UniqueId()) + "COPY . /app\n");
        ctx.Write(".dockerignore", "secret.txt\nlogs/\n");
        ctx.Write("kept.txt", "kept\n");
        ctx.Write("secret.txt", "one\n");
        ctx.Write("logs/today.log", "one\n");
        var build = ImageBuild.FromDirectory(ctx.Path).WithLabel(EngineFixture.RunLabel, fx.RunId).WithLabel(CaseLabel, CaseId).WithContentAddressedTag(Repository("ignored"));
        var before = await fx.Engine.ComputeReferenceAsync(build);

        ctx.Write("secret.txt", "two: changed\n");
        ctx.Write("logs/today.log", "two: changed\n");
        var after = await fx.Engine.ComputeReferenceAsync(build);

        Assert.Equal(before, after);
        try
        {
            await fx.Engine.BuildIfAbsentAsync(build);
            Assert.Equal("kept.txt\n", await OutputOfAsync(fx, after, "sh", "-c", "ls /app | grep -v -e Dockerfile -e '^.dockerignore$'"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, after);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task BuildIfAbsent_builds_once_and_the_second_call_returns_the_image_without_building()
    {
        var log = new RecordingLoggerFactory();
        var engine = await Engine.ConnectAsync(fx.Engine.Kind, new EngineOptions { LoggerFactory = log });
        var build = Inline(fx, UniqueId(), "RUN date > /built-at\n").WithContentAddressedTag(Repository("if-absent"));
        ImageReference? first = null;
        try
        {
            first = await engine.BuildIfAbsentAsync(build);
            var afterFirst = await engine.InspectImageAsync(first);
            Assert.Single(log.Events, e => e.EventId == ImageBuildingEvent);
            Assert.DoesNotContain(log.Events, e => e.EventId == ImageBuildSkippedEvent);

            var second = await engine.BuildIfAbsentAsync(build);
            var afterSecond = await engine.InspectImageAsync(second);

            Assert.Equal(first, second);
            Assert.Equal(afterFirst.Id, afterSecond.Id);
            Assert.Equal(afterFirst.Created, afterSecond.Created);
            Assert.Single(log.Events, e => e.EventId == ImageBuildingEvent);
            Assert.Contains(log.Events, e => e.EventId == ImageBuildSkippedEvent && e.Message.Contains(first.Tag!.Value, StringComparison.Ordinal));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, first);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task BuildAsync_builds_even_when_the_image_is_present()
    {
        var log = new RecordingLoggerFactory();
        var engine = await Engine.ConnectAsync(fx.Engine.Kind, new EngineOptions { LoggerFactory = log });
        var build = Inline(fx, UniqueId()).WithContentAddressedTag(Repository("always"));
        ImageReference? built = null;
        try
        {
            built = await engine.BuildAsync(build);
            var again = await engine.BuildAsync(build);

            Assert.Equal(built, again);
            Assert.Equal(2, log.Events.Count(e => e.EventId == ImageBuildingEvent));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, built);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_base_image_that_moved_changes_the_tag()
    {
        var baseName = UniqueImage("base");
        var other = UniqueImage("other-base");
        try
        {
            await fx.Engine.BuildAsync(Inline(fx, UniqueId(), "RUN echo 'base one' > /base\n").WithTag(baseName));
            await fx.Engine.BuildAsync(Inline(fx, UniqueId(), "RUN echo 'base two' > /base\n").WithTag(other));
            var build = ImageBuild.FromInstructions($"FROM {baseName}\nRUN echo '{UniqueId()}' > /test-id\n").WithContentAddressedTag(Repository("on-base"));
            var before = await fx.Engine.ComputeReferenceAsync(build);

            await fx.Engine.TagImageAsync(other, baseName);
            var after = await fx.Engine.ComputeReferenceAsync(build);

            Assert.NotEqual(before, after);
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, baseName, other);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_base_image_that_moved_keeps_the_tag_when_base_image_hashing_is_off()
    {
        var baseName = UniqueImage("base");
        var other = UniqueImage("other-base");
        try
        {
            await fx.Engine.BuildAsync(Inline(fx, UniqueId(), "RUN echo 'base one' > /base\n").WithTag(baseName));
            await fx.Engine.BuildAsync(Inline(fx, UniqueId(), "RUN echo 'base two' > /base\n").WithTag(other));
            var build = ImageBuild.FromInstructions($"FROM {baseName}\nRUN echo '{UniqueId()}' > /test-id\n")
                .WithContentAddressedTag(Repository("on-base"))
                .WithBaseImageHashing(false);
            var before = await fx.Engine.ComputeReferenceAsync(build);

            await fx.Engine.TagImageAsync(other, baseName);
            var after = await fx.Engine.ComputeReferenceAsync(build);

            Assert.Equal(before, after);
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, baseName, other);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_base_image_pulled_or_built_later_changes_the_tag()
    {
        var baseName = UniqueImage("late-base");
        try
        {
            var build = ImageBuild.FromInstructions($"FROM {baseName}\nRUN echo '{UniqueId()}' > /test-id\n").WithContentAddressedTag(Repository("on-late-base"));
            var unresolved = await fx.Engine.ComputeReferenceAsync(build);

            await fx.Engine.BuildAsync(Inline(fx, UniqueId()).WithTag(baseName));
            var resolved = await fx.Engine.ComputeReferenceAsync(build);

            Assert.NotEqual(unresolved, resolved);
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, baseName);
        }
    }
}
