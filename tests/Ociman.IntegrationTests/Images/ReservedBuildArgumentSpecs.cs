using CliWrap;
using CliWrap.Buffered;
using Ociman.IntegrationTests.Support;
using static Ociman.IntegrationTests.Images.ImageTestKit;

namespace Ociman.IntegrationTests.Images;

/// <summary>
/// Builds whose arguments have names the engine CLI reads itself (<c>HTTPS_PROXY</c>, <c>XDG_*</c>…): their values
/// cannot travel through the CLI's environment, and must still never reach a command line.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ReservedBuildArgumentSpecs(EngineFixture fx) : ImageSpecs
{
    protected override EngineFixture Fixture => fx;

    // `$`, `%{` and `${…}` are what a template language would interpret, quotes and spaces what a shell would.
    private static string NewProxy() => $"http://user:pa$$w%{{rd}}${{HOME}}'\" x-{Guid.NewGuid():N}@proxy.invalid:3128";

    [Fact(Timeout = 180_000)]
    public async Task Values_of_build_arguments_the_CLI_reads_itself_reach_the_build_and_never_a_command_line()
    {
        var id = UniqueId();
        var proxy = NewProxy();
        var configHome = $"/config-{Guid.NewGuid():N}";
        var normal = $"normal-{Guid.NewGuid():N}";
        var image = UniqueImage("reserved-args");
        var build = Inline(fx, id, $"""
            ARG HTTPS_PROXY
            ARG XDG_CONFIG_HOME
            ARG NORMAL
            RUN sleep 2 && printf '%s|%s|%s' "$HTTPS_PROXY" "$XDG_CONFIG_HOME" "$NORMAL" > /args # {id}

            """)
            .WithBuildArgument("HTTPS_PROXY", proxy)
            .WithBuildArgument("XDG_CONFIG_HOME", configHome)
            .WithBuildArgument("NORMAL", normal)
            .WithTag(image);
        try
        {
            var seen = await WatchCommandLinesAsync(() => fx.Engine.BuildAsync(build), [proxy, configHome, normal, id]);

            Assert.Contains(seen, l => l.Contains($"# {id}", StringComparison.Ordinal)); // the watch ran while the RUN step did
            Assert.DoesNotContain(seen, l => l.Contains(proxy, StringComparison.Ordinal) || l.Contains(configHome, StringComparison.Ordinal) || l.Contains(normal, StringComparison.Ordinal));
            Assert.Equal($"{proxy}|{configHome}|{normal}", await OutputOfAsync(fx, image, "cat", "/args"));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Such_a_build_leaves_no_helper_process_and_no_copy_of_the_values_in_the_CLIs_state()
    {
        var before = CliTempLeftovers();
        var proxy = NewProxy();
        var image = UniqueImage("reserved-state");
        try
        {
            await fx.Engine.BuildAsync(Inline(fx, UniqueId(), "ARG HTTP_PROXY\nRUN test -n \"$HTTP_PROXY\"\n").WithBuildArgument("HTTP_PROXY", proxy).WithTag(image));

            Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
            Assert.Empty(FilesContaining(BuildxStateDirectory(), proxy));
            Assert.Empty(CliTempLeftovers().Except(before));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task A_directory_build_with_such_arguments_honours_dockerignore_the_Dockerfile_path_target_and_labels()
    {
        using var ctx = new TempDir();
        using var elsewhere = new TempDir();
        var id = UniqueId();
        ctx.Write(".dockerignore", "secret.txt\nlogs/\n!logs/keep.txt\n");
        ctx.Write("data.txt", "from the context\n");
        ctx.Write("secret.txt", "must not be sent\n");
        ctx.Write("logs/drop.txt", "dropped\n");
        ctx.Write("logs/keep.txt", "kept\n");
        var dockerfile = elsewhere.Write("outside.Dockerfile", $"""
            FROM {fx.BusyBox} AS first
            ARG SSL_CERT_DIR
            COPY . /ctx/
            RUN echo '{id}' > /test-id && echo "$SSL_CERT_DIR" > /cert-dir
            FROM first AS second
            RUN echo 'second stage' > /stage

            """);
        var image = UniqueImage("reserved-dir");
        try
        {
            var build = Labelled(ImageBuild.FromDirectory(ctx.Path, dockerfile))
                .WithBuildArgument("SSL_CERT_DIR", "/etc/ssl/$certs %{x}")
                .WithLabel("org.example.role", "under $test %{x}")
                .WithTarget("first")
                .WithNoCache()
                .WithTag(image);
            await fx.Engine.BuildAsync(build);

            Assert.Equal(".dockerignore\ndata.txt\nlogs\nlogs/keep.txt\n", await OutputOfAsync(fx, image, "sh", "-c", "cd /ctx && find . -mindepth 1 | sed 's|^./||' | sort"));
            Assert.Equal("/etc/ssl/$certs %{x}\n", await OutputOfAsync(fx, image, "cat", "/cert-dir"));
            Assert.Equal(1, (await fx.Engine.RunAsync(RunIn(fx, image, "test", "-e", "/stage"))).ExitCode);
            Assert.Equal("under $test %{x}", (await fx.Engine.InspectImageAsync(image)).Labels["org.example.role"]);
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task A_content_addressed_build_with_such_arguments_gets_the_same_tag_as_without_the_new_path()
    {
        var build = Inline(fx, UniqueId(), "ARG NO_PROXY\nRUN echo \"$NO_PROXY\" > /no-proxy\n")
            .WithBuildArgument("NO_PROXY", "localhost,.internal")
            .WithContentAddressedTag(Repository("reserved-hash-" + UniqueId()));
        ImageReference? built = null;
        try
        {
            var expected = await fx.Engine.ComputeReferenceAsync(build);
            built = await fx.Engine.BuildIfAbsentAsync(build);

            Assert.Equal(expected, built);
            Assert.Equal("localhost,.internal\n", await OutputOfAsync(fx, built, "cat", "/no-proxy"));
            Assert.Equal(built, await fx.Engine.BuildIfAbsentAsync(build));
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, built);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task A_failed_build_with_such_arguments_throws_with_the_last_lines_and_without_the_values()
    {
        var id = UniqueId();
        var proxy = NewProxy();
        var name = Repository("reserved-failing-" + id);
        var build = Inline(fx, id, $"ARG FTP_PROXY\nRUN echo 'about to fail {id}' && exit 3\n").WithBuildArgument("FTP_PROXY", proxy).WithContentAddressedTag(name);

        var thrown = await Assert.ThrowsAsync<ImageBuildException>(() => fx.Engine.BuildIfAbsentAsync(build));

        Assert.Contains("about to fail " + id, thrown.Message, StringComparison.Ordinal);
        var command = Assert.IsType<EngineCommandException>(thrown.InnerException);
        Assert.NotEqual(0, command.ExitCode);
        Assert.DoesNotContain(proxy, thrown.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(proxy, command.CommandLine, StringComparison.Ordinal);
        Assert.Empty(await fx.Engine.ListImagesAsync(name));
        Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
    }

    [Fact(Timeout = 180_000)]
    public async Task Cancelling_a_build_with_such_arguments_ends_its_steps_and_everything_Ociman_started()
    {
        var id = UniqueId();
        var baseImage = Repository("reserved-cancel-base-" + id).WithTag("1");
        var image = UniqueImage("reserved-cancel");
        await BuildBaseAsync(baseImage, id);
        try
        {
            // The step's main process is a shell without a trap (PID 1 ignores SIGTERM), so only a kill ends it early; its
            // $0 marks it in the process list (a shell would exec a lone `sleep`, dropping any marker).
            var marker = $"ociman-step-{id}";
            var build = Labelled(ImageBuild.FromInstructions($"FROM {baseImage}\nARG HTTPS_PROXY\nRUN sh -c 'sleep 47; :' {marker}\n"))
                .WithBuildArgument("HTTPS_PROXY", NewProxy())
                .WithTag(image);
            using var cts = new CancellationTokenSource();
            var building = fx.Engine.BuildAsync(build, cts.Token);
            await AssertStepRunsAsync(building, marker);

            await cts.CancelAsync();
            var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => building);

            Assert.Equal(cts.Token, thrown.CancellationToken);
            await AssertNothingLeftAsync(marker, image);
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image, baseImage);
        }
    }

    // Cancellation lands a given time after Ociman chose the route (the Debug event 1303): while the helper starts, while
    // the context is sent, or while a step runs.
    [Theory(Timeout = 180_000)]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(250)]
    [InlineData(700)]
    [InlineData(1500)]
    public async Task Cancelling_a_build_with_such_arguments_at_any_moment_leaves_no_image_process_or_build_container(int delayMilliseconds)
    {
        var id = UniqueId();
        var baseImage = Repository("reserved-cancel-base-" + id).WithTag("1");
        var image = UniqueImage("reserved-cancel-at");
        var marker = $"ociman-step-{id}";
        await BuildBaseAsync(baseImage, id);
        try
        {
            using var cts = new CancellationTokenSource();
            var logs = new ListLoggerFactory();
            logs.Logged += e =>
            {
                if (e.EventId.Id == 1303)
                {
                    cts.CancelAfter(TimeSpan.FromMilliseconds(delayMilliseconds));
                }
            };
            var engine = await Engine.ConnectAsync(fx.Engine.Kind, new EngineOptions { LoggerFactory = logs });
            var build = Labelled(ImageBuild.FromInstructions($"FROM {baseImage}\nARG HTTPS_PROXY\nRUN sh -c 'sleep 4; :' {marker}\n"))
                .WithBuildArgument("HTTPS_PROXY", NewProxy())
                .WithTag(image);

            var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.BuildAsync(build, cts.Token));

            Assert.Equal(cts.Token, thrown.CancellationToken);
            await AssertNothingLeftAsync(marker, image);
        }
        finally
        {
            await RemoveQuietlyAsync(fx.Engine, image, baseImage);
        }
    }

    /// <summary>
    /// A base image of this test's own: every image built on it (the intermediate images of a layered build too)
    /// inherits its test-case label, so the build containers of a cancelled build can be told from anyone else's.
    /// </summary>
    private async Task BuildBaseAsync(ImageReference baseImage, string id) =>
        await fx.Engine.BuildAsync(Labelled(ImageBuild.FromInstructions($"FROM {fx.BusyBox}\nRUN echo '{id}' > /base-id\n")).WithTag(baseImage));

    /// <summary>After a cancelled build: its step has ended, no engine process of ours runs, no image and (Podman) no build container remain.</summary>
    private async Task AssertNothingLeftAsync(string stepMarker, ImageReference image)
    {
        Assert.True(
            await Eventually.TrueAsync(() => Task.FromResult(!HostProcesses.AllCommandLines().Any(l => l.Contains(stepMarker, StringComparison.Ordinal))), TimeSpan.FromSeconds(15)),
            "The build step is still running after the cancelled build returned.");
        Assert.Empty(await HostProcesses.EngineCliChildrenAfterSettlingAsync());
        Assert.False(await fx.Engine.ImageExistsAsync(image));
        Assert.Empty(await BuildContainersOfThisTestAsync());
    }

    /// <summary>Runs <paramref name="action"/> while reading every process's command line every few milliseconds; returns the lines holding any of <paramref name="needles"/>.</summary>
    private static async Task<IReadOnlyList<string>> WatchCommandLinesAsync(Func<Task> action, IReadOnlyList<string> needles)
    {
        var seen = new List<string>();
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                seen.AddRange(HostProcesses.AllCommandLines().Where(l => needles.Any(n => l.Contains(n, StringComparison.Ordinal))));
                await Task.Delay(10);
            }
        });

        try
        {
            await action();
        }
        finally
        {
            await watching.CancelAsync();
            await watcher;
        }

        return seen;
    }

    /// <summary>Where buildx keeps its local state (what <c>docker buildx</c> reads <c>BUILDX_CONFIG</c>, <c>DOCKER_CONFIG</c> and <c>HOME</c> for).</summary>
    private static string BuildxStateDirectory() =>
        Environment.GetEnvironmentVariable("BUILDX_CONFIG") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } docker ? docker : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"), "buildx");

    private static List<string> FilesContaining(string directory, string text)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f).Contains(text, StringComparison.Ordinal))];
    }

    /// <summary>Podman's build containers (which <c>ps -a</c> does not list) made from an image carrying this test's label; none on Docker.</summary>
    private async Task<IReadOnlyList<string>> BuildContainersOfThisTestAsync()
    {
        if (fx.Engine.Kind != EngineKind.Podman)
        {
            return [];
        }

        var images = (await PodmanAsync("image", "list", "--all", "--quiet", "--filter", $"label={CaseLabel}={CaseId}")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var containers = await PodmanAsync("container", "list", "--all", "--external", "--format", "{{.ID}} {{.Names}} {{.ImageID}}");
        return [.. containers.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => images.Contains(l.Split(' ')[^1].Trim()))];
    }

    private Task<string> PodmanAsync(params string[] arguments) => CliOutputAsync(fx.Engine, arguments);
}
