using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Ociman.Logging;

namespace Ociman;

/// <summary>
/// Passes the engine's progress lines of one long operation on: to the caller's <see cref="IProgress{T}"/>, and to
/// the log — at <c>Debug</c> while the operation is quick, and at <c>Information</c> once it has run longer than
/// <see cref="SlowAfter"/>, with the lines so far repeated then, so a slow build or pull shows in a test's output
/// (the adapters show <c>Information</c>) and a quick one does not clutter it.
/// </summary>
/// <remarks>Thread-safe: standard output and standard error report from different threads.</remarks>
internal sealed class ProgressReporter
{
    /// <summary>How long an operation runs before its progress is logged at <c>Information</c>.</summary>
    public static readonly TimeSpan SlowAfter = TimeSpan.FromSeconds(5);

    /// <summary>How many early lines are kept to be repeated when the operation turns out slow.</summary>
    public const int MaxBufferedLines = 200;

    /// <summary>The shortest value that is masked.</summary>
    public const int MinSecretLength = 4;

    private readonly Lock _gate = new();
    private readonly string[] _secrets;
    private readonly ILogger _logger;
    private readonly IProgress<EngineProgress>? _progress;
    private readonly Func<TimeSpan> _elapsed;
    private readonly TimeSpan _slowAfter;
    private readonly Queue<string> _early = new();
    private int _dropped;
    private int _hookFailed;
    private bool _slow;

    /// <param name="logger">Where the lines are logged.</param>
    /// <param name="operation">The operation, e.g. <c>image build</c>.</param>
    /// <param name="subject">What it is about.</param>
    /// <param name="progress">The caller's hook, or null.</param>
    /// <param name="slowAfter">When the lines go to <c>Information</c> (default <see cref="SlowAfter"/>).</param>
    /// <param name="elapsed">The clock (default: a stopwatch started now).</param>
    /// <param name="secrets">Values replaced by <c>***</c> in every line (build-argument values); values under 4 characters are left, as they would mask ordinary text.</param>
    public ProgressReporter(ILogger logger, string operation, string subject, IProgress<EngineProgress>? progress, TimeSpan? slowAfter = null, Func<TimeSpan>? elapsed = null, IEnumerable<string>? secrets = null)
    {
        _secrets = [.. (secrets ?? []).Where(v => v.Length >= MinSecretLength).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
        _logger = logger;
        Operation = operation;
        Subject = subject;
        _progress = progress;
        _slowAfter = slowAfter ?? SlowAfter;
        if (elapsed is null)
        {
            var clock = Stopwatch.StartNew();
            elapsed = () => clock.Elapsed;
        }

        _elapsed = elapsed;
    }

    public string Operation { get; }

    public string Subject { get; }

    /// <summary>Reports one line of the engine's output; blank lines are dropped, line breaks trimmed.</summary>
    public void Report(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.TrimEnd('\r', '\n');
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        var elapsed = _elapsed();
        lock (_gate)
        {
            if (!_slow && elapsed >= _slowAfter)
            {
                _slow = true;
                Log.OperationIsSlow(_logger, Operation, Subject, (long)elapsed.TotalSeconds, _early.Count + _dropped);
                if (_dropped > 0)
                {
                    Log.ProgressLinesDropped(_logger, Operation, Subject, _dropped);
                }

                while (_early.TryDequeue(out var early))
                {
                    Log.ProgressSlow(_logger, Operation, Subject, early);
                }
            }

            if (_slow)
            {
                Log.ProgressSlow(_logger, Operation, Subject, text);
            }
            else
            {
                Log.Progress(_logger, Operation, Subject, text);
                _early.Enqueue(text);
                if (_early.Count > MaxBufferedLines)
                {
                    _early.Dequeue();
                    _dropped++;
                }
            }
        }

        if (_progress is { } progress && Volatile.Read(ref _hookFailed) == 0)
        {
            try
            {
                progress.Report(new EngineProgress(Operation, Subject, text, elapsed));
            }
            catch (Exception ex)
            {
                // A hook that throws must not break the engine's output pipe (and so the build): it is logged once
                // and not called again; the lines still reach the log.
                if (Interlocked.Exchange(ref _hookFailed, 1) == 0)
                {
                    Log.ProgressHookFailed(_logger, Operation, Subject, ex);
                }
            }
        }
    }
}
