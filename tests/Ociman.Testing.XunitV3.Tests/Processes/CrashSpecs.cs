using Ociman.Testing.XunitV3.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Processes;

/// <summary>
/// A test process that dies by a signal leaves nothing: its reaper removes its containers within seconds, with no next
/// test run; and where the reaper is gone too (turned off here with <c>OCIMAN_REAPER=0</c>), the next session's sweep does.
/// </summary>
public sealed class CrashSpecs
{
    private const string MarkerLabel = "io.ociman.crash-marker";

    /// <summary>The longest a container of a dead test process may outlive it (issue 11: "within 10 s, no next run").</summary>
    private static readonly TimeSpan ReapingBound = TimeSpan.FromSeconds(10);

    [ContainerTheory(Timeout = 240_000)]
    [InlineData("hold", "KILL")]
    [InlineData("run", "KILL")]
    [InlineData("hold", "TERM")]
    [InlineData("run", "INT")]
    public async Task The_reaper_removes_the_containers_of_a_test_process_that_dies_by_a_signal_with_no_next_run(string mode, string signal)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync();
        var marker = "xunit3-reaper-" + Guid.NewGuid().ToString("N");
        Assert.True(File.Exists(Paths.CrashChild), $"{Paths.CrashChild} was not built");
        try
        {
            string id;
            using (var holder = Children.Start(Children.Dotnet, [Paths.CrashChild, mode, marker], Children.EngineEnvironment()))
            {
                try
                {
                    id = await ReadReadyLineAsync(holder);
                    Assert.True(await engine.ContainerExistsAsync(id, cancellationToken), $"container {id} should run while its owner lives");
                    using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                    await kill.WaitForExitAsync(cancellationToken);
                    Assert.Equal(0, kill.ExitCode);
                }
                finally
                {
                    using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    try
                    {
                        await holder.WaitForExitAsync(bound.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        holder.Kill();
                    }
                }
            }

            // From the owner's death: the reaper notices at once (end of file on its pipe) and removes the container.
            var since = System.Diagnostics.Stopwatch.StartNew();
            while (await engine.ContainerExistsAsync(id, CancellationToken.None) && since.Elapsed < ReapingBound)
            {
                await Task.Delay(100, CancellationToken.None);
            }

            Assert.False(await engine.ContainerExistsAsync(id, CancellationToken.None),
                $"container {id} of the process killed with SIG{signal} was still there {ReapingBound.TotalSeconds} s after it died, with no next session");
        }
        finally
        {
            await engine.RemoveContainersAsync(MarkerLabel, marker, CancellationToken.None);
        }
    }

    // A build killed between its build and its retag leaves its temporary tag; the reaper removes the temporary tags of
    // its own process (they hold a random value of that process) and no other's.
    [ContainerFact(Timeout = 240_000)]
    public async Task The_reaper_removes_the_temporary_build_tags_of_a_killed_test_process_and_no_others()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync();
        var marker = "xunit3-temptag-" + Guid.NewGuid().ToString("N")[..12];
        var another = ImageReference.Parse($"ociman-crash/{marker}:ociman-tmp-000000000000-another");
        ImageReference? temporary = null;
        await engine.TagImageAsync(await Ociman.Images.OfflineImages.BusyBoxAsync(engine, cancellationToken), another, cancellationToken);
        try
        {
            using (var holder = Children.Start(Children.Dotnet, [Paths.CrashChild, "temptag", marker], Children.EngineEnvironment()))
            {
                try
                {
                    temporary = ImageReference.Parse(await ReadReadyLineAsync(holder));
                    Assert.True(await engine.ImageExistsAsync(temporary, cancellationToken), $"{temporary} should exist while its owner lives");
                }
                finally
                {
                    holder.Kill(); // SIGKILL on Linux
                    await holder.WaitForExitAsync(CancellationToken.None);
                }
            }

            var since = System.Diagnostics.Stopwatch.StartNew();
            while (await engine.ImageExistsAsync(temporary, CancellationToken.None) && since.Elapsed < ReapingBound)
            {
                await Task.Delay(100, CancellationToken.None);
            }

            Assert.False(await engine.ImageExistsAsync(temporary, CancellationToken.None), $"{temporary} of the killed process was still there {ReapingBound.TotalSeconds} s after it died");
            Assert.True(await engine.ImageExistsAsync(another, CancellationToken.None), $"{another}, another process's temporary tag, was removed");
        }
        finally
        {
            foreach (var reference in new[] { another, temporary }.OfType<ImageReference>())
            {
                if (await engine.ImageExistsAsync(reference, CancellationToken.None))
                {
                    await engine.RemoveImageAsync(reference, cancellationToken: CancellationToken.None);
                }
            }
        }
    }

    [ContainerFact(Timeout = 240_000)]
    public Task Without_its_reaper_the_container_of_a_killed_test_process_is_swept_by_the_next_session() =>
        KillHolderThenSweepAsync("hold", TestContext.Current.CancellationToken);

    [ContainerFact(Timeout = 240_000)]
    public Task Without_its_reaper_a_container_a_test_started_through_the_test_engine_is_swept_after_its_process_is_killed() =>
        // The child runs plain `sleep 3600` with engine.RunDetachedAsync on TestEngine's engine: no fixture, no
        // session labels in its definition. The engine must add them, or the sweep cannot know the container.
        KillHolderThenSweepAsync("run", TestContext.Current.CancellationToken);

    private static async Task KillHolderThenSweepAsync(string mode, CancellationToken cancellationToken)
    {
        var engine = await TestEngine.GetAsync(cancellationToken);
        var marker = "xunit3-" + Guid.NewGuid().ToString("N");
        Assert.True(File.Exists(Paths.CrashChild), $"{Paths.CrashChild} was not built");
        var environment = Children.EngineEnvironment(reaper: false);
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
