using System.Net;

namespace Ociman.Tests.Values;

public class PublishSpecSpecs
{
    [Theory]
    [InlineData("8080/tcp", null, null, 8080, "tcp")]
    [InlineData("53/udp", null, null, 53, "udp")]
    [InlineData("127.0.0.1::8080/tcp", "127.0.0.1", null, 8080, "tcp")]
    [InlineData("0.0.0.0:8080:80/tcp", "0.0.0.0", 8080, 80, "tcp")]
    [InlineData("8080:80/tcp", null, 8080, 80, "tcp")]
    [InlineData("[::1]::8080/tcp", "::1", null, 8080, "tcp")]
    [InlineData("[::1]:8080:80/udp", "::1", 8080, 80, "udp")]
    [InlineData("1/tcp", null, null, 1, "tcp")]
    [InlineData("65535:65535/tcp", null, 65535, 65535, "tcp")]
    public void A_canonical_publish_specification_round_trips(string text, string? hostIp, int? hostPort, int containerPort, string protocol)
    {
        var spec = PublishSpec.Parse(text);

        Assert.Equal(hostIp is null ? null : IPAddress.Parse(hostIp), spec.HostIp);
        Assert.Equal(hostPort, spec.HostPort);
        Assert.Equal(containerPort, spec.ContainerPort);
        Assert.Equal(protocol, spec.Protocol);
        Assert.Equal(text, spec.ToString());
    }

    [Theory]
    [InlineData("80", "80/tcp")]
    [InlineData("8080:80", "8080:80/tcp")]
    [InlineData("0:80", "80/tcp")]
    [InlineData("127.0.0.1:0:80", "127.0.0.1::80/tcp")]
    [InlineData("[0:0:0:0:0:0:0:1]:8080:80", "[::1]:8080:80/tcp")]
    public void Parse_defaults_to_tcp_and_renders_canonical_text(string text, string canonical) =>
        Assert.Equal(canonical, PublishSpec.Parse(text).ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("0/tcp", "container port '0'")]
    [InlineData("65536/tcp", "container port '65536'")]
    [InlineData("8080:65536/tcp", "container port '65536'")]
    [InlineData("65536:80/tcp", "host port '65536'")]
    [InlineData("80/sctp", "protocol 'sctp'")]
    [InlineData("80/TCP", "protocol 'TCP'")]
    [InlineData("80/", "protocol ''")]
    [InlineData("::1::8080/tcp", "IPv6 host addresses must be in brackets")]
    [InlineData("::1:8080:80/tcp", "IPv6 host addresses must be in brackets")]
    [InlineData("[::1:8080:80/tcp", "never closed")]
    [InlineData("[::1]:80/tcp", "must be followed by ':hostPort:containerPort'")]
    [InlineData("[1.2.3.4]::80/tcp", "is not an IPv6 address")]
    [InlineData("[fe80::1%eth0]::80/tcp", "is not an IPv6 address")]
    [InlineData("localhost::80/tcp", "not an IPv4 address")]
    [InlineData("127.1::80/tcp", "not an IPv4 address")]
    [InlineData("256.0.0.1::80/tcp", "not an IPv4 address")]
    [InlineData(":80/tcp", "host port before ':' is empty")]
    [InlineData("8000-8010:80/tcp", "ranges are not supported")]
    [InlineData("+80/tcp", "container port '+80'")]
    [InlineData(" 80/tcp", "container port ' 80'")]
    [InlineData("abc", "container port 'abc'")]
    public void An_invalid_publish_specification_is_rejected_with_a_message_quoting_it(string text, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => PublishSpec.Parse(text));

        Assert.StartsWith($"'{text}' is not a valid publish specification: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.False(PublishSpec.TryParse(text, out _));
    }

    [Fact]
    public void Tcp_publishes_a_container_port_on_a_port_the_engine_picks() =>
        Assert.Equal("8080/tcp", PublishSpec.Tcp(8080).ToString());

    [Fact]
    public void Tcp_with_a_host_address_renders_an_empty_host_port() =>
        Assert.Equal("127.0.0.1::8080/tcp", PublishSpec.Tcp(8080, IPAddress.Loopback).ToString());

    [Fact]
    public void Tcp_with_a_host_address_and_port_renders_both() =>
        Assert.Equal("0.0.0.0:8080:80/tcp", PublishSpec.Tcp(80, IPAddress.Any, 8080).ToString());

    [Fact]
    public void An_IPv6_host_address_is_bracketed() =>
        Assert.Equal("[::1]::8080/tcp", PublishSpec.Tcp(8080, IPAddress.IPv6Loopback).ToString());

    [Fact]
    public void Tcp_with_only_a_host_port_renders_host_and_container_ports() =>
        Assert.Equal("8080:80/tcp", PublishSpec.Tcp(80, 8080).ToString());

    [Fact]
    public void Udp_factories_render_udp()
    {
        Assert.Equal("53/udp", PublishSpec.Udp(53).ToString());
        Assert.Equal("5353:53/udp", PublishSpec.Udp(53, 5353).ToString());
        Assert.Equal("[::1]:5353:53/udp", PublishSpec.Udp(53, IPAddress.IPv6Loopback, 5353).ToString());
    }

    [Fact]
    public void A_host_port_of_0_means_the_engine_picks_one()
    {
        Assert.Null(PublishSpec.Tcp(80, IPAddress.Loopback, 0).HostPort);
        Assert.Equal(PublishSpec.Tcp(80), PublishSpec.Tcp(80, 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-1)]
    public void A_container_port_outside_1_to_65535_is_rejected(int port) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PublishSpec.Tcp(port));

    [Theory]
    [InlineData(65536)]
    [InlineData(-1)]
    public void A_host_port_outside_0_to_65535_is_rejected(int port)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => PublishSpec.Tcp(80, IPAddress.Loopback, port));

        Assert.Equal("hostPort", exception.ParamName);
    }

    [Fact]
    public void The_highest_ports_are_accepted() =>
        Assert.Equal("65535:65535/udp", PublishSpec.Udp(65535, 65535).ToString());

    [Fact]
    public void Factories_reject_a_null_host_address()
    {
        Assert.Throws<ArgumentNullException>(() => PublishSpec.Tcp(80, null!, 8080));
        Assert.Throws<ArgumentNullException>(() => PublishSpec.Udp(80, null!, 8080));
    }

    [Fact]
    public void Specifications_with_the_same_parts_are_equal()
    {
        var parsed = PublishSpec.Parse("127.0.0.1:8080:80/tcp");
        var built = PublishSpec.Tcp(80, IPAddress.Parse("127.0.0.1"), 8080);

        Assert.True(parsed == built);
        Assert.Equal(parsed.GetHashCode(), built.GetHashCode());
        Assert.True(parsed != PublishSpec.Udp(80, IPAddress.Parse("127.0.0.1"), 8080));
        Assert.True(parsed != PublishSpec.Tcp(80, IPAddress.Parse("127.0.0.2"), 8080));
        Assert.True(parsed != PublishSpec.Tcp(80, 8080));
    }

    [Fact]
    public void Parse_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => PublishSpec.Parse(null!));
        Assert.False(PublishSpec.TryParse(null, out _));
    }
}
