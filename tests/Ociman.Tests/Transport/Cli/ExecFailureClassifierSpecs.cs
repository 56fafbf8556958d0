using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public class ExecFailureClassifierSpecs
{
    // The tools' own words, measured on Docker 26 / CLI 28 and Podman 4.3 with a socket that was closed or gone.
    [Theory]
    [InlineData(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")]
    [InlineData(1, "error during connect: Get \"http://%2Ftmp%2Fd.sock/v1.50/containers/35bc/json\": EOF")]
    [InlineData(1, "Error response from daemon: container 35bc is not running")]
    [InlineData(255, "partial output of the command\nError response from daemon: read unix @->/var/run/docker.sock: read: connection reset by peer")]
    [InlineData(125, "Error: Get \"http://d/v4.3.1/libpod/exec/ec8d/json\": read unix @->/tmp/p.sock: read: connection reset by peer")]
    [InlineData(125, "Cannot connect to Podman. Please verify your connection to the Linux system using `podman system connection list`\nError: unable to connect to Podman socket: Get \"http://d/v4.3.1/libpod/_ping\": EOF")]
    [InlineData(-1, "")]
    public void A_failure_of_the_engine_is_not_taken_for_the_commands_exit_code(int exitCode, string standardError)
    {
        var failure = ExecFailureClassifier.EngineFailure(exitCode, standardError);

        Assert.NotNull(failure);
        Assert.DoesNotContain('\n', failure);
        Assert.NotEqual(string.Empty, failure);
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(0, "Error response from daemon: printed by the command itself, which succeeded")]
    [InlineData(1, "")]
    [InlineData(1, "grep: no match")]
    [InlineData(2, "Error: the command's own error")]
    [InlineData(125, "Error: the command's own error that names no connection")]
    [InlineData(126, "")]
    [InlineData(127, "Error: executable file `nope` not found in $PATH: No such file or directory: OCI runtime attempted to invoke a command that was not found")]
    [InlineData(137, "")]
    [InlineData(255, "")]
    [InlineData(1, "Error response from daemon: something the command printed first\nand then its own last line")]
    public void The_commands_own_exit_code_is_its_own(int exitCode, string standardError)
    {
        Assert.Null(ExecFailureClassifier.EngineFailure(exitCode, standardError));
    }

    [Fact]
    public void The_engines_last_line_is_what_is_reported()
    {
        var failure = ExecFailureClassifier.EngineFailure(1, "the command said this\n\nerror during connect: Get \"http://x/_ping\": EOF\n");

        Assert.Equal("error during connect: Get \"http://x/_ping\": EOF", failure);
    }
}
