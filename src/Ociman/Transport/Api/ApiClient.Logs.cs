using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Ociman.Transport.Api;

internal sealed partial class ApiClient
{
    /// <summary><c>GET /containers/{id}/logs?stdout=true&amp;stderr=true</c>: everything the container wrote so far.</summary>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public async Task<ContainerLogs> LogsAsync(string containerId, CancellationToken cancellationToken)
    {
        var request = RequestLine("GET", $"/containers/{containerId}/logs");
        using var stream = await CallAsync(request, ApiResource.Container, containerId, token => Client.Containers.GetContainerLogsAsync(containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, token), cancellationToken).ConfigureAwait(false);
        var (stdout, stderr) = await CallAsync(request, ApiResource.Container, containerId, stream.ReadOutputToEndAsync, cancellationToken).ConfigureAwait(false);
        return new ContainerLogs(stdout, stderr);
    }

    /// <summary><c>GET /containers/{id}/logs?follow=true</c>: the container's log lines as they come, until it stops or the token is cancelled.</summary>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public async IAsyncEnumerable<ContainerLogLine> FollowLogsAsync(string containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = RequestLine("GET", $"/containers/{containerId}/logs");
        using var stream = await CallAsync(request, ApiResource.Container, containerId, token => Client.Containers.GetContainerLogsAsync(containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = true }, token), cancellationToken).ConfigureAwait(false);
        var splitter = new LogLineSplitter();
        var buffer = new byte[16384];
        while (true)
        {
            var result = await CallAsync(request, ApiResource.Container, containerId, token => stream.ReadOutputAsync(buffer, 0, buffer.Length, token), cancellationToken).ConfigureAwait(false);
            if (result.EOF)
            {
                break;
            }

            var source = result.Target == MultiplexedStream.TargetStream.StandardError ? LogSource.StandardError : LogSource.StandardOutput;
            foreach (var line in splitter.Add(source, buffer.AsSpan(0, result.Count)))
            {
                yield return line;
            }
        }

        foreach (var line in splitter.Flush())
        {
            yield return line;
        }
    }
}

/// <summary>Splits the chunks of two streams into lines (without their <c>\n</c> or <c>\r\n</c>), each stream on its own; pure.</summary>
internal sealed class LogLineSplitter
{
    private readonly ArrayBufferWriter<byte> _stdout = new();
    private readonly ArrayBufferWriter<byte> _stderr = new();

    /// <summary>Adds a chunk of <paramref name="source"/> and returns the lines it completes.</summary>
    public IReadOnlyList<ContainerLogLine> Add(LogSource source, ReadOnlySpan<byte> chunk)
    {
        var pending = source == LogSource.StandardError ? _stderr : _stdout;
        var lines = new List<ContainerLogLine>();
        int newline;
        while ((newline = chunk.IndexOf((byte)'\n')) >= 0)
        {
            pending.Write(chunk[..newline]);
            lines.Add(new ContainerLogLine(source, Take(pending)));
            chunk = chunk[(newline + 1)..];
        }

        pending.Write(chunk);
        return lines;
    }

    /// <summary>Returns what is left of each stream (a last line without <c>\n</c>).</summary>
    public IReadOnlyList<ContainerLogLine> Flush()
    {
        var lines = new List<ContainerLogLine>();
        if (_stdout.WrittenCount > 0)
        {
            lines.Add(new ContainerLogLine(LogSource.StandardOutput, Take(_stdout)));
        }

        if (_stderr.WrittenCount > 0)
        {
            lines.Add(new ContainerLogLine(LogSource.StandardError, Take(_stderr)));
        }

        return lines;
    }

    private static string Take(ArrayBufferWriter<byte> pending)
    {
        var text = Encoding.UTF8.GetString(pending.WrittenSpan);
        pending.ResetWrittenCount();
        return text.EndsWith('\r') ? text[..^1] : text;
    }
}
