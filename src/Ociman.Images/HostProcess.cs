using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Ociman.Images;

/// <summary>Runs host programs (debootstrap, tar, rm) for the kit; cancelling kills the process tree.</summary>
internal static class HostProcess
{
    /// <summary>Finds an executable on <c>PATH</c> (and in the <c>sbin</c> directories, which a non-login PATH may lack).</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs the program and throws <see cref="InvalidOperationException"/> with the last lines of its output when it fails.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled; the process tree was killed.</exception>
    public static async Task RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var result = await Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync(cancellationToken)
            .ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var tail = string.Join(Environment.NewLine, output.ToString().Split('\n').TakeLast(30).Select(l => l.TrimEnd()));
            throw new InvalidOperationException(
                $"'{executable} {string.Join(' ', arguments)}' failed with exit code {result.ExitCode}. Last lines of its output:{Environment.NewLine}{tail}");
        }
    }

    /// <summary>Runs the program, ignoring its exit code and output (best-effort cleanup).</summary>
    public static async Task TryRunAsync(string executable, IReadOnlyList<string> arguments)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await Cli.Wrap(executable).WithArguments(arguments).WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // Best effort: the caller reports the original failure.
        }
    }
}
