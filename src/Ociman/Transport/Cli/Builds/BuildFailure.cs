using System.Text;

namespace Ociman.Transport.Cli;

/// <summary>The <see cref="ImageBuildException"/> of a failed build, in one shape whatever carried the build.</summary>
internal static class BuildFailure
{
    /// <summary>How many lines of the build output the message keeps.</summary>
    public const int TailLines = 25;

    /// <param name="engine">The engine that built.</param>
    /// <param name="tag">The reference being built.</param>
    /// <param name="what">What went wrong, after "Building TAG ", e.g. "failed with exit code 3".</param>
    /// <param name="commandLine">The command (secrets redacted).</param>
    /// <param name="exitCode">The exit code (or 1 when an API reported the failure).</param>
    /// <param name="output">The build output.</param>
    /// <param name="standardError">The standard error (or the API's error).</param>
    /// <param name="route">Why the build did not go through plain <c>build</c>, or null.</param>
    public static ImageBuildException Create(EngineKind engine, string tag, string what, string commandLine, int exitCode, string output, string standardError, string? route = null)
    {
        var tail = string.Join(Environment.NewLine, output.Trim().Split('\n').TakeLast(TailLines).Select(l => l.TrimEnd()));
        var message = new StringBuilder().Append("Building ").Append(tag).Append(' ').Append(what).Append('.');
        if (route is not null)
        {
            message.AppendLine().Append(route);
        }

        message.AppendLine().Append("Command: ").Append(commandLine)
            .AppendLine().Append("Last lines of the build output:")
            .AppendLine().Append(tail);
        var command = new EngineCommandException($"`{commandLine}` failed with exit code {exitCode}.", "build", engine, commandLine, exitCode, standardError);
        return new ImageBuildException(message.ToString(), tag, engine, standardError.Trim(), command);
    }
}
