using Ociman.Transport.Api;

namespace Ociman.Tests.Transport.Api;

public class ApiTransportSpecs
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData(null, "unix:///var/run/docker.sock")]
    [InlineData("unix:///run/other/docker.sock", "unix:///run/other/docker.sock")]
    [InlineData("tcp://127.0.0.2:2375", "tcp://127.0.0.2:2375")]
    [InlineData("ssh://user@host", "unix:///var/run/docker.sock")] // ssh stays with the CLI transport
    public void Dockers_socket_is_DOCKER_HOST_when_it_is_unix_or_tcp(string? dockerHost, string expected)
    {
        var endpoint = ApiTransport.EndpointFor(EngineKind.Docker, rootless: false, Environment(dockerHost is null ? [] : [("DOCKER_HOST", dockerHost)]));

        Assert.Equal(new Uri(expected), endpoint);
    }

    [Fact]
    public void Podmans_socket_is_CONTAINER_HOST_else_the_services_socket_for_root_or_the_user()
    {
        Assert.Equal(new Uri("unix:///tmp/p.sock"), ApiTransport.EndpointFor(EngineKind.Podman, false, Environment(("CONTAINER_HOST", "unix:///tmp/p.sock"))));
        Assert.Equal(new Uri("unix:///run/podman/podman.sock"), ApiTransport.EndpointFor(EngineKind.Podman, false, Environment(("XDG_RUNTIME_DIR", "/run/user/1000"))));
        Assert.Equal(new Uri("unix:///run/user/1000/podman/podman.sock"), ApiTransport.EndpointFor(EngineKind.Podman, true, Environment(("XDG_RUNTIME_DIR", "/run/user/1000"))));
    }

    [Theory]
    [InlineData(126, "OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (\"/nope\") set in config.json failed: no such file or directory: unknown\r\n", "", true)]
    [InlineData(127, "", "OCI runtime exec failed: exec: \"nope\": executable file not found in $PATH", true)]
    [InlineData(126, "permission denied by my own script\n", "", false)]
    [InlineData(1, "OCI runtime exec failed", "", false)]
    public void An_exec_start_failure_is_told_from_the_commands_own_exit(int exitCode, string stdout, string stderr, bool isStartFailure)
    {
        var failure = ApiDialect.ExecStartFailure(exitCode, stdout, stderr);

        Assert.Equal(isStartFailure, failure is not null);
        if (failure is not null)
        {
            Assert.StartsWith("OCI runtime exec failed", failure, StringComparison.Ordinal);
            Assert.Equal(failure.Trim(), failure);
        }
    }

    [Theory]
    [InlineData("workdir \"/nope\" does not exist on container 0123", true)]
    [InlineData("OCI runtime error: chdir to cwd (\"/nope\") set in config.json failed", true)]
    [InlineData("cannot start a container that has stopped", false)]
    public void Podmans_refusal_of_a_missing_working_directory_is_recognised(string reason, bool expected)
    {
        Assert.Equal(expected, ApiDialect.IsMissingWorkingDirectory(reason));
    }
}
