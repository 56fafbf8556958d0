using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Ociman.Testing;

/// <summary>
/// Removes this test session's containers and networks within seconds of the test process ending, however it ends —
/// SIGKILL included — with no next test run, no helper container and nothing pulled.
/// </summary>
/// <remarks>
/// <para>
/// When the shared engine is first detected (<see cref="TestEngine"/>), the session starts one small watcher: a
/// <c>/bin/sh</c> in a session of its own (<c>setsid --fork</c>, so a signal to the test's process group or process tree
/// does not reach it, and its parent is not the test process), whose standard input is a pipe whose write end only the
/// test process holds. The watcher blocks reading that pipe. When the test process ends, for whatever reason, the
/// kernel closes the write end, the read returns end-of-file (within milliseconds) and the watcher removes every
/// container and network labelled with this session's id (<see cref="TestSession.SessionLabel"/>) through the same CLI
/// and environment the tests used, then exits. Each engine command it runs is bounded (<c>timeout 60</c>); output goes
/// nowhere.
/// </para>
/// <para>
/// It works for rootless engines (it is the user's own CLI) and for remote ones reached through the environment
/// (<c>DOCKER_HOST</c>, <c>CONTAINER_HOST</c>, contexts), which the watcher inherits. Where it cannot run (no
/// <c>setsid</c>, not Linux, or <c>OCIMAN_REAPER=0</c>), the next test process's sweep
/// (<see cref="TestSession.SweepOrphansAsync"/>) still removes what a killed process left.
/// </para>
/// </remarks>
public static class SessionReaper
{
    /// <summary>The environment variable that turns the watcher off when set to <c>0</c>, <c>false</c> or <c>off</c>.</summary>
    public const string DisableVariable = "OCIMAN_REAPER";

    // The watcher: wait for end-of-file on standard input (the test process is gone), then remove what carries the
    // session label; then end the builds the test process left running and remove its temporary build tags.
    // Arguments: $1 CLI, $2 session label filter, $3 the engine's forced removal without grace (the CLI dialect's words,
    // split on spaces), $4 how this process's temporary build tags begin (Engine.TemporaryTagPrefix: a random value of
    // this process, so only its own tags and builds match).
    //
    // A container can outlive the first removal: a run or create the test process had started goes on without it (the
    // CLI is its child, not killed with it; a request already sent over the API is carried out by the daemon), and its
    // container appears a moment later. So after the first removal the watcher waits while a process whose arguments
    // hold the session label (`--label io.ociman.session=<id>`: that CLI) is alive, at most 30 s, then removes again
    // once a second for 10 s, and removes the session's networks again (this comes after the builds and temporary tags
    // below, so those are not held up).
    //
    // A build outlives the test process (the CLI is its child, not killed with it): left alone it runs to its end and
    // tags a temporary tag nobody removes, and on Podman a build killed outright leaves its working container in storage
    // (seen only by `podman ps --external`). Its CLI is found by its arguments, which hold the temporary tag. The
    // processes running inside its build container (another PID namespace) are killed first, so the step fails and the
    // build removes its own working container, as a cancelled build does in the test process; a CLI still there 10 s
    // later (Docker's: its steps run in the daemon) is interrupted (SIGINT, which cancels the build), and killed 10 s
    // after that. Only processes whose arguments hold this process's random prefix, and their descendants, are touched
    // (a process whose parent or namespace cannot be read — it has just ended — is left alone; /proc is read with one
    // grep per scan, not a process per entry, so the watcher does not churn through process ids). Then the temporary tags
    // go, and the private temp directories of inline builds on the Docker CLI (ociman-cli-OWNER-…, under
    // XDG_RUNTIME_DIR or TMPDIR, as the process made them: the watcher inherits its environment).
    private const string Script = """
        exec >/dev/null 2>&1
        while read -r _; do :; done
        reap() {
          ids=$(timeout 60 "$1" container ls -aq --filter "label=$2")
          [ -n "$ids" ] && timeout 60 "$1" $3 $ids
        }
        reap "$1" "$2" "$3"
        unnet() {
          nets=$(timeout 60 "$1" network ls -q --filter "label=$2")
          [ -n "$nets" ] && timeout 60 "$1" network rm $nets
        }
        unnet "$1" "$2"
        builds=
        for f in $(grep -lzF -- ":$4" /proc/[0-9]*/cmdline 2>/dev/null); do
          p=${f#/proc/}; p=${p%/cmdline}
          [ "$p" != "$$" ] && [ -d "/proc/$p" ] && builds="$builds $p"
        done
        alive() { for b in $builds; do [ -d "/proc/$b" ] && return 0; done; return 1; }
        wait_builds() { i=0; while alive && [ $i -lt $1 ]; do sleep 0.25; i=$((i + 1)); done; }
        if [ -n "$builds" ]; then
          tree=" ${builds# } "
          grew=1
          while [ -n "$grew" ]; do
            grew=
            for line in $(grep -H '^PPid:' /proc/[0-9]*/status 2>/dev/null | sed -n 's#^/proc/\([0-9]*\)/status:PPid:[[:space:]]*\([0-9][0-9]*\)$#\1:\2#p'); do
              q=${line%%:*}; pp=${line#*:}
              case "$tree" in *" $q "*) continue ;; esac
              case "$tree" in *" $pp "*) tree="$tree$q "; grew=1 ;; esac
            done
          done
          for b in $builds; do
            ns=$(readlink "/proc/$b/ns/pid")
            for q in $tree; do
              qns=$(readlink "/proc/$q/ns/pid")
              [ -n "$ns" ] && [ -n "$qns" ] && [ "$qns" != "$ns" ] && kill -KILL "$q"
            done
          done
          wait_builds 40
          alive && kill -INT $builds
          wait_builds 40
          alive && kill -KILL $builds
        fi
        tags=$(timeout 60 "$1" image ls --format '{{.Repository}}:{{.Tag}}' | grep -F ":$4")
        [ -n "$tags" ] && timeout 60 "$1" image rm $tags
        owner=${4#ociman-tmp-}
        for base in "${XDG_RUNTIME_DIR:-}" "${TMPDIR:-/tmp}"; do
          [ -n "$base" ] && [ -n "$owner" ] && rm -rf "$base"/ociman-cli-"$owner"*
        done
        making() {
          for f in $(grep -lzxF -- "$2" /proc/[0-9]*/cmdline 2>/dev/null); do
            grep -qzxF ociman-reaper "$f" 2>/dev/null
            [ $? = 1 ] && return 0
          done
          return 1
        }
        i=0
        while making "$1" "$2" && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
        for _ in 1 2 3 4 5 6 7 8 9 10; do sleep 1; reap "$1" "$2" "$3"; done
        unnet "$1" "$2"
        exit 0
        """;

    private static readonly Lock Gate = new();
    private static StreamWriter? _lifeline;

    /// <summary>Whether the watcher runs for this process.</summary>
    public static bool IsRunning
    {
        get
        {
            lock (Gate)
            {
                return _lifeline is not null;
            }
        }
    }

    /// <summary>Whether the environment turns the watcher off (<c>OCIMAN_REAPER=0|false|off</c>).</summary>
    public static bool IsDisabled =>
        Environment.GetEnvironmentVariable(DisableVariable) is { } value
        && (value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("off", StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts the watcher for this session on the engine, once per process; later calls do nothing.</summary>
    /// <param name="engine">The engine whose CLI the watcher uses.</param>
    /// <param name="logger">Where to say that it started, or why it could not.</param>
    /// <returns>Whether a watcher runs after the call.</returns>
    internal static bool EnsureStarted(Engine engine, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(logger);
        lock (Gate)
        {
            if (_lifeline is not null)
            {
                return true;
            }

            if (IsDisabled || !OperatingSystem.IsLinux())
            {
                Logging.Log.ReaperOff(logger, IsDisabled ? $"{DisableVariable} turns it off" : "not Linux");
                return false;
            }

            var start = new ProcessStartInfo("setsid")
            {
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--fork", "/bin/sh", "-c", Script, "ociman-reaper", engine.ExecutablePath,
                         TestSession.SessionLabel + "=" + TestSession.Id,
                         string.Join(' ', Transport.Cli.EngineDialect.For(engine.Kind).ForceRemoveArguments(string.Empty).SkipLast(1)),
                         Engine.TemporaryTagPrefix,
                     })
            {
                start.ArgumentList.Add(argument);
            }

            try
            {
                var launcher = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start");

                // The write end of the pipe stays open for the life of this process: the field keeps it from being
                // finalised, and nothing ever writes to it or closes it.
                _lifeline = launcher.StandardInput;
                Logging.Log.ReaperStarted(logger, TestSession.Id, launcher.Id.ToString(CultureInfo.InvariantCulture));
                return true;
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                Logging.Log.ReaperOff(logger, "setsid could not be started: " + ex.Message);
                return false;
            }
        }
    }
}
