using Ociman.IntegrationTests.Support;

namespace Ociman.IntegrationTests;

// Two containers that talk: user-defined networks on both engines and both transports. The server is BusyBox's httpd,
// which starts listening a moment after the container starts, so every client request is retried until a deadline.
[Collection(EngineCollection.Name)]
public sealed class NetworkSpecs(EngineFixture fx)
{
    private const string Page = "hello-from-the-server";

    [Fact(Timeout = 120_000)]
    public async Task A_network_is_created_with_the_engines_and_its_own_labels_and_removed_when_disposed()
    {
        var engine = await Engine.DetectAsync(new EngineOptions { ContainerLabels = new Dictionary<string, string> { ["io.ociman.it.engine-label"] = "yes" } });
        string id;
        await using (var network = await engine.CreateNetworkAsync(fx.Network().WithLabel("tier", "db")))
        {
            id = network.Id;
            var details = await network.InspectAsync();

            Assert.Equal(network.Name, details.Name);
            Assert.Equal(network.Id, details.Id);
            Assert.Equal("bridge", details.Driver);
            Assert.False(details.Internal);
            Assert.Empty(details.ContainerIds);
            Assert.Equal(fx.RunId, details.Labels[EngineFixture.RunLabel]);
            Assert.Equal("db", details.Labels["tier"]);
            Assert.Equal("yes", details.Labels["io.ociman.it.engine-label"]);
            Assert.True(await fx.Engine.NetworkExistsAsync(network.Name));
            Assert.True(await fx.Engine.NetworkExistsAsync(network.Id));
        }

        Assert.False(await fx.Engine.NetworkExistsAsync(id));
    }

    [Fact(Timeout = 120_000)]
    public async Task Containers_on_a_network_reach_each_other_by_alias()
    {
        await using var network = await fx.Engine.CreateNetworkAsync(fx.Network());
        await using var server = await fx.Engine.RunDetachedAsync(Server().WithNetwork(network.Name).WithNetworkAliases("web-alias"));
        await using var client = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithNetwork(network.Name));

        Assert.Equal(Page, await FetchAsync(client, "web-alias"));
        Assert.Contains(server.Id, (await network.InspectAsync()).ContainerIds);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_container_connected_later_is_reached_by_its_alias_until_it_is_disconnected()
    {
        await using var network = await fx.Engine.CreateNetworkAsync(fx.Network());
        await using var server = await fx.Engine.RunDetachedAsync(Server());
        await using var client = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithNetwork(network.Name));

        await network.ConnectAsync(server, ["late-alias"]);

        Assert.Equal(Page, await FetchAsync(client, "late-alias"));
        Assert.Contains(server.Id, (await network.InspectAsync()).ContainerIds);

        await network.DisconnectAsync(server);

        Assert.DoesNotContain(server.Id, (await network.InspectAsync()).ContainerIds);
        var after = await Request(client, "late-alias").ResultAsync();
        Assert.DoesNotContain(Page, after.StandardOutputText, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Removing_a_network_disconnects_its_containers_and_leaves_them_running()
    {
        var network = await fx.Engine.CreateNetworkAsync(fx.Network());
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithNetwork(network.Name));

        await network.RemoveAsync();

        Assert.False(await fx.Engine.NetworkExistsAsync(network.Id));
        Assert.True((await container.InspectAsync()).Running);

        // Removing it again: it is gone, which is what was asked.
        await network.RemoveAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task Networks_are_listed_and_removed_by_label_and_nothing_else_is()
    {
        var group = Guid.NewGuid().ToString("N");
        var mine = await fx.Engine.CreateNetworkAsync(fx.Network().WithLabel("io.ociman.it.group", group));
        await using var other = await fx.Engine.CreateNetworkAsync(fx.Network());

        var listed = await fx.Engine.ListNetworksAsync([new("io.ociman.it.group", group)]);
        Assert.Equal([mine.Id], listed.Select(n => n.Id));
        Assert.Equal(group, listed[0].Labels["io.ociman.it.group"]);

        Assert.Equal(1, await fx.Engine.RemoveNetworksAsync("io.ociman.it.group", group));
        Assert.False(await fx.Engine.NetworkExistsAsync(mine.Id));
        Assert.True(await fx.Engine.NetworkExistsAsync(other.Id));
        Assert.Equal(0, await fx.Engine.RemoveNetworksAsync("io.ociman.it.group", group));
    }

    [Fact(Timeout = 120_000)]
    public async Task An_internal_network_says_so()
    {
        await using var network = await fx.Engine.CreateNetworkAsync(fx.Network().AsInternal());

        Assert.True((await network.InspectAsync()).Internal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_taken_name_is_a_network_name_in_use_and_the_first_network_is_untouched()
    {
        await using var network = await fx.Engine.CreateNetworkAsync(fx.Network());

        var ex = await Assert.ThrowsAsync<NetworkNameInUseException>(() => fx.Engine.CreateNetworkAsync(NetworkDefinition.Named(network.Name).WithLabel(EngineFixture.RunLabel, fx.RunId)));

        Assert.Equal(network.Name, ex.Name);
        Assert.Equal(fx.Engine.Kind, ex.Engine);
        Assert.True(await fx.Engine.NetworkExistsAsync(network.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_network_or_container_is_named_in_a_typed_error()
    {
        var absent = NetworkDefinition.Unique("ociman-it-absent").Name;
        await using var network = await fx.Engine.CreateNetworkAsync(fx.Network());
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        var noNetwork = await Assert.ThrowsAsync<NetworkNotFoundException>(() => fx.Engine.GetNetworkAsync(absent));
        Assert.Equal(absent, noNetwork.Network);
        Assert.False(await fx.Engine.NetworkExistsAsync(absent));

        var gone = await fx.Engine.CreateNetworkAsync(fx.Network());
        await gone.RemoveAsync();
        await Assert.ThrowsAsync<NetworkNotFoundException>(() => gone.ConnectAsync(container));

        var stopped = await fx.Engine.RunDetachedAsync(fx.Sleeper());
        await stopped.DisposeAsync();
        var noContainer = await Assert.ThrowsAsync<ContainerNotFoundException>(() => network.ConnectAsync(stopped));
        Assert.Equal(stopped.Id, noContainer.Container);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bad_input_is_refused_before_the_engine_is_asked()
    {
        await using var network = await fx.Engine.CreateNetworkAsync(fx.Network());
        await using var container = await fx.Engine.RunDetachedAsync(fx.Sleeper());

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => network.ConnectAsync(container, ["two words"]));
        Assert.Contains("'two words' is not a valid network alias", ex.Message, StringComparison.Ordinal);
        Assert.Empty((await network.InspectAsync()).ContainerIds);
        await Assert.ThrowsAsync<ArgumentNullException>(() => fx.Engine.CreateNetworkAsync(null!));
        await Assert.ThrowsAsync<OperationCanceledException>(() => fx.Engine.CreateNetworkAsync(fx.Network(), new CancellationToken(canceled: true)));
    }

    // Cancelled at every moment of the call: either the network was made and returned, or nothing of it is left.
    [Fact(Timeout = 180_000)]
    public async Task A_create_cancelled_at_any_moment_leaves_no_network()
    {
        foreach (var delay in new[] { 0, 2, 5, 10, 20, 40, 80, 160, 320 })
        {
            var group = Guid.NewGuid().ToString("N");
            using var cancellation = new CancellationTokenSource();
            cancellation.CancelAfter(delay);
            try
            {
                await using var made = await fx.Engine.CreateNetworkAsync(fx.Network().WithLabel("io.ociman.it.group", group), cancellation.Token);
            }
            catch (OperationCanceledException)
            {
            }

            Assert.Empty(await fx.Engine.ListNetworksAsync([new("io.ociman.it.group", group)]));
        }
    }

    // A cancelled create cleans up by name only what carries its labels: a network of that name made by someone else stays.
    [Fact(Timeout = 180_000)]
    public async Task A_cancelled_or_refused_create_never_removes_someone_elses_network_of_the_same_name()
    {
        var plain = await Engine.DetectAsync();
        await using var theirs = await plain.CreateNetworkAsync(NetworkDefinition.Unique("ociman-it-theirs"));
        try
        {
            foreach (var delay in new[] { 0, 2, 5, 10, 20, 40, 80, 160 })
            {
                using var cancellation = new CancellationTokenSource();
                cancellation.CancelAfter(delay);
                var ex = await Record.ExceptionAsync(() => fx.Engine.CreateNetworkAsync(NetworkDefinition.Named(theirs.Name).WithLabel(EngineFixture.RunLabel, fx.RunId), cancellation.Token));

                Assert.True(ex is OperationCanceledException or NetworkNameInUseException, $"after {delay} ms: {ex}");
                Assert.True(await plain.NetworkExistsAsync(theirs.Id), $"the network {theirs.Name} was removed by a create cancelled after {delay} ms");
            }
        }
        finally
        {
            await theirs.RemoveAsync();
        }
    }

    // BusyBox's httpd serving one page on 8080; its main process ignores SIGTERM like most servers' PID 1 here.
    private ContainerDefinition Server() =>
        fx.Running("sh", "-c", $"mkdir -p /www && echo {Page} > /www/index.html && exec httpd -f -p 8080 -h /www");

    // One HTTP request with BusyBox's nc, the request on standard input. (BusyBox's wget is linked statically against
    // glibc and cannot resolve names: it crashes on the first lookup. Its nc and nslookup resolve by themselves.)
    private static ExecCommand Request(Container client, string host) =>
        client.Exec("nc", "-w", "2", host, "8080").WithStandardInput("GET /index.html HTTP/1.0\r\n\r\n");

    // Retries until the server answers (it listens a moment after it starts; the alias resolves once it has joined).
    private static async Task<string> FetchAsync(Container client, string host)
    {
        string? body = null;
        var answered = await Eventually.TrueAsync(async () =>
        {
            var result = await Request(client, host).ResultAsync();
            body = result.ExitCode == 0 && result.StandardOutputText.Contains(Page, StringComparison.Ordinal) ? Page : null;
            return body is not null;
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        Assert.True(answered, $"http://{host}:8080/ did not answer within 30 s");
        return body!;
    }
}
