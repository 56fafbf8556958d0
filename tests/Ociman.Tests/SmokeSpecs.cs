namespace Ociman.Tests;

public class EngineKindSpecs
{
    [Theory]
    [InlineData(EngineKind.Docker, "docker")]
    [InlineData(EngineKind.Podman, "podman")]
    public void Engine_kinds_have_their_cli_names(EngineKind kind, string expected) => Assert.Equal(expected, kind.ToCliName());
}
