#!/usr/bin/env bash
# The long fault campaign (issue 11): the quick form is the Faults suite in .ci/run
# (tests/Ociman.IntegrationTests, Category=Faults); this is the long form, whose table goes in docs/reliability.md.
#
#   bash eng/faults.sh [--rounds N] [--engines "docker podman"] [--sections "kills cancel daemon builders fuzz"]
#                      [--fuzz-count N] [--out FILE] [--no-build]
#
# Sections, per engine, each counting hangs (every step runs under `timeout`; a step that reaches it is a hang) and
# leaks (what our processes made and left; Podman build containers carry nothing that names their build, so one that
# appears during a killed or cancelled build and stays is counted and listed, never removed):
#   kills     N child processes (tests/Ociman.Testing.CrashChild hold|run|temptag|building: test processes, with the
#             session reaper)
#             SIGKILLed at a random delay; the reaping time is the time from the kill until the child's containers
#             (and temporary tags) are gone, polled every 0.25 s, with no next run started.
#   cancel    N operations (run, exec, build, fixture start) cancelled at a random time (CrashChild cancel), with the
#             session reaper off (OCIMAN_REAPER=0) so that only the operation's own cleanup counts.
#   daemon    Docker only: a private dockerd 20.10 (from /opt/ociman/docker-20.10, see eng/provision-remote.sh) that
#             this script starts in a network namespace of its own (unshare --net), with its own socket, data and
#             exec roots, --bridge=none and no iptables rules, is
#             killed (SIGKILL, then restarted) or frozen (SIGSTOP for 25 s, then SIGCONT) while CrashChild daemon runs,
#             execs and removes containers through DOCKER_HOST. The machine's daemons are never signalled.
#   builders  K BuildRace processes build the same content-addressed image at once; builds per round must be 1.
#   fuzz      CrashChild fuzz: random inputs to the image reference, .dockerignore and ARG substitution parsers.
# Around everything, per engine: containers (podman ps -a --external too), dangling images, ociman-tmp-* tags,
# ociman-env-* and other ociman temp directories, and lock files under /tmp/ociman-locks-* before and after; what is
# new is listed. The machine may be shared: new items there can belong to someone else, so they are listed by name.
#
# Ends only processes it started (by pid), removes what it created, prints its duration and a markdown table.
set -uo pipefail

rounds=10
engines="docker podman"
sections="kills cancel daemon builders fuzz"
fuzz_count=20000
out=""
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --sections) sections="$2"; shift 2 ;;
    --fuzz-count) fuzz_count="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "usage: eng/faults.sh [--rounds N] [--engines \"docker podman\"] [--sections \"kills cancel daemon builders fuzz\"] [--fuzz-count N] [--out FILE] [--no-build]" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
started=$(date +%s)
run_id="faults-$(date +%s)-$$"
work=$(mktemp -d "${TMPDIR:-/tmp}/ociman-campaign.XXXXXX")
tmp="${TMPDIR:-/tmp}"
rows=()
details=()
log() { printf '[faults %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
detail() { details+=("$*"); log "$*"; }
has() { case " $sections " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
marker_label=io.ociman.crash-marker

# --- Our processes: every background pid we start is recorded and, at exit, ended by pid. ---
pids=()
private_dockerd=""
private_dir=""
private_data=""
docker0_before=0
cleanup() {
  local p
  # Only those still running as this script's children: a recorded pid that ended long ago may name another
  # process by now (pids wrap at 32768 here) — killing it blindly once took a CI run's `podman info`.
  for p in "${pids[@]}"; do
    [ "$(ps -o ppid= -p "$p" 2>/dev/null | tr -d ' ')" = "$$" ] && kill -9 "$p" 2>/dev/null
  done
  stop_private_dockerd
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building the drivers (tests/Ociman.Testing.CrashChild, tests/Ociman.BuildRace)"
for p in tests/Ociman.Testing.CrashChild tests/Ociman.BuildRace; do
  [ "$build" = 1 ] || break
  dotnet build "$repo/$p" -c Release -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done
child=$(ls "$repo"/tests/Ociman.Testing.CrashChild/bin/Release/*/Ociman.Testing.CrashChild.dll | head -1)
race=$(ls "$repo"/tests/Ociman.BuildRace/bin/Release/*/Ociman.BuildRace.dll | head -1)

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
maximum() { sort -n | tail -1 | awk '{print ($1=="" ? "-" : $1)}'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b-a}'; }
rand_ms() { echo $(( $1 + RANDOM % ($2 - $1 + 1) )); }

# --- Leak snapshot of an engine and of this machine's temp files. ---
snapshot() {
  local e="$1"
  {
    timeout 60 "$e" ps -a -q --no-trunc | sed 's/^/container /'
    [ "$e" = podman ] && timeout 60 podman ps -a -q --no-trunc --external | sed 's/^/container /'
    timeout 60 "$e" images -q --no-trunc --filter dangling=true | sed 's/^/dangling-image /'
    timeout 60 "$e" images --format '{{.Repository}}:{{.Tag}}' | grep 'ociman-tmp-' | sed 's/^/tmp-tag /'
    ls -d "$tmp"/ociman-env-* 2>/dev/null | sed 's/^/env-dir /'
    ls -d "$tmp"/ociman-* 2>/dev/null | grep -v -e ociman-locks -e ociman-env- -e ociman-campaign | sed 's/^/temp-dir /'
    find /tmp/ociman-locks-* "$tmp"/ociman-locks* -type f 2>/dev/null | sed 's/^/lock-file /'
  } | sort -u
}

ours_left() { # containers, images and tags that carry this marker: what our processes left (removed here)
  local e="$1" marker="$2" n=0 id
  for id in $(timeout 60 "$e" ps -a -q --filter "label=$marker_label=$marker" 2>/dev/null); do
    n=$((n + 1)); timeout 60 "$e" rm -f "$id" >/dev/null 2>&1
  done
  for id in $(timeout 60 "$e" images -a -q --filter "label=$marker_label=$marker" 2>/dev/null | sort -u); do
    n=$((n + 1)); timeout 60 "$e" rmi -f "$id" >/dev/null 2>&1
  done
  for id in $(timeout 60 "$e" images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep "ociman-crash/$marker"); do
    n=$((n + 1)); timeout 60 "$e" rmi -f "$id" >/dev/null 2>&1
  done
  echo "$n"
}

# count_left ENGINE MARKER LABEL BUILD: adds to the caller's `leaks` what a step left — with BUILD non-empty on Podman,
# build containers that appeared since the step started and stayed (listed, never removed: they cannot be told from
# another process's build), and always the containers/images carrying the step's marker (removed by ours_left).
count_left() {
  local e="$1" marker="$2" label="$3" build="$4"
  if [ -n "$build" ] && [ "$e" = podman ]; then
    local bc; for bc in $(build_containers "$e" | comm -13 "$work/bc-before-$marker" -); do
      leaks=$((leaks + 1)); detail "$label: build container $bc appeared and stayed (not removed: it cannot be told from another process's build; check with podman ps -a --external)"
    done
  fi
  local n; n=$(ours_left "$e" "$marker")
  [ "$n" -gt 0 ] && detail "$label: $n container(s)/image(s) with the marker left; removed by the script"
  leaks=$((leaks + n))
}

build_containers() { # Podman's build containers (hidden from ps -a; ps -a --external shows them)
  [ "$1" = podman ] && timeout 60 podman ps -a --external --format '{{.ID}} {{.Command}}' 2>/dev/null | awk '$2 == "buildah" {print $1}' | sort
}

busybox_ref() { timeout 60 "$1" images --format '{{.Repository}}:{{.Tag}}' | grep -m1 '^\(localhost/\)\?ociman-test/busybox:'; }

# --- 1. kills by phase ---
section_kills() {
  local e="$1" hangs=0 leaks=0 reaps=() build_reaps=() unreaped=0 i mode marker pid delay t0 t1 ready phase phases=""
  for i in $(seq 1 "$rounds"); do
    mode=$(echo "hold run temptag build" | cut -d' ' -f$(( (i - 1) % 4 + 1 )))
    marker="$run_id-k$e$i"
    delay=$(rand_ms 500 7000)
    if [ "$mode" = build ]; then
      # A test process in the middle of a build (CrashChild building: a step that prints the marker and sleeps 600 s).
      build_containers "$e" >"$work/bc-before-$marker"
      OCIMAN_BACKEND="$e" timeout 120 dotnet "$child" building "$marker" >"$work/kill-$marker.log" 2>&1 &
    else
      OCIMAN_BACKEND="$e" timeout 120 dotnet "$child" "$mode" "$marker" >"$work/kill-$marker.log" 2>&1 &
    fi
    pid=$!; pids+=("$pid")
    sleep "$(awk -v d="$delay" 'BEGIN {print d/1000}')"
    # timeout(1) runs the child as its own child: SIGKILL the program itself (timeout's child), then timeout — only
    # while timeout is still this script's child (a pid that has ended may already name someone else's process).
    local inner=""
    [ "$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$$" ] && inner=$(pgrep -P "$pid" | head -1)
    ready=$(grep -c '^READY' "$work/kill-$marker.log")
    phase="$mode/$([ "$ready" -gt 0 ] && echo ready || echo starting)"
    phases="$phases $phase"
    t0=$(now)
    [ -n "$inner" ] && kill -9 "$inner" 2>/dev/null
    [ "$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$$" ] && kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # Reaping: until nothing with the marker exists (containers, the temporary tag), polled every 0.25 s, ≤ 45 s (a build the reaper ends takes up to ~20 s).
    local gone=0
    for _ in $(seq 1 180); do
      # A build is reaped when its CLI (whose arguments name ociman-crash/<marker>) is gone too: only then has it removed
      # its own working container (Podman), so the build containers are counted after that.
      if [ -z "$(timeout 20 "$e" ps -a -q --filter "label=$marker_label=$marker")" ] \
         && ! timeout 20 "$e" images --format '{{.Repository}}' | grep -q "ociman-crash/$marker" \
         && ! pgrep -f "ociman-crash/$marker" >/dev/null; then gone=1; break; fi
      sleep 0.25
    done
    t1=$(now)
    if [ "$gone" = 1 ]; then
      [ "$mode" != build ] && [ "$ready" -gt 0 ] && reaps+=("$(elapsed "$t0" "$t1")")
      [ "$mode" = build ] && build_reaps+=("$(elapsed "$t0" "$t1")")
    else
      unreaped=$((unreaped + 1)); detail "kills/$e: $phase ($marker) not reaped within 45 s"
    fi
    # A build container started during this kill's window and left behind (the machine may be shared: listed by id).
    count_left "$e" "$marker" "kills/$e: $phase ($marker)" "$([ "$mode" = build ] && echo 1)"
  done
  local med max
  med=$(printf '%s\n' "${reaps[@]}" | grep . | median); max=$(printf '%s\n' "${reaps[@]}" | grep . | maximum)
  detail "kills/$e phases:$phases"
  rows+=("| kills by phase | $e | $rounds | $hangs | $leaks | reaping after SIGKILL (${#reaps[@]} kills with a container up): median $med s, max $max s; builds ended and cleaned (${#build_reaps[@]}): median $(printf '%s\n' "${build_reaps[@]}" | grep . | median) s, max $(printf '%s\n' "${build_reaps[@]}" | grep . | maximum) s; not reaped within 45 s: $unreaped |")
}

# --- 2. cancellations ---
section_cancel() {
  local e="$1" hangs=0 leaks=0 i op marker delay rc line returns=() outcomes="" left=0 errors=0
  for i in $(seq 1 "$rounds"); do
    op=$(echo "run exec build fixture" | cut -d' ' -f$(( (i - 1) % 4 + 1 )))
    marker="$run_id-c$e$i"
    delay=$(rand_ms 0 4000)
    build_containers "$e" >"$work/bc-before-$marker"
    OCIMAN_REAPER=0 OCIMAN_BACKEND="$e" timeout 120 dotnet "$child" cancel "$op" "$delay" "$marker" >"$work/cancel-$marker.log" 2>"$work/cancel-$marker.err"
    rc=$?
    if [ "$rc" = 124 ]; then hangs=$((hangs + 1)); detail "cancel/$e: $op at $delay ms hung (120 s)"; fi
    line=$(grep '^RESULT' "$work/cancel-$marker.log")
    if [ -n "$line" ]; then
      set -- $line
      outcomes="$outcomes $2:$3"
      [ "$3" = cancelled ] && returns+=("$4")
      [ "$3" = error ] && { errors=$((errors + 1)); detail "cancel/$e: $op at $delay ms: error $5"; }
      left=$((left + $6))
    elif [ "$rc" != 124 ]; then
      errors=$((errors + 1)); detail "cancel/$e: $op at $delay ms: exit $rc, $(head -c 300 "$work/cancel-$marker.err" | tr '\n' ' ')"
    fi
    count_left "$e" "$marker" "cancel/$e: $op at $delay ms ($marker)" "$([ "$op" = build ] && [ -n "$line" ] && echo 1)"
  done
  local counts
  counts=$(printf '%s\n' $outcomes | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}' | sed 's/, $//')
  rows+=("| cancellations | $e | $rounds | $hangs | $((leaks + left)) | $counts; return after cancel: median $(printf '%s\n' "${returns[@]}" | grep . | median) ms, max $(printf '%s\n' "${returns[@]}" | grep . | maximum) ms; exec commands still running: $left; errors: $errors |")
}

# --- 3. daemon faults (a private dockerd of our own) ---
private_docker() { DOCKER_HOST="unix://$private_dir/docker.sock" timeout 60 docker "$@"; }
start_private_dockerd() {
  local root=/opt/ociman/docker-20.10
  # In a network namespace of its own: with --bridge=none, dockerd 20.10 deletes the link named docker0 at start
  # (measured here: it took the main daemon's bridge away); inside its own namespace there is none to delete.
  PATH="$root/usr/sbin:$root/usr/bin:$PATH" unshare --net setsid "$root/usr/sbin/dockerd" \
    --data-root "$private_data" --exec-root "$private_dir/exec" --pidfile "$private_dir/dockerd.pid" \
    --containerd-namespace ociman-faults --containerd-plugins-namespace ociman-faults-plugins \
    --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
    -H "unix://$private_dir/docker.sock" >>"$private_dir/dockerd.log" 2>&1 </dev/null &
  private_dockerd=$!; pids+=("$private_dockerd")
  for _ in $(seq 1 240); do
    if private_docker version >/dev/null 2>&1; then
      if [ "$docker0_before" = 1 ] && ! ip link show docker0 >/dev/null 2>&1; then
        log "docker0 vanished while the private dockerd started: stopping the campaign's daemon section"; return 1
      fi
      return 0
    fi
    sleep 0.25
  done
  log "the private dockerd did not answer within 60 s:"; tail -20 "$private_dir/dockerd.log" >&2; return 1
}
stop_private_dockerd() {
  [ -n "$private_dockerd" ] || return 0
  kill -CONT "$private_dockerd" 2>/dev/null
  if kill -0 "$private_dockerd" 2>/dev/null; then
    private_docker ps -a -q | xargs -r env DOCKER_HOST="unix://$private_dir/docker.sock" timeout 60 docker rm -f >/dev/null 2>&1
    kill "$private_dockerd"
    for _ in $(seq 1 150); do kill -0 "$private_dockerd" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$private_dockerd" 2>/dev/null
  fi
  # The containerd it started (a kill -9 of dockerd leaves it running), by its pid file.
  local c="$private_dir/exec/containerd/containerd.pid"
  if [ -f "$c" ] && kill -0 "$(cat "$c")" 2>/dev/null && grep -q "$private_dir" "/proc/$(cat "$c")/cmdline" 2>/dev/null; then
    kill "$(cat "$c")"; sleep 2; kill -9 "$(cat "$c")" 2>/dev/null
  fi
  grep -o " $private_data[^ ]*\| $private_dir[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$private_data" "$private_dir"
  private_dockerd=""
}
section_daemon() {
  local bb hangs=0 leaks=0 r fault marker rc typed=0 untyped=0 ok=0 cancelled=0 n=0
  [ -x /opt/ociman/docker-20.10/usr/sbin/dockerd ] || { rows+=("| daemon faults | docker | 0 | - | - | skipped: no /opt/ociman/docker-20.10 (eng/provision-remote.sh unpacks it) |"); return; }
  private_dir=$(mktemp -d /tmp/ociman-faultd.XXXXXX); private_data=$(mktemp -d /var/lib/ociman-faultd.XXXXXX)
  docker0_before=$(ip link show docker0 >/dev/null 2>&1 && echo 1 || echo 0)
  start_private_dockerd || { rows+=("| daemon faults | docker | 0 | - | - | the private dockerd did not start |"); stop_private_dockerd; return; }
  bb=$(busybox_ref docker)
  docker save "$bb" | DOCKER_HOST="unix://$private_dir/docker.sock" timeout 120 docker load >/dev/null
  local per=$(( rounds / 5 > 0 ? rounds / 5 : 1 ))
  for fault in kill stop; do
    for r in $(seq 1 "$per"); do
      n=$((n + 1)); marker="$run_id-d$fault$r"
      DOCKER_HOST="unix://$private_dir/docker.sock" timeout 150 dotnet "$child" daemon "$bb" 30 "$marker" >"$work/daemon-$marker.log" 2>&1 &
      local drv=$!; pids+=("$drv")
      sleep "$(awk -v d="$(rand_ms 3000 9000)" 'BEGIN {print d/1000}')"
      if [ "$fault" = kill ]; then
        kill -9 "$private_dockerd"; wait "$private_dockerd" 2>/dev/null; sleep 5
        start_private_dockerd || { detail "daemon: the private dockerd did not restart"; break 2; }
      else
        kill -STOP "$private_dockerd"; sleep 25; kill -CONT "$private_dockerd"
      fi
      wait "$drv"; rc=$?
      [ "$rc" = 124 ] || [ "$rc" = 3 ] && { hangs=$((hangs + 1)); detail "daemon/$fault: hang (exit $rc): $(grep -m1 hang "$work/daemon-$marker.log")"; }
      set -- $(grep '^DAEMON' "$work/daemon-$marker.log" | tail -1) ; shift
      while [ $# -ge 2 ]; do case "$1" in ok) ok=$((ok + $2)) ;; typed) typed=$((typed + $2)) ;; untyped) untyped=$((untyped + $2)) ;; cancelled) cancelled=$((cancelled + $2)) ;; esac; shift 2; done
      while read -r line; do [ -n "$line" ] && detail "daemon/$fault: $line"; done <<<"$(grep -E '^OP .* (UNTYPED|[A-Za-z]+Exception):' "$work/daemon-$marker.log" | sort | uniq -c | sort -rn | head -3)"
      local left; left=$(private_docker ps -a -q --filter "label=$marker_label=$marker" | wc -l)
      [ "$left" -gt 0 ] && detail "daemon/$fault: $left container(s) of the driver left in the private daemon (removed by the script)"
      leaks=$((leaks + left))
      private_docker ps -a -q --filter "label=$marker_label=$marker" | xargs -r env DOCKER_HOST="unix://$private_dir/docker.sock" timeout 60 docker rm -f >/dev/null 2>&1
    done
  done
  stop_private_dockerd
  local docker0_after; docker0_after=$(ip link show docker0 >/dev/null 2>&1 && echo 1 || echo 0)
  [ "$docker0_before" != "$docker0_after" ] && detail "daemon: docker0 changed ($docker0_before -> $docker0_after)"
  rows+=("| daemon faults (private dockerd 20.10: kill -9 + restart, SIGSTOP 25 s) | docker | $n | $hangs | $leaks | operations ok $ok, typed errors $typed, cancelled by the caller's 20 s token $cancelled, untyped $untyped |")
}

# --- 4. builders ---
section_builders() {
  local e="$1" hangs=0 leaks=0 r k=4 ctx p builds bad=0 list="" per=$(( rounds / 3 > 0 ? rounds / 3 : 1 )) bb ref
  bb=$(busybox_ref "$e")
  for r in $(seq 1 "$per"); do
    ctx="$work/race-$e-$r"; mkdir -p "$ctx"
    printf 'FROM %s\nRUN sleep 2\nRUN echo %s > /round\n' "$bb" "$run_id-$r" >"$ctx/Dockerfile"
    local ps=()
    for p in $(seq 1 $k); do
      timeout 300 dotnet "$race" "$e" "$ctx" "$ctx/out-$p" >/dev/null 2>&1 & ps+=($!); pids+=($!)
    done
    for p in "${ps[@]}"; do wait "$p"; [ $? = 124 ] && hangs=$((hangs + 1)); done
    builds=$(cat "$ctx"/out-* 2>/dev/null | grep -c '^1301 ')
    list="$list $builds"; [ "$builds" = 1 ] || bad=$((bad + 1))
    grep -l FAILED "$ctx"/out-* >/dev/null 2>&1 && detail "builders/$e round $r: a contender failed: $(grep -h -A1 FAILED "$ctx"/out-* | head -2 | tr '\n' ' ')"
    ref=$(head -1 "$ctx/out-1" 2>/dev/null)
    [ -n "$ref" ] && [ "$ref" != FAILED ] && timeout 60 "$e" rmi -f "$ref" >/dev/null 2>&1
  done
  rows+=("| builders ($k at once) | $e | $per | $hangs | $leaks | builds per round:$list (rounds not 1: $bad) |")
}

# --- 5. fuzzing ---
section_fuzz() {
  local rc out
  out=$(timeout 600 dotnet "$child" fuzz "$fuzz_count" "$(( $(date +%s) % 100000 ))"); rc=$?
  local hangs=0; [ "$rc" = 124 ] && hangs=1
  local summary; summary=$(echo "$out" | awk '/^FUZZ/ {printf "%s: %s inputs, unexpected %s, over 1 s %s, slowest %s ms%s; ", $2, $3, $4, $5, $6, ($7 ? " (" $7 ")" : "")}')
  rows+=("| fuzzing | - | $((fuzz_count * 3)) | $hangs | 0 | ${summary%; } |")
}

for e in $engines; do
  command -v "$e" >/dev/null || { log "no $e; skipped"; continue; }
  log "== $e: leak snapshot before"
  snapshot "$e" >"$work/before-$e"
  has kills && { log "== $e: kills by phase ($rounds)"; section_kills "$e"; }
  has cancel && { log "== $e: cancellations ($rounds)"; section_cancel "$e"; }
  has daemon && [ "$e" = docker ] && { log "== docker: daemon faults"; section_daemon; }
  has builders && { log "== $e: builders"; section_builders "$e"; }
  sleep 2
  snapshot "$e" >"$work/after-$e"
  new=$(comm -13 "$work/before-$e" "$work/after-$e")
  rows+=("| new since the start (machine-wide, may include other users) | $e | - | - | $(echo -n "$new" | grep -c .) | $(echo "$new" | awk 'NF {c[$1]++} END {for (k in c) printf "%s %d, ", k, c[k]}' | sed 's/, $//') |")
  while read -r kind id; do
    [ -n "$id" ] || continue
    [ "$kind" = container ] && id="$id $(timeout 20 "$e" inspect --format '{{.Name}} {{.Config.Image}} {{.State.Status}}' "$id" 2>/dev/null | head -1)"
    details+=("new/$e: $kind $id")
  done <<<"$(echo "$new" | head -20)"
done
has fuzz && { log "== fuzzing ($fuzz_count inputs per parser)"; section_fuzz; }

duration=$(( $(date +%s) - started ))
{
  echo "| Section | Engine | Runs | Hangs | Leaks | Figures |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Duration: ${duration} s. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  if [ ${#details[@]} -gt 0 ]; then echo; echo "Details:"; printf -- '- %s\n' "${details[@]}"; fi
} | tee ${out:+"$out"}
