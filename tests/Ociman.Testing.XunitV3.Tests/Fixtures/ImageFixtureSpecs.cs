using Ociman.Images;

namespace Ociman.Testing.XunitV3.Tests.Fixtures;

/// <summary>An image built once for the class, on top of the offline BusyBox image (kept after the run: its tag is its content hash).</summary>
public sealed class GreetingImage : ImageFixture
{
    private ImageReference? _base;

    public static int Builds { get; private set; }

    public override async ValueTask InitializeAsync()
    {
        if ((await TestEngine.GetAvailabilityAsync()).Engine is { } engine)
        {
            _base = await OfflineImages.BusyBoxAsync(engine, TestContext.Current.CancellationToken);
        }

        Builds++;
        await base.InitializeAsync();
    }

    protected override ImageBuild Configure() =>
        ImageBuild.FromInstructions($"FROM {_base}\nRUN echo hello from the image fixture > /greeting")
            .WithContentAddressedTag("ociman-xunit3-test/greeting");
}

public sealed class ImageFixtureSpecs(GreetingImage image) : IClassFixture<GreetingImage>
{
    [ContainerFact(Timeout = 120_000)]
    public async Task An_image_fixture_builds_the_image_once_for_the_class()
    {
        var engine = await TestEngine.GetAsync();

        var result = await engine.RunAsync(ContainerDefinition.For(image.Image).WithArguments("cat", "/greeting"), TestContext.Current.CancellationToken);

        Assert.Equal(1, GreetingImage.Builds);
        Assert.StartsWith("ociman-xunit3-test/greeting:", image.Image.ToString(), StringComparison.Ordinal);
        Assert.Equal("hello from the image fixture\n", result.StandardOutput);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task Building_the_same_content_again_returns_the_same_image()
    {
        var engine = await TestEngine.GetAsync();
        var busyBox = await OfflineImages.BusyBoxAsync(engine, TestContext.Current.CancellationToken);

        var again = await engine.BuildIfAbsentAsync(
            ImageBuild.FromInstructions($"FROM {busyBox}\nRUN echo hello from the image fixture > /greeting").WithContentAddressedTag("ociman-xunit3-test/greeting"),
            TestContext.Current.CancellationToken);

        Assert.Equal(1, GreetingImage.Builds);
        Assert.Equal(image.Image, again);
    }
}
