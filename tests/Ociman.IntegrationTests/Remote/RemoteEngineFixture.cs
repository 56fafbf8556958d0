using System.Collections.Concurrent;
using System.Diagnostics;
using Ociman.Images;

namespace Ociman.IntegrationTests.Remote;

/// <summary>
/// Engines that stand in for engines on other machines, started by <c>eng/provision-remote.sh</c>: a second dockerd
/// (Debian 12's docker.io 20.10, API 1.41) on <c>tcp://127.0.0.2:2375</c>, reached through <c>DOCKER_HOST</c> and
/// through a Docker context that is the current one in a private <c>DOCKER_CONFIG</c>, a Podman service reached
/// through <c>CONTAINER_HOST=unix://…</c>, and one on <c>tcp://127.0.0.2:8889</c> reached through
/// <c>CONTAINER_CONNECTION</c>, a connection defined in a private containers.conf.
/// </summary>
/// <remarks>
/// There is no skip: when a route's engine does not answer, its tests fail and say how to start it. At the end the
/// fixture checks that no container carrying its run label remains on any engine it used, and fails the run if one does.
/// </remarks>
public sealed class RemoteEngineFixture : IAsyncLifetime
{
    /// <summary>Through <c>DOCKER_HOST=tcp://127.0.0.2:2375</c>.</summary>
    public const string DockerHost = "docker: DOCKER_HOST=tcp";

    /// <summary>Through <c>DOCKER_HOST</c> on TCP with TLS both ways (<c>DOCKER_TLS_VERIFY</c>, <c>DOCKER_CERT_PATH</c>): the same daemon behind a TLS front.</summary>
    public const string DockerTls = "docker: DOCKER_HOST=tcp+TLS";

    /// <summary>Through a Docker context made current in a private config directory.</summary>
    public const string DockerContext = "docker: current context";

    /// <summary>Through <c>CONTAINER_HOST=unix:///run/ociman-remote/podman.sock</c>.</summary>
    public const string PodmanService = "podman: CONTAINER_HOST=unix";

    /// <summary>Through <c>CONTAINER_CONNECTION</c>, naming a connection to <c>tcp://127.0.0.2:8889</c>.</summary>
    public const string PodmanConnection = "podman: CONTAINER_CONNECTION=tcp";

    public const string TcpEndpoint = "tcp://127.0.0.2:2375";
    public const string TlsEndpoint = "tcp://127.0.0.2:2376";

    /// <summary>The client's files for the TLS front (ca.pem, cert.pem, key.pem), made by <c>eng/provision-remote.sh</c>.</summary>
    public const string TlsClientFiles = "/run/ociman-remote/tls/client";

    /// <summary>The same client certificate with another CA's ca.pem: the engine's certificate must be refused.</summary>
    public const string TlsOtherCaFiles = "/run/ociman-remote/tls/other-ca";
    public const string PodmanTcpEndpoint = "tcp://127.0.0.2:8889";
    public const string ConnectionName = "ociman-remote-tcp";
    public const string PodmanSocket = "unix:///run/ociman-remote/podman.sock";
    public const string ContextName = "ociman-remote";

    /// <summary>The variable every container created through the remote Podman service carries (its containers.conf adds it).</summary>
    public const string PodmanServiceMarker = "OCIMAN_STARTED_BY=ociman-remote-podman-service";

    private readonly ConcurrentDictionary<string, Lazy<Task<(Engine Engine, ImageReference BusyBox)>>> _engines = new(StringComparer.Ordinal);
    private readonly string _dockerConfig = Path.Combine(Path.GetTempPath(), "ociman-remote-docker-config-" + Guid.NewGuid().ToString("N"));
    private readonly string _containersConf = Path.Combine(Path.GetTempPath(), "ociman-remote-containers-" + Guid.NewGuid().ToString("N") + ".conf");

    public string RunId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The routes for the engine of this run (<c>OCIMAN_BACKEND</c>), or all of them when it is unset.</summary>
    public static TheoryData<string> Routes()
    {
        var backend = Environment.GetEnvironmentVariable("OCIMAN_BACKEND");
        var routes = new TheoryData<string>();
        if (backend is null or "docker")
        {
            routes.Add(DockerHost);
            routes.Add(DockerTls);
            routes.Add(DockerContext);
        }

        if (backend is null or "podman")
        {
            routes.Add(PodmanService);
            routes.Add(PodmanConnection);
        }

        return routes;
    }

    /// <summary>The engine reached through <paramref name="route"/> and its BusyBox image (built there when absent).</summary>
    public Task<(Engine Engine, ImageReference BusyBox)> ConnectAsync(string route) =>
        _engines.GetOrAdd(route, r => new Lazy<Task<(Engine, ImageReference)>>(() => ConnectCoreAsync(r))).Value;

    /// <summary>A BusyBox container labelled with this run that runs <paramref name="command"/>.</summary>
    public ContainerDefinition Running(ImageReference busyBox, params string[] command) =>
        ContainerDefinition.For(busyBox).WithLabel(EngineFixture.RunLabel, RunId).WithArguments(command);

    private async Task<(Engine, ImageReference)> ConnectCoreAsync(string route)
    {
        var (kind, variables) = route switch
        {
            DockerHost => (EngineKind.Docker, new Dictionary<string, string?> { ["DOCKER_HOST"] = TcpEndpoint, ["DOCKER_CONTEXT"] = null }),
            DockerTls => (EngineKind.Docker, TlsVariables(TlsClientFiles)),
            DockerContext => (EngineKind.Docker, await CreateContextAsync()),
            PodmanService => (EngineKind.Podman, new Dictionary<string, string?> { ["CONTAINER_HOST"] = PodmanSocket, ["CONTAINER_CONNECTION"] = null }),
            PodmanConnection => (EngineKind.Podman, CreateConnection()),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, "Not a route of this fixture."),
        };

        var options = new EngineOptions
        {
            GetEnvironmentVariable = name => variables.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name),
        };
        Engine engine;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            engine = await Engine.ConnectAsync(kind, options, timeout.Token);
        }
        catch (EngineUnavailableException ex)
        {
            throw new InvalidOperationException(
                $"The remote engine for '{route}' does not answer; start it with `bash eng/provision-remote.sh` (eng/test.sh does). {ex.Message}", ex);
        }

        return (engine, await OfflineImages.BusyBoxAsync(engine));
    }

    /// <summary>The variables that reach the TLS front with the client files in <paramref name="certificatePath"/>, verifying the engine.</summary>
    public static Dictionary<string, string?> TlsVariables(string certificatePath) => new()
    {
        ["DOCKER_HOST"] = TlsEndpoint,
        ["DOCKER_TLS_VERIFY"] = "1",
        ["DOCKER_CERT_PATH"] = certificatePath,
        ["DOCKER_TLS"] = null,
        ["DOCKER_CONTEXT"] = null,
    };

    // The context is written by Docker's own CLI, so that Ociman reads what Docker writes.
    private async Task<Dictionary<string, string?>> CreateContextAsync()
    {
        Directory.CreateDirectory(_dockerConfig);
        await DockerCliAsync("context", "create", ContextName, "--description", "ociman remote-engine tests", "--docker", "host=" + TcpEndpoint);
        await DockerCliAsync("context", "use", ContextName);
        return new Dictionary<string, string?> { ["DOCKER_CONFIG"] = _dockerConfig, ["DOCKER_HOST"] = null, ["DOCKER_CONTEXT"] = null };
    }

    // CONTAINERS_CONF makes this the only containers.conf the podman CLI reads: a remote client needs nothing else.
    private Dictionary<string, string?> CreateConnection()
    {
        File.WriteAllText(_containersConf, $$"""
            [engine]
            [engine.service_destinations.{{ConnectionName}}]
            uri = "{{PodmanTcpEndpoint}}"
            """);
        return new Dictionary<string, string?> { ["CONTAINERS_CONF"] = _containersConf, ["CONTAINER_CONNECTION"] = ConnectionName, ["CONTAINER_HOST"] = null };
    }

    private async Task DockerCliAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOCKER_CONFIG"] = _dockerConfig;
        start.Environment.Remove("DOCKER_HOST");
        start.Environment.Remove("DOCKER_CONTEXT");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`docker {string.Join(' ', arguments)}` failed with exit code {process.ExitCode}: {await stderr}");
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var leftovers = new List<string>();
        foreach (var (route, lazy) in _engines)
        {
            if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully)
            {
                continue;
            }

            var engine = lazy.Value.Result.Engine;
            var left = await engine.ListContainersAsync([new(EngineFixture.RunLabel, RunId)]);
            if (left.Count > 0)
            {
                await engine.RemoveContainersAsync(EngineFixture.RunLabel, RunId);
                leftovers.AddRange(left.Select(c => $"{route}: {c.Id[..12]} ({c.State})"));
            }
        }

        if (Directory.Exists(_dockerConfig))
        {
            Directory.Delete(_dockerConfig, recursive: true);
        }

        File.Delete(_containersConf);
        if (leftovers.Count > 0)
        {
            throw new InvalidOperationException($"Containers labelled {EngineFixture.RunLabel}={RunId} were left behind on remote engines: {string.Join(", ", leftovers)}");
        }
    }
}
