using Microsoft.Extensions.Logging;

namespace Ociman.Testing.XunitV3.Tests.Logging;

// A build of minutes used to log nothing between "Building image" and "Built image": the adapter now shows the engine's
// progress lines in the output of the test that waits for it, once the build has run 5 s (the engine logs them at
// Information then, the adapter's default level).
public sealed class SlowBuildOutputSpecs
{
    [ContainerFact(Timeout = 180_000)]
    public async Task A_slow_builds_progress_lines_reach_the_output_of_the_test_that_waits_for_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync(cancellationToken);
        var busybox = await Ociman.Images.OfflineImages.BusyBoxAsync(engine, cancellationToken);
        var marker = $"ociman-slow-build-{Guid.NewGuid():N}";
        // The marker makes the build new (no cache, no tag present); its step outlasts the 5 s after which progress is shown.
        var build = ImageBuild.FromInstructions($"FROM {busybox}\nRUN echo {marker}-before && sleep 7 && echo {marker}-after\n")
            .WithContentAddressedTag(ImageReference.Parse("ociman-test/slow-build"));
        ImageReference? image = null;
        try
        {
            image = await engine.BuildIfAbsentAsync(build, cancellationToken);

            var output = TestContext.Current.TestOutputHelper!.Output;
            if (TestEngine.AdapterLogLevel() <= LogLevel.Information)
            {
                Assert.Contains("is still running after", output, StringComparison.Ordinal);
                Assert.Contains(marker + "-before", output, StringComparison.Ordinal);
                Assert.Contains(marker + "-after", output, StringComparison.Ordinal);
            }
            else
            {
                Assert.DoesNotContain(marker, output, StringComparison.Ordinal);
            }
        }
        finally
        {
            if (image is not null)
            {
                await engine.RemoveImageAsync(image, force: true, CancellationToken.None);
            }
        }
    }
}
