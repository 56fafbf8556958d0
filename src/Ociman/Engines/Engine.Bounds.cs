using Ociman.Logging;

namespace Ociman;

public sealed partial class Engine
{
    /// <summary>How long a cancelled run waits for the undoing of what the engine received before it returns.</summary>
    /// <remarks>
    /// On a healthy engine the undoing (let the create finish, remove the container, wait until it is gone) takes about a
    /// second and the cancelled call returns after it. An engine that does not answer would make the caller wait for the
    /// whole cleanup (up to 10 s for the create to settle, 3 s more before the tool is killed, 30 s for the removal);
    /// after this period the call throws instead, and the cleanup goes on in the background within those bounds. What it
    /// cannot remove is logged (event 1208 or 1203) and left to the orphan sweep of the next test process.
    /// </remarks>
    internal static readonly TimeSpan CancelledRunReturnPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Runs a housekeeping operation under <see cref="HousekeepingTimeout"/>.</summary>
    /// <exception cref="EngineTimeoutException">The engine did not finish the operation within the bound.</exception>
    internal async Task<T> HousekeepingAsync<T>(string operation, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(HousekeepingTimeout);
        try
        {
            // WaitAsync: an operation that ignores its token (an engine that never answers) is abandoned all the same.
            return await action(bound.Token).WaitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (bound.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && ex is OperationCanceledException or OcimanException or IOException)
        {
            Log.HousekeepingTimedOut(Logger, Kind.ToCliName(), operation, (long)HousekeepingTimeout.TotalMilliseconds);
            throw new EngineTimeoutException(operation, Kind, HousekeepingTimeout, ex);
        }
    }

    /// <inheritdoc cref="HousekeepingAsync{T}(string, Func{CancellationToken, Task{T}}, CancellationToken)"/>
    internal Task HousekeepingAsync(string operation, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        HousekeepingAsync<bool>(
            operation,
            async token =>
            {
                await action(token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// Runs an operation that undoes its own work when cancelled (a run), but returns at most
    /// <see cref="CancelledRunReturnPeriod"/> after the cancellation: the undoing goes on in the background, bounded.
    /// </summary>
    private async Task<T> ReturnPromptlyWhenCancelledAsync<T>(string operation, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var work = action(cancellationToken);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => cancelled.TrySetResult()).ConfigureAwait(false))
        {
            if (await Task.WhenAny(work, cancelled.Task).ConfigureAwait(false) == work)
            {
                return await work.ConfigureAwait(false);
            }
        }

        if (await Task.WhenAny(work, Task.Delay(CancelledRunReturnPeriod, CancellationToken.None)).ConfigureAwait(false) == work)
        {
            return await work.ConfigureAwait(false);
        }

        Log.CancelledRunCleanupContinues(Logger, Kind.ToCliName(), operation, (long)CancelledRunReturnPeriod.TotalMilliseconds);
        _ = work.ContinueWith(
            static (t, state) => ((Engine)state!).CancelledRunCleanupEnded(t),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        throw new OperationCanceledException($"Cancelled: {operation} on {Kind.ToCliName()} (the engine did not answer; its cleanup continues in the background)", null, cancellationToken);
    }

    private void CancelledRunCleanupEnded(Task task)
    {
        // Observes the background work's outcome: a cancellation is what the caller asked for; anything else is logged.
        if (task.Exception?.GetBaseException() is { } error and not OperationCanceledException)
        {
            Log.CancelledRunCleanupFailed(Logger, Kind.ToCliName(), error);
        }
    }
}
