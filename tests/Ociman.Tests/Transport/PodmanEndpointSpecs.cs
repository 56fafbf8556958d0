using Ociman.Transport.Endpoints;

namespace Ociman.Tests.Transport;

public sealed class PodmanEndpointSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public PodmanEndpointSpecs() => _env["HOME"] = Path.Combine(_dir.Path, "home");

    private string SystemConf => Path.Combine("etc", "containers", "containers.conf");

    private string UserConf => Path.Combine("home", ".config", "containers", "containers.conf");

    private EngineEndpoint Resolve(bool remoteClient = false, bool isRoot = true) =>
        PodmanEndpointResolver.Resolve(name => _env.GetValueOrDefault(name), remoteClient, isRoot, _dir.Path);

    public void Dispose() => _dir.Dispose();

    private const string TwoConnections = """
        [containers]
        default_capabilities = [
          "CHOWN",   # a multi-line array, skipped
          "KILL",
        ]

        [engine]
          runtime = "runc"
          active_service = "rmt"
          [engine.service_destinations]
            [engine.service_destinations.rmt]
              uri = "ssh://core@build.example:2222/run/podman/podman.sock"
              identity = "/keys/id_ed25519"
            [engine.service_destinations.local]
              uri = 'unix:///run/ociman-remote/podman.sock' # a literal string
        """;

    [Fact]
    public void Without_any_setting_root_gets_the_rootful_socket()
    {
        var endpoint = Resolve();

        Assert.Equal("unix:///run/podman/podman.sock", endpoint.Uri);
        Assert.True(endpoint.IsLocal);
        Assert.Equal("127.0.0.1", endpoint.PublishedPortHost);
    }

    [Fact]
    public void Without_any_setting_a_rootless_user_gets_the_socket_in_the_runtime_directory()
    {
        _env["XDG_RUNTIME_DIR"] = "/run/user/1000";

        Assert.Equal("unix:///run/user/1000/podman/podman.sock", Resolve(isRoot: false).Uri);
    }

    [Fact]
    public void Container_host_is_the_endpoint_with_container_sshkey_as_identity()
    {
        _env["CONTAINER_HOST"] = "ssh://core@build.example/run/podman/podman.sock";
        _env["CONTAINER_SSHKEY"] = "/keys/id";

        var endpoint = Resolve();

        Assert.Equal(EndpointScheme.Ssh, endpoint.Scheme);
        Assert.Equal("ssh://core@build.example/run/podman/podman.sock", endpoint.Uri);
        Assert.Equal("build.example", endpoint.PublishedPortHost);
        Assert.Equal("/keys/id", endpoint.SshIdentityPath);
        Assert.Equal("CONTAINER_HOST", endpoint.Source);
    }

    [Fact]
    public void A_unix_container_host_is_local()
    {
        _env["CONTAINER_HOST"] = "unix:///run/ociman-remote/podman.sock";

        var endpoint = Resolve();

        Assert.True(endpoint.IsLocal);
        Assert.Equal("/run/ociman-remote/podman.sock", endpoint.Address);
    }

    [Fact]
    public void Container_connection_names_a_service_destination_in_containers_conf()
    {
        _dir.Write(SystemConf, TwoConnections);
        _env["CONTAINER_CONNECTION"] = "rmt";

        var endpoint = Resolve();

        Assert.Equal("ssh://core@build.example:2222/run/podman/podman.sock", endpoint.Uri);
        Assert.Equal("/keys/id_ed25519", endpoint.SshIdentityPath);
        Assert.Equal("rmt", endpoint.ConnectionName);
        Assert.Equal("connection 'rmt' (CONTAINER_CONNECTION)", endpoint.Source);
    }

    [Fact]
    public void Container_host_wins_over_container_connection_as_in_podman_4_3()
    {
        _dir.Write(SystemConf, TwoConnections);
        _env["CONTAINER_CONNECTION"] = "rmt";
        _env["CONTAINER_HOST"] = "tcp://10.1.2.3:8888";

        Assert.Equal("10.1.2.3", Resolve().PublishedPortHost);
    }

    [Fact]
    public void The_default_connection_is_used_by_a_remote_client_only()
    {
        _dir.Write(SystemConf, TwoConnections);

        Assert.Equal("build.example", Resolve(remoteClient: true).PublishedPortHost);
        Assert.Equal("unix:///run/podman/podman.sock", Resolve(remoteClient: false).Uri);
    }

    [Fact]
    public void A_user_containers_conf_overrides_the_system_one()
    {
        _dir.Write(SystemConf, TwoConnections);
        _dir.Write(UserConf, """
            [engine]
            active_service = "local"
            """);

        Assert.Equal("unix:///run/ociman-remote/podman.sock", Resolve(remoteClient: true).Uri);
    }

    [Fact]
    public void Containers_conf_names_the_only_file_read()
    {
        _dir.Write(SystemConf, TwoConnections);
        var only = _dir.Write("only.conf", """
            [engine.service_destinations.solo]
            uri = "tcp://solo.example:8080"
            """);
        _env["CONTAINERS_CONF"] = only;
        _env["CONTAINER_CONNECTION"] = "rmt";

        var ex = Assert.Throws<EngineEndpointException>(() => Resolve());

        Assert.Contains("Connections defined: 'solo'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Podman_connections_json_overrides_containers_conf()
    {
        _dir.Write(SystemConf, TwoConnections);
        _dir.Write(Path.Combine("home", ".config", "containers", "podman-connections.json"), """
            {"Connection":{"Default":"json","Connections":{"json":{"URI":"tcp://json.example:8080","Identity":""}}},"Farm":{}}
            """);

        var endpoint = Resolve(remoteClient: true);

        Assert.Equal("tcp://json.example:8080", endpoint.Uri);
        Assert.Null(endpoint.SshIdentityPath);
        Assert.Contains("podman-connections.json", endpoint.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_connection_names_the_variable_and_lists_the_defined_ones()
    {
        _dir.Write(SystemConf, TwoConnections);
        _env["CONTAINER_CONNECTION"] = "nope";

        var ex = Assert.Throws<EngineEndpointException>(() => Resolve());

        Assert.Equal("CONTAINER_CONNECTION", ex.Setting);
        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Connections defined: 'local', 'rmt'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_container_host_names_the_variable()
    {
        _env["CONTAINER_HOST"] = "http://x";

        var ex = Assert.Throws<EngineEndpointException>(() => Resolve());

        Assert.Equal("CONTAINER_HOST", ex.Setting);
        Assert.Contains("scheme 'http'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_active_service_that_is_not_a_string_names_the_file_and_line()
    {
        var file = _dir.Write(SystemConf, "[engine]\nactive_service = 42\n");

        var ex = Assert.Throws<EngineEndpointException>(() => Resolve(remoteClient: true));

        Assert.Equal(file, ex.Setting);
        Assert.Contains("line 2: active_service must be a quoted string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_podman_connections_json_that_is_not_json_is_named()
    {
        var file = _dir.Write("conns.json", "{");
        _env["PODMAN_CONNECTIONS_CONF"] = file;

        var ex = Assert.Throws<EngineEndpointException>(() => Resolve(remoteClient: true));

        Assert.Equal(file, ex.Setting);
    }
}
