using System.Net;

namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class EngineSpecs(EngineFixture fx)
{
    [Fact(Timeout = 60_000)]
    public async Task The_detected_engine_is_the_one_OCIMAN_BACKEND_names()
    {
        var expected = Environment.GetEnvironmentVariable("OCIMAN_BACKEND") ?? "docker";

        var engine = await Engine.DetectAsync();

        Assert.Equal(expected, engine.Kind.ToCliName());
        Assert.Equal(expected, engine.ExecutablePath);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_engine_version_is_parsed_from_the_version_output()
    {
        var psi = new System.Diagnostics.ProcessStartInfo(fx.Engine.ExecutablePath, "--version") { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        var version = fx.Engine.Version;

        Assert.True(version.Major > 0, $"Version {version} has no major number.");
        Assert.Contains($"{version.Major}.{version.Minor}.{version.Patch}", output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_engines_on_this_machine_run_as_root()
    {
        var engine = await Engine.ConnectAsync(fx.Engine.Kind);

        Assert.False(engine.IsRootless);
        Assert.False(fx.Engine.IsRootless);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_bridge_network_has_at_least_one_subnet_that_parses()
    {
        var subnets = await fx.Engine.GetBridgeSubnetsAsync();

        Assert.NotEmpty(subnets);
        Assert.All(subnets, s => Assert.True(IPNetwork.TryParse(s, out _), $"'{s}' is not a CIDR subnet."));
    }

    [Fact(Timeout = 60_000)]
    public async Task Connecting_to_the_engine_by_kind_gives_the_same_engine()
    {
        var engine = await Engine.ConnectAsync(fx.Engine.Kind);

        Assert.Equal(fx.Engine.Kind, engine.Kind);
        Assert.Equal(fx.Engine.Version, engine.Version);
    }

    [Fact(Timeout = 60_000)]
    public async Task When_no_engine_answers_the_error_lists_every_probe_and_why_it_failed()
    {
        var options = new EngineOptions
        {
            GetEnvironmentVariable = _ => null,
            Executables = new Dictionary<EngineKind, string>
            {
                [EngineKind.Docker] = "/nonexistent/docker",
                [EngineKind.Podman] = "/nonexistent/podman",
            },
        };

        var thrown = await Assert.ThrowsAsync<EngineUnavailableException>(() => Engine.DetectAsync(options));

        Assert.Equal([EngineKind.Docker, EngineKind.Podman], thrown.Probes.Select(p => p.Kind));
        Assert.Contains("/nonexistent/docker", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/podman", thrown.Message, StringComparison.Ordinal);
        Assert.All(thrown.Probes, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_OCIMAN_BACKEND_that_names_no_engine_is_a_configuration_error_naming_the_value()
    {
        var options = new EngineOptions { GetEnvironmentVariable = name => name == "OCIMAN_BACKEND" ? "dockerr" : null };

        var thrown = await Assert.ThrowsAsync<EngineConfigurationException>(() => Engine.DetectAsync(options));

        Assert.Contains("'dockerr'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task OCIMAN_BACKEND_selects_its_engine_without_falling_back_to_the_other()
    {
        var kind = fx.Engine.Kind;
        var other = kind == EngineKind.Docker ? EngineKind.Podman : EngineKind.Docker;
        var options = new EngineOptions
        {
            GetEnvironmentVariable = name => name == "OCIMAN_BACKEND" ? kind.ToCliName() : null,
            Executables = new Dictionary<EngineKind, string> { [kind] = $"/nonexistent/{kind.ToCliName()}", [other] = other.ToCliName() },
        };

        var thrown = await Assert.ThrowsAsync<EngineUnavailableException>(() => Engine.DetectAsync(options));

        Assert.Equal([kind], thrown.Probes.Select(p => p.Kind));
    }
}
