using System.Collections.Concurrent;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;
using Ociman.IntegrationTests.Support;

namespace Ociman.IntegrationTests.Images;

/// <summary>Helpers for the image specs: unique names, throw-away build contexts, labelled builds and cleanup.</summary>
internal static class ImageTestKit
{
    /// <summary>A unique id for one test: goes into image tags and into the Dockerfile's <c>/test-id</c> line.</summary>
    public static string UniqueId() => Guid.NewGuid().ToString("N")[..16];

    /// <summary><c>ociman-it/&lt;what&gt;</c>, a repository name for test images.</summary>
    public static ImageReference Repository(string what) => ImageReference.Parse($"ociman-it/{what}");

    /// <summary><c>ociman-it/&lt;what&gt;:&lt;unique tag&gt;</c>.</summary>
    public static ImageReference UniqueImage(string what) => Repository(what).WithTag("t" + UniqueId());

    /// <summary>The first lines of every test Dockerfile: the BusyBox base and a unique layer, so concurrent builds never share layers.</summary>
    public static string Header(EngineFixture fx, string id) => $"FROM {fx.BusyBox}\nRUN echo '{id}' > /test-id\n";

    /// <summary>A build from inline instructions (after <see cref="Header"/>), labelled with the run.</summary>
    public static ImageBuild Inline(EngineFixture fx, string id, string moreInstructions = "") =>
        ImageBuild.FromInstructions(Header(fx, id) + moreInstructions).WithLabel(EngineFixture.RunLabel, fx.RunId);

    /// <summary>A container definition that runs <paramref name="command"/> in <paramref name="image"/>, labelled with the run.</summary>
    public static ContainerDefinition RunIn(EngineFixture fx, ImageReference image, params string[] command) =>
        ContainerDefinition.For(image).WithLabel(EngineFixture.RunLabel, fx.RunId).WithArguments(command);

    /// <summary>Runs <paramref name="command"/> in <paramref name="image"/> and returns its standard output (asserting exit code 0).</summary>
    public static async Task<string> OutputOfAsync(EngineFixture fx, ImageReference image, params string[] command)
    {
        var result = await fx.Engine.RunAsync(RunIn(fx, image, command));
        Assert.True(result.ExitCode == 0, $"`{string.Join(' ', command)}` in {image} exited with {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>Waits (up to 90 s) until a host process's command line holds <paramref name="marker"/> while <paramref name="building"/> runs.</summary>
    public static async Task AssertStepRunsAsync(Task building, string marker)
    {
        var stepRunning = await Eventually.TrueAsync(
            () => Task.FromResult(building.IsCompleted || HostProcesses.AllCommandLines().Any(l => l.Contains(marker, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(90),
            TimeSpan.FromMilliseconds(20));
        Assert.True(stepRunning && !building.IsCompleted, "The RUN step never started.");
    }

    /// <summary>Runs the engine's CLI with <paramref name="arguments"/> and returns its standard output (asserting success).</summary>
    public static async Task<string> CliOutputAsync(Engine engine, params string[] arguments)
    {
        // Podman 4.3's listing fails ("determining buildah container … container not known") when any build container,
        // ours or another user's, goes away while it lists; that is the listing's race, not the build's, so list again.
        BufferedCommandResult result;
        var attempts = 0;
        do
        {
            result = await Cli.Wrap(engine.ExecutablePath).WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        }
        while (result.ExitCode != 0 && result.StandardError.Contains("container not known", StringComparison.Ordinal) && ++attempts < 10);

        Assert.True(result.ExitCode == 0, $"`{engine.ExecutablePath} {string.Join(' ', arguments)}` failed: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>Removes the images (forced) if present; never throws, so it can sit in a finally block.</summary>
    public static async Task RemoveQuietlyAsync(Engine engine, params ImageReference?[] images)
    {
        foreach (var image in images)
        {
            if (image is null)
            {
                continue;
            }

            try
            {
                if (await engine.ImageExistsAsync(image))
                {
                    await engine.RemoveImageAsync(image, force: true);
                }
            }
            catch (OcimanException)
            {
                // Best effort: the assertion that failed matters more than the cleanup.
            }
        }
    }
}

/// <summary>A temporary directory, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("ociman-it-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes a file (creating directories) relative to the directory and returns its full path.</summary>
    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A logger factory that records every event (id and message) written through it.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(int EventId, string Message)> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(Events);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(ConcurrentQueue<(int, string)> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue((eventId.Id, formatter(state, exception)));
    }
}
