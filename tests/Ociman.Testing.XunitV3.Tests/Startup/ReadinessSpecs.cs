using Ociman.Images;
using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Startup;

/// <summary>
/// <c>Ready.TcpPort</c> against services that open their port 3 s after the container starts, in an image with a shell
/// (the kit's BusyBox) and in one without (<c>FROM scratch</c>, one static program). On Docker the userland proxy
/// accepts on the published port from the start and then drops the connection, so a host connect alone is no signal.
/// </summary>
public sealed class ReadinessSpecs
{
    private const int Port = 8080;

    // A directory without the container's processes: the check must fall back to watching the host connection, as
    // for a remote engine whose pids this host cannot see.
    private const string NoProcesses = "/nonexistent/ociman-no-proc";

    [ContainerTheory(Timeout = 120_000)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task When_the_TCP_port_check_returns_for_a_service_that_listens_3_s_late_the_first_request_succeeds(bool shell, bool processesHidden)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var fixture = LateService(shell, processesHidden, listens: true, TimeSpan.FromSeconds(60));
        await fixture.StartAsync(cancellationToken);

        Assert.Equal("ok\n", await fixture.GetStringAsync(Port, "/", cancellationToken));
        await fixture.DisposeAsync();
        await fixture.AssertNothingLeftAsync(cancellationToken);
    }

    [ContainerTheory(Timeout = 120_000)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task A_service_that_never_listens_times_out_with_the_error_naming_the_TCP_port_check(bool shell, bool processesHidden)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var fixture = LateService(shell, processesHidden, listens: false, TimeSpan.FromSeconds(5));

        var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => fixture.StartAsync(cancellationToken));

        Assert.Contains($"waiting for {Ready.TcpPort(Port).Description}", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("after 5 s", thrown.Message, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync(cancellationToken);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_readiness_failure_shows_log_lines_and_check_text_with_control_characters_escaped()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var fixture = new DirectFixture(
            definition => new ContainerSetup(definition)
                .WaitFor(Ready.LogContains("never\nprinted"))
                .WithReadinessTimeout(TimeSpan.FromSeconds(2)),
            ["sh", "-c", "printf 'colour \\033[31malert\\033[0m\\tend\\n'; exec sleep 3600"]);

        var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => fixture.StartAsync(cancellationToken));

        Assert.Contains(@"the log contains 'never\nprinted'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(@"| colour \u001b[31malert\u001b[0m\tend", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', thrown.Message);
        Assert.DoesNotContain('\t', thrown.Message);
        await fixture.AssertNothingLeftAsync(cancellationToken);
    }

    [ContainerFact(Timeout = 120_000)]
    public async Task A_check_that_never_answers_ends_at_the_deadline_naming_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var fixture = new DirectFixture(
            definition => new ContainerSetup(definition).WaitFor(new SilentCheck()).WithReadinessTimeout(TimeSpan.FromSeconds(2)));

        var thrown = await Assert.ThrowsAsync<ContainerNotReadyException>(() => fixture.StartAsync(cancellationToken));

        Assert.Contains("waiting for an answer that never comes.", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("had not finished at the deadline", thrown.Message, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync(cancellationToken);
    }

    [Fact]
    public void A_port_outside_1_to_65535_is_refused_naming_the_argument()
    {
        Assert.Equal("containerPort", Assert.Throws<ArgumentOutOfRangeException>(() => Ready.TcpPort(0)).ParamName);
        Assert.Equal("containerPort", Assert.Throws<ArgumentOutOfRangeException>(() => Ready.TcpPort(65536)).ParamName);
    }

    // PID 1 ignores SIGTERM in every variant (plain sleep, find, httpd): nothing here traps a signal.
    private static DirectFixture LateService(bool shell, bool processesHidden, bool listens, TimeSpan timeout)
    {
        string[] command = (shell, listens) switch
        {
            (true, true) => ["sh", "-c", $"mkdir -p /www && echo ok > /www/index.html && sleep 3 && exec httpd -f -p {Port} -h /www"],
            (true, false) => ["sleep", "3600"],

            // No shell to sequence "sleep, then serve": find runs its -exec actions in order, without a shell.
            (false, true) =>
            [
                OfflineImages.ShellLessProgram, "find", OfflineImages.ShellLessWebRoot, "-maxdepth", "0",
                "-exec", OfflineImages.ShellLessProgram, "sleep", "3", ";",
                "-exec", OfflineImages.ShellLessProgram, "httpd", "-f", "-p", $"{Port}", "-h", OfflineImages.ShellLessWebRoot, ";",
            ],
            (false, false) => [OfflineImages.ShellLessProgram, "sleep", "3600"],
        };
        var check = processesHidden ? Ready.TcpPort(Port, NoProcesses) : Ready.TcpPort(Port);
        return new DirectFixture(
            definition => new ContainerSetup(definition.WithPublishedPort(Port)).WaitFor(check).WithReadinessTimeout(timeout),
            command,
            shell ? null : OfflineImages.ShellLessAsync);
    }

    /// <summary>A check that never returns until cancelled (a frozen service or engine call).</summary>
    private sealed class SilentCheck : ReadinessCheck
    {
        public override string Description => "an answer that never comes";

        public override async Task<bool> IsReadyAsync(ReadinessContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return true;
        }
    }
}
