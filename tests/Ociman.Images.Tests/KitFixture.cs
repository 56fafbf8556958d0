using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Ociman.Images.Tests;

/// <summary>One engine (chosen by <c>OCIMAN_BACKEND</c>) with a recording logger, the kit's images made once, and the run's label.</summary>
/// <remarks>
/// The images are made lazily by the first test that needs them (under that test's timeout) and the time it took is kept,
/// so the first run on a machine reports the cold build times. At the end the fixture fails the run if a container
/// carrying this run's label is left.
/// </remarks>
public sealed class KitFixture : IAsyncLifetime
{
    public const string RunLabel = "io.ociman.test-run";

    private readonly Lazy<Task<ImageReference>> _debian;
    private readonly Lazy<Task<ImageReference>> _postgres;
    private readonly Lazy<Task<ImageReference>> _redis;

    public KitFixture()
    {
        _debian = new(async () =>
        {
            var stopwatch = Stopwatch.StartNew();
            var image = await OfflineImages.DebianBaseAsync(Engine);
            DebianFirstCall = stopwatch.Elapsed;
            return image;
        });
        _postgres = new(async () =>
        {
            await _debian.Value;
            var stopwatch = Stopwatch.StartNew();
            var image = await OfflineImages.PostgresAsync(Engine);
            PostgresFirstCall = stopwatch.Elapsed;
            return image;
        });
        _redis = new(async () =>
        {
            await _debian.Value;
            return await OfflineImages.RedisAsync(Engine);
        });
    }

    public string RunId { get; } = Guid.NewGuid().ToString("N");

    public RecordingLoggerFactory Logs { get; } = new();

    public Engine Engine { get; private set; } = null!;

    /// <summary>How long the first <see cref="OfflineImages.DebianBaseAsync"/> call took (cold on a fresh machine).</summary>
    public TimeSpan? DebianFirstCall { get; private set; }

    /// <summary>How long the first <see cref="OfflineImages.PostgresAsync"/> call took, after the Debian base was ready.</summary>
    public TimeSpan? PostgresFirstCall { get; private set; }

    public async Task InitializeAsync() =>
        Engine = await Engine.DetectAsync(new EngineOptions { LoggerFactory = Logs });

    public Task<ImageReference> DebianAsync() => _debian.Value;

    public Task<ImageReference> PostgresAsync() => _postgres.Value;

    public Task<ImageReference> RedisAsync() => _redis.Value;

    public async Task DisposeAsync()
    {
        if (Engine is null)
        {
            return;
        }

        var leftovers = await Engine.ListContainersAsync([new(RunLabel, RunId)]);
        if (leftovers.Count > 0)
        {
            await Engine.RemoveContainersAsync(RunLabel, RunId);
            throw new InvalidOperationException(
                $"{leftovers.Count} container(s) labelled {RunLabel}={RunId} were left behind by the tests: "
                + string.Join(", ", leftovers.Select(c => $"{c.Id[..12]} ({c.State})")));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KitCollection : ICollectionFixture<KitFixture>
{
    public const string Name = "kit";
}

/// <summary>One log entry as the engine wrote it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message);

/// <summary>A logger factory that keeps every entry in memory.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception)));
    }
}
