namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class LabelSpecs(EngineFixture fx)
{
    [Fact(Timeout = 60_000)]
    public async Task Labels_round_trip_through_the_engine()
    {
        var definition = fx.Sleeper()
            .WithLabel("io.ociman.it.plain", "value")
            .WithLabel("io.ociman.it.tricky", "spaces, commas = equals; ünïcödé")
            .WithLabel("io.ociman.it.empty", string.Empty);
        await using var container = await fx.Engine.RunDetachedAsync(definition);

        var labels = await container.GetLabelsAsync();

        Assert.Equal("value", labels["io.ociman.it.plain"]);
        Assert.Equal("spaces, commas = equals; ünïcödé", labels["io.ociman.it.tricky"]);
        Assert.Equal(string.Empty, labels["io.ociman.it.empty"]);
        Assert.Equal(fx.RunId, labels[EngineFixture.RunLabel]);
    }

    [Fact(Timeout = 120_000)]
    public async Task An_engine_adds_its_container_labels_to_every_container_it_runs_or_creates()
    {
        var group = Guid.NewGuid().ToString("N");
        var labelled = await Engine.DetectAsync(new EngineOptions
        {
            ContainerLabels = new Dictionary<string, string> { ["io.ociman.it.engine-group"] = group, ["io.ociman.it.origin"] = "engine" },
        });
        var copied = Path.GetTempFileName();
        try
        {
            // Detached run; create + copy + start (a copy-in); a foreground run kept after it exits; a definition that
            // sets one of the engine's keys itself.
            await using var detached = await labelled.RunDetachedAsync(fx.Running("sleep", "3600"));
            await using var created = await labelled.RunDetachedAsync(fx.Running("sleep", "3600").WithCopyIn(copied, "/copied"));
            var foreground = await labelled.RunAsync(fx.Running("true").WithAutoRemove(false).WithLabel("io.ociman.it.role", "foreground"));
            await using var own = await labelled.RunDetachedAsync(fx.Running("sleep", "3600").WithLabel("io.ociman.it.origin", "definition"));

            var listed = await fx.Engine.ListContainersAsync([new("io.ociman.it.engine-group", group)]);

            Assert.Equal(0, foreground.ExitCode);
            Assert.Equal(4, listed.Count);
            Assert.Contains(listed, c => c.Id == detached.Id && c.Labels["io.ociman.it.origin"] == "engine");
            Assert.Contains(listed, c => c.Id == created.Id && c.Labels["io.ociman.it.origin"] == "engine");
            Assert.Contains(listed, c => c.Labels.TryGetValue("io.ociman.it.role", out var role) && role == "foreground");
            Assert.Contains(listed, c => c.Id == own.Id && c.Labels["io.ociman.it.origin"] == "definition");
            Assert.All(listed, c => Assert.Equal(fx.RunId, c.Labels[EngineFixture.RunLabel]));
        }
        finally
        {
            File.Delete(copied);
            await fx.Engine.RemoveContainersAsync("io.ociman.it.engine-group", group);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Listing_by_label_key_and_by_key_and_value_finds_exactly_the_matching_containers()
    {
        var group = Guid.NewGuid().ToString("N");
        var bare = fx.Sleeper().WithLabel("io.ociman.it.group", group);
        await using var a = await fx.Engine.RunDetachedAsync(bare.WithLabel("io.ociman.it.role", "a"));
        await using var b = await fx.Engine.RunDetachedAsync(bare.WithLabel("io.ociman.it.role", "b"));
        await using var none = await fx.Engine.RunDetachedAsync(bare);

        var inGroup = await fx.Engine.ListContainersAsync([new("io.ociman.it.group", group)]);
        var withRole = await fx.Engine.ListContainersAsync([new("io.ociman.it.group", group), new("io.ociman.it.role", null)]);
        var roleA = await fx.Engine.ListContainersAsync([new("io.ociman.it.group", group), new("io.ociman.it.role", "a")]);

        Assert.Equal(new[] { a.Id, b.Id, none.Id }.Order(), inGroup.Select(c => c.Id).Order());
        Assert.Equal(new[] { a.Id, b.Id }.Order(), withRole.Select(c => c.Id).Order());
        Assert.Equal([a.Id], roleA.Select(c => c.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_listed_container_carries_its_name_state_image_and_labels()
    {
        var name = EngineFixture.UniqueName();
        var tag = Guid.NewGuid().ToString("N");
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithName(name).WithLabel("io.ociman.it.tag", tag));

        var listed = Assert.Single(await fx.Engine.ListContainersAsync([new("io.ociman.it.tag", tag)]));

        Assert.Equal(container.Id, listed.Id);
        Assert.Equal([name], listed.Names);
        Assert.Equal("running", listed.State);
        Assert.Equal(tag, listed.Labels["io.ociman.it.tag"]);
        Assert.Equal(fx.BusyBox.ToString(), listed.Image);
    }
}
