using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Ociman.Images;
using Ociman.Transport.Api;

namespace Ociman.IntegrationTests.Api;

/// <summary>An Engine API client on the engine under test (<c>OCIMAN_BACKEND</c>), and the BusyBox test image.</summary>
/// <remarks>
/// Docker is reached at its socket. For Podman the fixture starts its own <c>podman system service</c> on a private
/// socket and ends it (by its pid) when the tests are done. <c>OCIMAN_API_ENDPOINT</c> points the client elsewhere
/// (for example Debian 12's Docker 20.10, which speaks API 1.41); the image must be present there.
/// </remarks>
public sealed class ApiFixture : IAsyncLifetime
{
    private Process? _service;
    private string? _socket;

    public string RunId { get; } = Guid.NewGuid().ToString("N");

    public Engine Engine { get; private set; } = null!;

    public ImageReference BusyBox { get; private set; } = null!;

    internal ApiClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = await Engine.DetectAsync();
        BusyBox = await OfflineImages.BusyBoxAsync(Engine);
        var endpoint = Environment.GetEnvironmentVariable("OCIMAN_API_ENDPOINT") is { Length: > 0 } configured
            ? new Uri(configured)
            : Engine.Kind == EngineKind.Docker ? new Uri("unix:///var/run/docker.sock")
            : Environment.GetEnvironmentVariable("CONTAINER_HOST") is { Length: > 0 } containerHost ? new Uri(containerHost)
            : await StartPodmanServiceAsync();
        Client = new ApiClient(await ApiConnection.ConnectAsync(endpoint, NullLogger.Instance, CancellationToken.None), NullLogger.Instance);
    }

    /// <summary>A create body for a BusyBox container labelled with this run whose PID 1 is a plain <c>sleep</c> (ignores SIGTERM).</summary>
    public ContainerDefinition Sleeper() =>
        ContainerDefinition.For(BusyBox).WithLabel(EngineFixture.RunLabel, RunId).WithArguments(EngineFixture.SleepCommand);

    /// <summary>Creates and starts <paramref name="definition"/> and returns its id.</summary>
    public async Task<string> StartAsync(ContainerDefinition definition)
    {
        var id = await Client.CreateContainerAsync(ContainerCreateRequest.Build(definition), CancellationToken.None);
        await Client.StartContainerAsync(id, CancellationToken.None);
        return id;
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Client is not null)
            {
                var leftovers = await Client.ListContainersAsync([new(EngineFixture.RunLabel, RunId)], CancellationToken.None);
                foreach (var container in leftovers)
                {
                    await Client.RemoveContainerAsync(container.Id, force: true, removeVolumes: true, CancellationToken.None);
                }

                Client.Dispose();
                if (leftovers.Count > 0)
                {
                    throw new InvalidOperationException($"{leftovers.Count} container(s) of this run were left behind by the API tests.");
                }
            }
        }
        finally
        {
            if (_service is { HasExited: false })
            {
                _service.Kill(entireProcessTree: true);
                await _service.WaitForExitAsync();
            }

            _service?.Dispose();
            if (_socket is not null)
            {
                File.Delete(_socket);
            }
        }
    }

    private async Task<Uri> StartPodmanServiceAsync()
    {
        _socket = Path.Combine(Path.GetTempPath(), $"ociman-api-it-{RunId[..12]}.sock");
        var endpoint = new Uri($"unix://{_socket}");
        _service = Process.Start(new ProcessStartInfo(Engine.ExecutablePath, ["system", "service", "--time", "0", endpoint.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("podman system service did not start.");
        var errors = new System.Text.StringBuilder();
        _service.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        _service.OutputDataReceived += (_, _) => { };
        _service.BeginErrorReadLine();
        _service.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!File.Exists(_socket))
        {
            if (_service.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"podman system service did not open {_socket}: {errors}");
            }

            await Task.Delay(20);
        }

        return endpoint;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
