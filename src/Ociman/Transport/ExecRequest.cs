namespace Ociman.Transport;

/// <summary>A command to run in a running container, as every transport receives it.</summary>
/// <remarks>
/// Every environment value is a secret: a transport never puts one on a command line, in a log or in an exception
/// message (names may appear). Standard input, when given, is written while the output is read and then closed.
/// </remarks>
/// <param name="ContainerId">The container's full id.</param>
/// <param name="Executable">The program to run.</param>
/// <param name="Arguments">The program's arguments.</param>
/// <param name="Environment">Variables for the command, by name; every value is secret (see the remarks).</param>
/// <param name="User">The user to run as (<c>name</c>, <c>uid</c> or <c>uid:gid</c>), or null for the container's.</param>
/// <param name="WorkingDirectory">The working directory, or null for the container's.</param>
/// <param name="Tty">Whether a pseudo-terminal is allocated.</param>
/// <param name="StandardInput">What to write to the command's standard input, or null for none (no stdin is attached).</param>
internal sealed record ExecRequest(
    string ContainerId,
    string Executable,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string? User,
    string? WorkingDirectory,
    bool Tty,
    ExecInput? StandardInput);

/// <summary>What an exec writes to its command's standard input: bytes, or a stream read when the command runs.</summary>
/// <param name="Bytes">The bytes to write, when <see cref="Stream"/> is null.</param>
/// <param name="Stream">The stream to copy (not disposed), or null to write <see cref="Bytes"/>.</param>
internal sealed record ExecInput(ReadOnlyMemory<byte> Bytes, Stream? Stream)
{
    /// <summary>Input from bytes.</summary>
    public static ExecInput FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes, null);

    /// <summary>Input copied from a stream.</summary>
    public static ExecInput FromStream(Stream stream) => new(ReadOnlyMemory<byte>.Empty, stream);
}

/// <summary>How an exec ended, whatever its exit code.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="StandardOutput">The raw bytes the command wrote to standard output.</param>
/// <param name="StandardError">What the command wrote to standard error, decoded as UTF-8.</param>
/// <param name="StartFailure">
/// Why the engine could not start the command at all (a missing program or working directory), in the engine's
/// words; null when the exit code is the command's own.
/// </param>
internal sealed record ExecOutcome(int ExitCode, ReadOnlyMemory<byte> StandardOutput, string StandardError, string? StartFailure)
{
    /// <summary>The public result: exit code and output.</summary>
    public ExecResult ToResult() => new(ExitCode, StandardOutput, StandardError);
}
