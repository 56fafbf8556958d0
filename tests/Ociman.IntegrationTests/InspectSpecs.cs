using Ociman.IntegrationTests.Support;

namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class InspectSpecs(EngineFixture fx)
{
    [Fact(Timeout = 60_000)]
    public async Task A_started_container_is_running()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        var inspection = await container.InspectAsync();

        Assert.Equal("running", inspection.Status);
        Assert.True(inspection.Running);
        Assert.Equal(container.Id, inspection.Id);
    }

    [Fact(Timeout = 60_000)]
    public async Task After_the_container_exits_its_state_is_exited_and_its_exit_code_is_kept()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Running("sh", "-c", "exit 7").WithAutoRemove(false));

        var waited = await container.WaitAsync();

        Assert.Equal(7, waited);
        Assert.Equal("exited", await container.GetStateAsync());
        Assert.Equal(7, await container.GetExitCodeAsync());
        await container.RemoveAsync();
        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_container_with_a_passing_health_check_becomes_healthy()
    {
        var definition = fx.Sleeper().WithHealthCheck(new HealthCheck("true", Interval: TimeSpan.FromSeconds(1), Timeout: TimeSpan.FromSeconds(5), Retries: 3));
        await using var container = await fx.Engine.RunDetachedAsync(definition);

        var healthy = await Eventually.TrueAsync(async () => await container.GetHealthAsync() == "healthy", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));

        Assert.True(healthy, $"The health status is still '{await container.GetHealthAsync()}'.");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_container_without_a_health_check_has_no_health_status()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        Assert.Null(await container.GetHealthAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_container_on_the_default_network_has_an_ip_address_in_a_bridge_subnet()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        var address = await container.GetIpAddressAsync();
        var subnets = await fx.Engine.GetBridgeSubnetsAsync();

        Assert.NotNull(address);
        Assert.Contains(subnets, s => System.Net.IPNetwork.Parse(s).Contains(address));
    }

    [Fact(Timeout = 60_000)]
    public async Task Inspect_reports_the_image_the_container_was_created_from()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        var inspection = await container.InspectAsync();

        // As given to run on both engines (Podman records short names as localhost/…).
        Assert.Equal(fx.BusyBox.ToString(), inspection.Image);
    }
}
