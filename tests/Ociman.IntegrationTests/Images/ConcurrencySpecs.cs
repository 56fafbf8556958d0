using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using static Ociman.IntegrationTests.Images.ImageTestKit;

namespace Ociman.IntegrationTests.Images;

/// <summary>Build-if-absent across processes: several processes racing for one content-addressed image build it once.</summary>
[Collection(EngineCollection.Name)]
public sealed class ConcurrencySpecs(EngineFixture fx) : ImageSpecs
{
    protected override EngineFixture Fixture => fx;

    private const int Contenders = 8;

    private static string BuildRaceDll =>
        typeof(ConcurrencySpecs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BuildRaceDll").Value!;

    // With `differently`, the contenders differ in what must not split the lock: half of them have another
    // XDG_RUNTIME_DIR, and half spell the CLI's path another way (e.g. /usr/bin/../bin/podman).
    [Theory(Timeout = 120_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Eight_processes_racing_to_build_the_same_image_build_it_exactly_once(bool differently)
    {
        // Arrange: a counter on the host that the build's RUN step calls through the bridge gateway. BuildRace builds
        // with --no-cache, so every build that happens runs the step and is counted (a cached layer could not hide one).
        Assert.True(File.Exists(BuildRaceDll), $"{BuildRaceDll} is missing: build tests/Ociman.BuildRace (dotnet test builds it).");
        var gateway = await BridgeGatewayAsync();
        using var counter = new HitCounter();
        using var ctx = new TempDir();
        var id = UniqueId();
        ctx.Write("Dockerfile", Header(fx, id) + $"RUN wget -q -O- http://{gateway}:{counter.Port}/hit-{id}\n");
        using var outputs = new TempDir();
        var expected = await fx.Engine.ComputeReferenceAsync(
            ImageBuild.FromDirectory(ctx.Path).WithContentAddressedTag("ociman-it/race").WithLabel(EngineFixture.RunLabel, fx.RunId).WithLabel(CaseLabel, CaseId));
        Assert.False(await fx.Engine.ImageExistsAsync(expected));

        try
        {
            // Act: start all contenders at once, then wait for every one.
            var files = Enumerable.Range(0, Contenders).Select(i => Path.Combine(outputs.Path, $"out-{i}.txt")).ToList();
            using var runtimeA = new TempDir();
            using var runtimeB = new TempDir();
            var cli = CliPath(fx.Engine.Kind.ToCliName());
            var respelled = Path.Combine(Path.GetDirectoryName(cli)!, "..", Path.GetFileName(Path.GetDirectoryName(cli)!), Path.GetFileName(cli));
            var processes = files.Select((file, i) => Start(
                fx.Engine.Kind.ToCliName(),
                ctx.Path,
                file,
                differently ? new() { ["XDG_RUNTIME_DIR"] = i % 2 == 0 ? runtimeA.Path : runtimeB.Path, ["OCIMAN_RACE_CLI"] = i / 2 % 2 == 0 ? cli : respelled } : [],
                $"{EngineFixture.RunLabel}={fx.RunId}",
                $"{CaseLabel}={CaseId}")).ToList();
            var exits = await Task.WhenAll(processes.Select(WaitAsync));

            // Assert: all succeeded with the same reference, one build ran (counter and log events agree), seven skipped.
            Assert.All(exits, e => Assert.True(e.ExitCode == 0, $"BuildRace exited with {e.ExitCode}: {e.StandardError}"));
            var results = files.Select(f => File.ReadAllLines(f)).ToList();
            Assert.All(results, lines => Assert.Equal(expected.ToString(), lines[0]));
            Assert.Equal(1, counter.Hits);
            Assert.Equal(1, results.Sum(lines => lines.Count(l => l.StartsWith("1300 ", StringComparison.Ordinal))));
            Assert.Equal(1, results.Sum(lines => lines.Count(l => l.StartsWith("1301 ", StringComparison.Ordinal))));
            Assert.Equal(Contenders - 1, results.Sum(lines => lines.Count(l => l.StartsWith("1302 ", StringComparison.Ordinal))));
            Assert.True(await fx.Engine.ImageExistsAsync(expected));
            Assert.Equal([expected.Tag!.Value], (await fx.Engine.ListImagesAsync(expected.WithoutTag())).Select(r => r.Tag!.Value).Where(t => t == expected.Tag!.Value || t.StartsWith("ociman-tmp-", StringComparison.Ordinal)));
            Assert.False(File.Exists(Path.Combine(CrossProcessLock.Directory, CrossProcessLock.FileName(await fx.Engine.BuildLockKeyAsync(expected, CancellationToken.None)))), "The build's lock file was left behind.");
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, expected);
        }
    }

    /// <summary>The first address of the default bridge's IPv4 subnet: the host as containers (and builds) see it.</summary>
    private async Task<IPAddress> BridgeGatewayAsync()
    {
        foreach (var subnet in await fx.Engine.GetBridgeSubnetsAsync())
        {
            var network = IPAddress.Parse(subnet.Split('/')[0]);
            if (network.AddressFamily == AddressFamily.InterNetwork)
            {
                var bytes = network.GetAddressBytes();
                bytes[3] += 1;
                return new IPAddress(bytes);
            }
        }

        throw new InvalidOperationException("The default bridge network has no IPv4 subnet.");
    }

    /// <summary>The absolute path of the engine's CLI on PATH.</summary>
    private static string CliPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH.");

    private static Process Start(string engine, string context, string output, Dictionary<string, string> environment, params string[] labels)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var arg in new[] { BuildRaceDll, engine, context, output }.Concat(labels))
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static async Task<(int ExitCode, string StandardError)> WaitAsync(Process process)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(100));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await stdout;
            return (process.ExitCode, await stderr);
        }
    }

    /// <summary>A tiny HTTP server on all host addresses that counts requests.</summary>
    private sealed class HitCounter : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Any, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _hits;

        public HitCounter()
        {
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Hits => Volatile.Read(ref _hits);

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            var stream = client.GetStream();
                            var buffer = new byte[4096];
                            var read = await stream.ReadAsync(buffer, _stop.Token);
                            if (read > 0 && Encoding.ASCII.GetString(buffer, 0, read).StartsWith("GET /hit", StringComparison.Ordinal))
                            {
                                Interlocked.Increment(ref _hits);
                            }

                            await stream.WriteAsync("HTTP/1.0 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"u8.ToArray(), _stop.Token);
                        }
                        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
                        {
                        }
                    }
                });
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _listener.Dispose();
            _stop.Dispose();
        }
    }
}
