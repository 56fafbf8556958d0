using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Engines;

public sealed class TransportSelectionSpecs
{
    [Theory]
    [InlineData(null, EngineTransport.Auto)]
    [InlineData("", EngineTransport.Auto)]
    [InlineData("cli", EngineTransport.Cli)]
    [InlineData(" API ", EngineTransport.Api)]
    [InlineData("Auto", EngineTransport.Auto)]
    public void The_variable_chooses_when_the_option_is_auto(string? variable, EngineTransport expected)
    {
        Assert.Equal(expected, TransportSelection.Resolve(EngineTransport.Auto, variable));
    }

    [Fact]
    public void The_option_wins_over_the_variable()
    {
        Assert.Equal(EngineTransport.Cli, TransportSelection.Resolve(EngineTransport.Cli, "api"));
    }

    [Fact]
    public void An_unknown_transport_names_the_value_and_what_is_allowed()
    {
        var thrown = Assert.Throws<EngineConfigurationException>(() => TransportSelection.Resolve(EngineTransport.Auto, "grpc"));

        Assert.Contains("OCIMAN_TRANSPORT", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("grpc", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("cli, api or auto", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_setting_selects_its_transport_and_no_setting_lets_ociman_choose()
    {
        Assert.Same(AutoTransport.Instance, TransportSelection.For(new EngineOptions { GetEnvironmentVariable = _ => null }));
        Assert.Same(AutoTransport.Instance, TransportSelection.For(new EngineOptions { GetEnvironmentVariable = _ => "auto" }));
        Assert.Same(CliTransport.Instance, TransportSelection.For(new EngineOptions { GetEnvironmentVariable = _ => "cli" }));
        Assert.Same(Ociman.Transport.Api.ApiTransport.Instance, TransportSelection.For(new EngineOptions { GetEnvironmentVariable = _ => "API" }));
        Assert.Same(CliTransport.Instance, TransportSelection.For(new EngineOptions { Transport = EngineTransport.Cli, GetEnvironmentVariable = _ => "api" }));
    }

    [Fact]
    public void An_unprobed_engine_reports_its_transport_and_version()
    {
        var engine = Engine.CreateForTesting(EngineKind.Podman, new EngineVersion(4, 3));

        Assert.Equal(EngineTransport.Cli, engine.Transport);
        Assert.Equal("podman", engine.ExecutablePath);
    }
}
