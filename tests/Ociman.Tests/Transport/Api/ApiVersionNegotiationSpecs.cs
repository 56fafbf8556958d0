using Docker.DotNet.Models;
using Ociman.Transport.Api;
using Version = System.Version;

namespace Ociman.Tests.Transport.Api;

public class ApiVersionNegotiationSpecs
{
    [Theory]
    [InlineData("1.45", "1.24", "1.45")] // Docker 26
    [InlineData("1.41", "1.12", "1.41")] // Docker 20.10
    [InlineData("1.41", "1.24", "1.41")] // Podman 4.3's Docker-compatible service
    [InlineData("1.52", "1.24", "1.45")] // a newer engine is spoken to in the newest version Ociman knows
    [InlineData("1.43", null, "1.43")]
    public void The_version_spoken_is_the_lower_of_ours_and_the_engines(string engine, string? engineMinimum, string expected)
    {
        var ok = ApiVersionNegotiation.TryNegotiate(engine, engineMinimum, out var negotiated, out var reason);

        Assert.True(ok, reason);
        Assert.Equal(Version.Parse(expected), negotiated);
        Assert.Equal(string.Empty, reason);
    }

    [Fact]
    public void An_engine_older_than_1_41_is_refused_saying_what_is_needed()
    {
        var ok = ApiVersionNegotiation.TryNegotiate("1.40", "1.12", out _, out var reason);

        Assert.False(ok);
        Assert.Contains("1.40", reason, StringComparison.Ordinal);
        Assert.Contains("1.41 or later", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_engine_whose_minimum_is_above_ours_is_refused()
    {
        var ok = ApiVersionNegotiation.TryNegotiate("1.60", "1.50", out _, out var reason);

        Assert.False(ok);
        Assert.Contains("1.50 to 1.60", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1.45")]
    [InlineData("1")]
    [InlineData("1.45.0")]
    [InlineData("-1.45")]
    public void A_version_that_is_not_major_dot_minor_is_refused_quoting_it(string? engine)
    {
        var ok = ApiVersionNegotiation.TryNegotiate(engine, null, out _, out var reason);

        Assert.False(ok);
        Assert.Contains("not a version of the form MAJOR.MINOR", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Podman_is_told_apart_by_its_engine_component()
    {
        var podman = new VersionResponse
        {
            Version = "4.3.1",
            APIVersion = "1.41",
            Platform = new PlatformInfo { Name = "linux/amd64/debian-12" },
            Components = [new ComponentVersion { Name = "Podman Engine", Version = "4.3.1" }, new ComponentVersion { Name = "Conmon", Version = "conmon version 2.1.6" }],
        };
        var docker = new VersionResponse
        {
            Version = "26.1.5+dfsg1",
            APIVersion = "1.45",
            Platform = new PlatformInfo { Name = string.Empty },
            Components = [new ComponentVersion { Name = "Engine", Version = "26.1.5+dfsg1" }, new ComponentVersion { Name = "containerd", Version = "1.6.20" }],
        };

        Assert.Equal(EngineKind.Podman, ApiConnection.KindOf(podman));
        Assert.Equal("4.3.1", ApiConnection.EngineVersionOf(podman, EngineKind.Podman));
        Assert.Equal(EngineKind.Docker, ApiConnection.KindOf(docker));
        Assert.Equal("26.1.5+dfsg1", ApiConnection.EngineVersionOf(docker, EngineKind.Docker));
    }
}
