using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using System.Text;
using Ociman.Transport;

namespace Ociman;

/// <summary>The outcome of a command run in a container, whatever its exit code.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="StandardOutput">The raw bytes the command wrote to standard output.</param>
/// <param name="StandardError">What the command wrote to standard error, decoded as UTF-8.</param>
public sealed record ExecResult(int ExitCode, ReadOnlyMemory<byte> StandardOutput, string StandardError)
{
    /// <summary>Standard output decoded as UTF-8.</summary>
    public string StandardOutputText => Encoding.UTF8.GetString(StandardOutput.Span);

    /// <summary>Whether the command exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;
}

/// <summary>A command to run in a running container with <c>exec</c>: an immutable builder.</summary>
/// <remarks>
/// Create one with <see cref="Container.Exec(string, string[])"/>, set options with the <c>With…</c> methods (each returns a
/// new command), then run it with <see cref="StatusAsync"/>, <see cref="StringAsync"/>, <see cref="BytesAsync"/> (all throw
/// <see cref="ExecFailedException"/> on a non-zero exit) or <see cref="ResultAsync"/> (never throws for the exit code).
/// Standard input is written while output is read, so large inputs cannot deadlock. Environment values are passed
/// out of band, never on the command line.
/// </remarks>
public sealed record ExecCommand
{
    internal ExecCommand(Container container, string executable, IEnumerable<string> arguments)
    {
        Container = container;
        Executable = executable;
        Arguments = [.. arguments];
    }

    /// <summary>The container the command runs in.</summary>
    public Container Container { get; }

    /// <summary>The program to run.</summary>
    public string Executable { get; }

    /// <summary>The program's arguments.</summary>
    public ImmutableList<string> Arguments { get; private init; }

    /// <summary>Environment variables for the command, sorted by name.</summary>
    public ImmutableSortedDictionary<string, string> Environment { get; private init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>The user to run as (<c>--user</c>), or null for the container's user.</summary>
    public string? User { get; private init; }

    /// <summary>The working directory (<c>--workdir</c>), or null for the container's.</summary>
    public string? WorkingDirectory { get; private init; }

    /// <summary>Whether a pseudo-terminal is allocated (<c>--tty</c>); it mangles binary output.</summary>
    public bool Tty { get; private init; }

    internal ExecInput? Input { get; private init; }

    /// <summary>The request every transport receives: this command in <see cref="Container"/>.</summary>
    internal ExecRequest ToRequest() => new(Container.Id, Executable, Arguments, Environment, User, WorkingDirectory, Tty, Input);

    /// <summary>Returns a copy with the given arguments appended.</summary>
    [Pure]
    public ExecCommand WithArguments(params IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return this with { Arguments = Arguments.AddRange(arguments.Select(a => a ?? throw new ArgumentException("An argument is null.", nameof(arguments)))) };
    }

    /// <summary>Returns a copy with an environment variable set (replacing an earlier value of the same name).</summary>
    /// <exception cref="ArgumentException">The name is not a valid variable name or the value holds NUL.</exception>
    [Pure]
    public ExecCommand WithEnvironment(string name, string value)
    {
        return this with { Environment = Environment.SetItem(EnvironmentVariables.ValidateVariable(name, value), value) };
    }

    /// <summary>Returns a copy that runs as <paramref name="user"/> (<c>name</c>, <c>uid</c> or <c>uid:gid</c>).</summary>
    [Pure]
    public ExecCommand WithUser(string user)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return this with { User = user };
    }

    /// <summary>Returns a copy that runs in <paramref name="directory"/>.</summary>
    [Pure]
    public ExecCommand WithWorkingDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return this with { WorkingDirectory = directory };
    }

    /// <summary>Returns a copy with a pseudo-terminal on or off.</summary>
    [Pure]
    public ExecCommand WithTty(bool tty = true) => this with { Tty = tty };

    /// <summary>Returns a copy that writes <paramref name="bytes"/> to the command's standard input, then closes it.</summary>
    [Pure]
    public ExecCommand WithStandardInput(ReadOnlyMemory<byte> bytes) => this with { Input = ExecInput.FromBytes(bytes) };

    /// <summary>Returns a copy that writes <paramref name="text"/> (UTF-8) to the command's standard input, then closes it.</summary>
    [Pure]
    public ExecCommand WithStandardInput(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return this with { Input = ExecInput.FromBytes(Encoding.UTF8.GetBytes(text)) };
    }

    /// <summary>Returns a copy that copies <paramref name="stream"/> to the command's standard input, then closes it.</summary>
    /// <remarks>The stream is read when the command runs; it is not disposed.</remarks>
    [Pure]
    public ExecCommand WithStandardInput(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return this with { Input = ExecInput.FromStream(stream) };
    }

    /// <summary>Runs the command and returns its exit code and output; a non-zero exit does not throw.</summary>
    public async Task<ExecResult> ResultAsync(CancellationToken cancellationToken = default) =>
        (await OutcomeAsync(cancellationToken).ConfigureAwait(false)).ToResult();

    /// <summary>Runs the command and succeeds only when it exits with code 0.</summary>
    /// <exception cref="ExecFailedException">The command exited with a non-zero code.</exception>
    public async Task StatusAsync(CancellationToken cancellationToken = default) =>
        await SucceededAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the command and returns its standard output as UTF-8 text.</summary>
    /// <exception cref="ExecFailedException">The command exited with a non-zero code.</exception>
    public async Task<string> StringAsync(CancellationToken cancellationToken = default) =>
        (await SucceededAsync(cancellationToken).ConfigureAwait(false)).StandardOutputText;

    /// <summary>Runs the command and returns its standard output as bytes (use without a TTY for binary data).</summary>
    /// <exception cref="ExecFailedException">The command exited with a non-zero code.</exception>
    public async Task<byte[]> BytesAsync(CancellationToken cancellationToken = default) =>
        (await SucceededAsync(cancellationToken).ConfigureAwait(false)).StandardOutput.ToArray();

    private async Task<ExecResult> SucceededAsync(CancellationToken cancellationToken)
    {
        var outcome = await OutcomeAsync(cancellationToken).ConfigureAwait(false);
        var result = outcome.ToResult();
        if (result.ExitCode != 0)
        {
            var command = ValueText.ShellLine(Executable, Arguments);
            var newLine = System.Environment.NewLine;

            // When the engine could not start the command at all (missing program or working directory), its reason
            // is the message (the transport tells it apart from the command's own output).
            var message = outcome.StartFailure is { } reason
                ? $"{ValueText.Quote(Executable)} could not be started in container {Container.ShortId} (exit code {result.ExitCode}): {Tail(reason)}{newLine}Command: {command}"
                : $"{ValueText.Quote(Executable)} exited with code {result.ExitCode} in container {Container.ShortId}.{newLine}Command: {command}{newLine}Standard error: {Tail(result.StandardError)}";
            throw new ExecFailedException(
                message,
                Container.Engine.Kind,
                Container.Id,
                command,
                result.ExitCode,
                result.StandardOutputText,
                result.StandardError);
        }

        return result;
    }

    // Every exec carries a marker in its environment, so that a cancelled one can be found and ended: the engines
    // leave an exec's command running when its client goes away (see ExecProcesses).
    private async Task<ExecOutcome> OutcomeAsync(CancellationToken cancellationToken)
    {
        var marker = ExecProcesses.NewMarker();
        var request = ToRequest();
        request = request with { Environment = Environment.SetItem(ExecProcesses.MarkerVariable, marker) };
        try
        {
            return await Container.Engine.Operations.ExecAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ExecProcesses.StopAsync(Container.Engine, Container.Id, marker).ConfigureAwait(false);
            throw;
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text.Trim() : "…" + text[^4000..].Trim();
}
