using System.Diagnostics;
using System.Reflection;
using Ociman.IntegrationTests.Images;
using Ociman.IntegrationTests.Support;

namespace Ociman.IntegrationTests.Api;

[Collection(EngineCollection.Name)]
public sealed class PrivatePodmanServiceSpecs(EngineFixture fx)
{
    private static string HelperDll =>
        typeof(PrivatePodmanServiceSpecs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BuildRaceDll").Value!;

    // A process that uses the API transport is SIGKILLed: the Podman service it started for itself (a local Podman with
    // no service of its own) must end and its private socket directory go, with nothing else running. On Docker (and
    // on a Podman whose own service answers) the API is the engine's socket and no service is started at all.
    [Fact(Timeout = 120_000)]
    public async Task A_private_podman_service_ends_with_the_process_that_started_it_even_on_sigkill()
    {
        Assert.True(File.Exists(HelperDll), $"{HelperDll} is missing: build tests/Ociman.BuildRace (dotnet test builds it).");
        using var outputs = new TempDir();
        var output = Path.Combine(outputs.Path, "socket.txt");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { HelperDll, "--hold-api-engine", fx.Engine.Kind.ToCliName(), output })
        {
            start.ArgumentList.Add(argument);
        }

        using var holder = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        try
        {
            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(File.Exists(output) || holder.HasExited), TimeSpan.FromSeconds(60)), "The process never connected.");
            if (holder.HasExited)
            {
                Assert.Fail($"The process ended early with {holder.ExitCode}: {await holder.StandardError.ReadToEndAsync()}");
            }

            var socket = (await File.ReadAllTextAsync(output)).Trim();

            var ownService = fx.Engine.Kind == EngineKind.Podman && !File.Exists("/run/podman/podman.sock");
            if (!ownService)
            {
                Assert.Equal("none", socket);
                return;
            }

            var directory = Path.GetDirectoryName(socket)!;
            Assert.StartsWith(Path.Combine(Path.GetTempPath(), "ociman-podman-"), directory, StringComparison.Ordinal);
            Assert.Contains(HostProcesses.AllCommandLines(), l => l.Contains("system service", StringComparison.Ordinal) && l.Contains(socket, StringComparison.Ordinal));

            holder.Kill();
            await holder.WaitForExitAsync();

            var gone = await Eventually.TrueAsync(
                () => Task.FromResult(!Directory.Exists(directory) && !HostProcesses.AllCommandLines().Any(l => l.Contains(socket, StringComparison.Ordinal))),
                TimeSpan.FromSeconds(15));
            Assert.True(gone, $"The private service on {socket} or its directory outlived the killed process.");
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }
        }
    }
    // `podman system service` listens before it has set up its runtime, and under contention (eight test processes
    // starting theirs beside a build and another engine's suite, 2 cores) two of eight answered later than the API
    // probe's 10 s. A wrapper makes that slow start certain: its socket is there at once, and a relay holds every
    // connection until the real service behind it starts, 12 s later. The API transport must wait for a service it
    // started itself (the caller's probe bound still applies). Podman is installed beside Docker wherever this suite
    // runs, so the spec runs for every engine of the suite.
    [Fact(Timeout = 120_000)]
    public async Task A_private_podman_service_that_answers_seconds_after_its_socket_appears_is_waited_for()
    {
        if (File.Exists("/run/podman/podman.sock"))
        {
            Assert.Fail("Podman's own service answers on /run/podman/podman.sock here, so no private service would be started; this spec needs a machine without it (as CI provisions).");
        }

        using var dir = new TempDir();
        var podman = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, "podman")).First(File.Exists);
        var wrapper = Path.Combine(dir.Path, "podman");
        await File.WriteAllTextAsync(wrapper, $$"""
            #!/bin/sh
            # The private service's watcher runs: podman system service --time 0 unix:///…/podman.sock
            if [ "$1" = system ] && [ "$2" = service ]; then
              sock=${5#unix://}
              relay=; service=
              trap 'kill $relay $service 2>/dev/null; exit 0' TERM INT
              socat UNIX-LISTEN:"$sock",fork UNIX-CONNECT:"$sock.real",retry=1200,interval=0.1 &
              relay=$!
              sleep 12 & wait $!
              '{{podman}}' system service --time 0 "unix://$sock.real" &
              service=$!
              wait $service
              kill $relay 2>/dev/null
              exit 0
            fi
            exec '{{podman}}' "$@"
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var clock = Stopwatch.StartNew();
        var engine = await Engine.ConnectAsync(
            EngineKind.Podman,
            new EngineOptions { Transport = EngineTransport.Api, Executables = new Dictionary<EngineKind, string> { [EngineKind.Podman] = wrapper } });
        var took = clock.Elapsed;

        Assert.Equal(EngineTransport.Api, engine.Transport);
        Assert.True(took > TimeSpan.FromSeconds(11), $"The connection took {took.TotalSeconds:0.0} s: the relay did not hold the first requests, so this spec proved nothing.");
        Assert.Equal(EngineKind.Podman, engine.Kind);
        var marker = new KeyValuePair<string, string?>("ociman.test/slow-service", Guid.NewGuid().ToString("N"));
        Assert.Empty(await engine.ListContainersAsync([marker]));
    }
}
