using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Startup;

public sealed class CancellationSpecs
{
    private static DirectFixture NeverReady() => new(definition => new ContainerSetup(definition)
        .WaitFor(Ready.LogContains("never printed"))
        .WithReadinessTimeout(TimeSpan.FromSeconds(90)));

    [ContainerFact(Timeout = 120_000)]
    public async Task The_engine_entry_points_and_the_log_reader_throw_for_a_cancelled_token()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var fixture = new DirectFixture(definition => new ContainerSetup(definition));
        await fixture.StartAsync(TestContext.Current.CancellationToken);

        var availability = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestEngine.GetAvailabilityAsync(cancelled.Token));
        var engine = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestEngine.GetAsync(cancelled.Token));
        var logs = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadinessWaiter.RecentLogsAsync(fixture.Container, cancellationToken: cancelled.Token));

        Assert.Equal(cancelled.Token, availability.CancellationToken);
        Assert.Equal(cancelled.Token, engine.CancellationToken);
        Assert.Equal(cancelled.Token, logs.CancellationToken);
        Assert.DoesNotContain("logs unavailable", await ReadinessWaiter.RecentLogsAsync(fixture.Container, cancellationToken: TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_cancelled_token_stops_the_start_before_anything_runs()
    {
        await using var fixture = NeverReady();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.StartAsync(cancelled.Token));

        Assert.Equal(cancelled.Token, thrown.CancellationToken);
        await fixture.AssertNothingLeftAsync(TestContext.Current.CancellationToken);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task Cancelling_while_waiting_for_readiness_removes_the_container()
    {
        await using var fixture = NeverReady();
        using var cancellation = new CancellationTokenSource();
        var start = fixture.StartAsync(cancellation.Token);
        await WaitUntilAsync(async () => (await fixture.LeftoversAsync()).Count > 0, "the container to start");

        await cancellation.CancelAsync();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);

        Assert.Equal(cancellation.Token, thrown.CancellationToken);
        await fixture.DisposeAsync();
        await fixture.AssertNothingLeftAsync(TestContext.Current.CancellationToken);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task The_test_cancellation_token_reaches_the_fixture_through_InitializeAsync()
    {
        await using var fixture = NeverReady();
        var initialize = fixture.InitializeAsync().AsTask();
        await WaitUntilAsync(async () => (await fixture.LeftoversAsync()).Count > 0, "the container to start");

        // What xUnit does when the run is cancelled or the test times out: the token InitializeAsync took is cancelled.
        TestContext.Current.CancelCurrentTest();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => initialize);

        Assert.Equal(TestContext.Current.CancellationToken, thrown.CancellationToken);
        await fixture.DisposeAsync();
        await fixture.AssertNothingLeftAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
