namespace Ociman.Testing.Tests;

public sealed class SnapshotKeySpecs
{
    private const string BaseId = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private static readonly ContainerDefinition Definition = ContainerDefinition.For("ociman-test/pg").WithEnvironment("POSTGRES_PASSWORD", "pw");
    private static readonly SeedStep Schema = Seed.PipeText("CREATE TABLE t(x int);", "psql", "-U", "postgres");
    private static readonly SeedStep Data = Seed.PipeText("INSERT INTO t VALUES (1);", "psql", "-U", "postgres");

    private static Task<string> Key(string baseId, ContainerDefinition definition, params SeedStep[] seeds) =>
        SnapshotKey.ComputeAsync(baseId, definition, seeds);

    [Fact]
    public async Task The_same_inputs_give_the_same_key()
    {
        Assert.Equal(await Key(BaseId, Definition, Schema, Data), await Key(BaseId, Definition, Schema, Data));
        Assert.Matches("^[0-9a-f]{64}$", await Key(BaseId, Definition, Schema, Data));
    }

    [Fact]
    public async Task Seed_order_changes_the_key() =>
        Assert.NotEqual(await Key(BaseId, Definition, Schema, Data), await Key(BaseId, Definition, Data, Schema));

    [Fact]
    public async Task Another_base_image_changes_the_key() =>
        Assert.NotEqual(
            await Key(BaseId, Definition, Schema),
            await Key("sha256:2222222222222222222222222222222222222222222222222222222222222222", Definition, Schema));

    [Fact]
    public async Task An_environment_value_changes_the_key() =>
        Assert.NotEqual(await Key(BaseId, Definition, Schema), await Key(BaseId, Definition.WithEnvironment("POSTGRES_PASSWORD", "other"), Schema));

    [Fact]
    public async Task The_seed_kind_is_part_of_the_key()
    {
        var asScript = Seed.Script("CREATE TABLE t(x int);", "psql");
        Assert.NotEqual(await Key(BaseId, Definition, Schema), await Key(BaseId, Definition, asScript));
    }

    [Fact]
    public async Task Moving_text_between_seed_arguments_and_input_changes_the_key()
    {
        var a = Seed.PipeText("b", "sh", "a");
        var b = Seed.PipeText("ab", "sh");
        Assert.NotEqual(await Key(BaseId, Definition, a), await Key(BaseId, Definition, b));
    }

    [Fact]
    public async Task A_piped_file_enters_the_key_by_content()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ociman-seed-{Guid.NewGuid():N}.sql");
        try
        {
            await File.WriteAllTextAsync(path, "CREATE TABLE a(x int);");
            var first = await Key(BaseId, Definition, Seed.PipeFile(path, "psql"));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-3));
            Assert.Equal(first, await Key(BaseId, Definition, Seed.PipeFile(path, "psql")));
            await File.WriteAllTextAsync(path, "CREATE TABLE b(x int);");
            Assert.NotEqual(first, await Key(BaseId, Definition, Seed.PipeFile(path, "psql")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task No_seeds_and_one_empty_script_differ() =>
        Assert.NotEqual(await Key(BaseId, Definition), await Key(BaseId, Definition, Seed.Script(string.Empty)));
}

public sealed class SetupSpecs
{
    [Fact]
    public void A_snapshot_name_with_a_tag_is_refused_with_a_message_naming_it()
    {
        var setup = new ContainerSetup(ContainerDefinition.For("busybox"));
        var ex = Assert.Throws<ArgumentException>(() => setup.WithSnapshot("snap:v1"));
        Assert.Contains("'snap:v1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_snapshot_name_is_a_format_error() =>
        Assert.Throws<FormatException>(() => new ContainerSetup(ContainerDefinition.For("busybox")).WithSnapshot("Bad Name"));

    [Fact]
    public void Readiness_checks_and_seeds_append_in_order()
    {
        var setup = new ContainerSetup(ContainerDefinition.For("busybox"))
            .WaitFor(Ready.TcpPort(80)).WaitFor(Ready.LogContains("up"))
            .SeedWith(Seed.Exec("true")).SeedWith(Seed.Exec("false"));

        Assert.Equal(["TCP port 80 listens in the container and accepts connections from the host", "the log contains 'up'"], setup.Readiness.Select(r => r.Description));
        Assert.Equal(["run `true`", "run `false`"], setup.Seeds.Select(s => s.Description));
    }

    [Fact]
    public void Seeding_from_a_missing_file_is_refused_before_anything_runs()
    {
        var ex = Assert.Throws<ArgumentException>(() => Seed.PipeFile("/nonexistent/schema.sql", "psql"));
        Assert.Contains("/nonexistent/schema.sql", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copying_to_a_relative_container_path_is_refused()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Throws<ArgumentException>(() => Seed.CopyIn(file, "relative/path"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_zero_readiness_timeout_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContainerSetup(ContainerDefinition.For("busybox")).WithReadinessTimeout(TimeSpan.Zero));
}

public sealed class TestHostSpecs
{
    [Theory]
    [InlineData(null, "127.0.0.1")]
    [InlineData("", "127.0.0.1")]
    [InlineData("unix:///var/run/docker.sock", "127.0.0.1")]
    [InlineData("tcp://10.1.2.3:2375", "10.1.2.3")]
    [InlineData("ssh://me@build-host", "build-host")]
    [InlineData("tcp://[::1]:2375", "::1")]
    public void Published_ports_are_reached_at_the_engines_host(string? endpoint, string expected) =>
        Assert.Equal(expected, TestHost.FromEndpoint(endpoint));
}

public sealed class SessionSpecs
{
    [Fact]
    public void This_process_is_alive_by_its_own_labels() => Assert.True(TestSession.IsOwnerAlive(TestSession.Labels));

    [Fact]
    public void A_reused_pid_with_another_start_time_is_not_the_owner()
    {
        var labels = new Dictionary<string, string>(TestSession.Labels) { [TestSession.OwnerStartLabel] = "1" };
        Assert.False(TestSession.IsOwnerAlive(labels));
    }

    [Fact]
    public void A_pid_that_does_not_exist_is_not_alive()
    {
        var labels = new Dictionary<string, string>(TestSession.Labels) { [TestSession.OwnerPidLabel] = "99999999" };
        Assert.False(TestSession.IsOwnerAlive(labels));
    }

    [Fact]
    public void Labels_without_an_owner_pid_mean_no_owner() =>
        Assert.False(TestSession.IsOwnerAlive(new Dictionary<string, string> { [TestSession.SessionLabel] = "x" }));

    [Fact]
    public void Session_labels_name_the_session_process_and_host()
    {
        var labels = TestSession.Labels;
        Assert.Equal(TestSession.Id, labels[TestSession.SessionLabel]);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), labels[TestSession.OwnerPidLabel]);
        Assert.Equal(Environment.MachineName, labels[TestSession.OwnerHostLabel]);
    }

    [Fact]
    public void Labelling_a_definition_adds_the_session_labels_and_keeps_its_own()
    {
        var labelled = TestSession.Label(ContainerDefinition.For("busybox").WithLabel("mine", "1"));
        Assert.Equal("1", labelled.Labels["mine"]);
        Assert.Equal(TestSession.Id, labelled.Labels[TestSession.SessionLabel]);
    }
}

public sealed class AvailabilitySpecs
{
    [Fact]
    public void Without_an_engine_tests_skip_unless_required()
    {
        var failure = new InvalidOperationException("docker: not found");
        Assert.True(new EngineAvailability(null, failure, Required: false).ShouldSkip);
        Assert.False(new EngineAvailability(null, failure, Required: true).ShouldSkip);
    }

    [Fact]
    public void A_required_engine_that_is_missing_throws_with_the_cause()
    {
        var failure = new InvalidOperationException("docker: not found");
        var ex = Assert.Throws<EngineRequiredException>(() => new EngineAvailability(null, failure, Required: true).GetEngineOrThrow());
        Assert.Same(failure, ex.InnerException);
        Assert.Contains("docker: not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OCIMAN_REQUIRE_ENGINE", ex.Message, StringComparison.Ordinal);
    }
}
