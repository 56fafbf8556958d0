using static Ociman.IntegrationTests.Images.ImageTestKit;

namespace Ociman.IntegrationTests.Images;

/// <summary>Builds from inline instructions and directories, on the real engine: what ends up in the image.</summary>
[Collection(EngineCollection.Name)]
public sealed class BuildSpecs(EngineFixture fx) : ImageSpecs
{
    protected override EngineFixture Fixture => fx;

    [Fact(Timeout = 120_000)]
    public async Task An_inline_build_produces_an_image_that_runs()
    {
        var id = UniqueId();
        var image = UniqueImage("inline");
        try
        {
            var built = await fx.Engine.BuildAsync(Inline(fx, id, "RUN echo 'made inline' > /made\n").WithTag(image));

            Assert.Equal(image, built);
            Assert.Equal("made inline\n", await OutputOfAsync(fx, built, "cat", "/made"));
            Assert.Equal(id + "\n", await OutputOfAsync(fx, built, "cat", "/test-id"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task An_inline_build_leaves_nothing_in_the_temp_directory()
    {
        var before = CliTempLeftovers();
        var image = UniqueImage("inline-temp");
        try
        {
            await fx.Engine.BuildAsync(Inline(fx, UniqueId(), "RUN echo 'made inline' > /made\n").WithTag(image));

            Assert.Empty(CliTempLeftovers().Except(before));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_directory_build_copies_a_context_file_into_the_image()
    {
        using var ctx = new TempDir();
        var id = UniqueId();
        ctx.Write("Dockerfile", Header(fx, id) + "COPY greeting.txt /greeting.txt\n");
        ctx.Write("greeting.txt", "hello from the context\n");
        var image = UniqueImage("dir");
        try
        {
            await fx.Engine.BuildAsync(ImageBuild.FromDirectory(ctx.Path).WithLabel(EngineFixture.RunLabel, fx.RunId).WithLabel(CaseLabel, CaseId).WithTag(image));

            Assert.Equal("hello from the context\n", await OutputOfAsync(fx, image, "cat", "/greeting.txt"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_Dockerfile_at_another_path_inside_the_context_is_used()
    {
        using var ctx = new TempDir();
        var id = UniqueId();
        ctx.Write("Dockerfile", Header(fx, id) + "RUN echo 'the default Dockerfile' > /which\n");
        ctx.Write("build/app.Dockerfile", Header(fx, id) + "COPY data.txt /data.txt\nRUN echo 'build/app.Dockerfile' > /which\n");
        ctx.Write("data.txt", "inside\n");
        var image = UniqueImage("dockerfile-inside");
        try
        {
            await fx.Engine.BuildAsync(ImageBuild.FromDirectory(ctx.Path, "build/app.Dockerfile").WithLabel(EngineFixture.RunLabel, fx.RunId).WithLabel(CaseLabel, CaseId).WithTag(image));

            Assert.Equal("build/app.Dockerfile\n", await OutputOfAsync(fx, image, "cat", "/which"));
            Assert.Equal("inside\n", await OutputOfAsync(fx, image, "cat", "/data.txt"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_Dockerfile_outside_the_context_is_used_with_the_context_files()
    {
        using var ctx = new TempDir();
        using var elsewhere = new TempDir();
        var id = UniqueId();
        ctx.Write("data.txt", "from the context\n");
        var dockerfile = elsewhere.Write("outside.Dockerfile", Header(fx, id) + "COPY data.txt /data.txt\n");
        var image = UniqueImage("dockerfile-outside");
        try
        {
            var build = ImageBuild.FromDirectory(ctx.Path, dockerfile).WithLabel(EngineFixture.RunLabel, fx.RunId).WithLabel(CaseLabel, CaseId).WithContentAddressedTag(Repository("dockerfile-outside"));
            image = await fx.Engine.BuildAsync(build);

            Assert.Equal("from the context\n", await OutputOfAsync(fx, image, "cat", "/data.txt"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_target_stage_is_built_instead_of_the_last_stage()
    {
        var id = UniqueId();
        var image = UniqueImage("target");
        var instructions = $"""
            FROM {fx.BusyBox} AS first
            RUN echo '{id}' > /test-id && echo 'first stage' > /stage
            FROM first AS second
            RUN echo 'second stage' > /stage

            """;
        try
        {
            await fx.Engine.BuildAsync(ImageBuild.FromInstructions(instructions).WithTarget("first").WithLabel(EngineFixture.RunLabel, fx.RunId).WithLabel(CaseLabel, CaseId).WithTag(image));

            Assert.Equal("first stage\n", await OutputOfAsync(fx, image, "cat", "/stage"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_build_argument_reaches_the_image()
    {
        var id = UniqueId();
        var image = UniqueImage("build-arg");
        try
        {
            var build = Inline(fx, id, "ARG X\nRUN echo \"$X\" > /x\n").WithBuildArgument("X", "value with spaces & $dollar").WithTag(image);
            await fx.Engine.BuildAsync(build);

            Assert.Equal("value with spaces & $dollar\n", await OutputOfAsync(fx, image, "cat", "/x"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Labels_given_to_the_build_land_on_the_image()
    {
        var id = UniqueId();
        var image = UniqueImage("labels");
        try
        {
            var build = Inline(fx, id).WithLabel("org.example.role", "under test").WithLabel("org.example.empty", string.Empty).WithTag(image);
            await fx.Engine.BuildAsync(build);

            var labels = (await fx.Engine.InspectImageAsync(image)).Labels;
            Assert.Equal("under test", labels["org.example.role"]);
            Assert.Equal(string.Empty, labels["org.example.empty"]);
            Assert.Equal(fx.RunId, labels[EngineFixture.RunLabel]);
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_fixed_tag_build_is_tagged_exactly_as_given()
    {
        var image = UniqueImage("fixed");
        try
        {
            var built = await fx.Engine.BuildAsync(Inline(fx, UniqueId()).WithTag(image));

            Assert.Equal(image, built);
            Assert.True(await fx.Engine.ImageExistsAsync(image));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_content_addressed_build_with_a_name_is_tagged_with_the_content_hash()
    {
        var name = Repository("named-" + UniqueId());
        ImageReference? built = null;
        try
        {
            var build = Inline(fx, UniqueId()).WithContentAddressedTag(name);
            var expected = await fx.Engine.ComputeReferenceAsync(build);
            built = await fx.Engine.BuildAsync(build);

            Assert.Equal(expected, built);
            Assert.Equal(name, built.WithoutTag());
            Assert.Matches("^[0-9a-f]{64}$", built.Tag!.Value);
            Assert.True(await fx.Engine.ImageExistsAsync(built));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, built);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_build_without_a_name_is_tagged_ociman_build_with_the_content_hash()
    {
        ImageReference? built = null;
        try
        {
            built = await fx.Engine.BuildAsync(Inline(fx, UniqueId()));

            Assert.Equal(ImageBuild.DefaultName, built.WithoutTag());
            Assert.Equal("ociman/build", built.WithoutTag().ToString());
            Assert.Matches("^[0-9a-f]{64}$", built.Tag!.Value);
            Assert.True(await fx.Engine.ImageExistsAsync(built));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, built);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_failed_build_throws_ImageBuildException_with_the_last_lines_of_output()
    {
        var id = UniqueId();
        var name = Repository("failing-" + id);
        var build = Inline(fx, id, "RUN echo 'about to fail {marker}' && exit 3\n".Replace("{marker}", id, StringComparison.Ordinal)).WithContentAddressedTag(name);

        var thrown = await Assert.ThrowsAsync<ImageBuildException>(() => fx.Engine.BuildIfAbsentAsync(build));

        Assert.Contains("about to fail " + id, thrown.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, Assert.IsType<EngineCommandException>(thrown.InnerException).ExitCode);
        var leftovers = await fx.Engine.ListImagesAsync(name);
        Assert.Empty(leftovers);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_failed_build_leaves_no_temporary_tag_behind()
    {
        var id = UniqueId();
        var name = Repository("failing-tmp-" + id);

        await Assert.ThrowsAsync<ImageBuildException>(() => fx.Engine.BuildAsync(Inline(fx, id, "RUN exit 3\n").WithContentAddressedTag(name)));

        var leftovers = await fx.Engine.ListImagesAsync(name);
        Assert.DoesNotContain(leftovers, r => r.Tag?.Value.StartsWith("ociman-tmp-", StringComparison.Ordinal) == true);
        Assert.Empty(leftovers);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_successful_build_leaves_no_temporary_tag_behind()
    {
        var name = Repository("tmp-" + UniqueId());
        ImageReference? built = null;
        try
        {
            built = await fx.Engine.BuildIfAbsentAsync(Inline(fx, UniqueId()).WithContentAddressedTag(name));

            var listed = await fx.Engine.ListImagesAsync(name);
            Assert.Equal([built.Tag!.Value], listed.Select(r => r.Tag!.Value));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, built);
        }
    }
}
