namespace Ociman.Transport.Cli;

/// <summary>Tells an exec whose engine (daemon, service or tool) failed from a command that exited with a code of its own.</summary>
/// <remarks>
/// <c>docker exec</c> and <c>podman exec</c> pass the command's exit code through, and print their own errors on the
/// same standard error as the command. The tool's own error is the last thing it prints, in a form a command does not
/// use by chance (measured on Docker 26 / CLI 28 and Podman 4.3):
/// <list type="bullet">
/// <item>Docker, daemon stopped or socket gone: exit 1, <c>Cannot connect to the Docker daemon at … Is the docker daemon running?</c>
/// or <c>error during connect: Get "…": EOF</c>.</item>
/// <item>Docker, daemon refused: <c>Error response from daemon: …</c> (exit 1, 125, 126 or 255).</item>
/// <item>Podman: exit 125 with <c>Error: …</c> (a connection reset mid-exec: <c>Error: Get "…": read unix …: connection reset by peer</c>),
/// or <c>Cannot connect to Podman.</c> before it.</item>
/// <item>A negative exit code: the tool did not exit normally.</item>
/// </list>
/// Exit codes 126 and 127 without those messages are the exec's own problems (no such program, not executable) and
/// are read by <see cref="EngineDialect.ExecStartFailure"/>. A tool killed by a signal exits 128+n like a command killed
/// by one, so without an engine message it is reported as the command's code; and Docker's tool exits 0, with no
/// error, when its connection to the daemon breaks while the command runs — neither can be told apart from the
/// command's own end through the command-line tool.
/// </remarks>
internal static class ExecFailureClassifier
{
    private static readonly string[] DockerEngineErrors =
    [
        "Cannot connect to the Docker daemon",
        "error during connect:",
        "Error response from daemon:",
    ];

    private static readonly string[] ConnectionErrors =
    [
        "connection reset",
        "connection refused",
        "broken pipe",
        "EOF",
        "Cannot connect to Podman",
        "unable to connect to Podman",
    ];

    /// <summary>Whether the tool's exit code and standard error say the engine failed, not the command.</summary>
    /// <param name="exitCode">The tool's exit code.</param>
    /// <param name="standardError">The tool's standard error (the command's and the tool's own).</param>
    /// <returns>The engine's error line when the engine failed; null when the exit code is the command's.</returns>
    public static string? EngineFailure(int exitCode, string standardError)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        if (exitCode == 0)
        {
            return null;
        }

        var lines = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.Length > 0 ? lines[^1] : string.Empty;
        if (exitCode < 0)
        {
            return last.Length > 0 ? last : $"the command-line tool did not exit normally (exit code {exitCode})";
        }

        if (DockerEngineErrors.Any(e => last.StartsWith(e, StringComparison.Ordinal)))
        {
            return last;
        }

        // Podman's own errors: exit code 125 and "Error: "; for the command's exit code to be taken for the engine's,
        // the command would have to exit 125 after printing an error that names a broken connection.
        if (exitCode == 125 && last.StartsWith("Error: ", StringComparison.Ordinal)
            && (ConnectionErrors.Any(e => last.Contains(e, StringComparison.Ordinal)) || lines.Any(l => l.StartsWith("Cannot connect to Podman", StringComparison.Ordinal))))
        {
            return last;
        }

        return null;
    }
}
