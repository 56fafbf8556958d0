using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Startup;

public sealed class CancellationSpecs
{
    private static DirectFixture NeverReady() => new(definition => new ContainerSetup(definition)
        .WaitFor(Ready.LogContains("never printed"))
        .WithReadinessTimeout(TimeSpan.FromSeconds(90)));

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
