using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public sealed class ContainerCommandArgumentsSpecs
{
    private const string Id = "0123456789abcdef";

    private static readonly EngineDialect Docker = EngineDialect.For(EngineKind.Docker);

    private static readonly EngineDialect Podman = EngineDialect.For(EngineKind.Podman);

    [Fact]
    public void Start_attaches_only_when_asked()
    {
        Assert.Equal(["container", "start", Id], ContainerArguments.Start(Id));
        Assert.Equal(["container", "start", "--attach", Id], ContainerArguments.Start(Id, attach: true));
    }

    [Fact]
    public void Inspect_takes_every_container_and_IdAndName_prints_both_fields()
    {
        Assert.Equal(["container", "inspect", "a", "b"], ContainerArguments.Inspect("a", "b"));
        Assert.Equal(["container", "inspect", "--format", "{{.Id}} {{.Name}}", "web"], ContainerArguments.IdAndName("web"));
    }

    [Fact]
    public void Logs_follow_only_when_asked_and_wait_names_the_container()
    {
        Assert.Equal(["container", "logs", Id], ContainerArguments.Logs(Id));
        Assert.Equal(["container", "logs", "--follow", Id], ContainerArguments.Logs(Id, follow: true));
        Assert.Equal(["container", "wait", Id], ContainerArguments.Wait(Id));
    }

    [Theory]
    [InlineData(null, new[] { "container", "stop", Id })]
    [InlineData(0.0, new[] { "container", "stop", "--time", "0", Id })]
    [InlineData(1.2, new[] { "container", "stop", "--time", "2", Id })]
    [InlineData(10.0, new[] { "container", "stop", "--time", "10", Id })]
    public void Stop_passes_the_grace_period_in_whole_seconds_rounded_up(double? seconds, string[] expected)
    {
        Assert.Equal(expected, ContainerArguments.Stop(Id, seconds is { } s ? TimeSpan.FromSeconds(s) : null));
    }

    [Fact]
    public void A_negative_grace_period_is_misuse()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ContainerArguments.Stop(Id, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Kill_sends_the_signal_only_when_given()
    {
        Assert.Equal(["container", "kill", Id], ContainerArguments.Kill(Id, null));
        Assert.Equal(["container", "kill", "--signal", "SIGTERM", Id], ContainerArguments.Kill(Id, "SIGTERM"));
    }

    [Fact]
    public void A_forced_remove_kills_at_once_on_both_engines_and_a_plain_one_is_the_same_on_both()
    {
        Assert.Equal(["container", "rm", "--force", Id], ContainerArguments.Remove(Docker, Id, force: true));
        Assert.Equal(["container", "rm", "--force", "--time", "0", Id], ContainerArguments.Remove(Podman, Id, force: true));
        Assert.Equal(["container", "rm", Id], ContainerArguments.Remove(Docker, Id, force: false));
        Assert.Equal(["container", "rm", Id], ContainerArguments.Remove(Podman, Id, force: false));
    }

    [Fact]
    public void Commit_renders_the_format_pause_changes_and_message_before_the_container_and_image()
    {
        var options = new CommitOptions { Changes = ["CMD [\"sh\"]", "ENV A=1"], Message = "seeded" };
        var image = ImageReference.Parse("app:seeded");

        Assert.Equal(
            ["container", "commit", "--pause=false", "--change", "CMD [\"sh\"]", "--change", "ENV A=1", "--message", "seeded", Id, "app:seeded"],
            ContainerArguments.Commit(Docker, new EngineVersion(26, 1), Id, image, options));
        Assert.Equal(
            ["container", "commit", "--format", "docker", "--pause", Id, "app:seeded"],
            ContainerArguments.Commit(Podman, new EngineVersion(4, 3), Id, image, new CommitOptions { Pause = true }));
    }

    [Fact]
    public void Copy_puts_the_container_side_as_id_colon_path()
    {
        Assert.Equal(["container", "cp", $"{Id}:/etc/hosts", "/tmp/hosts"], ContainerArguments.CopyFrom(Id, "/etc/hosts", "/tmp/hosts"));
        Assert.Equal(["container", "cp", "/tmp/seed.sql", $"{Id}:/seed.sql"], ContainerArguments.CopyTo(Id, "/tmp/seed.sql", "/seed.sql"));
    }

    [Fact]
    public void List_filters_by_each_label_with_or_without_a_value()
    {
        Assert.Equal(
            ["container", "list", "--all", "--no-trunc", "--quiet", "--filter", "label=io.ociman.session=s1", "--filter", "label=team"],
            ContainerArguments.List([new("io.ociman.session", "s1"), new("team", null)]));
        Assert.Equal(["container", "list", "--all", "--no-trunc", "--quiet"], ContainerArguments.List([]));
    }

    [Fact]
    public void Network_inspect_names_the_network()
    {
        Assert.Equal(["network", "inspect", "podman"], ContainerArguments.InspectNetwork(Podman.DefaultBridgeNetwork));
    }
}

public sealed class ImageCommandArgumentsSpecs
{
    private static readonly ImageReference App = ImageReference.Parse("registry.test:5000/team/app:1.0");

    private static BuildRequest Request(string? context = "/ctx", string? dockerfile = null, string? instructions = null) =>
        new(ImageReference.Parse("app:tmp"), context, dockerfile, instructions, null, [], [], NoCache: false);

    [Fact]
    public void Inspect_remove_tag_pull_and_push_name_the_reference()
    {
        Assert.Equal(["image", "inspect", App.ToString()], ImageArguments.Inspect(App));
        Assert.Equal(["image", "rm", App.ToString()], ImageArguments.Remove(App, force: false));
        Assert.Equal(["image", "rm", "--force", App.ToString()], ImageArguments.Remove(App, force: true));
        Assert.Equal(["image", "tag", App.ToString(), "app:2"], ImageArguments.Tag(App, ImageReference.Parse("app:2")));
        Assert.Equal(["image", "pull", App.ToString()], ImageArguments.Pull(App));
        Assert.Equal(["image", "push", App.ToString()], ImageArguments.Push(App));
    }

    [Fact]
    public void List_filters_every_tag_of_the_repository()
    {
        Assert.Equal(
            ["image", "list", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=registry.test:5000/team/app:*"],
            ImageArguments.List(App.WithoutTag()));
    }

    [Fact]
    public void Import_save_load_and_prune_render_their_paths_and_filters()
    {
        Assert.Equal(["image", "import", "/tmp/rootfs.tar", "base:1"], ImageArguments.Import("/tmp/rootfs.tar", ImageReference.Parse("base:1")));
        Assert.Equal(["image", "save", "--output", "/tmp/out.tar", "a:1", "b:2"], ImageArguments.Save([ImageReference.Parse("a:1"), ImageReference.Parse("b:2")], "/tmp/out.tar"));
        Assert.Equal(["image", "load", "--input", "/tmp/out.tar"], ImageArguments.Load("/tmp/out.tar"));
        Assert.Equal(["image", "prune", "--all", "--force", "--filter", "label=io.ociman.temporary"], ImageArguments.Prune([new("io.ociman.temporary", null)]));
    }

    [Fact]
    public void A_build_carries_argument_names_but_never_their_values()
    {
        var request = Request() with { BuildArguments = [new("TOKEN", "s3cret")], Labels = [new("team", "a")], Target = "test", NoCache = true };

        var args = ImageArguments.Build(EngineDialect.For(EngineKind.Docker), request);

        Assert.Equal(["build", "--tag", "app:tmp", "--build-arg", "TOKEN", "--label", "team=a", "--target", "test", "--no-cache", "/ctx"], args);
        Assert.DoesNotContain(args, a => a.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_podman_build_asks_for_the_docker_format_and_a_dockerfile_comes_before_the_context()
    {
        Assert.Equal(
            ["build", "--tag", "app:tmp", "--format", "docker", "--file", "/ctx/Other.Dockerfile", "/ctx"],
            ImageArguments.Build(EngineDialect.For(EngineKind.Podman), Request(dockerfile: "/ctx/Other.Dockerfile")));
    }

    [Fact]
    public void An_inline_build_reads_its_instructions_from_standard_input()
    {
        Assert.Equal(["build", "--tag", "app:tmp", "-"], ImageArguments.Build(EngineDialect.For(EngineKind.Docker), Request(context: null, instructions: "FROM scratch")));
    }

    [Fact]
    public void A_build_without_context_or_instructions_is_misuse()
    {
        Assert.Throws<ArgumentException>(() => ImageArguments.Build(EngineDialect.For(EngineKind.Docker), Request(context: null)));
    }

    [Fact]
    public void Bake_reads_its_definition_from_standard_input_and_the_podman_service_listens_on_the_socket()
    {
        Assert.Equal(["buildx", "bake", "--file", "-", BakeDefinition.TargetName], ImageArguments.Bake());
        Assert.Equal(["system", "service", "--time", "10", "unix:///run/x/podman.sock"], ImageArguments.PodmanService("/run/x/podman.sock", 10));
    }

    [Theory]
    [InlineData(new[] { "container", "inspect", "--format", "x", "id" }, "container inspect")]
    [InlineData(new[] { "build", "--tag", "a", "/ctx" }, "build")]
    [InlineData(new[] { "--version" }, "version")]
    [InlineData(new[] { "image", "exists", "--", "a" }, "image exists")]
    public void The_operation_of_a_command_is_its_leading_words(string[] arguments, string operation)
    {
        Assert.Equal(operation, CliInvocation.OperationOf(arguments));
        Assert.Equal(operation, new CliInvocation(arguments).Operation);
    }
}
