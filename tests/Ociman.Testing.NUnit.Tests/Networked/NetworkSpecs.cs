using NUnit.Framework;
using Ociman.Images;

namespace Ociman.Testing.NUnit.Tests.Networked;

/// <summary>The network every test class of this namespace shares, by the logical name "nunit-app".</summary>
public sealed class AppNetwork : NetworkFixtureBase
{
    public const string Name = "nunit-app";

    public override string LogicalName => Name;
}

/// <summary>One <see cref="AppNetwork"/> for the namespace.</summary>
[SetUpFixture]
public sealed class AppNetworkSetUp : SharedNetworkSetUp<AppNetwork>;

/// <summary>A web server (BusyBox's httpd, listening two seconds after it starts) on the app network, as "web".</summary>
public sealed class WebServer : ContainerFixtureBase
{
    public const string Page = "served-on-the-nunit-network";

    protected override async Task<ContainerSetup> ConfigureAsync(Engine engine, CancellationToken cancellationToken)
    {
        var network = await TestNetworks.GetAsync(AppNetwork.Name, cancellationToken);
        var definition = ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
            .WithNetwork(network.Name)
            .WithNetworkAliases("web")
            .WithArguments("sh", "-c", $"mkdir -p /www && echo {Page} > /www/index.html && sleep 2 && exec httpd -f -p 8080 -h /www");
        return new ContainerSetup(definition).WaitFor(Ready.ExecSucceeds("sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 1 127.0.0.1 8080 | grep -q 'HTTP/1'"));
    }
}

[RequiresContainerEngine]
public sealed class NetworkSpecs : ContainerTestFixture<WebServer>
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_container_fixture_joins_the_namespaces_network_and_is_reached_by_its_alias(CancellationToken cancellationToken)
    {
        var network = AppNetworkSetUp.Fixture.Network;
        var details = await network.InspectAsync(cancellationToken);
        Assert.That(details.ContainerIds, Does.Contain(Fixture.Container.Id));
        Assert.That(details.Labels[TestSession.SessionLabel], Is.EqualTo(TestSession.Id));
        Assert.That(network.Name, Does.StartWith("ociman-nunit-app-"));
        Assert.That(await TestNetworks.GetAsync(AppNetwork.Name, cancellationToken), Is.SameAs(network));

        // Another container on the network (BusyBox's nc resolves names; its wget cannot) asks "web" for the page.
        var client = await Sleepers.BusyBoxAsync(
            Fixture.Engine,
            cancellationToken,
            "sh", "-c", "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 2 web 8080");
        var run = await Fixture.Engine.RunAsync(TestSession.Label(client).WithNetwork(network.Name), cancellationToken);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain(WebServer.Page));
    }
}
