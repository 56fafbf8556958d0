using Ociman.IntegrationTests.Support;

namespace Ociman.IntegrationTests;

[Collection(EngineCollection.Name)]
public sealed class LogsSpecs(EngineFixture fx)
{
    private static readonly string[] Ticker =
        ["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo tick $i; echo tock $i >&2; sleep 0.2; done"];

    [Fact(Timeout = 60_000)]
    public async Task The_log_keeps_standard_output_and_standard_error_apart()
    {
        var definition = fx.Running("sh", "-c", "echo to stdout; echo to stderr >&2; echo more stdout").WithAutoRemove(false);
        await using var container = await fx.Engine.RunDetachedAsync(definition);
        await container.WaitAsync();

        var logs = await container.GetLogsAsync();

        Assert.Equal("to stdout\nmore stdout\n", logs.StandardOutput.ReplaceLineEndings("\n"));
        Assert.Equal("to stderr", logs.StandardError.Trim());
        await container.RemoveAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task Following_the_log_yields_lines_as_they_are_written_and_ends_when_cancelled()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Running(Ticker));
        using var cts = new CancellationTokenSource();
        var lines = new List<ContainerLogLine>();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in container.FollowLogsAsync(cts.Token))
            {
                if (line.Source == LogSource.StandardOutput)
                {
                    lines.Add(line);
                    if (lines.Count == 3)
                    {
                        await cts.CancelAsync();
                    }
                }
            }
        });

        Assert.Equal(["tick 1", "tick 2", "tick 3"], lines.Select(l => l.Text));
        Assert.Equal(cts.Token, thrown.CancellationToken);
        Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Leaving_a_followed_log_early_ends_the_follow_process()
    {
        await using var container = await fx.Engine.RunDetachedAsync(fx.Running(Ticker));
        var lines = new List<ContainerLogLine>();

        await foreach (var line in container.FollowLogsAsync())
        {
            lines.Add(line);
            if (lines.Count == 4)
            {
                break;
            }
        }

        Assert.Equal(4, lines.Count);
        Assert.Contains(lines, l => l.Source == LogSource.StandardError && l.Text.StartsWith("tock ", StringComparison.Ordinal));
        Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Following_the_log_of_a_container_that_exits_ends_on_its_own()
    {
        var definition = fx.Running("sh", "-c", "echo first; sleep 0.5; echo last").WithAutoRemove(false);
        await using var container = await fx.Engine.RunDetachedAsync(definition);
        var lines = new List<string>();

        await foreach (var line in container.FollowLogsAsync())
        {
            lines.Add(line.Text);
        }

        Assert.Equal(["first", "last"], lines);
        await container.RemoveAsync();
    }
}
