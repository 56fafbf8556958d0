using Microsoft.Extensions.Logging;
using Ociman.Tests.Support;

namespace Ociman.Tests.Images;

public sealed class ProgressReporterSpecs : IDisposable
{
    private readonly ListLoggerFactory _log = new();
    private TimeSpan _now = TimeSpan.Zero;

    private ProgressReporter Reporter(IProgress<EngineProgress>? progress = null, IEnumerable<string>? secrets = null) =>
        new(_log.CreateLogger("Ociman.Engine"), "image build", "app:1", progress, TimeSpan.FromSeconds(5), () => _now, secrets);

    public void Dispose() => _log.Dispose();

    [Fact]
    public void A_quick_operations_lines_go_to_the_hook_and_to_debug_only()
    {
        var seen = new List<EngineProgress>();
        var reporter = Reporter(new Synchronous(seen.Add));

        _now = TimeSpan.FromSeconds(1);
        reporter.Report("STEP 1/2: FROM busybox\r\n");
        reporter.Report("   ");
        _now = TimeSpan.FromSeconds(2);
        reporter.Report("STEP 2/2: RUN true");

        Assert.Equal(["STEP 1/2: FROM busybox", "STEP 2/2: RUN true"], seen.Select(p => p.Line));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], seen.Select(p => p.Elapsed));
        Assert.All(seen, p => Assert.Equal(("image build", "app:1"), (p.Operation, p.Subject)));
        Assert.Equal("image build app:1: STEP 2/2: RUN true", seen[1].ToString());
        Assert.All(_log.Entries, e => Assert.Equal((LogLevel.Debug, 1307), (e.Level, e.EventId.Id)));
        Assert.Equal(["image build app:1: STEP 1/2: FROM busybox", "image build app:1: STEP 2/2: RUN true"], _log.Entries.Select(e => e.Message));
    }

    [Fact]
    public void A_slow_operation_says_so_repeats_its_lines_so_far_and_goes_on_at_information()
    {
        var reporter = Reporter();
        reporter.Report("one");
        reporter.Report("two");

        _now = TimeSpan.FromSeconds(7);
        reporter.Report("three");
        reporter.Report("four");

        var information = _log.Entries.Where(e => e.Level == LogLevel.Information).ToList();
        Assert.Equal([1308, 1309, 1309, 1309, 1309], information.Select(e => e.EventId.Id));
        Assert.Equal("image build app:1 is still running after 7 s; its progress follows (2 line(s) so far)", information[0].Message);
        Assert.Equal(["one", "two", "three", "four"], information.Skip(1).Select(e => e.Message["image build app:1: ".Length..]));
        Assert.Equal(2, _log.Entries.Count(e => e.Level == LogLevel.Debug));
    }

    [Fact]
    public void Only_the_last_early_lines_are_repeated_and_the_rest_are_counted()
    {
        var reporter = Reporter();
        for (var i = 0; i < ProgressReporter.MaxBufferedLines + 30; i++)
        {
            reporter.Report($"line {i}");
        }

        _now = TimeSpan.FromSeconds(6);
        reporter.Report("late");

        var information = _log.Entries.Where(e => e.Level == LogLevel.Information).ToList();
        Assert.Equal(1308, information[0].EventId.Id);
        Assert.Equal((1310, "image build app:1: the first 30 line(s) of progress are not repeated"), (information[1].EventId.Id, information[1].Message));
        Assert.Equal("image build app:1: line 30", information[2].Message);
        Assert.Equal(ProgressReporter.MaxBufferedLines + 1, information.Count(e => e.EventId.Id == 1309));
        Assert.Equal("image build app:1: late", information[^1].Message);
    }

    [Fact]
    public void Build_argument_values_are_masked_in_the_hook_and_the_log()
    {
        var seen = new List<EngineProgress>();
        var reporter = Reporter(new Synchronous(seen.Add), secrets: ["s3cret-token", "s3cret", "abc"]);

        reporter.Report("#5 RUN echo s3cret-token and s3cret and abc");

        Assert.Equal("#5 RUN echo *** and *** and abc", seen.Single().Line);
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void Lines_reported_from_two_threads_are_all_passed_on()
    {
        var count = 0;
        var reporter = Reporter(new Synchronous(_ => Interlocked.Increment(ref count)));

        Parallel.For(0, 1000, i => reporter.Report($"line {i}"));

        Assert.Equal(1000, count);
        Assert.Equal(1000, _log.Entries.Count);
    }

    [Fact]
    public void A_hook_that_throws_is_logged_once_and_not_called_again_and_the_lines_go_on_to_the_log()
    {
        var calls = 0;
        var reporter = Reporter(new Synchronous(_ =>
        {
            calls++;
            throw new InvalidOperationException("hook broke");
        }));

        reporter.Report("one");
        reporter.Report("two");

        Assert.Equal(1, calls);
        var warning = Assert.Single(_log.Entries, e => e.EventId.Id == 1311);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("hook broke", warning.Exception?.Message);
        Assert.Equal(2, _log.Entries.Count(e => e.EventId.Id == 1307));
    }

    // Progress<T> posts to the synchronization context or the thread pool; the reporter calls the hook as lines come.
    private sealed class Synchronous(Action<EngineProgress> action) : IProgress<EngineProgress>
    {
        public void Report(EngineProgress value) => action(value);
    }
}
