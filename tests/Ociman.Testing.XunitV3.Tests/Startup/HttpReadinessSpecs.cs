using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Startup;

/// <summary>
/// <c>Ready.Http</c> against BusyBox's <c>httpd</c> that starts serving 3 s after the container starts (PID 1 is a
/// shell that ignores SIGTERM until it execs httpd). On Docker the userland proxy accepts on the published port from
/// the start, so only an HTTP answer is a signal.
/// </summary>
public sealed class HttpReadinessSpecs
{
    private const int Port = 8080;

    [ContainerFact(Timeout = 120_000)]
    public async Task A_service_that_serves_3_s_late_is_ready_only_once_it_answers()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var fixture = LateHttpd(Ready.Http(Port), TimeSpan.FromSeconds(60));
        await fixture.StartAsync(cancellationToken);

        Assert.Equal("ok\n", await fixture.GetStringAsync(Port, "/", cancellationToken));
        await fixture.DisposeAsync();
        await fixture.AssertNothingLeftAsync(cancellationToken);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_wrong_expected_status_is_never_ready_and_the_error_names_the_URL_and_the_last_status()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var fixture = LateHttpd(Ready.Http(Port, "/", expectedStatus: 204), TimeSpan.FromSeconds(8));

        var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => fixture.StartAsync(cancellationToken));

        Assert.Contains($"waiting for {Ready.Http(Port, "/", 204).Description}", thrown.Message, StringComparison.Ordinal);
        Assert.Matches(@"Last attempt: GET http://[^ ]+:\d+/ answered 200 OK\.", thrown.Message);
        Assert.Contains("after 8 s", thrown.Message, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync(cancellationToken);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_missing_page_is_named_with_its_status_and_a_status_predicate_can_accept_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using (var missing = LateHttpd(Ready.Http(Port, "/missing?x=1"), TimeSpan.FromSeconds(8)))
        {
            var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => missing.StartAsync(cancellationToken));
            Assert.Matches(@"Last attempt: GET http://[^ ]+:\d+/missing\?x=1 answered 404 Not Found\.", thrown.Message);
            await missing.AssertNothingLeftAsync(cancellationToken);
        }

        await using var accepted = LateHttpd(Ready.Http(Port, "/missing", status => status == 404, null), TimeSpan.FromSeconds(60));
        await accepted.StartAsync(cancellationToken);
        Assert.True((await accepted.Container.InspectAsync(cancellationToken)).Running);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_body_predicate_decides_readiness()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using (var accepted = LateHttpd(Ready.Http(Port, "/", 200, body => body == "ok\n"), TimeSpan.FromSeconds(60)))
        {
            await accepted.StartAsync(cancellationToken);
            Assert.Equal("ok\n", await accepted.GetStringAsync(Port, "/", cancellationToken));
        }

        await using var rejected = LateHttpd(Ready.Http(Port, "/", 200, body => body.Contains("never", StringComparison.Ordinal)), TimeSpan.FromSeconds(8));
        var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => rejected.StartAsync(cancellationToken));
        Assert.Matches(@"Last attempt: GET http://[^ ]+:\d+/ answered 200 with a body the check rejected\.", thrown.Message);
        await rejected.AssertNothingLeftAsync(cancellationToken);
    }

    private static DirectFixture LateHttpd(ReadinessCheck check, TimeSpan timeout) =>
        new(
            definition => new ContainerSetup(definition.WithPublishedPort(Port)).WaitFor(check).WithReadinessTimeout(timeout),
            ["sh", "-c", $"sleep 3; mkdir -p /w; echo ok > /w/index.html; exec httpd -f -p {Port} -h /w"]);
}
