using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Processes;

/// <summary>A test process killed with SIGKILL leaks its container only until the next session starts.</summary>
public sealed class CrashSpecs
{
    private const string MarkerLabel = "io.ociman.crash-marker";

    [ContainerFact(Timeout = 240_000)]
    public Task The_container_of_a_killed_test_process_is_swept_by_the_next_session() =>
        KillHolderThenSweepAsync("hold", TestContext.Current.CancellationToken);

    [ContainerFact(Timeout = 240_000)]
    public Task A_container_a_test_started_through_the_test_engine_is_swept_after_its_process_is_killed() =>
        // The child runs plain `sleep 3600` with engine.RunDetachedAsync on TestEngine's engine: no fixture, no
        // session labels in its definition. The engine must add them, or the sweep cannot know the container.
        KillHolderThenSweepAsync("run", TestContext.Current.CancellationToken);

    private static async Task KillHolderThenSweepAsync(string mode, CancellationToken cancellationToken)
    {
        var engine = await TestEngine.GetAsync();
        var marker = "xunit3-" + Guid.NewGuid().ToString("N");
        Assert.True(File.Exists(Paths.CrashChild), $"{Paths.CrashChild} was not built");
        var environment = Children.EngineEnvironment();
        string id;
        try
        {
            using (var holder = Children.Start(Children.Dotnet, [Paths.CrashChild, mode, marker], environment))
            {
                try
                {
                    id = await ReadReadyLineAsync(holder);
                }
                finally
                {
                    holder.Kill();
                    await holder.WaitForExitAsync(CancellationToken.None);
                }
            }

            var container = await engine.GetContainerAsync(id, cancellationToken);
            var inspection = await container.InspectAsync(cancellationToken);
            Assert.Equal("running", inspection.Status);
            Assert.True(inspection.Labels.ContainsKey(TestSession.SessionLabel), $"container {id} carries no session label: {string.Join(", ", inspection.Labels)}");
            Assert.False(TestSession.IsOwnerAlive(inspection.Labels), "the owner labels should name the killed child");

            var sweep = await Children.RunAsync(Children.Dotnet, [Paths.CrashChild, "sweep"], environment, TimeSpan.FromMinutes(2), cancellationToken);

            Assert.True(sweep.ExitCode == 0, sweep.Output);
            Assert.Contains("SWEPT", sweep.Output, StringComparison.Ordinal);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await engine.ContainerExistsAsync(id, CancellationToken.None) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, CancellationToken.None);
            }

            Assert.False(await engine.ContainerExistsAsync(id, CancellationToken.None), $"container {id} of the killed process survived the sweep");
        }
        finally
        {
            await engine.RemoveContainersAsync(MarkerLabel, marker, CancellationToken.None);
        }
    }

    private static async Task<string> ReadReadyLineAsync(System.Diagnostics.Process holder)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        var stderr = holder.StandardError.ReadToEndAsync(CancellationToken.None);
        while (await holder.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                return line["READY ".Length..].Trim();
            }
        }

        await holder.WaitForExitAsync(CancellationToken.None);
        Assert.Fail($"the crash child exited with {holder.ExitCode} before READY:\n{await stderr}");
        return string.Empty;
    }
}
