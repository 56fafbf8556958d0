using System.Net;
using System.Net.Sockets;
using Ociman.IntegrationTests.Support;

namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class PortSpecs(EngineFixture fx)
{
    private static readonly string[] HttpServer =
        ["sh", "-c", "mkdir -p /www && echo 'hello over http' > /www/index.html && exec httpd -f -p 8080 -h /www"];

    [Fact(Timeout = 60_000)]
    public async Task A_port_published_on_a_port_the_engine_picks_reaches_a_server_in_the_container()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Running(HttpServer).WithPublishedPort(8080));

        var port = await container.GetHostPortAsync(8080);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? body = null;
        var answered = await Eventually.TrueAsync(async () =>
        {
            try
            {
                body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/index.html"));
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });

        Assert.InRange(port, 1, 65535);
        Assert.True(answered, $"Nothing answered on 127.0.0.1:{port}.");
        Assert.Equal("hello over http\n", body);
        await container.KillAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_port_published_on_127_0_0_1_is_bound_to_the_loopback_address_only()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithPublishedPort(8080));

        var bindings = (await container.InspectAsync()).Raw.GetProperty("NetworkSettings").GetProperty("Ports").GetProperty("8080/tcp");

        Assert.All(bindings.EnumerateArray(), b => Assert.Equal("127.0.0.1", b.GetProperty("HostIp").GetString()));
        Assert.True(await container.GetHostPortAsync(8080) > 0);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_tcp_connection_to_the_published_port_reaches_a_raw_socket_server()
    {
        var definition = fx.Running("sh", "-c", "exec nc -ll -p 9000 -e echo hi from nc").WithPublishedPort(9000);
        await using var container = await fx.Engine.RunDetachedAsync(definition);
        var port = await container.GetHostPortAsync(9000);

        string? line = null;
        var answered = await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                using var reader = new StreamReader(client.GetStream());
                line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
                return line is not null;
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
            {
                return false;
            }
        });

        Assert.True(answered, $"Nothing answered on 127.0.0.1:{port}.");
        Assert.Equal("hi from nc", line);
        await container.KillAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Asking_for_a_port_that_is_not_published_throws_PortNotPublishedException()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithPublishedPort(8080));

        var thrown = await Assert.ThrowsAsync<PortNotPublishedException>(() => container.GetHostPortAsync(8081));

        Assert.Equal(8081, thrown.ContainerPort);
        Assert.Equal("tcp", thrown.Protocol);
        Assert.Equal(container.Id, thrown.Container);
    }
}
