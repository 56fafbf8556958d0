using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ociman.Benchmarks;

/// <summary>Collects Ociman's "Finished {CommandLine} … in {ElapsedMilliseconds} ms" events (id 1001): one per CLI process.</summary>
public sealed class CommandRecorder : ILoggerProvider, ILogger
{
    public ConcurrentQueue<(string CommandLine, long Milliseconds)> Commands { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id != 1001 || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }

        var commandLine = values.FirstOrDefault(v => v.Key == "CommandLine").Value as string ?? "?";
        var ms = values.FirstOrDefault(v => v.Key == "ElapsedMilliseconds").Value is long l ? l : 0;
        Commands.Enqueue((commandLine, ms));
    }

    public void Clear() => Commands.Clear();

    public void Dispose()
    {
    }

    /// <summary>"container run", "image inspect", … : the first two words after the executable, options left out.</summary>
    public static string Verb(string commandLine)
    {
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(w => !w.StartsWith('-')).Take(2).ToArray();
        return words.Length == 2 && words[0] is "container" or "image" or "network" or "volume" or "system" or "healthcheck" ? string.Join(' ', words) : words.FirstOrDefault() ?? "?";
    }
}
