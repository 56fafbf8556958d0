using Ociman.IntegrationTests.Support;

namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class SecretSpecs(EngineFixture fx)
{
    private const string SecretName = "OCIMAN_SECRET";

    private static string NewSecret() => $"s3cr3t-{Guid.NewGuid():N}";

    [Fact(Timeout = 60_000)]
    public async Task A_secret_environment_value_reaches_the_container()
    {
        var secret = NewSecret();
        await fx.Engine.WithContainerAsync(fx.Sleeper().WithEnvironment(SecretName, secret), async c =>
        {
            var seen = await c.Exec("sh", "-c", $"echo \"${SecretName}\"").StringAsync();

            Assert.Equal(secret + "\n", seen);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task A_secret_is_never_logged_while_the_command_lines_are()
    {
        var secret = NewSecret();
        var logs = new ListLoggerFactory();
        var engine = await Engine.DetectAsync(new EngineOptions { LoggerFactory = logs });

        await engine.WithContainerAsync(fx.Sleeper().WithEnvironment(SecretName, secret), async c =>
        {
            await c.Exec("sh", "-c", "true").WithEnvironment("OCIMAN_EXEC_SECRET", secret).StatusAsync();
        });

        var running = logs.Entries.Where(e => e.EventId.Id == 1000).Select(e => e.Message).ToList();
        Assert.Contains(running, m => m.StartsWith("Running ", StringComparison.Ordinal) && m.Contains($"--env {SecretName}", StringComparison.Ordinal));
        Assert.Contains(running, m => m.Contains("--env OCIMAN_EXEC_SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_secret_never_appears_in_the_host_process_list_while_run_and_exec_are_running()
    {
        var secret = NewSecret();
        var seen = new List<string>();
        using var scanning = new CancellationTokenSource();
        var scanner = Task.Run(async () =>
        {
            while (!scanning.IsCancellationRequested)
            {
                seen.AddRange(HostProcesses.AllCommandLines().Where(l => l.Contains(" exec ", StringComparison.Ordinal) || l.Contains(" run ", StringComparison.Ordinal) || l.Contains(secret, StringComparison.Ordinal)));
                await Task.Delay(20);
            }
        });

        try
        {
            await fx.Engine.WithContainerAsync(fx.Sleeper().WithEnvironment(SecretName, secret), async c =>
            {
                await c.Exec("sleep", "2").WithEnvironment(SecretName, secret).StatusAsync();
            });
        }
        finally
        {
            await scanning.CancelAsync();
            await scanner;
        }

        Assert.Contains(seen, l => l.Contains("exec", StringComparison.Ordinal) && l.Contains($"--env {SecretName}", StringComparison.Ordinal) && l.Contains("sleep 2", StringComparison.Ordinal));
        Assert.DoesNotContain(seen, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_secret_never_appears_in_the_exception_when_exec_fails()
    {
        var secret = NewSecret();
        await fx.Engine.WithContainerAsync(fx.Sleeper(), async c =>
        {
            var thrown = await Assert.ThrowsAsync<ExecFailedException>(
                () => c.Exec("sh", "-c", "exit 3").WithEnvironment(SecretName, secret).StatusAsync());

            Assert.Equal(3, thrown.ExitCode);
            Assert.Equal("sh -c 'exit 3'", thrown.Command);
            Assert.DoesNotContain(secret, thrown.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task A_secret_never_appears_in_the_exception_when_the_run_fails()
    {
        var secret = NewSecret();
        var name = EngineFixture.UniqueName();
        await using var first = await fx.Engine.RunDetachedAsync(fx.Sleeper().WithName(name));

        var thrown = await Assert.ThrowsAsync<ContainerNameInUseException>(
            () => fx.Engine.RunDetachedAsync(fx.Sleeper().WithName(name).WithEnvironment(SecretName, secret)));

        Assert.DoesNotContain(secret, thrown.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, thrown.Reason, StringComparison.Ordinal);
    }
}
