namespace Ociman.IntegrationTests;

// A test container is disposable: the end of a scope and a disposal kill it at once instead of waiting out a
// SIGTERM its main process ignores. The container below records every SIGTERM it gets in a file on the host and
// carries on (as a process without a handler would), so whether a graceful stop was attempted is seen directly.
[Collection(EngineCollection.Name)]
public sealed class TeardownSpecs(EngineFixture fx) : IDisposable
{
    private readonly string _hostDirectory = Directory.CreateTempSubdirectory("ociman-it-term-").FullName;

    private string TermLog => Path.Combine(_hostDirectory, "term.log");

    [Fact(Timeout = 60_000)]
    public async Task The_end_of_a_scope_kills_the_container_without_a_graceful_stop()
    {
        string? id = null;

        await fx.Engine.WithContainerAsync(RecordsTerm(), async c =>
        {
            id = c.Id;
            await WaitUntilRecordingAsync(c);
        });

        Assert.NotNull(id);
        Assert.False(await fx.Engine.ContainerExistsAsync(id));
        Assert.Equal(string.Empty, ReadTermLog());
    }

    [Fact(Timeout = 60_000)]
    public async Task The_end_of_a_scope_stops_gracefully_when_the_definition_asks_for_a_grace_period()
    {
        string? id = null;

        await fx.Engine.WithContainerAsync(RecordsTerm().WithStopTimeout(TimeSpan.FromSeconds(1)), async c =>
        {
            id = c.Id;
            await WaitUntilRecordingAsync(c);
        });

        Assert.NotNull(id);
        Assert.False(await fx.Engine.ContainerExistsAsync(id));
        Assert.Contains("term", ReadTermLog(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Disposing_a_container_kills_it_without_a_graceful_stop()
    {
        var container = await fx.Engine.RunDetachedAsync(RecordsTerm());
        await WaitUntilRecordingAsync(container);

        await container.DisposeAsync();

        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id));
        Assert.Equal(string.Empty, ReadTermLog());
    }

    // A stop timeout is for a graceful stop; a forced removal ignores it. Podman's compatible DELETE ?force=true would
    // send SIGTERM and wait the 30 s out; the removal below must not.
    [Fact(Timeout = 60_000)]
    public async Task Disposing_a_container_with_a_stop_timeout_kills_it_without_a_graceful_stop()
    {
        var container = await fx.Engine.RunDetachedAsync(RecordsTerm().WithStopTimeout(TimeSpan.FromSeconds(30)));
        await WaitUntilRecordingAsync(container);

        await container.DisposeAsync();

        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id));
        Assert.Equal(string.Empty, ReadTermLog());
    }

    [Fact(Timeout = 60_000)]
    public async Task Removing_containers_by_label_kills_them_without_a_graceful_stop()
    {
        var group = Guid.NewGuid().ToString("N");
        var container = await fx.Engine.RunDetachedAsync(RecordsTerm().WithLabel("io.ociman.it.teardown", group));
        await WaitUntilRecordingAsync(container);

        var removed = await fx.Engine.RemoveContainersAsync("io.ociman.it.teardown", group);

        Assert.Equal(1, removed);
        Assert.False(await fx.Engine.ContainerExistsAsync(container.Id));
        Assert.Equal(string.Empty, ReadTermLog());
    }

    public void Dispose() => Directory.Delete(_hostDirectory, recursive: true);

    // Records SIGTERM and keeps running, like a main process that ignores it; "ready" once the trap is installed.
    private ContainerDefinition RecordsTerm() =>
        fx.Running("sh", "-c", "trap 'echo term >> /record/term.log' TERM; : > /record/term.log; echo ready > /record/ready; while :; do sleep 0.2; done")
            .WithMounts(Mount.Bind(_hostDirectory, "/record"));

    private async Task WaitUntilRecordingAsync(Container container)
    {
        var ready = Path.Combine(_hostDirectory, "ready");
        var recording = await Support.Eventually.TrueAsync(() => Task.FromResult(File.Exists(ready)));
        Assert.True(recording, $"The {container} never installed its SIGTERM trap.");
    }

    private string ReadTermLog() => File.Exists(TermLog) ? File.ReadAllText(TermLog).Trim() : string.Empty;
}
