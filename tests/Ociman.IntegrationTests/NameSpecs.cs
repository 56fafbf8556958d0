namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class NameSpecs(EngineFixture fx)
{
    [Fact(Timeout = 60_000)]
    public async Task A_container_gets_the_name_I_give_without_a_leading_slash()
    {
        var name = EngineFixture.UniqueName();
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithName(name));

        Assert.Equal(name, await container.GetNameAsync());
        Assert.True(await fx.Engine.ContainerExistsAsync(name));
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_find_a_container_by_its_name()
    {
        var name = EngineFixture.UniqueName();
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithName(name));

        var found = await fx.Engine.GetContainerAsync(name);

        Assert.Equal(container.Id, found.Id);
        Assert.Null(found.Definition);
    }

    [Fact(Timeout = 60_000)]
    public async Task Starting_a_second_container_with_a_taken_name_throws_ContainerNameInUseException_and_leaves_nothing_behind()
    {
        var name = EngineFixture.UniqueName();
        var clash = Guid.NewGuid().ToString("N");
        var definition = fx.Sleeper().WithName(name).WithLabel("io.ociman.it.clash", clash);
        await using var first = await fx.Engine.RunDetachedAsync(definition);

        var thrown = await Assert.ThrowsAsync<ContainerNameInUseException>(() => fx.Engine.RunDetachedAsync(definition));
        var withLabel = await fx.Engine.ListContainersAsync([new("io.ociman.it.clash", clash)]);

        Assert.Equal(name, thrown.Name);
        Assert.Contains(name, thrown.Message, StringComparison.Ordinal);
        Assert.Equal([first.Id], withLabel.Select(c => c.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_foreground_run_with_a_taken_name_throws_ContainerNameInUseException()
    {
        var name = EngineFixture.UniqueName();
        await using var first = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithName(name));

        var thrown = await Assert.ThrowsAsync<ContainerNameInUseException>(() => fx.Engine.RunAsync(fx.Running("true").WithName(name)));

        Assert.Equal(name, thrown.Name);
        Assert.Equal("running", await first.GetStateAsync());
    }
}
