using Xunit.Abstractions;

namespace Ociman.Images.Tests;

[Collection(KitCollection.Name)]
public sealed class BaseImageSpecs(KitFixture fx, ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task The_BusyBox_image_runs_echo()
    {
        var image = await OfflineImages.BusyBoxAsync(fx.Engine);

        var result = await fx.Engine.RunAsync(ContainerDefinition.For(image).WithLabel(KitFixture.RunLabel, fx.RunId).WithArguments("echo", "hello from the kit"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello from the kit\n", result.StandardOutput);
    }

    [Fact(Timeout = 900_000)]
    public async Task The_Debian_base_is_Debian_12_tagged_by_content()
    {
        var image = await fx.DebianAsync();
        output.WriteLine($"{fx.Engine.Kind}: DebianBaseAsync first call {fx.DebianFirstCall?.TotalSeconds:F1} s -> {image}");

        var result = await fx.Engine.RunAsync(ContainerDefinition.For(image).WithLabel(KitFixture.RunLabel, fx.RunId).WithArguments("cat", "/etc/debian_version"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("12", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(OfflineImages.DebianName, image.WithoutTag());
        Assert.Matches("^[0-9a-f]{64}$", image.Tag!.ToString());

        var inspection = await fx.Engine.InspectImageAsync(image);
        output.WriteLine($"{fx.Engine.Kind}: {image} is {inspection.Size / 1_000_000.0:F1} MB");
    }

    [Fact(Timeout = 900_000)]
    public async Task The_Debian_base_is_made_once_and_found_again_by_the_same_tag()
    {
        var first = await fx.DebianAsync();
        var tarball = Path.Combine(OfflineImages.CacheDirectory, "contexts", "debian", "rootfs.tar");
        var written = File.GetLastWriteTimeUtc(tarball);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var again = await OfflineImages.DebianBaseAsync(fx.Engine);
        output.WriteLine($"{fx.Engine.Kind}: DebianBaseAsync warm call {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(first, again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(tarball));
    }
}
