using System.Diagnostics;

namespace Ociman.Testing;

/// <summary>Waits until a container meets its readiness checks: fast polling with back-off and a deadline.</summary>
/// <remarks>
/// Public on purpose: fixtures use it for their <see cref="ContainerSetup"/>, and a test that starts a container itself
/// (through the engine of <c>TestEngine.GetAsync</c>) waits for the same <see cref="Ready"/> checks with it.
/// </remarks>
public static class ReadinessWaiter
{
    /// <summary>The default deadline.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls every check in turn (from 20 ms, doubling up to 500 ms) until all hold.</summary>
    /// <remarks>
    /// A log check (<see cref="Ready.LogContains"/>, <see cref="Ready.LogMatches"/>) not met at the first round also
    /// follows the container's log for the rest of the wait: each new line ends the pause, so a service is seen ready
    /// when it says so, not at the next poll (rounds woken this way are at least 20 ms apart; the follow ends with the
    /// wait, and if the engine cannot follow, polling goes on alone).
    /// Each round first inspects the container: if it exited, this fails at once with its exit code and last log lines.
    /// The deadline bounds every round too: an engine call or a check still running when it passes is cancelled, and
    /// the wait fails as when a check was not met. A check that ignores its token (or blocks its thread) is abandoned
    /// at the deadline: the wait does not wait for it. Text from the container and the checks is shown with its control
    /// characters escaped (<c>\n</c>, <c>\u001b</c>…).
    /// </remarks>
    /// <exception cref="ContainerExitedException">The container exited while waiting.</exception>
    /// <exception cref="ContainerNotReadyException">The deadline passed.</exception>
    /// <returns>The container's inspection from the last round (its published ports, network and state once ready).</returns>
    public static Task<ContainerInspection> WaitAsync(ReadinessContext context, IReadOnlyList<ReadinessCheck> checks, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(context, checks, timeout, Polling.Default, cancellationToken);

    /// <summary>As the public overload, pausing between rounds as <paramref name="polling"/> says (tests use a pause longer than the deadline to see the watches at work).</summary>
    internal static async Task<ContainerInspection> WaitAsync(ReadinessContext context, IReadOnlyList<ReadinessCheck> checks, TimeSpan? timeout, Polling polling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(checks);
        var deadline = timeout ?? DefaultTimeout;
        var stopwatch = Stopwatch.StartNew();
        var delay = polling.First;
        var pending = 0;
        var pausing = false;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(deadline);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(bounded.Token);
        var wakeup = new Wakeup();
        List<Task>? watches = null;
        try
        {
            while (true)
            {
                var roundStarted = stopwatch.Elapsed;
                ContainerInspection inspection;
                try
                {
                    inspection = await context.Container.InspectAsync(bounded.Token).ConfigureAwait(false);
                }
                catch (ContainerNotFoundException)
                {
                    // --rm removed it: it exited.
                    throw new ContainerExitedException(
                        $"{context.Container} exited and was removed while waiting for it to be ready ({Describe(checks)}).", -1, string.Empty);
                }

                if (!inspection.Running && inspection.Status is "exited" or "dead" or "stopped")
                {
                    var logs = await RecentLogsAsync(context.Container, cancellationToken: cancellationToken).ConfigureAwait(false);
                    throw new ContainerExitedException(
                        $"{context.Container} exited with code {inspection.ExitCode} while waiting for it to be ready ({Describe(checks)}).",
                        inspection.ExitCode,
                        logs);
                }

                while (pending < checks.Count && await IsReadyAsync(checks[pending], context, bounded.Token).ConfigureAwait(false))
                {
                    pending++;
                }

                if (pending == checks.Count)
                {
                    return inspection;
                }

                if (stopwatch.Elapsed >= deadline)
                {
                    throw await NotReadyAsync(context, checks, pending, deadline, interrupted: false, cancellationToken).ConfigureAwait(false);
                }

                watches ??= StartWatches(context, checks, pending, wakeup, watching.Token);
                var remaining = deadline - stopwatch.Elapsed;
                pausing = true;
                var woken = await wakeup.WaitAsync(delay < remaining ? delay : remaining, bounded.Token).ConfigureAwait(false);
                if (woken)
                {
                    // Woken by new output: check again, but not more often than every MinimumWokenInterval (a chatty log
                    // must not turn the wait into a busy loop re-reading it).
                    var sinceRound = stopwatch.Elapsed - roundStarted;
                    if (sinceRound < MinimumWokenInterval)
                    {
                        await Task.Delay(MinimumWokenInterval - sinceRound, bounded.Token).ConfigureAwait(false);
                    }
                }
                else
                {
                    delay = delay * 2 < polling.Longest ? delay * 2 : polling.Longest;
                }

                pausing = false;
            }
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            // Cancelled by the caller through the linked token: surface the caller's token.
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The deadline passed during the last pause, or during a round: an engine call or a check had not answered.
            throw await NotReadyAsync(context, checks, pending, deadline, interrupted: !pausing, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await EndWatchesAsync(watching, watches).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan MinimumWokenInterval = TimeSpan.FromMilliseconds(20);

    // A watch that ignores its cancellation is not waited for past this: the wait has an end whatever a check does.
    private static readonly TimeSpan WatchEndBound = TimeSpan.FromSeconds(5);

    private static List<Task> StartWatches(ReadinessContext context, IReadOnlyList<ReadinessCheck> checks, int pending, Wakeup wakeup, CancellationToken cancellationToken)
    {
        // On the thread pool: a watch that blocks before returning its task must not hold the wait.
        var watches = new List<Task>();
        for (var i = pending; i < checks.Count; i++)
        {
            var check = checks[i];
            watches.Add(Task.Run(() => check.WatchAsync(context, wakeup.Signal, cancellationToken) ?? Task.CompletedTask, CancellationToken.None));
        }

        return watches;
    }

    private static async Task EndWatchesAsync(CancellationTokenSource watching, List<Task>? watches)
    {
        await watching.CancelAsync().ConfigureAwait(false);
        if (watches is null or { Count: 0 })
        {
            return;
        }

        try
        {
            await Task.WhenAll(watches).WaitAsync(WatchEndBound).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Watches never fault by contract; a custom one that does, or one still running at the bound, is left to end on its own.
        }
    }

    /// <summary>How long the waiter pauses between rounds: <see cref="First"/>, doubling up to <see cref="Longest"/>.</summary>
    internal readonly record struct Polling(TimeSpan First, TimeSpan Longest)
    {
        /// <summary>20 ms, doubling up to 500 ms.</summary>
        public static Polling Default { get; } = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500));
    }

    /// <summary>A signal the watches raise and the pause consumes: a signal raised during a round ends the next pause at once.</summary>
    private sealed class Wakeup
    {
        private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Signal() => Volatile.Read(ref _signal).TrySetResult();

        /// <summary>Pauses for <paramref name="pause"/> or until signalled; true when signalled (the signal is consumed).</summary>
        public async Task<bool> WaitAsync(TimeSpan pause, CancellationToken cancellationToken)
        {
            var signal = Volatile.Read(ref _signal);
            if (!signal.Task.IsCompleted)
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(pause, timer.Token);
                await Task.WhenAny(signal.Task, delay).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!signal.Task.IsCompleted)
            {
                return false;
            }

            Interlocked.CompareExchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), signal);
            return true;
        }
    }

    private static async Task<ContainerNotReadyException> NotReadyAsync(ReadinessContext context, IReadOnlyList<ReadinessCheck> checks, int pending, TimeSpan deadline, bool interrupted, CancellationToken cancellationToken)
    {
        var logs = await RecentLogsAsync(context.Container, cancellationToken: cancellationToken).ConfigureAwait(false);
        var waitingFor = pending < checks.Count ? checks[pending].Description : "the container to be inspected";
        var lastReason = pending < checks.Count ? checks[pending].LastReason(context) : null;
        return new ContainerNotReadyException(
            $"{context.Container} was not ready after {deadline.TotalSeconds:0.#} s: waiting for {MessageText.Escape(waitingFor)}"
            + (pending > 0 ? $" (met: {MessageText.Escape(string.Join(", ", checks.Take(pending).Select(c => c.Description)))})" : string.Empty) + "."
            + (lastReason is null ? string.Empty : $" Last attempt: {MessageText.Escape(lastReason)}.")
            + (interrupted ? " The last attempt had not finished at the deadline." : string.Empty),
            logs);
    }

    private static async Task<bool> IsReadyAsync(ReadinessCheck check, ReadinessContext context, CancellationToken cancellationToken)
    {
        try
        {
            // A check that ignores its token, or blocks its thread before returning a task, must not hold the wait past
            // the deadline: it runs on the thread pool and is abandoned when the token fires.
            return await Deadline.RunAsync(() => check.IsReadyAsync(context, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineOperationException)
        {
            // A check that cannot run yet (exec while the container starts) is simply not met yet.
            return false;
        }
    }

    private static string Describe(IReadOnlyList<ReadinessCheck> checks) =>
        checks.Count == 0 ? "no checks" : MessageText.Escape(string.Join(", ", checks.Select(c => c.Description)));

    /// <summary>The last <paramref name="lines"/> lines (30 by default) of the container's log (stdout and stderr), control characters escaped, or a note why they could not be read.</summary>
    /// <remarks>Reading is bounded by 10 s; past that, or when the engine fails, the result is the note. Only <paramref name="cancellationToken"/> makes it throw.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<string> RecentLogsAsync(Container container, int lines = 30, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var logs = await container.GetLogsAsync(timeout.Token).ConfigureAwait(false);
            var all = (logs.StandardOutput + logs.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join(Environment.NewLine, all.TakeLast(lines).Select(l => "  | " + MessageText.Escape(l.TrimEnd())));
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (Exception ex) when (ex is OcimanException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"  (logs unavailable: {MessageText.Escape(ex.Message.Split('\n')[0].TrimEnd())})";
        }
    }
}
