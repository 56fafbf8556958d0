using Ociman.IntegrationTests.Remote;

namespace Ociman.IntegrationTests.Api;

[Collection(EngineCollection.Name)]
public sealed class TransportChoiceSpecs(EngineFixture fx)
{
    // The caller's environment without OCIMAN_TRANSPORT (the suite runs with it set), plus the given variables.
    private static Func<string, string?> Environment(params (string Name, string Value)[] extra) =>
        name => extra.Any(e => e.Name == name) ? extra.First(e => e.Name == name).Value
            : name == "OCIMAN_TRANSPORT" ? null
            : System.Environment.GetEnvironmentVariable(name);

    [Fact(Timeout = 60_000)]
    public async Task Auto_speaks_the_api_where_the_engines_socket_answers_and_the_cli_where_there_is_none()
    {
        var engine = await Engine.ConnectAsync(fx.Engine.Kind, new EngineOptions { Transport = EngineTransport.Auto, GetEnvironmentVariable = Environment() });

        // Docker's socket always answers here; Podman's default service socket exists only while a service runs.
        var socketAnswers = fx.Engine.Kind == EngineKind.Docker || File.Exists("/run/podman/podman.sock");
        Assert.Equal(socketAnswers ? EngineTransport.Api : EngineTransport.Cli, engine.Transport);
        await engine.WithContainerAsync(fx.Sleeper(), async c => Assert.Equal("ok\n", await c.Exec("echo", "ok").StringAsync()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Auto_speaks_the_api_of_a_podman_service_it_is_pointed_at()
    {
        var route = fx.Engine.Kind == EngineKind.Docker
            ? ("DOCKER_HOST", RemoteEngineFixture.TcpEndpoint)
            : ("CONTAINER_HOST", RemoteEngineFixture.PodmanSocket);

        var engine = await Engine.ConnectAsync(fx.Engine.Kind, new EngineOptions { Transport = EngineTransport.Auto, GetEnvironmentVariable = Environment(route) });

        Assert.Equal(EngineTransport.Api, engine.Transport);
        Assert.Equal(route.Item2, engine.Endpoint.Uri);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_endpoint_with_no_engine_behind_it_fails_the_api_transport_with_the_reason()
    {
        var missing = $"unix:///tmp/ociman-no-engine-{Guid.NewGuid():N}.sock";
        var variable = fx.Engine.Kind == EngineKind.Docker ? "DOCKER_HOST" : "CONTAINER_HOST";

        var thrown = await Assert.ThrowsAsync<EngineUnavailableException>(() => Engine.ConnectAsync(fx.Engine.Kind, new EngineOptions { Transport = EngineTransport.Api, GetEnvironmentVariable = Environment((variable, missing)) }));

        Assert.Contains(thrown.Probes, p => p.Kind == fx.Engine.Kind);
        Assert.Contains(missing["unix://".Length..], thrown.Message, StringComparison.Ordinal);
    }
}
