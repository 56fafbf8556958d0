using System.Runtime.CompilerServices;
using Ociman.Engines;

namespace Ociman.Transport.Cli;

/// <summary>Container logs through the CLI: a snapshot, or followed line by line.</summary>
internal sealed partial class CliEngineOperations
{
    public async Task<ContainerLogs> LogsAsync(string containerId, CancellationToken cancellationToken)
    {
        var result = await CheckedAsync(new CliInvocation(ContainerArguments.Logs(containerId)), containerId, cancellationToken, FailureKind.NoSuchContainer).ConfigureAwait(false);
        return new ContainerLogs(result.StandardOutputText, result.StandardError);
    }

    public async IAsyncEnumerable<ContainerLogLine> FollowLogsAsync(string containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var invocation = new CliInvocation(ContainerArguments.Logs(containerId, follow: true));
        await foreach (var (isError, line, exitCode) in Runner.StreamAsync(invocation, cancellationToken).ConfigureAwait(false))
        {
            if (exitCode is null)
            {
                yield return new ContainerLogLine(isError ? LogSource.StandardError : LogSource.StandardOutput, line);
            }
        }
    }
}
