using static Ociman.IntegrationTests.Images.ImageTestKit;

namespace Ociman.IntegrationTests.Images;

/// <summary>Push and pull against the local plain-HTTP registry on 127.0.0.1:5000 (started by eng/provision-registry.sh).</summary>
/// <remarks>No registry on the internet is reachable, and none is used: every reference here names 127.0.0.1:5000.</remarks>
[Collection(EngineCollection.Name)]
public sealed class RegistrySpecs(EngineFixture fx) : ImageSpecs
{
    protected override EngineFixture Fixture => fx;

    private const string Registry = "127.0.0.1:5000";

    /// <summary>Fails (never skips) the test when the local registry does not answer.</summary>
    private static async Task RequireRegistryAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? problem;
        try
        {
            using var response = await http.GetAsync(new Uri($"http://{Registry}/v2/"));
            problem = response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            problem = ex.Message;
        }

        if (problem is not null)
        {
            Assert.Fail($"The local test registry http://{Registry}/v2/ is not running ({problem}). Run eng/provision-registry.sh as root to install and start it.");
        }
    }

    private static ImageReference RegistryImage(string what) => ImageReference.Parse($"{Registry}/ociman-it/{what}-{UniqueId()}:t{UniqueId()}");

    [Fact(Timeout = 120_000)]
    public async Task A_pushed_image_is_pulled_back_by_PullIfAbsent_once()
    {
        await RequireRegistryAsync();
        var remote = RegistryImage("pushed");
        try
        {
            await fx.Engine.BuildAsync(Inline(fx, UniqueId(), "RUN echo 'through the registry' > /payload\n").WithTag(remote));
            var id = (await fx.Engine.InspectImageAsync(remote)).Id;
            await fx.Engine.PushAsync(remote);
            await fx.Engine.RemoveImageAsync(remote);
            Assert.False(await fx.Engine.ImageExistsAsync(remote));

            var pulled = await fx.Engine.PullIfAbsentAsync(remote);
            var pulledAgain = await fx.Engine.PullIfAbsentAsync(remote);

            Assert.True(pulled);
            Assert.False(pulledAgain);
            Assert.Equal(id, (await fx.Engine.InspectImageAsync(remote)).Id);
            Assert.Equal("through the registry\n", await OutputOfAsync(fx, remote, "cat", "/payload"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, remote);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_pull_reports_the_engines_progress_lines()
    {
        await RequireRegistryAsync();
        var remote = RegistryImage("progress");
        try
        {
            await fx.Engine.BuildAsync(Inline(fx, UniqueId(), "RUN echo 'pulled with progress' > /payload\n").WithTag(remote));
            await fx.Engine.PushAsync(remote);
            await fx.Engine.RemoveImageAsync(remote);
            var lines = new System.Collections.Concurrent.ConcurrentQueue<EngineProgress>();

            Assert.True(await fx.Engine.PullIfAbsentAsync(remote, new Hook(lines.Enqueue)));

            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.Equal(("image pull", remote.ToString()), (l.Operation, l.Subject)));
            Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Line)));
            Assert.Equal("pulled with progress\n", await OutputOfAsync(fx, remote, "cat", "/payload"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, remote);
        }
    }

    private sealed class Hook(Action<EngineProgress> report) : IProgress<EngineProgress>
    {
        public void Report(EngineProgress value) => report(value);
    }

    [Fact(Timeout = 120_000)]
    public async Task PullIfAbsent_of_a_present_image_does_not_contact_the_registry()
    {
        // A name on a port where nothing listens: any pull would fail, so returning false proves no pull happened.
        var local = ImageReference.Parse($"127.0.0.1:1/ociman-it/local-only-{UniqueId()}:t1");
        try
        {
            await fx.Engine.TagImageAsync(fx.BusyBox, local);

            Assert.False(await fx.Engine.PullIfAbsentAsync(local));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, local);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Pulling_an_absent_tag_of_a_pushed_repository_throws_ImageNotFoundException()
    {
        await RequireRegistryAsync();
        var remote = RegistryImage("partial");
        var absent = remote.WithTag("absent-" + UniqueId());
        try
        {
            await fx.Engine.BuildAsync(Inline(fx, UniqueId()).WithTag(remote));
            await fx.Engine.PushAsync(remote);

            var thrown = await Assert.ThrowsAsync<ImageNotFoundException>(() => fx.Engine.PullAsync(absent));

            Assert.Contains(absent.ToString(), thrown.Message, StringComparison.Ordinal);
            Assert.False(await fx.Engine.ImageExistsAsync(absent));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, remote, absent);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Pulling_from_an_absent_repository_throws_ImageNotFoundException()
    {
        await RequireRegistryAsync();
        var absent = RegistryImage("never-pushed");

        await Assert.ThrowsAsync<ImageNotFoundException>(() => fx.Engine.PullAsync(absent));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => fx.Engine.PullIfAbsentAsync(absent));
    }

    [Fact(Timeout = 120_000)]
    public async Task Pulling_from_a_registry_that_is_not_there_is_an_engine_error_not_a_missing_image()
    {
        var nowhere = ImageReference.Parse($"127.0.0.1:1/ociman-it/nowhere-{UniqueId()}:t1");

        var thrown = await Assert.ThrowsAnyAsync<EngineOperationException>(() => fx.Engine.PullAsync(nowhere));

        Assert.IsNotType<ImageNotFoundException>(thrown);
    }
}
