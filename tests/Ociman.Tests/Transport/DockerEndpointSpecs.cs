using Ociman.Transport.Endpoints;

namespace Ociman.Tests.Transport;

public sealed class DockerEndpointSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public DockerEndpointSpecs() => _env["HOME"] = _dir.Path;

    private string Config => Path.Combine(_dir.Path, ".docker");

    private EngineEndpoint Resolve() => DockerEndpointResolver.Resolve(name => _env.GetValueOrDefault(name));

    private void Context(string name, string host, bool skipVerify = false, bool tls = false, string? configDirectory = null)
    {
        var hash = DockerEndpointResolver.ContextDirectoryName(name);
        var root = configDirectory ?? Config;
        _dir.Write(Path.Combine(root, "contexts", "meta", hash, "meta.json"),
            System.Text.Json.JsonSerializer.Serialize(new { Name = name, Metadata = new { }, Endpoints = new { docker = new { Host = host, SkipTLSVerify = skipVerify } } }));
        if (tls)
        {
            foreach (var file in (string[])["ca.pem", "cert.pem", "key.pem"])
            {
                _dir.Write(Path.Combine(root, "contexts", "tls", hash, "docker", file), "pem");
            }
        }
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Without_any_setting_the_endpoint_is_the_local_socket()
    {
        var endpoint = Resolve();

        Assert.Equal(EndpointScheme.Unix, endpoint.Scheme);
        Assert.Equal("unix:///var/run/docker.sock", endpoint.Uri);
        Assert.Equal("/var/run/docker.sock", endpoint.Address);
        Assert.True(endpoint.IsLocal);
        Assert.Equal("127.0.0.1", endpoint.PublishedPortHost);
        Assert.Equal("the default", endpoint.Source);
    }

    [Fact]
    public void A_context_name_is_hashed_like_dockers()
    {
        // sha256("default"), as Docker names the directory of a context called "default".
        Assert.Equal("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f", DockerEndpointResolver.ContextDirectoryName("default"));
    }

    [Fact]
    public void A_tcp_docker_host_is_remote_and_its_host_is_where_ports_are_reached()
    {
        _env["DOCKER_HOST"] = "tcp://127.0.0.2:2375";

        var endpoint = Resolve();

        Assert.Equal(EndpointScheme.Tcp, endpoint.Scheme);
        Assert.Equal("127.0.0.2:2375", endpoint.Address);
        Assert.False(endpoint.IsLocal);
        Assert.Equal("127.0.0.2", endpoint.PublishedPortHost);
        Assert.Null(endpoint.Tls);
        Assert.Equal("DOCKER_HOST", endpoint.Source);
    }

    [Theory]
    [InlineData("tcp://build-host", "build-host:2375")]
    [InlineData("build-host:2400", "build-host:2400")]
    [InlineData("tcp://[fd00::5]:2375", "[fd00::5]:2375")]
    public void A_tcp_docker_host_without_scheme_or_port_gets_dockers_defaults(string value, string address)
    {
        _env["DOCKER_HOST"] = value;

        Assert.Equal(address, Resolve().Address);
    }

    [Fact]
    public void Docker_tls_verify_turns_on_verified_tls_with_the_certificates_of_docker_cert_path()
    {
        _env["DOCKER_HOST"] = "tcp://ci.example:2376";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = "/certs";

        var tls = Resolve().Tls;

        Assert.Equal(new EndpointTls(true, Path.Combine("/certs", "ca.pem"), Path.Combine("/certs", "cert.pem"), Path.Combine("/certs", "key.pem")), tls);
    }

    [Fact]
    public void Docker_tls_without_verify_uses_the_config_directory_and_port_2376()
    {
        _env["DOCKER_HOST"] = "tcp://ci.example";
        _env["DOCKER_TLS"] = "1";

        var endpoint = Resolve();

        Assert.Equal("ci.example:2376", endpoint.Address);
        Assert.False(endpoint.Tls!.Verify);
        Assert.Equal(Path.Combine(Config, "ca.pem"), endpoint.Tls.CaCertificatePath);
    }

    [Fact]
    public void An_ssh_docker_host_keeps_its_user_and_reaches_ports_at_its_host()
    {
        _env["DOCKER_HOST"] = "ssh://ci@build.example:2222";

        var endpoint = Resolve();

        Assert.Equal(EndpointScheme.Ssh, endpoint.Scheme);
        Assert.Equal("ci@build.example:2222", endpoint.Address);
        Assert.Equal("build.example", endpoint.PublishedPortHost);
        Assert.False(endpoint.IsLocal);
    }

    [Theory]
    [InlineData("npipe:////./pipe/docker_engine", "scheme 'npipe'")]
    [InlineData("unix://relative.sock", "absolute path")]
    [InlineData("tcp://host:99999", "port '99999'")]
    [InlineData("tcp://::1:2375", "brackets")]
    [InlineData("tcp://host:2375/path", "no path")]
    public void A_bad_docker_host_names_the_variable_and_what_is_allowed(string value, string why)
    {
        _env["DOCKER_HOST"] = value;

        var ex = Assert.Throws<EngineEndpointException>(Resolve);

        Assert.Equal("DOCKER_HOST", ex.Setting);
        Assert.Contains($"DOCKER_HOST is '{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
        Assert.Contains("tcp://host:port", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_context_names_a_context_in_the_config_directory()
    {
        Context("remote", "tcp://127.0.0.2:2375");
        _env["DOCKER_CONTEXT"] = "remote";

        var endpoint = Resolve();

        Assert.Equal("tcp://127.0.0.2:2375", endpoint.Uri);
        Assert.Equal("127.0.0.2", endpoint.PublishedPortHost);
        Assert.Equal("remote", endpoint.ConnectionName);
        Assert.Equal("context 'remote' (DOCKER_CONTEXT)", endpoint.Source);
    }

    [Fact]
    public void Docker_host_wins_over_docker_context()
    {
        Context("remote", "tcp://127.0.0.2:2375");
        _env["DOCKER_CONTEXT"] = "remote";
        _env["DOCKER_HOST"] = "unix:///run/other.sock";

        Assert.Equal("unix:///run/other.sock", Resolve().Uri);
    }

    [Fact]
    public void The_current_context_of_config_json_in_docker_config_is_used_when_no_variable_names_one()
    {
        var config = Path.Combine(_dir.Path, "elsewhere");
        _env["DOCKER_CONFIG"] = config;
        Context("ci", "ssh://ci@build.example", configDirectory: config);
        var file = _dir.Write(Path.Combine(config, "config.json"), """{"auths":{},"currentContext":"ci"}""");

        var endpoint = Resolve();

        Assert.Equal("ssh://ci@build.example", endpoint.Uri);
        Assert.Equal($"context 'ci' (currentContext in {file})", endpoint.Source);
    }

    [Fact]
    public void Docker_context_wins_over_the_current_context()
    {
        Context("ci", "tcp://ci.example:2375");
        Context("other", "tcp://other.example:2375");
        _dir.Write(Path.Combine(Config, "config.json"), """{"currentContext":"other"}""");
        _env["DOCKER_CONTEXT"] = "ci";

        Assert.Equal("ci.example", Resolve().PublishedPortHost);
    }

    [Fact]
    public void The_default_context_is_the_local_socket()
    {
        _env["DOCKER_CONTEXT"] = "default";

        var endpoint = Resolve();

        Assert.Equal("unix:///var/run/docker.sock", endpoint.Uri);
        Assert.Equal("default", endpoint.ConnectionName);
    }

    [Fact]
    public void A_context_with_tls_files_uses_them_and_skip_tls_verify_turns_verification_off()
    {
        Context("secure", "tcp://ci.example:2376", skipVerify: true, tls: true);
        _env["DOCKER_CONTEXT"] = "secure";

        var tls = Resolve().Tls;

        var dir = Path.Combine(Config, "contexts", "tls", DockerEndpointResolver.ContextDirectoryName("secure"), "docker");
        Assert.Equal(new EndpointTls(false, Path.Combine(dir, "ca.pem"), Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem")), tls);
    }

    [Fact]
    public void A_missing_context_names_the_variable_and_lists_the_contexts_there_are()
    {
        Context("ci", "tcp://ci.example:2375");
        _env["DOCKER_CONTEXT"] = "nope";

        var ex = Assert.Throws<EngineEndpointException>(Resolve);

        Assert.Equal("DOCKER_CONTEXT", ex.Setting);
        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'default', 'ci'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_json_that_is_not_json_is_named()
    {
        var file = _dir.Write(Path.Combine(Config, "config.json"), "{ not json");

        var ex = Assert.Throws<EngineEndpointException>(Resolve);

        Assert.Equal(file, ex.Setting);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_host_in_a_context_names_the_context_file()
    {
        Context("bad", "http://ci.example");
        _env["DOCKER_CONTEXT"] = "bad";

        var ex = Assert.Throws<EngineEndpointException>(Resolve);

        Assert.Contains("Endpoints.docker.Host in", ex.Setting, StringComparison.Ordinal);
        Assert.Contains("scheme 'http'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_is_given_exactly_the_endpoint_variables_ociman_resolved_from()
    {
        _env["DOCKER_HOST"] = "tcp://127.0.0.2:2375";

        var (endpoint, environment) = EndpointResolution.Resolve(EngineKind.Docker, "docker", name => _env.GetValueOrDefault(name));

        Assert.Equal("127.0.0.2", endpoint.PublishedPortHost);
        Assert.Equal("tcp://127.0.0.2:2375", environment["DOCKER_HOST"]);
        // Unset here: removed from the CLI's environment even when this process has it.
        Assert.True(environment.ContainsKey("DOCKER_CONTEXT"));
        Assert.Null(environment["DOCKER_CONTEXT"]);
    }
}
