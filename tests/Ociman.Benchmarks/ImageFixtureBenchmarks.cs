using BenchmarkDotNet.Attributes;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Images;
using Ociman.Images;
using Ociman.Testing;

namespace Ociman.Benchmarks;

/// <summary>
/// Scenario 2: a fixture that needs an image built from a Dockerfile that has not changed since the last run
/// (the kit's BusyBox context: a Dockerfile and a 2 MB static binary).
/// </summary>
/// <remarks>
/// Ociman: an <see cref="ImageFixtureBase"/> (content hash of the context, then one "image exists" call).
/// Testcontainers: <c>ImageFromDockerfileBuilder</c> as its docs show; it tags a random name and rebuilds every run
/// (the image a run built is deleted after it — by Ryuk normally, here by the iteration cleanup).
/// Bare CLI: <c>build -q -t</c> of the same context (the builder's layer cache hits).
/// </remarks>
[BenchmarkCategory("2-image-warm")]
public class ImageFixtureBenchmarks
{
    private IFutureDockerImage? _built;

    [GlobalSetup]
    public void Setup()
    {
        BenchEnvironment.Initialize();
        // Warm the bare CLI's layer cache once.
        BenchEnvironment.CliAsync("build", "-q", "-t", BareCliTag, BenchEnvironment.BusyBoxContext).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            BenchEnvironment.CliAsync("rmi", "-f", BareCliTag).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string BareCliTag => "ociman-bench/busybox-cli:latest";

    [IterationCleanup(Target = nameof(Testcontainers))]
    public void RemoveTestcontainersImage()
    {
        if (_built is { } image)
        {
            _built = null;
            try
            {
                BenchEnvironment.CliAsync("rmi", "-f", image.FullName).GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            image.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark]
    public async Task<string> Ociman()
    {
        var fixture = new BusyBoxImageFixture();
        await fixture.StartAsync();
        return fixture.Image.ToString();
    }

    [Benchmark]
    public async Task<string> Testcontainers()
    {
        var image = new ImageFromDockerfileBuilder()
            .WithDockerfileDirectory(BenchEnvironment.BusyBoxContext)
            .WithDockerfile("Dockerfile")
            .Build();
        _built = image;
        await image.CreateAsync();
        return image.FullName;
    }

    [Benchmark]
    public async Task<string> BareCli() =>
        BenchEnvironment.FirstLine(await BenchEnvironment.CliAsync("build", "-q", "-t", BareCliTag, BenchEnvironment.BusyBoxContext));

    private sealed class BusyBoxImageFixture : ImageFixtureBase
    {
        protected override ImageBuild Configure() =>
            ImageBuild.FromDirectory(BenchEnvironment.BusyBoxContext).WithContentAddressedTag(OfflineImages.BusyBoxName);
    }
}
