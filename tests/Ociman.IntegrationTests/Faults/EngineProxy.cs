using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Ociman.IntegrationTests.Faults;

/// <summary>A unix socket this test owns that stands for an engine's socket: it forwards to the real one, or hangs, or dies.</summary>
/// <remarks>
/// The real daemons are never frozen or stopped: a test points the engine's endpoint (<c>DOCKER_HOST</c>,
/// <c>CONTAINER_HOST</c>) at this socket and then makes it hang (<see cref="Freeze"/>: connections are accepted and
/// nothing more is forwarded either way, like a daemon stopped with SIGSTOP) or die (<see cref="Kill"/>: every
/// connection is closed, new ones are closed at once, like a daemon that was killed).
/// </remarks>
public sealed class EngineProxy : IAsyncDisposable
{
    private readonly string? _upstream;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly TaskCompletionSource _frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private volatile bool _dead;

    private EngineProxy(string? upstream)
    {
        _upstream = upstream;
        SocketPath = Path.Combine(Path.GetTempPath(), $"ociman-fault-{Guid.NewGuid():N}.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(128);
        if (upstream is null)
        {
            _frozen.TrySetResult();
        }

        _accepting = AcceptAsync();
    }

    /// <summary>The socket's path.</summary>
    public string SocketPath { get; }

    /// <summary>The socket as an endpoint address (<c>unix://…</c>).</summary>
    public string Uri => "unix://" + SocketPath;

    /// <summary>A socket that accepts connections and never answers (a hung engine from the start).</summary>
    public static EngineProxy Hung() => new(null);

    /// <summary>A socket that forwards to <paramref name="upstreamSocket"/> until it is frozen or killed.</summary>
    public static EngineProxy To(string upstreamSocket) => new(upstreamSocket);

    /// <summary>From now on nothing is forwarded and new connections are never answered: the engine hangs.</summary>
    public void Freeze() => _frozen.TrySetResult();

    /// <summary>Closes every connection, and every new one at once: the engine died.</summary>
    public void Kill()
    {
        _dead = true;
        foreach (var socket in _sockets)
        {
            Close(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Kill();
        _listener.Dispose();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was closed: that ends the loop.
        }

        File.Delete(SocketPath);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            if (_dead)
            {
                Close(client);
                continue;
            }

            _sockets.Add(client);
            if (_frozen.Task.IsCompleted)
            {
                continue; // Accepted, never answered.
            }

            var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _sockets.Add(upstream);
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_upstream!), _stop.Token);
            }
            catch (SocketException)
            {
                Close(client);
                continue;
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (_frozen.Task.IsCompleted)
                {
                    // Frozen: hold what came and never pass it on, until the proxy is disposed or killed.
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The proxy was killed or disposed, or a side went away.
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Not connected (any more).
        }

        socket.Dispose();
    }
}
