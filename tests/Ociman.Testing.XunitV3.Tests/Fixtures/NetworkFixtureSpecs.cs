using Ociman.Images;
using Ociman.Testing.XunitV3.Tests.Support;
using Xunit.Sdk;

namespace Ociman.Testing.XunitV3.Tests.Fixtures;

/// <summary>The network the collection's fixtures share by the logical name "xunit3-app".</summary>
public sealed class AppNetwork : NetworkFixture
{
    public const string Name = "xunit3-app";

    public override string LogicalName => Name;
}

/// <summary>A web server (BusyBox's httpd, listening a moment after it starts) on the app network, as "web".</summary>
public sealed class WebServer(IMessageSink messageSink) : ContainerFixture(messageSink)
{
    public const string Page = "served-on-the-app-network";

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var network = await TestNetworks.GetAsync(AppNetwork.Name, cancellationToken);
        var definition = ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
            .WithLabel(SleeperFixture.TestLabel, TestSession.Id)
            .WithNetwork(network.Name)
            .WithNetworkAliases("web")
            .WithArguments("sh", "-c", $"mkdir -p /www && echo {Page} > /www/index.html && sleep 2 && exec httpd -f -p 8080 -h /www");
        return new ContainerSetup(definition).WaitFor(Ready.ExecSucceeds("sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 1 127.0.0.1 8080 | grep -q 'HTTP/1'"));
    }
}

/// <summary>A client on the same network, started by another fixture.</summary>
public sealed class WebClient(IMessageSink messageSink) : ContainerFixture(messageSink)
{
    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var network = await TestNetworks.GetAsync(AppNetwork.Name, cancellationToken);
        return new ContainerSetup(SleeperFixture.Sleeper(await OfflineImages.BusyBoxAsync(engine, cancellationToken)).WithNetwork(network.Name))
            .WaitFor(Ready.ExecSucceeds("true"));
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppNetwork>, ICollectionFixture<WebServer>, ICollectionFixture<WebClient>
{
    public const string Name = "a web server and a client on one network";
}

[Collection(AppCollection.Name)]
public sealed class NetworkFixtureSpecs(AppNetwork network, WebServer server, WebClient client)
{
    [ContainerFact(Timeout = 120_000)]
    public async Task Fixtures_that_ask_for_the_same_network_share_it_and_reach_each_other_by_alias()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        var details = await network.Network.InspectAsync(cancellationToken);
        Assert.Contains(server.Container.Id, details.ContainerIds);
        Assert.Contains(client.Container.Id, details.ContainerIds);
        Assert.Equal(TestSession.Id, details.Labels[TestSession.SessionLabel]);
        Assert.StartsWith("ociman-xunit3-app-", network.Network.Name, StringComparison.Ordinal);
        Assert.Same(network.Network, await TestNetworks.GetAsync(AppNetwork.Name, cancellationToken));

        // BusyBox's wget cannot resolve names (static glibc); its nc can.
        var response = await client.Container.Exec("nc", "-w", "2", "web", "8080")
            .WithStandardInput("GET /index.html HTTP/1.0\r\n\r\n")
            .StringAsync(cancellationToken);
        Assert.Contains(WebServer.Page, response, StringComparison.Ordinal);
    }
}
