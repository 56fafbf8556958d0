using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using CliWrap;
using CliWrap.EventStream;
using Microsoft.Extensions.Logging;
using Ociman.Logging;

namespace Ociman.Transport.Cli;

/// <summary>Starts engine CLI processes: the one place in Ociman that starts a process.</summary>
/// <remarks>
/// Arguments are passed as separate argv elements (never through a shell). Standard input is written while
/// standard output and error are read, so large inputs and outputs cannot deadlock. Cancelling the token interrupts
/// the process (SIGINT), kills it (and its children) after <see cref="InterruptGracePeriod"/>, and surfaces as
/// <see cref="OperationCanceledException"/> for that token; see <see cref="CliInvocation.StopContainedProcessesOnCancel"/>
/// for commands that run containers.
/// </remarks>
internal sealed class CliRunner
{
    private readonly ILogger _logger;

    /// <param name="kind">The engine whose CLI this runs.</param>
    /// <param name="executable">The engine's CLI.</param>
    /// <param name="logger">Where commands are logged.</param>
    /// <param name="endpointEnvironment">Variables that select the engine's endpoint, set on every process (a null value unsets the variable).</param>
    public CliRunner(EngineKind kind, string executable, ILogger logger, IReadOnlyDictionary<string, string?>? endpointEnvironment = null)
    {
        Kind = kind;
        Executable = executable;
        _logger = logger;
        _endpointEnvironment = endpointEnvironment ?? new Dictionary<string, string?>();
    }

    private readonly IReadOnlyDictionary<string, string?> _endpointEnvironment;

    /// <summary>The engine whose tool this runs.</summary>
    public EngineKind Kind { get; }

    /// <summary>The tool: <c>docker</c>, <c>podman</c> or a path.</summary>
    public string Executable { get; }

    /// <summary>How long a cancelled command gets to end after SIGINT before it is killed.</summary>
    /// <remarks>
    /// Podman has no daemon: a <c>podman run</c> killed with SIGKILL halfway through creating a container leaves a
    /// storage-only container that no <c>ps</c>, label filter or cleanup can see. On SIGINT Podman (and Docker's CLI)
    /// finish their critical section and exit, so the container is either complete (and removed by the caller's
    /// cleanup) or absent. Commands that ignore SIGINT (a foreground run forwards it to the container) are killed
    /// after this period.
    /// </remarks>
    internal static readonly TimeSpan InterruptGracePeriod = TimeSpan.FromSeconds(3);

    public async Task<CliResult> RunAsync(CliInvocation invocation, CancellationToken cancellationToken = default)
    {
        var commandLine = invocation.Render(Executable);
        var stdout = new MemoryStream();
        var stderr = new StringBuilder();
        var stdoutTarget = PipeTarget.ToStream(stdout);
        var stderrTarget = PipeTarget.ToStringBuilder(stderr);
        if (invocation.OutputLine is { } line)
        {
            stdoutTarget = PipeTarget.Merge(stdoutTarget, PipeTarget.ToDelegate(line));
            stderrTarget = PipeTarget.Merge(stderrTarget, PipeTarget.ToDelegate(line));
        }

        var command = Build(invocation)
            .WithStandardOutputPipe(stdoutTarget)
            .WithStandardErrorPipe(stderrTarget);

        cancellationToken.ThrowIfCancellationRequested();
        Log.CommandStarting(_logger, commandLine);
        var stopwatch = Stopwatch.StartNew();
        CliWrap.CommandResult result;
        using var forceful = new CancellationTokenSource();
        using var graceful = new CancellationTokenSource();
        try
        {
            // Cancellation interrupts first (SIGINT) and kills only after the grace period; see InterruptGracePeriod.
            // A command that runs containers (a Podman build) first has those stopped; see StopContainedProcessesOnCancel.
            var running = command.ExecuteAsync(forceful.Token, graceful.Token);
            using var escalation = cancellationToken.Register(() => _ = StopAsync(invocation, running, graceful, forceful, commandLine));
            result = await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.CommandCancelled(_logger, commandLine, stopwatch.ElapsedMilliseconds);
            throw new OperationCanceledException($"Cancelled: {commandLine}", null, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw CouldNotStart(invocation, commandLine, ex);
        }

        // Interrupted commands may still end normally within the grace period; the caller asked to cancel, so the
        // call is cancelled all the same (callers then undo what the command did, e.g. remove a started container).
        if (cancellationToken.IsCancellationRequested)
        {
            Log.CommandCancelled(_logger, commandLine, stopwatch.ElapsedMilliseconds);
            throw new OperationCanceledException($"Cancelled: {commandLine}", null, cancellationToken);
        }

        Log.CommandFinished(_logger, commandLine, result.ExitCode, stopwatch.ElapsedMilliseconds);
        return new CliResult(commandLine, result.ExitCode, stdout.ToArray(), stderr.ToString().Trim(), stopwatch.Elapsed, invocation.Operation);
    }

    /// <summary>Ends a cancelled command: its contained processes first when the invocation asks for it, then SIGINT, then SIGKILL.</summary>
    private async Task StopAsync(CliInvocation invocation, CommandTask<CliWrap.CommandResult> running, CancellationTokenSource graceful, CancellationTokenSource forceful, string commandLine)
    {
        try
        {
            if (invocation.StopContainedProcessesOnCancel is { } bound)
            {
                var elapsed = Stopwatch.StartNew();
                var stopped = 0;
                while (!running.Task.IsCompleted && elapsed.Elapsed < bound)
                {
                    stopped += ProcessTree.KillContainedDescendants(running.ProcessId);
                    await Task.WhenAny(running.Task, Task.Delay(100)).ConfigureAwait(false);
                }

                Log.ContainedProcessesStopped(_logger, commandLine, stopped, running.Task.IsCompleted, elapsed.ElapsedMilliseconds);
                if (running.Task.IsCompleted)
                {
                    return;
                }
            }

            forceful.CancelAfter(InterruptGracePeriod);
            await graceful.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The command ended and its call returned meanwhile.
        }
    }

    /// <summary>Runs a long-lived command and yields its output lines as they come (standard output and error merged).</summary>
    public async IAsyncEnumerable<(bool IsStandardError, string Line, int? ExitCode)> StreamAsync(
        CliInvocation invocation,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var commandLine = invocation.Render(Executable);
        cancellationToken.ThrowIfCancellationRequested();
        Log.CommandStarting(_logger, commandLine);
        var stopwatch = Stopwatch.StartNew();
        using var forceful = new CancellationTokenSource();
        using var escalation = cancellationToken.Register(() => forceful.CancelAfter(InterruptGracePeriod));
        await foreach (var evt in Build(invocation).ListenAsync(Encoding.UTF8, Encoding.UTF8, forceful.Token, cancellationToken).ConfigureAwait(false))
        {
            // The process may still be ending after a graceful interrupt: nothing it prints after cancellation is yielded.
            cancellationToken.ThrowIfCancellationRequested();
            switch (evt)
            {
                case StandardOutputCommandEvent o:
                    yield return (false, o.Text, null);
                    break;
                case StandardErrorCommandEvent e:
                    yield return (true, e.Text, null);
                    break;
                case ExitedCommandEvent x:
                    Log.CommandFinished(_logger, commandLine, x.ExitCode, stopwatch.ElapsedMilliseconds);
                    yield return (false, string.Empty, x.ExitCode);
                    break;
            }
        }
    }

    /// <summary>Starts a long-lived command (a helper service) and returns at once; see <see cref="BackgroundCommand"/>.</summary>
    /// <exception cref="EngineCommandException">The executable could not be started.</exception>
    public BackgroundCommand Start(CliInvocation invocation)
    {
        var commandLine = invocation.Render(Executable);
        var output = new BoundedText();
        var command = Build(invocation)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(output.AppendLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(output.AppendLine));
        Log.CommandStarting(_logger, commandLine);
        try
        {
            return new BackgroundCommand(command, commandLine, output, _logger);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw CouldNotStart(invocation, commandLine, ex);
        }
    }

    private EngineCommandException CouldNotStart(CliInvocation invocation, string commandLine, System.ComponentModel.Win32Exception ex) =>
        new($"Could not start '{Executable}': {ex.Message}. Is the engine's command-line tool installed and on PATH?", invocation.Operation, Kind, commandLine, -1, string.Empty, ex);

    private Command Build(CliInvocation invocation)
    {
        var command = CliWrap.Cli.Wrap(Executable)
            .WithArguments(invocation.Arguments)
            .WithValidation(CommandResultValidation.None);

        if (invocation.Environment.Count > 0 || _endpointEnvironment.Count > 0)
        {
            command = command.WithEnvironmentVariables(b =>
            {
                foreach (var (name, value) in _endpointEnvironment)
                {
                    b.Set(name, value);
                }

                foreach (var (name, value) in invocation.Environment)
                {
                    b.Set(name, value);
                }
            });
        }

        return invocation.Input switch
        {
            StandardInput.BytesInput b => command.WithStandardInputPipe(PipeSource.FromBytes(b.Bytes)),
            StandardInput.StreamInput s => command.WithStandardInputPipe(PipeSource.FromStream(s.Stream, autoFlush: true)),
            _ => command,
        };
    }
}
