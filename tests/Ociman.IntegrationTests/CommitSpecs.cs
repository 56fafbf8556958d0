namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class CommitSpecs(EngineFixture fx)
{
    [Fact(Timeout = 60_000)]
    public async Task A_committed_image_keeps_the_files_and_labels_of_the_container()
    {
        var image = ImageReference.Parse($"ociman-it/commit:{Guid.NewGuid():N}");
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            await fx.Engine.WithContainerAsync(fx.Sleeper().WithLabel("io.ociman.it.commit", marker), async c =>
            {
                await c.Exec("sh", "-c", $"echo {marker} > /committed.txt").StatusAsync();

                var id = await c.CommitAsync(image);

                Assert.False(string.IsNullOrWhiteSpace(id));
            });

            var run = await fx.Engine.RunAsync(fx.Running("cat", "/committed.txt").WithImage(image));
            var inspection = await fx.Engine.InspectImageAsync(image);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(marker + "\n", run.StandardOutput);
            Assert.Equal(marker, inspection.Labels["io.ociman.it.commit"]);
        }
        finally
        {
            await RemoveIfPresentAsync(image);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_commit_can_change_the_image_configuration_and_pause_the_container()
    {
        var image = ImageReference.Parse($"ociman-it/commit:{Guid.NewGuid():N}");
        try
        {
            await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
            {
                await c.CommitAsync(image, new CommitOptions { Pause = true, Changes = ["ENV COMMITTED=yes"], Message = "ociman integration test" });

                Assert.Equal("running", await c.GetStateAsync());
            });

            var run = await fx.Engine.RunAsync(fx.Running("sh", "-c", "echo \"$COMMITTED\"").WithImage(image));

            Assert.Equal("yes\n", run.StandardOutput);
        }
        finally
        {
            await RemoveIfPresentAsync(image);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_committed_image_is_listed_and_removed_by_the_name_it_was_given()
    {
        // Podman's compatible API once named a short repository docker.io/…, which no list by the given name found.
        var name = ImageReference.Parse($"ociman-it/commit-listed-{Guid.NewGuid():N}");
        var image = name.WithTag("1");
        try
        {
            await fx.Engine.WithContainerAsync(fx.Sleeper(), async c => await c.CommitAsync(image));

            var listed = await fx.Engine.ListImagesAsync(name);

            // Podman lists a short name with the localhost/ it gives such names (on both transports).
            Assert.Equal([image.ToString()], listed.Select(i => i.WithoutLocalhostDomain().ToString()));
            await fx.Engine.RemoveImageAsync(image);
            Assert.False(await fx.Engine.ImageExistsAsync(image));
            Assert.Empty(await fx.Engine.ListImagesAsync(name));
        }
        finally
        {
            await RemoveIfPresentAsync(image);
        }
    }

    private async Task RemoveIfPresentAsync(ImageReference image)
    {
        if (await fx.Engine.ImageExistsAsync(image))
        {
            await fx.Engine.RemoveImageAsync(image);
        }
    }
}
