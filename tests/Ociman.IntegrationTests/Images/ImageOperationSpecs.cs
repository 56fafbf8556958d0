using System.Formats.Tar;
using Ociman.Images;
using static Ociman.IntegrationTests.Images.ImageTestKit;

namespace Ociman.IntegrationTests.Images;

/// <summary>Presence, inspect, tag, remove, list, import, save/load and prune on the real engine.</summary>
[Collection(EngineCollection.Name)]
public sealed class ImageOperationSpecs(EngineFixture fx) : ImageSpecs
{
    protected override EngineFixture Fixture => fx;

    private async Task<ImageReference> BuildAsync(ImageReference image, ImageBuild? build = null)
    {
        await fx.Engine.BuildAsync((build ?? Inline(fx, UniqueId())).WithTag(image));
        return image;
    }

    [Fact(Timeout = 120_000)]
    public async Task ImageExists_is_true_for_a_built_image_and_false_for_an_absent_tag()
    {
        var image = UniqueImage("exists");
        try
        {
            await BuildAsync(image);

            Assert.True(await fx.Engine.ImageExistsAsync(image));
            Assert.False(await fx.Engine.ImageExistsAsync(image.WithTag("absent-" + UniqueId())));
            Assert.False(await fx.Engine.ImageExistsAsync(Repository("absent-" + UniqueId()).WithTag("x")));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task ImageExists_finds_a_fully_qualified_localhost_reference()
    {
        var image = UniqueImage("exists-src");
        var qualified = ImageReference.Parse($"localhost/ociman-it/qualified-{UniqueId()}:t1");
        try
        {
            await BuildAsync(image);
            await fx.Engine.TagImageAsync(image, qualified);

            Assert.True(await fx.Engine.ImageExistsAsync(qualified));
            Assert.False(await fx.Engine.ImageExistsAsync(qualified.WithTag("t2")));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, qualified, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task ImageExists_is_false_without_error_for_an_absent_docker_io_library_reference()
    {
        var absent = ImageReference.Parse($"docker.io/library/ociman-it-absent-{UniqueId()}:latest");

        Assert.False(await fx.Engine.ImageExistsAsync(absent));
    }

    [Fact(Timeout = 120_000)]
    public async Task InspectImage_reports_id_created_labels_size_and_tags()
    {
        var image = UniqueImage("inspect");
        var started = DateTimeOffset.UtcNow.AddMinutes(-5);
        try
        {
            await BuildAsync(image, Inline(fx, UniqueId()).WithLabel("org.example.inspected", "yes"));

            var inspection = await fx.Engine.InspectImageAsync(image);

            Assert.Matches("^sha256:[0-9a-f]{64}$", inspection.Id);
            Assert.NotNull(inspection.Created);
            Assert.InRange(inspection.Created!.Value, started, DateTimeOffset.UtcNow.AddMinutes(5));
            Assert.Equal("yes", inspection.Labels["org.example.inspected"]);
            Assert.True(inspection.Size > 0, $"size {inspection.Size}");
            Assert.Contains(inspection.RepoTags, t => ImageReference.Parse(t).MatchesIgnoringLocalhost(image));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task InspectImage_of_an_absent_image_throws_ImageNotFoundException()
    {
        var absent = UniqueImage("absent");

        await Assert.ThrowsAsync<ImageNotFoundException>(() => fx.Engine.InspectImageAsync(absent));
    }

    [Fact(Timeout = 120_000)]
    public async Task TagImage_gives_the_same_image_a_second_reference()
    {
        var image = UniqueImage("tag-src");
        var second = UniqueImage("tag-dst");
        try
        {
            await BuildAsync(image);

            await fx.Engine.TagImageAsync(image, second);

            Assert.Equal((await fx.Engine.InspectImageAsync(image)).Id, (await fx.Engine.InspectImageAsync(second)).Id);
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, second, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task TagImage_of_an_absent_image_throws_ImageNotFoundException()
    {
        var absent = UniqueImage("absent");
        var target = UniqueImage("never");

        await Assert.ThrowsAsync<ImageNotFoundException>(() => fx.Engine.TagImageAsync(absent, target));
        Assert.False(await fx.Engine.ImageExistsAsync(target));
    }

    [Fact(Timeout = 120_000)]
    public async Task RemoveImage_removes_one_reference_and_leaves_the_others()
    {
        var image = UniqueImage("rm");
        var second = UniqueImage("rm-second");
        try
        {
            await BuildAsync(image);
            await fx.Engine.TagImageAsync(image, second);

            await fx.Engine.RemoveImageAsync(image);

            Assert.False(await fx.Engine.ImageExistsAsync(image));
            Assert.True(await fx.Engine.ImageExistsAsync(second));
            await fx.Engine.RemoveImageAsync(second);
            Assert.False(await fx.Engine.ImageExistsAsync(second));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image, second);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task RemoveImage_of_an_absent_image_throws_ImageNotFoundException()
    {
        var absent = UniqueImage("absent");

        var thrown = await Assert.ThrowsAsync<ImageNotFoundException>(() => fx.Engine.RemoveImageAsync(absent));

        Assert.Contains(absent.ToString(), thrown.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task RemoveImage_refuses_an_image_a_container_uses_unless_forced()
    {
        var image = UniqueImage("rm-force");
        try
        {
            await BuildAsync(image);
            await using var container = await fx.Engine.RunDetachedAsync(RunIn(fx, image, EngineFixture.SleepCommand));

            var refused = await Assert.ThrowsAnyAsync<EngineOperationException>(() => fx.Engine.RemoveImageAsync(image));
            Assert.IsNotType<ImageNotFoundException>(refused);
            Assert.True(await fx.Engine.ImageExistsAsync(image));

            await fx.Engine.RemoveImageAsync(image, force: true);

            Assert.False(await fx.Engine.ImageExistsAsync(image));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task ListImages_finds_every_tag_of_the_name_and_not_a_name_sharing_its_prefix()
    {
        var name = Repository("list-" + UniqueId());
        var a = name.WithTag("a");
        var b = name.WithTag("b");
        var prefixed = ImageReference.Parse(name + "-other:c");
        try
        {
            await BuildAsync(a);
            await fx.Engine.TagImageAsync(a, b);
            await fx.Engine.TagImageAsync(a, prefixed);

            var listed = await fx.Engine.ListImagesAsync(name);

            Assert.Equal(["a", "b"], listed.Select(r => r.Tag!.Value).Order(StringComparer.Ordinal));
            Assert.All(listed, r => Assert.True(r.WithoutTag().MatchesIgnoringLocalhost(name), $"{r} is not {name}"));
            Assert.Equal(listed.Count, (await fx.Engine.ListImagesAsync(name.WithTag("ignored"))).Count);
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, prefixed, b, a);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task ListImages_of_an_absent_name_is_empty()
    {
        Assert.Empty(await fx.Engine.ListImagesAsync(Repository("never-" + UniqueId())));
    }

    [Fact(Timeout = 120_000)]
    public async Task Import_turns_a_root_file_system_tarball_into_an_image_that_runs()
    {
        using var rootfs = new TempDir();
        using var work = new TempDir();
        var busybox = Path.Combine(rootfs.Path, "busybox");
        File.Copy(OfflineImages.BusyBoxBinary, busybox);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(busybox, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var tar = Path.Combine(work.Path, "rootfs.tar");
        await TarFile.CreateFromDirectoryAsync(rootfs.Path, tar, includeBaseDirectory: false);
        var image = UniqueImage("imported");
        try
        {
            var imported = await fx.Engine.ImportAsync(tar, image);

            Assert.Equal(image, imported);
            Assert.True(await fx.Engine.ImageExistsAsync(image));
            Assert.Equal("hi\n", await OutputOfAsync(fx, image, "/busybox", "echo", "hi"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Save_then_remove_then_Load_restores_the_image()
    {
        using var work = new TempDir();
        var image = UniqueImage("saved");
        var tar = Path.Combine(work.Path, "images.tar");
        try
        {
            await BuildAsync(image, Inline(fx, UniqueId(), "RUN echo 'saved and loaded' > /payload\n"));
            var id = (await fx.Engine.InspectImageAsync(image)).Id;

            await fx.Engine.SaveAsync([image], tar);
            await fx.Engine.RemoveImageAsync(image);
            Assert.False(await fx.Engine.ImageExistsAsync(image));
            var loaded = await fx.Engine.LoadAsync(tar);

            Assert.Contains(loaded, l => ImageReference.TryParse(l, out var r) && r.MatchesIgnoringLocalhost(image));
            Assert.Equal(id, (await fx.Engine.InspectImageAsync(image)).Id);
            Assert.Equal("saved and loaded\n", await OutputOfAsync(fx, image, "cat", "/payload"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Save_overwrites_an_existing_archive()
    {
        using var work = new TempDir();
        var image = UniqueImage("resaved");
        var tar = work.Write("images.tar", "an older archive");
        try
        {
            await BuildAsync(image);

            await fx.Engine.SaveAsync([image], tar);

            Assert.True(new FileInfo(tar).Length > 1024);
            Assert.Equal([Path.GetFileName(tar)], Directory.GetFiles(work.Path).Select(Path.GetFileName));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task PruneImages_by_label_removes_only_the_labelled_images()
    {
        const string pruneLabel = "io.ociman.test-prune";
        var marker = UniqueId();
        var labelled = UniqueImage("prune-me");
        var unlabelled = UniqueImage("keep-me");
        var otherValue = UniqueImage("keep-me-too");
        try
        {
            await BuildAsync(labelled, Inline(fx, UniqueId()).WithLabel(pruneLabel, marker));
            await BuildAsync(unlabelled);
            await BuildAsync(otherValue, Inline(fx, UniqueId()).WithLabel(pruneLabel, "other-" + marker));

            await fx.Engine.PruneImagesAsync(pruneLabel, marker);

            Assert.False(await fx.Engine.ImageExistsAsync(labelled));
            Assert.True(await fx.Engine.ImageExistsAsync(unlabelled));
            Assert.True(await fx.Engine.ImageExistsAsync(otherValue));
            Assert.True(await fx.Engine.ImageExistsAsync(fx.BusyBox));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, labelled, unlabelled, otherValue);
        }
    }
}
