using System.Net;
using System.Text.Json;
using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public class ContainerInspectionSpecs
{
    private const string DockerSample = """
        {
          "Id": "4f66ad9a0b2e6a1d8e5bb5b2f6cf0d0aa5c5b9a0d7d6e1c3c1b7a2a9e8f7d6c5",
          "Name": "/pg-test",
          "State": { "Status": "running", "Running": true, "ExitCode": 0, "Health": { "Status": "healthy" } },
          "Config": { "Image": "postgres:16", "Labels": { "b": "2", "a": "1" } },
          "NetworkSettings": {
            "IPAddress": "172.17.0.2",
            "Ports": {
              "5432/tcp": [ { "HostIp": "127.0.0.1", "HostPort": "32768" }, { "HostIp": "::1", "HostPort": "32769" } ],
              "53/udp": [ { "HostIp": "0.0.0.0", "HostPort": "5353" } ],
              "8080/tcp": null,
              "9090/tcp": [ { "HostIp": "", "HostPort": "" } ]
            },
            "Networks": { "bridge": { "IPAddress": "172.17.0.2" } }
          }
        }
        """;

    private const string PodmanSample = """
        {
          "Id": "a1b2c3",
          "Name": "pg-test",
          "State": { "Status": "exited", "Running": false, "ExitCode": 3, "Healthcheck": { "Status": "unhealthy" } },
          "Config": { "Image": "docker.io/library/postgres:16", "Labels": null },
          "NetworkSettings": {
            "IPAddress": "",
            "Ports": {},
            "Networks": { "podman": { "IPAddress": "" }, "testnet": { "IPAddress": "10.89.0.7" } }
          }
        }
        """;

    private static ContainerInspection Inspect(string json, EngineKind kind = EngineKind.Docker)
    {
        using var doc = JsonDocument.Parse(json);
        return new ContainerInspection(CliInspection.ReadContainer(doc.RootElement.Clone(), EngineDialect.For(kind)));
    }

    [Fact]
    public void The_name_drops_dockers_leading_slash()
    {
        Assert.Equal("pg-test", Inspect(DockerSample).Name);
    }

    [Fact]
    public void A_podman_name_is_kept_as_is()
    {
        Assert.Equal("pg-test", Inspect(PodmanSample, EngineKind.Podman).Name);
    }

    [Fact]
    public void Id_image_status_running_and_exit_code_are_read()
    {
        var docker = Inspect(DockerSample);
        var podman = Inspect(PodmanSample, EngineKind.Podman);

        Assert.StartsWith("4f66ad9a0b2e", docker.Id, StringComparison.Ordinal);
        Assert.Equal("postgres:16", docker.Image);
        Assert.Equal("running", docker.Status);
        Assert.True(docker.Running);
        Assert.Equal(0, docker.ExitCode);
        Assert.Equal("exited", podman.Status);
        Assert.False(podman.Running);
        Assert.Equal(3, podman.ExitCode);
    }

    [Fact]
    public void Health_comes_from_either_engines_field()
    {
        Assert.Equal("healthy", Inspect(DockerSample).Health);
        Assert.Equal("unhealthy", Inspect(PodmanSample, EngineKind.Podman).Health);
    }

    [Fact]
    public void Labels_are_read_sorted()
    {
        Assert.Equal([new("a", "1"), new KeyValuePair<string, string>("b", "2")], Inspect(DockerSample).Labels);
    }

    [Fact]
    public void Null_labels_are_an_empty_dictionary()
    {
        Assert.Empty(Inspect(PodmanSample, EngineKind.Podman).Labels);
    }

    [Fact]
    public void Missing_labels_are_an_empty_dictionary()
    {
        Assert.Empty(Inspect("""{"Id":"x","Config":{}}""").Labels);
    }

    [Fact]
    public void The_host_port_is_read_from_the_first_binding()
    {
        Assert.Equal(32768, Inspect(DockerSample).GetHostPort(5432));
    }

    [Fact]
    public void A_udp_host_port_is_read_with_the_udp_protocol()
    {
        Assert.Equal(5353, Inspect(DockerSample).GetHostPort(53, "udp"));
    }

    [Theory]
    [InlineData(5432, "udp")]
    [InlineData(8080, "tcp")]
    [InlineData(9090, "tcp")]
    [InlineData(1234, "tcp")]
    public void A_port_that_is_missing_null_or_empty_is_not_published(int port, string protocol)
    {
        var ex = Assert.Throws<PortNotPublishedException>(() => Inspect(DockerSample).GetHostPort(port, protocol));

        Assert.Equal(port, ex.ContainerPort);
        Assert.Equal(protocol, ex.Protocol);
        Assert.StartsWith("4f66ad9a0b2e", ex.Container, StringComparison.Ordinal);
        Assert.Contains($"{port}/{protocol}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_ports_nothing_is_published()
    {
        Assert.Throws<PortNotPublishedException>(() => Inspect(PodmanSample, EngineKind.Podman).GetHostPort(5432));
        Assert.Throws<PortNotPublishedException>(() => Inspect("""{"Id":"x","NetworkSettings":{"Ports":null}}""").GetHostPort(5432));
        Assert.Throws<PortNotPublishedException>(() => Inspect("""{"Id":"x"}""").GetHostPort(5432));
    }

    [Theory]
    [InlineData(0, "tcp")]
    [InlineData(65536, "tcp")]
    public void An_out_of_range_container_port_is_misuse(int port, string protocol)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Inspect(DockerSample).GetHostPort(port, protocol));
    }

    [Fact]
    public void An_unknown_protocol_is_misuse()
    {
        Assert.Throws<ArgumentException>(() => Inspect(DockerSample).GetHostPort(5432, "sctp"));
    }

    [Fact]
    public void The_ip_address_is_read_from_the_top_level()
    {
        Assert.Equal(IPAddress.Parse("172.17.0.2"), Inspect(DockerSample).IpAddress);
    }

    [Fact]
    public void An_empty_top_level_ip_address_falls_back_to_the_first_network_that_has_one()
    {
        Assert.Equal(IPAddress.Parse("10.89.0.7"), Inspect(PodmanSample, EngineKind.Podman).IpAddress);
    }

    [Fact]
    public void Without_a_top_level_ip_address_the_networks_are_read()
    {
        Assert.Equal(IPAddress.Parse("172.18.0.5"), Inspect("""{"Id":"x","NetworkSettings":{"Networks":{"n":{"IPAddress":"172.18.0.5"}}}}""").IpAddress);
    }

    [Theory]
    [InlineData("""{"Id":"x"}""")]
    [InlineData("""{"Id":"x","NetworkSettings":null}""")]
    [InlineData("""{"Id":"x","NetworkSettings":{"IPAddress":"","Networks":{"none":{"IPAddress":""}}}}""")]
    public void Without_any_address_the_ip_address_is_null(string json)
    {
        Assert.Null(Inspect(json).IpAddress);
    }
}
