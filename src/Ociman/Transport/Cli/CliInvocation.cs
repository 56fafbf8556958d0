using System.Text;

namespace Ociman.Transport.Cli;

/// <summary>What to write to a command's standard input.</summary>
internal abstract record StandardInput
{
    public static StandardInput None { get; } = new NoInput();

    public static StandardInput FromBytes(ReadOnlyMemory<byte> bytes) => new BytesInput(bytes);

    public static StandardInput FromStream(Stream stream) => new StreamInput(stream);

    public sealed record NoInput : StandardInput;

    public sealed record BytesInput(ReadOnlyMemory<byte> Bytes) : StandardInput;

    public sealed record StreamInput(Stream Stream) : StandardInput;
}

/// <summary>One engine command: arguments, secret-bearing environment and standard input.</summary>
/// <remarks>
/// Environment values never appear in <see cref="Arguments"/>: the engine CLI reads them from its own
/// environment when the argument list says <c>--env NAME</c>. That keeps them out of <c>ps</c>, of logs
/// and of exception messages.
/// </remarks>
internal sealed record CliInvocation
{
    public CliInvocation(IReadOnlyList<string> arguments)
    {
        Arguments = arguments;
    }

    public IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Variables set in the CLI process's environment (their values are treated as secrets).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public StandardInput Input { get; init; } = StandardInput.None;

    /// <summary>
    /// When set, cancelling the command first stops the processes it runs in containers (a build's <c>RUN</c> step) and
    /// gives it up to this long to end by itself, before it is interrupted (see <see cref="CliRunner.InterruptGracePeriod"/>).
    /// </summary>
    /// <remarks>
    /// <c>podman build</c> exits at once on SIGINT or SIGTERM and leaves its working container in storage (only
    /// <c>podman ps -a --external</c> shows it) with the step still running. When the step fails instead, Podman removes
    /// its working containers itself (<c>--force-rm</c>, the default) and exits.
    /// </remarks>
    public TimeSpan? StopContainedProcessesOnCancel { get; init; }

    /// <summary>Called with each line of the command's standard output and standard error as it comes (both are still captured whole).</summary>
    /// <remarks>For long work whose progress is shown (builds, pulls); the lines may come from two threads at once.</remarks>
    public Action<string>? OutputLine { get; init; }

    /// <summary>Argument values that must be shown as <c>***</c> in logs and messages.</summary>
    public IReadOnlySet<string> SecretArguments { get; init; } = new HashSet<string>();

    /// <summary>The operation, for exceptions: the leading words of the arguments (e.g. <c>container inspect</c>, <c>build</c>).</summary>
    public string Operation => OperationOf(Arguments);

    /// <summary>The leading words of <paramref name="arguments"/> that are not options, at most two (<c>version</c> for <c>--version</c>).</summary>
    public static string OperationOf(IReadOnlyList<string> arguments)
    {
        var words = arguments.TakeWhile(a => !a.StartsWith('-')).Take(2).ToList();
        return words.Count > 0 ? string.Join(' ', words) : arguments.Count > 0 ? arguments[0].TrimStart('-') : string.Empty;
    }

    /// <summary>Renders the command line for logs and messages, quoting where needed and redacting secrets.</summary>
    public string Render(string executable) => RenderArguments(executable, Arguments, SecretArguments);

    /// <summary>Renders a command line for logs and messages, quoting where needed and redacting <paramref name="secrets"/>.</summary>
    public static string RenderArguments(string executable, IEnumerable<string> arguments, IReadOnlySet<string>? secrets = null)
    {
        var sb = new StringBuilder(executable);
        foreach (var argument in arguments)
        {
            sb.Append(' ');
            sb.Append(secrets is not null && secrets.Contains(argument) ? "***" : ValueText.ShellWord(argument));
        }

        return sb.ToString();
    }
}

/// <summary>The outcome of an engine command that ran to its end.</summary>
internal sealed record CliResult(string CommandLine, int ExitCode, byte[] StandardOutput, string StandardError, TimeSpan Duration, string Operation)
{
    public string StandardOutputText => Encoding.UTF8.GetString(StandardOutput);
}
