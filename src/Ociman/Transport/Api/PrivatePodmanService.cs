using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Ociman.Logging;

namespace Ociman.Transport.Api;

/// <summary>
/// A <c>podman system service</c> owned by this process, for the API transport on a machine where no Podman service
/// runs: started on first use, on a socket in a private directory, and ended with this process — however it ends.
/// </summary>
/// <remarks>
/// <para>
/// The service runs under a small watcher started with <c>setsid --fork</c> (so a signal to this process group does
/// not reach it first) whose standard input is a pipe from this process. Nothing is ever written to that pipe; when
/// this process exits — normally, by an exception, or by <c>SIGKILL</c> — the kernel closes it, the watcher reads end of
/// file, stops the service (<c>SIGTERM</c>, then <c>SIGKILL</c> after 10 s) and removes the private directory. The
/// service shares the machine's Podman storage with the command-line tool (which builds and transfers images), as a
/// system service would. Containers it started are not stopped with it (Podman's <c>conmon</c> keeps them); their
/// owners remove them.
/// </para>
/// <para>One service serves the whole process, per Podman executable.</para>
/// </remarks>
internal static class PrivatePodmanService
{
    /// <summary>How long the service may take to create its socket after it is started.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long the service may take to answer its first requests once its socket is there (the probe's bound for a
    /// service of this process, instead of <see cref="ApiConnection.ProbeTimeout"/>); the caller's
    /// <see cref="EngineOptions.ProbeTimeout"/> still bounds the whole probe.
    /// </summary>
    /// <remarks>
    /// <c>podman system service</c> listens before it has set up its runtime (storage, locks, database), and requests
    /// wait in the socket's backlog meanwhile. Measured here: eight test processes starting their services at once,
    /// beside a build and another engine's test suite on 2 cores, and two of the eight services did not answer within
    /// 10 s. That is a service of ours starting under contention, not an engine that hangs.
    /// </remarks>
    public static readonly TimeSpan FirstAnswerTimeout = TimeSpan.FromSeconds(60);

    // $1 podman, $2 socket URI, $3 private directory. Reads standard input until end of file (this process is gone).
    private const string Script = """
        "$1" system service --time 0 "$2" </dev/null >/dev/null 2>&1 &
        service=$!
        while read -r _; do :; done
        kill "$service" 2>/dev/null
        i=0
        while kill -0 "$service" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        kill -9 "$service" 2>/dev/null
        rm -rf "$3"
        exit 0
        """;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Task<Uri>> Services = new(StringComparer.Ordinal);

    // The write ends of the watchers' pipes: kept open (never written, never closed) for the life of this process.
    private static readonly List<StreamWriter> Lifelines = [];

    /// <summary>The socket of this process's service for <paramref name="podman"/>, starting it on first use.</summary>
    /// <exception cref="EngineUnavailableException">The service could not be started or did not answer within <see cref="StartTimeout"/>.</exception>
    public static Task<Uri> EnsureStartedAsync(string podman, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(podman);
        Task<Uri> started;
        lock (Gate)
        {
            if (!Services.TryGetValue(podman, out started!) || started.IsFaulted || started.IsCanceled)
            {
                // Not tied to the first caller's token: the service is shared by every later caller.
                started = StartAsync(podman, logger);
                Services[podman] = started;
            }
        }

        return started.WaitAsync(cancellationToken);
    }

    private static async Task<Uri> StartAsync(string podman, ILogger logger)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw Unavailable(podman, "a private Podman service is started only on Linux");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"ociman-podman-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var socket = Path.Combine(directory, "podman.sock");
        var uri = new Uri("unix://" + socket);
        var start = new ProcessStartInfo("setsid") { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--fork", "/bin/sh", "-c", Script, "ociman-podman-service", podman, uri.ToString(), directory })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var launcher = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start");
            lock (Gate)
            {
                Lifelines.Add(launcher.StandardInput);
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            TryDelete(directory);
            throw Unavailable(podman, $"setsid could not start it: {ex.Message}");
        }

        while (!File.Exists(socket))
        {
            if (clock.Elapsed > StartTimeout)
            {
                throw Unavailable(podman, $"its socket {socket} did not appear within {StartTimeout.TotalSeconds:0} s (is `{podman} system service` available?)");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        Log.PrivatePodmanServiceStarted(logger, socket, clock.ElapsedMilliseconds);
        return uri;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the watcher (or the temp directory's own cleaning).
        }
    }

    private static EngineUnavailableException Unavailable(string podman, string reason) =>
        new($"A private Podman service for the API transport could not be started: {reason}.", [new EngineProbeFailure(EngineKind.Podman, $"{podman} system service", reason)]);
}
