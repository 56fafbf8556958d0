using Ociman.Images;
using Ociman.Tests.Support;

namespace Ociman.Testing.XunitV3.Tests.Session;

/// <summary>The orphan sweep at the start of a test session removes what it can and never makes the engine unavailable.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SweepFailureSpecs
{
    // No process has this pid (Linux caps pids at 4,194,304), so the owner of a container labelled with it is gone.
    private const string DeadPid = "2147483647";

    private const string MarkerLabel = "io.ociman.sweep-marker";

    [ContainerFact(Timeout = 180_000)]
    public async Task An_orphan_that_cannot_be_removed_is_logged_and_left_and_the_engine_stays_available()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = await TestEngine.GetAsync();
        var marker = Guid.NewGuid().ToString("N");
        var directory = Directory.CreateTempSubdirectory("ociman-sweep-");
        try
        {
            var stuck = await StartOrphanAsync(engine, marker, cancellationToken);
            var removable = await StartOrphanAsync(engine, marker, cancellationToken);

            // The engine's own CLI, except that removing the stuck orphan fails as a daemon error would.
            var wrapper = Path.Combine(directory.FullName, engine.Kind.ToCliName());
            await File.WriteAllTextAsync(
                wrapper,
                $"""
                #!/bin/sh
                case " $* " in
                  *" rm "*{stuck.Id}*) echo "Error response from daemon: simulated failure removing {stuck.Id}" >&2; exit 1;;
                esac
                exec {engine.ExecutablePath} "$@"

                """,
                cancellationToken);
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            using var logs = new ListLoggerFactory();
            var options = new EngineOptions
            {
                LoggerFactory = logs,
                Executables = new Dictionary<EngineKind, string> { [engine.Kind] = wrapper },

                // The failure is simulated in the command-line tool, so the sweep must go through it.
                Transport = EngineTransport.Cli,
                GetEnvironmentVariable = name => name == "OCIMAN_BACKEND" ? engine.Kind.ToCliName() : Environment.GetEnvironmentVariable(name),
                ContainerLabels = TestSession.Labels,
            };

            var availability = await TestEngine.ProbeAsync(options);

            Assert.True(availability.IsAvailable, $"the engine counted as unavailable: {availability.Reason}");
            Assert.False(await engine.ContainerExistsAsync(removable.Id, cancellationToken), "the orphan that could be removed survived the sweep");
            Assert.True(await engine.ContainerExistsAsync(stuck.Id, cancellationToken), "the wrapper should have kept the stuck orphan");
            var logged = Assert.Single(logs.Entries, e => e.EventId.Id == 2050);
            Assert.Contains(stuck.Id[..12], logged.Message, StringComparison.Ordinal);
        }
        finally
        {
            await engine.RemoveContainersAsync(MarkerLabel, marker, CancellationToken.None);
            directory.Delete(recursive: true);
        }
    }

    // A container carrying the session labels of a test process that is gone; PID 1 is a plain sleep (ignores SIGTERM).
    private static async Task<Container> StartOrphanAsync(Engine engine, string marker, CancellationToken cancellationToken) =>
        await engine.RunDetachedAsync(
            ContainerDefinition.For(await OfflineImages.BusyBoxAsync(engine, cancellationToken))
                .WithLabel(MarkerLabel, marker)
                .WithLabel(TestSession.SessionLabel, "dead" + marker[..12])
                .WithLabel(TestSession.OwnerPidLabel, DeadPid)
                .WithLabel(TestSession.OwnerStartLabel, "1")
                .WithLabel(TestSession.OwnerHostLabel, Environment.MachineName)
                .WithArguments("sleep", "3600"),
            cancellationToken);
}
