using NUnit.Framework;

namespace Ociman.Testing.NUnit.Tests.Processes;

/// <summary>
/// A test process killed with SIGKILL whose reaper is gone too (here: turned off with <c>OCIMAN_REAPER=0</c>) leaks its
/// container only until the next session sweeps it. The reaper itself is specified in the xUnit v3 project's CrashSpecs.
/// </summary>
public sealed class CrashSpecs
{
    /// <summary>The label the crash child puts on the container it holds.</summary>
    private const string CrashMarkerLabel = "io.ociman.crash-marker";

    [Test]
    [RequiresContainerEngine]
    [CancelAfter(240_000)]
    public async Task The_container_of_a_killed_test_process_is_removed_by_the_next_sessions_sweep(CancellationToken cancellationToken)
    {
        var engine = await TestEngine.GetAsync(cancellationToken);
        var marker = $"nunit-{Guid.NewGuid():N}";
        try
        {
            var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
            environment[SessionReaper.DisableVariable] = "0";
            using var holder = ChildProcess.Start([ChildProcess.CrashChildDll, "hold", marker], environment);
            var id = await ReadReadyAsync(holder, cancellationToken);
            var labels = await (await engine.GetContainerAsync(id, cancellationToken)).GetLabelsAsync(cancellationToken);
            Assert.That(labels[CrashMarkerLabel], Is.EqualTo(marker));
            Assert.That(labels[TestSession.OwnerPidLabel], Is.EqualTo(holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

            holder.Kill();
            await holder.WaitForExitAsync(cancellationToken);

            Assert.That(await (await engine.GetContainerAsync(id, cancellationToken)).GetStateAsync(cancellationToken), Is.EqualTo("running"),
                "SIGKILL gives the child no chance to clean up: its container still runs");

            using var sweeper = ChildProcess.Start([ChildProcess.CrashChildDll, "sweep"]);
            var (exitCode, output) = await ChildProcess.WaitAsync(sweeper, cancellationToken);
            Assert.That(exitCode, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("SWEPT"));

            // Docker may finish removing a moment after the CLI returns: poll with a deadline.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await engine.ContainerExistsAsync(id, cancellationToken) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }

            Assert.That(await engine.ContainerExistsAsync(id, cancellationToken), Is.False, "the sweep removed the orphan");
        }
        finally
        {
            await engine.RemoveContainersAsync(CrashMarkerLabel, marker, CancellationToken.None);
        }
    }

    private static async Task<string> ReadReadyAsync(System.Diagnostics.Process child, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        var stderr = child.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("READY ", StringComparison.Ordinal))
                {
                    return line["READY ".Length..].Trim();
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            child.Kill();
            Assert.Fail("the crash child did not print READY within 120 s");
        }

        await child.WaitForExitAsync(cancellationToken);
        Assert.Fail($"the crash child exited with code {child.ExitCode} before printing READY:{Environment.NewLine}{await stderr}");
        throw new InvalidOperationException("unreachable");
    }
}
