using System.Net;
using System.Text.Json;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public sealed class CliInspectionSpecs
{
    private const string Container = """
        {
          "Id": "c0ffee",
          "Created": "2026-11-30T12:00:00.123456789Z",
          "Name": "/web",
          "State": { "Status": "running", "Running": true, "ExitCode": 0, "Pid": 4242, "StartedAt": "2026-11-30T12:00:01Z" },
          "Config": { "Image": "localhost/app:1", "Env": [ "PATH=/bin", "MODE=test" ], "Labels": { "team": "a" } },
          "NetworkSettings": {
            "IPAddress": "",
            "Ports": { "80/tcp": [ { "HostIp": "127.0.0.1", "HostPort": "49153" } ], "53/udp": [ { "HostIp": "", "HostPort": "5353" } ], "81/tcp": null },
            "Networks": { "backend": { "IPAddress": "10.89.0.7" }, "none": { "IPAddress": "" } }
          }
        }
        """;

    private static ContainerDetails Read(string json, EngineKind kind)
    {
        using var doc = JsonDocument.Parse(json);
        return CliInspection.ReadContainer(doc.RootElement.Clone(), EngineDialect.For(kind));
    }

    private static ImageDetails ReadImage(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return CliInspection.ReadImage(doc.RootElement.Clone());
    }

    [Fact]
    public void A_container_document_is_read_into_every_typed_member()
    {
        var details = Read(Container, EngineKind.Podman);

        Assert.Equal("c0ffee", details.Id);
        Assert.Equal("web", details.Name);
        Assert.Equal("app:1", details.Image);
        Assert.Equal(("running", true, 0, 4242), (details.Status, details.Running, details.ExitCode, details.Pid));
        Assert.Equal(["PATH=/bin", "MODE=test"], details.Environment);
        Assert.Equal("a", details.Labels["team"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 1, TimeSpan.Zero), details.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero).AddTicks(1234568), details.Created); // nanoseconds, rounded to ticks
        Assert.Equal("c0ffee", details.Raw.GetProperty("Id").GetString());
    }

    [Fact]
    public void Docker_keeps_the_image_as_given()
    {
        Assert.Equal("localhost/app:1", Read(Container, EngineKind.Docker).Image);
    }

    [Fact]
    public void Every_host_binding_is_read_and_unpublished_ports_are_left_out()
    {
        var ports = Read(Container, EngineKind.Docker).PublishedPorts.OrderBy(p => p.ContainerPort).ToList();

        Assert.Equal([new PublishedPort(53, "udp", string.Empty, 5353), new PublishedPort(80, "tcp", "127.0.0.1", 49153)], ports);
    }

    [Fact]
    public void Network_addresses_are_read_by_network_and_the_first_one_stands_in_for_an_empty_default()
    {
        var details = Read(Container, EngineKind.Docker);

        Assert.Equal(IPAddress.Parse("10.89.0.7"), details.IpAddress);
        Assert.Equal(["backend"], details.NetworkAddresses.Keys);
    }

    [Fact]
    public void A_never_started_container_has_no_start_time_pid_or_address()
    {
        var details = Read("""{ "Id": "x", "State": { "Status": "created", "Pid": 0, "StartedAt": "0001-01-01T00:00:00Z" } }""", EngineKind.Docker);

        Assert.Null(details.StartedAt);
        Assert.Equal(0, details.Pid);
        Assert.Null(details.IpAddress);
        Assert.Empty(details.PublishedPorts);
        Assert.Empty(details.Environment);
    }

    [Fact]
    public void An_image_id_always_carries_its_algorithm()
    {
        Assert.Equal("sha256:abc", ReadImage("""{ "Id": "abc" }""").Id);
        Assert.Equal("sha256:abc", ReadImage("""{ "Id": "sha256:abc" }""").Id);
    }

    [Fact]
    public void An_image_document_is_read_into_every_typed_member()
    {
        var image = ReadImage("""
            { "Id": "sha256:1", "RepoTags": [ "app:1", "app:latest" ], "Created": "2026-01-02T03:04:05Z", "Size": 1234,
              "Config": { "Labels": { "z": "26", "a": "1" }, "Healthcheck": { "Test": [ "CMD", "true" ] } } }
            """);

        Assert.Equal(["app:1", "app:latest"], image.Tags);
        Assert.Equal(["a", "z"], image.Labels.Keys);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), image.Created);
        Assert.Equal(1234, image.Size);
        Assert.True(image.HasHealthCheck);
    }

    [Fact]
    public void Podmans_top_level_health_check_counts_and_its_absence_too()
    {
        Assert.True(ReadImage("""{ "Id": "1", "Healthcheck": { "Test": [ "CMD", "true" ] } }""").HasHealthCheck);
        Assert.False(ReadImage("""{ "Id": "1", "Config": { "Labels": null } }""").HasHealthCheck);
    }
}
