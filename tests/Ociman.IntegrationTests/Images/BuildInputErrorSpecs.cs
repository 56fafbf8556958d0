using static Ociman.IntegrationTests.Images.ImageTestKit;

namespace Ociman.IntegrationTests.Images;

/// <summary>Bad build inputs surface from <c>BuildIfAbsentAsync</c> as <see cref="BuildContextException"/>, never as raw BCL exceptions.</summary>
[Collection(EngineCollection.Name)]
public sealed class BuildInputErrorSpecs(EngineFixture fx)
{
    [Fact(Timeout = 120_000)]
    public async Task An_invalid_dockerignore_fails_the_build_with_a_build_context_error_naming_the_file()
    {
        using var ctx = new TempDir();
        ctx.Write("Dockerfile", Header(fx, UniqueId()) + "COPY . /app\n");
        ctx.Write(".dockerignore", "*.log\n[z-a]\n");

        var exception = await Assert.ThrowsAsync<BuildContextException>(
            () => fx.Engine.BuildIfAbsentAsync(ImageBuild.FromDirectory(ctx.Path).WithContentAddressedTag(Repository("bad-ignore"))));

        Assert.EndsWith(".dockerignore", exception.Path, StringComparison.Ordinal);
        Assert.Contains("line 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_dockerfile_removed_before_the_build_fails_it_with_a_build_context_error_naming_the_file()
    {
        using var ctx = new TempDir();
        ctx.Write("Dockerfile", Header(fx, UniqueId()));
        var build = ImageBuild.FromDirectory(ctx.Path).WithContentAddressedTag(Repository("removed-dockerfile"));
        File.Delete(System.IO.Path.Combine(ctx.Path, "Dockerfile"));

        var exception = await Assert.ThrowsAsync<BuildContextException>(() => fx.Engine.BuildIfAbsentAsync(build));

        Assert.Equal(System.IO.Path.Combine(ctx.Path, "Dockerfile"), exception.Path);
        Assert.Contains("does not exist", exception.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_pattern_that_would_make_a_backtracking_matcher_explode_builds_normally()
    {
        using var ctx = new TempDir();
        var id = UniqueId();
        ctx.Write("Dockerfile", Header(fx, id) + "COPY . /app\n");
        ctx.Write(new string('a', 200), "kept\n");
        ctx.Write(".dockerignore", string.Concat(Enumerable.Repeat("*a", 20)) + "*b\n");
        var image = Repository("no-backtracking");
        ImageReference? built = null;
        try
        {
            built = await fx.Engine.BuildIfAbsentAsync(ImageBuild.FromDirectory(ctx.Path).WithLabel(EngineFixture.RunLabel, fx.RunId).WithContentAddressedTag(image));

            Assert.Equal("kept", (await OutputOfAsync(fx, built, "cat", "/app/" + new string('a', 200))).Trim());
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, built);
        }
    }
}
