using System.Runtime.InteropServices;
using System.Text;
using Docker.DotNet;

namespace Ociman.Transport.Api;

/// <summary>A command to run in a container through the Engine API.</summary>
/// <param name="Command">The executable and its arguments.</param>
/// <param name="Environment">Environment variables; their values travel only in the request body.</param>
/// <param name="User">The user to run as, or null for the container's.</param>
/// <param name="WorkingDirectory">The working directory, or null for the container's.</param>
/// <param name="Tty">Whether to allocate a pseudo-terminal (output is then one raw stream).</param>
/// <param name="Input">Standard input: <see cref="ReadOnlyMemory{T}"/> of bytes, a <see cref="Stream"/>, or null for none.</param>
internal sealed record ApiExecRequest(
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    string? User = null,
    string? WorkingDirectory = null,
    bool Tty = false,
    object? Input = null)
{
    /// <summary>Whether the command gets standard input.</summary>
    public bool HasStandardInput => Input is not null;
}

internal sealed partial class ApiClient
{
    /// <summary>
    /// Runs a command in a container: <c>POST /containers/{id}/exec</c>, then <c>POST /exec/{id}/start</c> on a
    /// connection taken over for the command's streams (standard input written while its output is read), then
    /// <c>GET /exec/{id}/json</c> for the exit code.
    /// </summary>
    /// <remarks>
    /// When the command's output ends, standard input that is still being written is abandoned: the command has
    /// exited, and Docker stops reading the connection then without closing it (a write of 8 MiB to <c>true</c> would
    /// otherwise block forever; the CLI abandons it the same way). Podman resets the connection instead, which ends
    /// the output the same way.
    /// </remarks>
    /// <exception cref="ContainerNotFoundException">No such container.</exception>
    public async Task<ExecResult> ExecAsync(string containerId, ApiExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = ApiQueries.ExecCreate(request);
        var created = await CallAsync(RequestLine("POST", $"/containers/{containerId}/exec"), ApiResource.Container, containerId, token => Client.Exec.CreateContainerExecAsync(containerId, body, token), cancellationToken).ConfigureAwait(false);
        var execId = created.ID;
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        using (var stream = await CallAsync(
                   RequestLine("POST", $"/exec/{execId}/start"),
                   ApiResource.Container,
                   containerId,
                   token => Client.Exec.StartContainerExecAsync(execId, new Docker.DotNet.Models.ContainerExecStartParameters { Detach = false, TTY = request.Tty }, token),
                   cancellationToken).ConfigureAwait(false))
        {
            using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var writing = request.Input is null ? Task.CompletedTask : WriteInputAsync(stream, request.Input, stopWriting.Token);
            try
            {
                await CallAsync(RequestLine("POST", $"/exec/{execId}/start"), ApiResource.Container, containerId, token => ReadOutputAsync(stream, stdout, stderr, token), cancellationToken).ConfigureAwait(false);
            }
            catch (EngineApiException ex) when (request.Input is not null && ex.StatusCode == 0 && ex.InnerException is IOException)
            {
                // Podman 4.3 resets the connection when the command exits before it has read all of its input: the
                // output ended there, and the exit code below says how the command ended.
            }
            finally
            {
                await stopWriting.CancelAsync().ConfigureAwait(false);
                await WhenEndedAsync(writing).ConfigureAwait(false);
            }
        }

        var exitCode = await ExitCodeAsync(execId, containerId, cancellationToken).ConfigureAwait(false);
        return new ExecResult(exitCode, stdout.ToArray(), Encoding.UTF8.GetString(stderr.GetBuffer(), 0, (int)stderr.Length));
    }

    private static async Task WriteInputAsync(MultiplexedStream stream, object input, CancellationToken cancellationToken)
    {
        try
        {
            switch (input)
            {
                case ReadOnlyMemory<byte> bytes:
                    var segment = MemoryMarshal.TryGetArray(bytes, out var array) ? array : new ArraySegment<byte>(bytes.ToArray());
                    await stream.WriteAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken).ConfigureAwait(false);
                    break;
                case Stream source:
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await stream.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                default:
                    throw new ArgumentException($"Standard input of type {input.GetType()} is not supported: use bytes or a stream.", nameof(input));
            }

            stream.CloseWrite();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The command exited without reading all of its input (or the call was cancelled): the input is abandoned.
        }
    }

    // Docker's exec output arrives in frames of an 8-byte header (stream, size) and the data, unless a TTY is allocated.
    private static async Task<bool> ReadOutputAsync(MultiplexedStream stream, MemoryStream stdout, MemoryStream stderr, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (true)
        {
            var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (result.EOF)
            {
                return true;
            }

            var target = result.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
            target.Write(buffer, 0, result.Count);
        }
    }

    private static async Task WhenEndedAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Ended, one way or the other.
        }
    }

    // The output ends when the process's streams close; the engine records the exit code a moment later.
    private async Task<int> ExitCodeAsync(string execId, string containerId, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var state = await CallAsync(RequestLine("GET", $"/exec/{execId}/json"), ApiResource.Container, containerId, token => Client.Exec.InspectContainerExecAsync(execId, token), cancellationToken).ConfigureAwait(false);
            if (!state.Running && state.ExitCode is { } code)
            {
                return (int)code;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }
}
