namespace Ociman.Tests.Transport;

public class PublishedPortSpecs
{
    private static readonly ContainerDefinition Definition = ContainerDefinition.For(ImageReference.Parse("alpine:3.20"));

    private static readonly EngineEndpoint Remote = new(EndpointScheme.Tcp, "tcp://127.0.0.2:2375", "127.0.0.2:2375", null, "127.0.0.2", "DOCKER_HOST");

    [Fact]
    public void A_published_port_binds_the_loopback_of_a_local_engine()
    {
        var local = Definition.WithPublishedPort(5432).ForEndpoint(EngineEndpoint.Default(EngineKind.Docker));

        Assert.Equal(["127.0.0.1::5432/tcp"], local.Publish.Select(p => p.ToString()));
    }

    [Fact]
    public void A_published_port_binds_all_addresses_of_a_remote_engine()
    {
        var remote = Definition.WithPublishedPort(5432).ForEndpoint(Remote);

        Assert.Equal(["5432/tcp"], remote.Publish.Select(p => p.ToString()));
    }

    [Fact]
    public void An_address_the_user_chose_is_kept_on_a_remote_engine()
    {
        var remote = Definition.WithPublish(PublishSpec.Tcp(5432, System.Net.IPAddress.Loopback)).ForEndpoint(Remote);

        Assert.Equal(["127.0.0.1::5432/tcp"], remote.Publish.Select(p => p.ToString()));
    }
}
