namespace Ociman.Testing;

/// <summary>Runs user code (readiness checks, seed steps) so that a deadline ends the wait even when the code ignores its token.</summary>
internal static class Deadline
{
    /// <summary>Runs <paramref name="action"/> on the thread pool and waits for it until <paramref name="cancellationToken"/> fires.</summary>
    /// <remarks>
    /// When the token fires first, this throws <see cref="OperationCanceledException"/> at once and the action is
    /// abandoned: it has been given the token and may still be running. A later failure of it is observed, not raised.
    /// </remarks>
    public static async Task<T> RunAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        var task = Task.Run(action, CancellationToken.None);
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!task.IsCompleted)
        {
            _ = task.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{Task{T}}, CancellationToken)"/>
    public static Task RunAsync(Func<Task> action, CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                await action().ConfigureAwait(false);
                return true;
            },
            cancellationToken);
}
