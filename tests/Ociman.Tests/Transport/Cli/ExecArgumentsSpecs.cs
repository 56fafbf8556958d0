using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public class ExecArgumentsSpecs
{
    private const string Id = "0123456789abcdef";

    private static readonly Container Container = new(Engine.CreateForTesting(EngineKind.Docker, new EngineVersion(29, 0)), Id, null);

    private static List<string> Render(ExecCommand command) => [.. ContainerArguments.Exec(command.ToRequest())];

    [Fact]
    public void A_plain_exec_renders_the_container_then_the_executable_and_its_arguments()
    {
        Assert.Equal(["container", "exec", Id, "psql", "-c", "select 1"], Render(Container.Exec("psql", "-c", "select 1")));
    }

    [Fact]
    public void Every_exec_option_renders_in_the_documented_order()
    {
        var command = Container.Exec("sh", "-c", "env")
            .WithTty()
            .WithStandardInput("input")
            .WithUser("1000:1000")
            .WithWorkingDirectory("/work")
            .WithEnvironment("ZED", "z")
            .WithEnvironment("ALPHA", "a");

        Assert.Equal(
            ["container", "exec", "--tty", "--interactive", "--user", "1000:1000", "--workdir", "/work", "--env", "ALPHA", "--env", "ZED", Id, "sh", "-c", "env"],
            Render(command));
    }

    [Fact]
    public void Standard_input_bytes_imply_interactive()
    {
        var argv = Render(Container.Exec("cat").WithStandardInput(new byte[] { 1, 2, 3 }));

        Assert.Equal(["container", "exec", "--interactive", Id, "cat"], argv);
    }

    [Fact]
    public void A_standard_input_stream_implies_interactive()
    {
        using var stream = new MemoryStream([1]);

        Assert.Contains("--interactive", Render(Container.Exec("cat").WithStandardInput(stream)));
    }

    [Fact]
    public void Without_standard_input_there_is_no_interactive()
    {
        Assert.DoesNotContain("--interactive", Render(Container.Exec("cat").WithTty()));
    }

    [Fact]
    public void Turning_tty_off_again_drops_it()
    {
        Assert.DoesNotContain("--tty", Render(Container.Exec("cat").WithTty().WithTty(false)));
    }

    [Fact]
    public void Exec_environment_values_never_appear_on_the_command_line()
    {
        var command = Container.Exec("psql").WithEnvironment("PGPASSWORD", "hunter2");

        var argv = Render(command);

        Assert.Equal(["container", "exec", "--env", "PGPASSWORD", Id, "psql"], argv);
        Assert.DoesNotContain(argv, a => a.Contains("hunter2", StringComparison.Ordinal));
        Assert.Equal("hunter2", command.Environment["PGPASSWORD"]);
    }

    [Fact]
    public void Setting_an_exec_variable_again_replaces_it()
    {
        var command = Container.Exec("env").WithEnvironment("X", "1").WithEnvironment("X", "2");

        Assert.Equal(["X"], RunArgumentsSpecs.Values(Render(command), "--env"));
        Assert.Equal("2", command.Environment["X"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("A=B")]
    [InlineData("A B")]
    public void An_invalid_exec_variable_name_is_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => Container.Exec("env").WithEnvironment(name, "v"));
    }

    [Fact]
    public void A_nul_in_an_exec_variable_value_is_rejected_without_showing_it()
    {
        var ex = Assert.Throws<ArgumentException>(() => Container.Exec("env").WithEnvironment("TOKEN", "abc\0def"));

        Assert.Contains("'TOKEN'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exec_arguments_append()
    {
        var argv = Render(Container.Exec("echo", "a").WithArguments("b").WithArguments("c", "d"));

        Assert.Equal([Id, "echo", "a", "b", "c", "d"], argv[^6..]);
    }

    [Fact]
    public void Exec_commands_are_immutable()
    {
        var plain = Container.Exec("id");
        _ = plain.WithUser("root").WithTty().WithEnvironment("A", "1");

        Assert.Equal(["container", "exec", Id, "id"], Render(plain));
    }

    [Fact]
    public void An_empty_executable_or_user_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Container.Exec(string.Empty));
        Assert.Throws<ArgumentException>(() => Container.Exec("id").WithUser(string.Empty));
        Assert.Throws<ArgumentException>(() => Container.Exec("id").WithWorkingDirectory(string.Empty));
    }

    [Fact]
    public void A_container_exposes_its_short_id_and_engine()
    {
        var container = new Container(Engine.CreateForTesting(EngineKind.Podman, new EngineVersion(4, 9)), new string('f', 64), null);

        Assert.Equal(new string('f', 12), container.ShortId);
        Assert.Equal("container ffffffffffff on podman", container.ToString());
    }

    [Fact]
    public void The_exec_request_carries_every_option_of_the_command()
    {
        var bytes = new byte[] { 1, 2, 3 };
        var request = Container.Exec("cat", "-").WithEnvironment("TOKEN", "s3cret").WithUser("app").WithWorkingDirectory("/w").WithTty().WithStandardInput(bytes).ToRequest();

        Assert.Equal((Id, "cat", "app", "/w", true), (request.ContainerId, request.Executable, request.User, request.WorkingDirectory, request.Tty));
        Assert.Equal(["-"], request.Arguments);
        Assert.Equal("s3cret", request.Environment["TOKEN"]);
        Assert.Equal(bytes, request.StandardInput!.Bytes.ToArray());
        Assert.Null(request.StandardInput.Stream);
    }

    [Fact]
    public void A_stream_is_handed_over_unread_and_no_input_means_none()
    {
        using var stream = new MemoryStream([9]);

        Assert.Same(stream, Container.Exec("cat").WithStandardInput(stream).ToRequest().StandardInput!.Stream);
        Assert.Null(Container.Exec("true").ToRequest().StandardInput);
        Assert.DoesNotContain("--interactive", Render(Container.Exec("true")));
    }
}
