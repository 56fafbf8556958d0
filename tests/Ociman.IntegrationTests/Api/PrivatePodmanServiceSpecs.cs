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
}
