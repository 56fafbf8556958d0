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

    // A run under way when its test process dies goes on without it (the CLI is not killed with its parent) and makes
    // its container after the reaper's first removal; the reaper waits for that CLI and removes the container too.
    // The run is made slow on purpose (the child's CLI is a wrapper that waits 4 s before a run with the marker), so
    // the kill always lands while it is under way.
    [ContainerFact(Timeout = 240_000)]
    public async Task The_reaper_removes_a_container_whose_run_was_under_way_when_its_test_process_was_killed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync(cancellationToken);
        var marker = "xunit3-inflight-" + Guid.NewGuid().ToString("N")[..12];
        var cli = engine.Kind == EngineKind.Docker ? "docker" : "podman";
        var real = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Select(directory => Path.Combine(directory, cli)).First(File.Exists);
        var wrapper = Directory.CreateTempSubdirectory("ociman-inflight-").FullName;
        var started = Path.Combine(wrapper, "run-started");
        var created = Path.Combine(wrapper, "run-output");
        var ended = Path.Combine(wrapper, "run-ended");
        File.WriteAllText(Path.Combine(wrapper, cli), $"""
            #!/bin/sh
            case " $* " in
              *" {MarkerLabel}={marker} "*) : > '{started}'; sleep 4; '{real}' "$@" > '{created}' 2>&1; rc=$?; : > '{ended}'; exit $rc ;;
            esac
            exec '{real}' "$@"

            """);
        Assert.True(OperatingSystem.IsLinux(), "the reaper runs on Linux only");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(Path.Combine(wrapper, cli), (UnixFileMode)0b111_101_101);
        }
        var environment = Children.EngineEnvironment();
        environment["PATH"] = wrapper + ":" + environment["PATH"];
        environment["OCIMAN_TRANSPORT"] = "cli";
        try
        {
            using (var holder = Children.Start(Children.Dotnet, [Paths.CrashChild, "creating", marker], environment))
            {
                try
                {
                    await ReadReadyLineAsync(holder);
                    var since = System.Diagnostics.Stopwatch.StartNew();
                    while (!File.Exists(started) && since.Elapsed < TimeSpan.FromSeconds(60))
                    {
                        await Task.Delay(50, cancellationToken);
                    }

                    Assert.True(File.Exists(started), "the child's run never started");
                }
                finally
                {
                    holder.Kill(); // SIGKILL on Linux, while the run waits in the wrapper
                    await holder.WaitForExitAsync(CancellationToken.None);
                }
            }

            // The orphaned run makes its container about 4 s after the kill; then the reaper has ReapingBound to remove it.
            var waiting = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(ended) && waiting.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(100, CancellationToken.None);
            }

            Assert.True(File.Exists(ended), "the orphaned run did not end");
            var id = File.ReadAllText(created).Trim();
            Assert.Matches("^[0-9a-f]{64}$", id);
            var since2 = System.Diagnostics.Stopwatch.StartNew();
            while (await engine.ContainerExistsAsync(id, CancellationToken.None) && since2.Elapsed < ReapingBound)
            {
                await Task.Delay(100, CancellationToken.None);
            }

            Assert.False(await engine.ContainerExistsAsync(id, CancellationToken.None),
                $"container {id}, made by the run its killed test process had started, was still there {ReapingBound.TotalSeconds} s after the run ended");
        }
        finally
        {
            await engine.RemoveContainersAsync(MarkerLabel, marker, CancellationToken.None);
            Directory.Delete(wrapper, recursive: true);
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

    /// <summary>How long the reaper may take to end a build a dead test process left running (it waits 10 s for a build to fail its step, then interrupts it).</summary>
    private static readonly TimeSpan BuildReapingBound = TimeSpan.FromSeconds(40);

    // A test process killed in the middle of a build leaves the build's CLI running (it is not killed with its parent):
    // the build would run to its end and leave a temporary tag, and on Podman a build killed outright leaves its working
    // container in storage. The reaper ends the build so that it cleans up after itself, then removes the tags.
    [ContainerFact(Timeout = 240_000)]
    public async Task The_reaper_ends_a_build_its_killed_test_process_left_running_and_nothing_of_it_is_left()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync(cancellationToken);
        var marker = "xunit3-building-" + Guid.NewGuid().ToString("N")[..12];
        var name = ImageReference.Parse($"ociman-crash/{marker}");
        var externalBefore = await ExternalContainersAsync(engine, cancellationToken);
        string prefix = string.Empty;
        try
        {
            using (var holder = Children.Start(Children.Dotnet, [Paths.CrashChild, "building", marker], Children.EngineEnvironment()))
            {
                try
                {
                    prefix = await ReadReadyLineAsync(holder);
                    Assert.StartsWith("ociman-tmp-", prefix, StringComparison.Ordinal);
                    Assert.NotEmpty(BuildProcesses(prefix));
                }
                finally
                {
                    holder.Kill(); // SIGKILL on Linux
                    await holder.WaitForExitAsync(CancellationToken.None);
                }
            }

            var since = System.Diagnostics.Stopwatch.StartNew();
            while ((BuildProcesses(prefix).Count > 0 || (await engine.ListImagesAsync(name, CancellationToken.None)).Count > 0 || CliTempDirectories(prefix).Count > 0)
                   && since.Elapsed < BuildReapingBound)
            {
                await Task.Delay(250, CancellationToken.None);
            }

            Assert.Empty(BuildProcesses(prefix));
            Assert.Empty(await engine.ListImagesAsync(name, CancellationToken.None));
            Assert.Empty(CliTempDirectories(prefix));
            Assert.Empty((await ExternalContainersAsync(engine, CancellationToken.None)).Except(externalBefore));
        }
        finally
        {
            foreach (var image in await engine.ListImagesAsync(name, CancellationToken.None))
            {
                await engine.RemoveImageAsync(image, force: true, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// The private temp directories (<c>ociman-cli-OWNER-…</c>, for the Docker CLI's inline builds) of the process whose
    /// temporary tags begin with <paramref name="prefix"/> (<c>ociman-tmp-OWNER-</c>).
    /// </summary>
    private static List<string> CliTempDirectories(string prefix)
    {
        var pattern = "ociman-cli-" + prefix["ociman-tmp-".Length..] + "*";
        return [.. new[] { Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), Path.GetTempPath() }
            .Where(directory => directory is { Length: > 0 } && Directory.Exists(directory))
            .SelectMany(directory => Directory.EnumerateDirectories(directory!, pattern))];
    }

    /// <summary>The processes whose arguments hold a tag with <paramref name="prefix"/>: the build CLIs of the process that owns it.</summary>
    private static List<int> BuildProcesses(string prefix) =>
        HostProcesses.Matching(arguments => arguments.Any(a => a.Contains(":" + prefix, StringComparison.Ordinal)));

    /// <summary>
    /// Podman's containers that exist only in storage — build containers, which <c>ps --external</c> shows with the status
    /// "Storage" (containers Podman runs, such as other tests', are left out); none on Docker, whose builds run in the daemon.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ExternalContainersAsync(Engine engine, CancellationToken cancellationToken)
    {
        if (engine.Kind != EngineKind.Podman)
        {
            return [];
        }

        var listed = await Children.RunAsync(engine.ExecutablePath, ["ps", "-a", "--external", "--no-trunc", "--format", "{{.ID}} {{.Status}}"], Children.EngineEnvironment(), TimeSpan.FromMinutes(1), cancellationToken);
        Assert.True(listed.ExitCode == 0, listed.Output);
        return [.. listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2))
            .Where(fields => fields.Length == 2 && fields[1].StartsWith("Storage", StringComparison.Ordinal))
            .Select(fields => fields[0])];
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
