using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public class CliInvocationSpecs
{
    private static string Render(params string[] arguments) => new CliInvocation(arguments).Render("docker");

    [Fact]
    public void Plain_arguments_are_rendered_unquoted_after_the_executable()
    {
        Assert.Equal("docker container run --rm alpine:3.20 echo hi", Render("container", "run", "--rm", "alpine:3.20", "echo", "hi"));
    }

    [Theory]
    [InlineData("--label=a.b=c", "--label=a.b=c")]
    [InlineData("127.0.0.1::8080/tcp", "127.0.0.1::8080/tcp")]
    [InlineData("user@host", "user@host")]
    [InlineData("1,2+3%", "1,2+3%")]
    public void Arguments_of_safe_characters_stay_unquoted(string argument, string expected)
    {
        Assert.Equal("docker " + expected, Render(argument));
    }

    [Theory]
    [InlineData("echo hi", "'echo hi'")]
    [InlineData("", "''")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("a;b", "'a;b'")]
    [InlineData("line\nbreak", "'line\nbreak'")]
    [InlineData("*", "'*'")]
    [InlineData("~/x", "'~/x'")]
    [InlineData("a^b", "'a^b'")]
    public void Arguments_a_shell_would_change_are_single_quoted(string argument, string expected)
    {
        Assert.Equal("docker " + expected, Render(argument));
    }

    [Theory]
    [InlineData("{a,b}")]
    [InlineData("file[12]")]
    [InlineData("{{.Host.Security.Rootless}}")]
    public void Brace_and_glob_characters_are_quoted_so_the_line_can_be_pasted_into_a_shell(string argument)
    {
        Assert.Equal($"docker '{argument}'", Render(argument));
    }

    [Fact]
    public void Secret_arguments_are_redacted()
    {
        var invocation = new CliInvocation(["login", "--username", "bob", "--password", "hunter2 x", "registry"])
        {
            SecretArguments = new HashSet<string> { "hunter2 x" },
        };

        var rendered = invocation.Render("podman");

        Assert.Equal("podman login --username bob --password *** registry", rendered);
        Assert.DoesNotContain("hunter2", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_occurrence_of_a_secret_argument_is_redacted()
    {
        var rendered = CliInvocation.RenderArguments("docker", ["s", "x", "s"], new HashSet<string> { "s" });

        Assert.Equal("docker *** x ***", rendered);
    }

    [Fact]
    public void Environment_values_are_not_part_of_the_rendered_command_line()
    {
        var invocation = new CliInvocation(["container", "run", "--env", "PASSWORD", "alpine"])
        {
            Environment = new Dictionary<string, string> { ["PASSWORD"] = "s3cret" },
        };

        Assert.Equal("docker container run --env PASSWORD alpine", invocation.Render("docker"));
    }

    [Fact]
    public void An_executable_path_is_rendered_as_given()
    {
        Assert.Equal("/usr/local/bin/docker ps", new CliInvocation(["ps"]).Render("/usr/local/bin/docker"));
    }
}
