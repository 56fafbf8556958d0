namespace Ociman.Testing.Xunit.Tests;

/// <summary>An image fixture that builds a small image on top of the offline BusyBox image.</summary>
public sealed class GreetingImageFixture : ImageFixture
{
    public static readonly ImageReference Name = ImageReference.Parse("ociman-xunit-test/greeting");

    protected override ImageBuild Configure()
    {
        // The base is built by the offline image helper first (ImageBuild resolves FROM locally).
        var engine = TestEngine.GetAsync().GetAwaiter().GetResult();
        var busybox = Ociman.Images.OfflineImages.BusyBoxAsync(engine).GetAwaiter().GetResult();
        return ImageBuild.FromInstructions($"""
            FROM {busybox}
            RUN echo "hello from an image fixture" > /greeting
            """).WithContentAddressedTag(Name);
    }
}

public sealed class ImageFixtureSpecs(GreetingImageFixture images) : IClassFixture<GreetingImageFixture>
{
    [ContainerFact(Timeout = 180_000)]
    public async Task An_image_fixture_builds_its_image_once_and_containers_run_from_it()
    {
        var engine = await TestEngine.GetAsync();

        Assert.Equal(GreetingImageFixture.Name.WithoutTag().ToString(), images.Image.WithoutTag().ToString());
        Assert.Matches("^[0-9a-f]{64}$", images.Image.Tag!.ToString());
        Assert.True(await engine.ImageExistsAsync(images.Image));
        var result = await engine.RunAsync(ContainerDefinition.For(images.Image).WithLabel(BusyBox.RunLabel, BusyBox.RunId).WithArguments("cat", "/greeting"));
        Assert.Equal("hello from an image fixture\n", result.StandardOutput);
    }
}
