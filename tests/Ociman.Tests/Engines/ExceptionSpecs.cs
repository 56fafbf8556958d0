namespace Ociman.Tests.Engines;

public sealed class ExceptionSpecs
{
    private static EngineCommandException Command(string standardError = "Error: no such container web") =>
        new("podman failed", "container inspect", EngineKind.Podman, "podman container inspect web", 125, standardError);

    [Fact]
    public void A_typed_failure_with_a_failed_command_inside_names_the_command_line_and_exit_code()
    {
        var command = Command();
        var thrown = new ContainerNotFoundException("web", command.Operation, command.Engine, command.Reason, command);

        Assert.Equal($"Container 'web' does not exist. Command: podman container inspect web (exit code 125).{Environment.NewLine}Error: no such container web", thrown.Message);
        Assert.Same(command, thrown.InnerException);
        Assert.IsAssignableFrom<EngineOperationException>(thrown);
    }

    [Fact]
    public void A_typed_failure_without_a_command_names_the_engine_and_operation()
    {
        var thrown = new ImageNotFoundException("app:1", "image inspect", EngineKind.Docker, "No such image: app:1");

        Assert.Equal($"Image 'app:1' was not found. Operation: docker image inspect.{Environment.NewLine}No such image: app:1", thrown.Message);
        Assert.Equal(("image inspect", EngineKind.Docker, "No such image: app:1"), (thrown.Operation, thrown.Engine, thrown.Reason));
    }

    [Fact]
    public void The_command_exception_keeps_the_cli_facts_and_gives_the_base_its_trimmed_reason()
    {
        var command = Command("  Error: boom \n");

        Assert.Equal(("podman container inspect web", 125, "  Error: boom \n"), (command.CommandLine, command.ExitCode, command.StandardError));
        Assert.Equal("Error: boom", command.Reason);
    }

    [Fact]
    public void Every_engine_failure_type_is_an_engine_operation_exception()
    {
        var types = typeof(EngineOperationException).Assembly.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(OcimanException)) && t.Name.EndsWith("Exception", StringComparison.Ordinal)).ToList();

        var engineFailures = types.Where(t => t != typeof(EngineUnavailableException) && t != typeof(EngineConfigurationException) && t != typeof(PortNotPublishedException) && t != typeof(BuildContextException) && t != typeof(EngineEndpointException));

        Assert.All(engineFailures, t => Assert.True(t == typeof(EngineOperationException) || t.IsSubclassOf(typeof(EngineOperationException)), t.Name));
    }
}
