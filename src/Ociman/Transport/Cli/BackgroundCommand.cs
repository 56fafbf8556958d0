using System.Diagnostics;
using System.Text;
using CliWrap;
using Microsoft.Extensions.Logging;
using Ociman.Logging;

namespace Ociman.Transport.Cli;

/// <summary>A long-lived engine command started by <see cref="CliRunner.Start"/>: a helper service that Ociman stops itself.</summary>
/// <remarks>
/// Disposal stops it: an interrupt (SIGINT) first, then, after <see cref="CliRunner.InterruptGracePeriod"/>, a kill of
/// the process and its children. <see cref="Exited"/> never faults.
/// </remarks>
internal sealed class BackgroundCommand : IAsyncDisposable
{
    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _forceful = new();
    private readonly BoundedText _output;
    private readonly ILogger _logger;
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

    public BackgroundCommand(Command command, string commandLine, BoundedText output, ILogger logger)
    {
        CommandLine = commandLine;
        _output = output;
        _logger = logger;
        CommandTask<CommandResult> task;
        try
        {
            task = command.ExecuteAsync(_forceful.Token, _graceful.Token);
        }
        catch
        {
            _graceful.Dispose();
            _forceful.Dispose();
            throw;
        }

        ProcessId = task.ProcessId;
        Exited = WaitAsync(task);
    }

    /// <summary>The command line, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>The process id of the command.</summary>
    public int ProcessId { get; }

    /// <summary>Completes with the exit code when the process has ended (null when Ociman stopped it).</summary>
    public Task<int?> Exited { get; }

    /// <summary>The last lines the command printed (standard output and error).</summary>
    public string Output => _output.ToString();

    /// <summary>Kills the process (and its children) at once.</summary>
    public void Kill() => _forceful.Cancel();

    /// <summary>Interrupts the process, kills it after the grace period, and waits until it has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            await _graceful.CancelAsync().ConfigureAwait(false);
            _forceful.CancelAfter(CliRunner.InterruptGracePeriod);
        }

        await Exited.ConfigureAwait(false);
        _graceful.Dispose();
        _forceful.Dispose();
    }

    private async Task<int?> WaitAsync(CommandTask<CommandResult> task)
    {
        try
        {
            var result = await task.ConfigureAwait(false);
            Log.CommandFinished(_logger, CommandLine, result.ExitCode, _stopwatch.ElapsedMilliseconds);
            return result.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Log.CommandCancelled(_logger, CommandLine, _stopwatch.ElapsedMilliseconds);
            return null;
        }
    }
}

/// <summary>Collects lines of text, keeping only the last few kilobytes; safe to append from several threads.</summary>
internal sealed class BoundedText
{
    private const int Limit = 16 * 1024;
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public void AppendLine(string line) => Append(line + "\n");

    /// <summary>Appends text as it came (a chunk of output that may end mid-line).</summary>
    public void Append(string text)
    {
        lock (_lock)
        {
            _text.Append(text);
            if (_text.Length > Limit)
            {
                _text.Remove(0, _text.Length - Limit);
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString().Trim();
        }
    }
}
