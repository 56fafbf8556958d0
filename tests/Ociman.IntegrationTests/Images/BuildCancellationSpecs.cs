using System.Diagnostics;
using Ociman.IntegrationTests.Support;
using static Ociman.IntegrationTests.Images.ImageTestKit;

namespace Ociman.IntegrationTests.Images;

/// <summary>
/// A plain build (the CLI's <c>build</c>, on both transports) cancelled while a <c>RUN</c> step runs: the step ends and
/// the engine leaves no build container and no image of it. Podman's <c>build</c> exits at once on SIGINT and leaves its
/// working container in storage (only <c>ps -a --external</c> lists it) with the step still running.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class BuildCancellationSpecs(EngineFixture fx)
{
    private const string CaseLabel = "io.ociman.it.build-cancel";

    [Fact(Timeout = 180_000)]
    public async Task A_build_cancelled_in_a_run_step_returns_promptly_and_leaves_no_build_container_dangling_image_or_step()
    {
        var id = UniqueId();
        var baseImage = Repository("build-cancel-base-" + id).WithTag("1");
        var image = UniqueImage("build-cancel");

        // Every image built on this base (intermediate and dangling ones too) inherits its label, and every build container
        // of the cancelled build is made from one of them: what this test left is told from what concurrent builds leave.
        await fx.Engine.BuildAsync(ImageBuild.FromInstructions($"FROM {fx.BusyBox}\nRUN echo '{id}' > /base-id\n")
            .WithLabel(EngineFixture.RunLabel, fx.RunId).WithLabel(CaseLabel, id).WithTag(baseImage));
        try
        {
            // The step's main process is a shell without a trap; its $0 marks it in the host's process list.
            var marker = $"ociman-step-{id}";
            var build = ImageBuild.FromInstructions($"FROM {baseImage}\nRUN sh -c 'sleep 30; :' {marker}\n")
                .WithLabel(EngineFixture.RunLabel, fx.RunId)
                .WithTag(image);
            string[] listLabelled = ["image", "list", "--all", "--quiet", "--no-trunc", "--filter", $"label={CaseLabel}={id}"];
            var imagesBefore = await LinesAsync(listLabelled);
            using var cts = new CancellationTokenSource();
            var building = fx.Engine.BuildAsync(build, cts.Token);
            await AssertStepRunsAsync(building, marker);

            var stopwatch = Stopwatch.StartNew();
            await cts.CancelAsync();
            var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => building);
            stopwatch.Stop();

            Assert.Equal(cts.Token, thrown.CancellationToken);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(45), $"The cancelled build returned after {stopwatch.Elapsed.TotalSeconds:0.0} s.");
            Assert.True(
                await Eventually.TrueAsync(() => Task.FromResult(!HostProcesses.AllCommandLines().Any(l => l.Contains(marker, StringComparison.Ordinal))), TimeSpan.FromSeconds(15)),
                "The build step is still running after the cancelled build returned.");
            Assert.False(await fx.Engine.ImageExistsAsync(image));
            var imagesAfter = await LinesAsync(listLabelled);
            Assert.Equal(imagesBefore.Order(StringComparer.Ordinal), imagesAfter.Order(StringComparer.Ordinal));
            Assert.Empty(await BuildContainersFromAsync(imagesAfter, id));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image, baseImage);
        }
    }

    /// <summary>Containers made from one of <paramref name="imageIds"/>: on Podman its build containers too, which only <c>--external</c> lists.</summary>
    private async Task<IReadOnlyList<string>> BuildContainersFromAsync(IReadOnlyList<string> imageIds, string id)
    {
        if (fx.Engine.Kind != EngineKind.Podman)
        {
            // BuildKit's steps are no engine containers; any container made from these images carries the case label.
            return await LinesAsync("container", "list", "--all", "--quiet", "--filter", $"label={CaseLabel}={id}");
        }

        var ids = imageIds.ToHashSet();
        var containers = await LinesAsync("container", "list", "--all", "--external", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.ImageID}}");
        return [.. containers.Where(l => ids.Contains(l.Split(' ')[^1]))];
    }

    private async Task<IReadOnlyList<string>> LinesAsync(params string[] arguments) =>
        [.. (await CliOutputAsync(fx.Engine, arguments)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Replace("sha256:", string.Empty, StringComparison.Ordinal))];
}
