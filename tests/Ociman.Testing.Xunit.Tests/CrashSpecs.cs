using System.Diagnostics;

namespace Ociman.Testing.Xunit.Tests;

/// <summary>
/// A test process killed with SIGKILL whose reaper is gone too (here: turned off with <c>OCIMAN_REAPER=0</c>) leaks its
/// container only until the next session starts. The reaper itself is specified in the xUnit v3 project's CrashSpecs.
/// </summary>
public sealed class CrashSpecs
{
    [ContainerFact(Timeout = 240_000)]
    public async Task A_container_left_by_a_killed_test_process_is_swept_by_the_next_session()
    {
        var engine = await TestEngine.GetAsync();
        var marker = Guid.NewGuid().ToString("N");
        Assert.True(File.Exists(Repository.CrashChildDll), $"{Repository.CrashChildDll} is missing: it is built with this project.");
        string? id = null;
        try
        {
            using (var holder = Process.Start(ChildProcess.StartInfo(Repository.DotNet, [Repository.CrashChildDll, "hold", marker], new Dictionary<string, string?> { [SessionReaper.DisableVariable] = "0" }))!)
            {
                id = await ReadReadyAsync(holder, TimeSpan.FromSeconds(120));
                holder.Kill(); // SIGKILL on Linux: no finalizer, no dispose, nothing runs in the child.
                await holder.WaitForExitAsync();
            }

            Assert.True(await engine.ContainerExistsAsync(id), "the container should outlive its killed owner until the next session");
            var labels = await (await engine.GetContainerAsync(id)).GetLabelsAsync();
            Assert.Equal(marker, labels["io.ociman.crash-marker"]);
            Assert.False(TestSession.IsOwnerAlive(labels));

            var sweep = await ChildProcess.RunAsync(ChildProcess.StartInfo(Repository.DotNet, [Repository.CrashChildDll, "sweep"]), TimeSpan.FromSeconds(120));

            Assert.True(sweep.ExitCode == 0, sweep.Output);
            Assert.Contains("SWEPT", sweep.Output);
            var deadline = Stopwatch.StartNew();
            while (await engine.ContainerExistsAsync(id) && deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(200);
            }

            Assert.False(await engine.ContainerExistsAsync(id), $"container {id} of the killed process survived the next session's sweep");
        }
        finally
        {
            // Whatever failed above, this test leaves nothing behind.
            foreach (var left in await engine.ListContainersAsync([new("io.ociman.crash-marker", marker)]))
            {
                await using var container = await engine.GetContainerAsync(left.Id);
            }
        }
    }

    private static async Task<string> ReadReadyAsync(Process holder, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var seen = new List<string>();
        try
        {
            while (await holder.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                seen.Add(line);
                if (line.StartsWith("READY ", StringComparison.Ordinal))
                {
                    return line["READY ".Length..].Trim();
                }
            }
        }
        catch (OperationCanceledException)
        {
            holder.Kill();
            throw new TimeoutException($"the crash child printed no READY line in {timeout}:\n{string.Join('\n', seen)}");
        }

        throw new InvalidOperationException($"the crash child exited without READY (exit code {holder.ExitCode}):\n{string.Join('\n', seen)}\n{await holder.StandardError.ReadToEndAsync()}");
    }
}
