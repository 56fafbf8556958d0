using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Ociman;

// One contender in the cross-process build race (tests/Ociman.IntegrationTests/Images/ConcurrencySpecs.cs).
//
//   dotnet Ociman.BuildRace.dll <docker|podman> <context directory> <output file> [<label key>=<value>]...
//
// With OCIMAN_RACE_CLI set, the engine's CLI is run by that path.
//
// Builds the context with BuildIfAbsentAsync under the content-addressed name ociman-it/race and writes to the output
// file: the reference on the first line, then one line per build event Ociman logged ("1300 Building image …",
// "1301 Built image …", "1302 Image … is present; no build needed"). Exit code 0 on success, 1 on failure (the
// exception is written to the output file and to standard error), 2 on bad arguments.
//
// A second use (tests/Ociman.IntegrationTests/Api/PrivatePodmanServiceSpecs.cs):
//
//   dotnet Ociman.BuildRace.dll --hold-api-engine <docker|podman> <output file>
//
// Connects to the engine through the API transport, writes the socket of the private Podman service it started
// (event 1405) or "none" to the output file, then waits until it is killed.
if (args is ["--hold-api-engine", var engineName, var holdOutput] && Enum.TryParse<EngineKind>(engineName, ignoreCase: true, out var holdKind))
{
    var started = new ConcurrentQueue<string>();
    using var recorder = new EventRecorder(started, 1405);
    await Engine.ConnectAsync(holdKind, new EngineOptions { Transport = EngineTransport.Api, LoggerFactory = recorder });
    var socket = started.Select(e => e.Split(" on ", 2)[1].Split(' ', 2)[0]).FirstOrDefault() ?? "none";
    await File.WriteAllTextAsync(holdOutput + ".tmp", socket + Environment.NewLine);
    File.Move(holdOutput + ".tmp", holdOutput);
    await Task.Delay(Timeout.Infinite);
    return 0;
}

if (args.Length < 3 || !Enum.TryParse<EngineKind>(args[0], ignoreCase: true, out var kind) || args[3..].Any(l => !l.Contains('=', StringComparison.Ordinal)))
{
    await Console.Error.WriteLineAsync("usage: Ociman.BuildRace <docker|podman> <context directory> <output file> [<label key>=<value>]...");
    return 2;
}

var (context, output) = (args[1], args[2]);
var events = new ConcurrentQueue<string>();
using var loggerFactory = new EventRecorder(events);
try
{
    // OCIMAN_RACE_CLI: the engine's CLI as this contender spells its path (contenders may spell it differently).
    var cli = Environment.GetEnvironmentVariable("OCIMAN_RACE_CLI");
    var executables = cli is { Length: > 0 } ? new Dictionary<EngineKind, string> { [kind] = cli } : new Dictionary<EngineKind, string>();
    var engine = await Engine.ConnectAsync(kind, new EngineOptions { LoggerFactory = loggerFactory, Executables = executables });

    // No build cache: should two contenders both build, both really run every RUN step, so a counter that a RUN
    // step calls counts builds, not cache misses. (NoCache is not part of the content hash.)
    var build = ImageBuild.FromDirectory(context).WithContentAddressedTag("ociman-it/race").WithNoCache();
    foreach (var label in args[3..])
    {
        var (key, value) = (label[..label.IndexOf('=', StringComparison.Ordinal)], label[(label.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        build = build.WithLabel(key, value);
    }

    var reference = await engine.BuildIfAbsentAsync(build);
    var text = new StringBuilder().AppendLine(reference.ToString());
    foreach (var e in events)
    {
        text.AppendLine(e);
    }

    await File.WriteAllTextAsync(output, text.ToString());
    return 0;
}
catch (Exception ex) when (ex is OcimanException or IOException or ArgumentException)
{
    await File.WriteAllTextAsync(output, "FAILED" + Environment.NewLine + ex + Environment.NewLine + string.Join(Environment.NewLine, events));
    await Console.Error.WriteLineAsync(ex.ToString());
    return 1;
}

/// <summary>Keeps Ociman's image build events (ids 1300–1399), or the one event given, as "id message" lines.</summary>
internal sealed class EventRecorder(ConcurrentQueue<string> events, int? only = null) : ILoggerFactory, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (only is int id ? eventId.Id == id : eventId.Id is >= 1300 and < 1400)
        {
            events.Enqueue($"{eventId.Id} {formatter(state, exception)}");
        }
    }

    public void Dispose()
    {
    }
}
