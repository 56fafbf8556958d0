using System.Net;
using Ociman.Testing;
using Ociman.Testing.XunitV3;
using Xunit;

namespace Networks.ServiceAndDatabase;

[Collection(ShopCollection.Name)]
public sealed class GreetingServiceTests(GreetingServiceFixture service, ShopNetwork network, DatabaseFixture database)
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    [ContainerFact]
    public async Task The_service_answers_from_the_database_it_reaches_by_its_alias()
    {
        using var response = await Client.GetAsync(new Uri(service.BaseAddress, "/cgi-bin/greeting"), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("hello from postgres", body.Trim());
    }

    [ContainerFact]
    public async Task Both_containers_are_on_the_shared_network()
    {
        var details = await network.Network.InspectAsync(TestContext.Current.CancellationToken);

        Assert.Contains(service.Container.Id, details.ContainerIds);
        Assert.Contains(database.Container.Id, details.ContainerIds);
    }
}
