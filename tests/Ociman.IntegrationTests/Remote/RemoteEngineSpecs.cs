using System.Net.Sockets;
using Ociman.IntegrationTests.Support;
using Ociman.Testing;

namespace Ociman.IntegrationTests.Remote;

/// <summary>Engines on other machines, as <c>eng/provision-remote.sh</c> stands them in: the route decides where containers run and where their ports are reached.</summary>
[Collection(EngineCollection.Name)]
public sealed class RemoteEngineSpecs(EngineFixture fx, RemoteEngineFixture remote) : IClassFixture<RemoteEngineFixture>
{
    // Answers every connection with one line; listens only 3 s after the container starts.
    private static readonly string[] LateGreeter = ["sh", "-c", "sleep 3; exec nc -ll -p 8080 -e echo hi from far away"];

    public static TheoryData<string> Routes => RemoteEngineFixture.Routes();

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Routes))]
    public async Task The_engine_is_the_one_the_route_names_and_reports_its_host(string route)
    {
        var (engine, _) = await remote.ConnectAsync(route);

        var endpoint = engine.Endpoint;

        switch (route)
        {
            case RemoteEngineFixture.DockerHost:
                Assert.Equal((EndpointScheme.Tcp, RemoteEngineFixture.TcpEndpoint, "DOCKER_HOST"), (endpoint.Scheme, endpoint.Uri, endpoint.Source));
                Assert.Equal("127.0.0.2", endpoint.PublishedPortHost);
                Assert.False(endpoint.IsLocal);
                break;
            case RemoteEngineFixture.DockerTls:
                Assert.Equal((EndpointScheme.Tcp, RemoteEngineFixture.TlsEndpoint, "DOCKER_HOST"), (endpoint.Scheme, endpoint.Uri, endpoint.Source));
                Assert.Equal(
                    new EndpointTls(true, Path.Combine(RemoteEngineFixture.TlsClientFiles, "ca.pem"), Path.Combine(RemoteEngineFixture.TlsClientFiles, "cert.pem"), Path.Combine(RemoteEngineFixture.TlsClientFiles, "key.pem")),
                    endpoint.Tls);
                Assert.Equal("127.0.0.2", endpoint.PublishedPortHost);
                Assert.False(endpoint.IsLocal);

                // Verification is real: with another CA's ca.pem the engine's certificate is refused, on either transport.
                var wrongCa = RemoteEngineFixture.TlsVariables(RemoteEngineFixture.TlsOtherCaFiles);
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
                {
                    var refused = await Assert.ThrowsAsync<EngineUnavailableException>(() => Engine.ConnectAsync(
                        EngineKind.Docker,
                        new EngineOptions { GetEnvironmentVariable = name => wrongCa.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name) },
                        timeout.Token));
                    Assert.Contains("certificate", refused.ToString(), StringComparison.OrdinalIgnoreCase);
                }

                break;
            case RemoteEngineFixture.DockerContext:
                Assert.Equal((EndpointScheme.Tcp, RemoteEngineFixture.TcpEndpoint, RemoteEngineFixture.ContextName), (endpoint.Scheme, endpoint.Uri, endpoint.ConnectionName));
                Assert.StartsWith($"context '{RemoteEngineFixture.ContextName}' (currentContext in ", endpoint.Source, StringComparison.Ordinal);
                Assert.Equal("127.0.0.2", endpoint.PublishedPortHost);
                break;
            case RemoteEngineFixture.PodmanConnection:
                Assert.Equal((EndpointScheme.Tcp, RemoteEngineFixture.PodmanTcpEndpoint, RemoteEngineFixture.ConnectionName), (endpoint.Scheme, endpoint.Uri, endpoint.ConnectionName));
                Assert.Equal($"connection '{RemoteEngineFixture.ConnectionName}' (CONTAINER_CONNECTION)", endpoint.Source);
                Assert.Equal("127.0.0.2", endpoint.PublishedPortHost);
                break;
            default:
                Assert.Equal((EndpointScheme.Unix, RemoteEngineFixture.PodmanSocket, "CONTAINER_HOST"), (endpoint.Scheme, endpoint.Uri, endpoint.Source));
                Assert.Equal("127.0.0.1", endpoint.PublishedPortHost);
                Assert.True(endpoint.IsLocal);
                break;
        }
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Routes))]
    public async Task A_container_runs_on_the_routes_engine_and_not_on_the_main_one(string route)
    {
        var (engine, busyBox) = await remote.ConnectAsync(route);

        await using var container = await engine.RunDetachedAsync(remote.Running(busyBox, EngineFixture.SleepCommand));
        var onRemote = await engine.ListContainersAsync([new(EngineFixture.RunLabel, remote.RunId)]);
        var onMain = await fx.Engine.ListContainersAsync([new(EngineFixture.RunLabel, remote.RunId)]);

        Assert.Contains(onRemote, c => c.Id == container.Id);
        if (engine.Kind == EngineKind.Podman)
        {
            // The services share the machine's Podman storage, so the main engine lists the container too; the variable
            // that only the services' containers.conf adds shows which route created it.
            var environment = (await container.InspectAsync()).Raw.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString());
            Assert.Contains(RemoteEngineFixture.PodmanServiceMarker, environment);
        }
        else
        {
            Assert.DoesNotContain(onMain, c => c.Id == container.Id);
        }

        await container.KillAsync();
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Routes))]
    public async Task A_published_port_is_reached_at_the_engines_host(string route)
    {
        var (engine, busyBox) = await remote.ConnectAsync(route);
        await using var container = await engine.RunDetachedAsync(
            remote.Running(busyBox, "sh", "-c", "exec nc -ll -p 8080 -e echo hi from far away").WithPublishedPort(8080));
        var host = TestHost.Resolve(engine);
        var port = await container.GetHostPortAsync(8080);

        string? line = null;
        var answered = await Eventually.TrueAsync(async () =>
        {
            line = await ReadLineAsync(host, port);
            return line is not null;
        });

        var bindings = (await container.InspectAsync()).Raw.GetProperty("NetworkSettings").GetProperty("Ports").GetProperty("8080/tcp");
        Assert.True(answered, $"Nothing answered on {host}:{port}.");
        Assert.Equal("hi from far away", line);
        // A remote engine publishes on all its addresses (its 127.0.0.1 is not the test's); a local one on its loopback.
        // Docker writes all addresses as 0.0.0.0 and ::, Podman as an empty HostIp.
        string[] expected = engine.Endpoint.IsLocal ? ["127.0.0.1"] : ["0.0.0.0", "::", string.Empty];
        Assert.All(bindings.EnumerateArray(), b => Assert.Contains(b.GetProperty("HostIp").GetString(), expected));
        await container.KillAsync();
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Routes))]
    public async Task A_service_that_listens_3_s_late_becomes_ready_and_answers(string route)
    {
        var (engine, busyBox) = await remote.ConnectAsync(route);
        await using var container = await engine.RunDetachedAsync(remote.Running(busyBox, LateGreeter).WithPublishedPort(8080));
        var host = TestHost.Resolve(engine);

        await ReadinessWaiter.WaitAsync(new ReadinessContext(container, host), [Ready.TcpPort(8080)], TimeSpan.FromSeconds(60));
        // Ready means the service answers now, at the first attempt: on Docker the proxy accepts before it listens.
        var line = await ReadLineAsync(host, await container.GetHostPortAsync(8080));

        Assert.Equal("hi from far away", line);
        await container.KillAsync();
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Routes))]
    public async Task Disposing_the_container_leaves_nothing_on_the_engine(string route)
    {
        var (engine, busyBox) = await remote.ConnectAsync(route);
        var container = await engine.RunDetachedAsync(remote.Running(busyBox, EngineFixture.SleepCommand).WithPublishedPort(8080));

        await container.DisposeAsync();

        Assert.False(await engine.ContainerExistsAsync(container.Id));
        Assert.DoesNotContain(await engine.ListContainersAsync([new(EngineFixture.RunLabel, remote.RunId)]), c => c.Id == container.Id);
    }

    private static async Task<string?> ReadLineAsync(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(host, port, timeout.Token);
            using var reader = new StreamReader(client.GetStream());
            return await reader.ReadLineAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }
}
