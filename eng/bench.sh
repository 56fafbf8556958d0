#!/usr/bin/env bash
# Runs the benchmark suite (tests/Ociman.Benchmarks, BenchmarkDotNet, Release) on each engine and writes the results.
#   eng/bench.sh              full run: Docker (Ociman, Testcontainers, bare CLI), then Podman (Ociman, bare CLI, and
#                             Testcontainers over Podman's Docker-compatible API socket if it answers), a profile of
#                             every method (CLI processes per operation and their durations), then docs/benchmarks.md.
#   eng/bench.sh --smoke      one iteration of every benchmark per engine (a couple of minutes; for CI): checks that
#                             the suite compiles and works; exits non-zero if any benchmark failed. Writes no docs.
#   eng/bench.sh --profile    runs only the profiles (keeping the last run's results) and rewrites docs/benchmarks.md.
#   eng/bench.sh --assemble   rewrites docs/benchmarks.md from the last full run's artifacts (artifacts/bench).
#   eng/bench.sh --category NAME   measures one scenario (e.g. 6-postgres-module-warm) on each engine, full iterations,
#                             into artifacts/bench-category (the full run's artifacts stay), then updates only that
#                             scenario's rows in docs/benchmarks.md (each engine's table and spread, with a line saying
#                             it was measured on its own) and the Scenarios section (from tests/Ociman.Benchmarks/README.md).
# Environment: OCIMAN_ENGINES (default "docker podman"), OCIMAN_BENCH_ITERATIONS (15), OCIMAN_BENCH_WARMUPS (2).
# Nothing is pulled: the images are the offline kit's (src/Ociman.Images, the Ociman.Images package), built locally when absent.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode=full
category=""
case "${1:-}" in
  --smoke) mode=smoke ;;
  --assemble) mode=assemble ;;
  --profile) mode=profile ;;
  --category)
    mode=category; category="${2:-}"
    if ! [[ "$category" =~ ^[0-9]+-[a-z0-9-]+$ ]]; then
      echo "eng/bench.sh --category: '$category' is not a scenario name (a BenchmarkCategory such as 6-postgres-module-warm)" >&2; exit 2
    fi ;;
  "") ;;
  *) echo "usage: eng/bench.sh [--smoke|--profile|--assemble|--category NAME]" >&2; exit 2 ;;
esac
engines="${OCIMAN_ENGINES:-docker podman}"
out="$root/artifacts/bench"
[ "$mode" = category ] && out="$root/artifacts/bench-category"
dll="$root/tests/Ociman.Benchmarks/bin/Release/net10.0/Ociman.Benchmarks.dll"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 OCIMAN_REQUIRE_ENGINE=1
# Ryuk (Testcontainers' reaper) is an image from Docker Hub, which cannot be reached here: it is disabled, and the
# benchmarks remove what they start themselves.
export TESTCONTAINERS_RYUK_DISABLED=true
# "Ociman" is measured on the API transport (on Podman through a private service Ociman starts for the process);
# "Ociman CLI" is the same library on the CLI transport, in the same run.
export OCIMAN_TRANSPORT="${OCIMAN_TRANSPORT:-api}"
started=$(date +%s)
failed=0
podman_pid=""

say() { printf '\n== %s\n' "$*"; }

remove_leftovers() {
  for e in $engines; do
    command -v "$e" >/dev/null || continue
    ids=$("$e" ps -aq --filter label=io.ociman.bench 2>/dev/null)
    [ -n "$ids" ] && "$e" rm -f $ids >/dev/null 2>&1
    # Images Testcontainers built (random names under testcontainers/), if an iteration was interrupted.
    imgs=$("$e" images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -E '(^|/)testcontainers/' || true)
    [ -n "$imgs" ] && "$e" rmi -f $imgs >/dev/null 2>&1
  done
  return 0
}

stop_podman_service() {
  if [ -n "$podman_pid" ]; then
    kill "$podman_pid" 2>/dev/null; wait "$podman_pid" 2>/dev/null
    podman_pid=""
  fi
}

finish() { stop_podman_service; remove_leftovers; }
trap finish EXIT

machine_facts() {
  echo "| fact | value |"
  echo "|---|---|"
  echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
  echo "| OS | $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r) |"
  echo "| CPU | $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)) |"
  echo "| memory | $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) |"
  echo "| load average at the end (1/5/15 min) | $(cut -d' ' -f1-3 /proc/loadavg) (other developers' test runs share the machine; see each engine's section for the load during its run) |"
  echo "| .NET SDK | $(dotnet --version) |"
  echo "| Docker | engine $(docker version --format '{{.Server.Version}}' 2>/dev/null) (API $(docker version --format '{{.Server.APIVersion}}' 2>/dev/null)), CLI $(docker version --format '{{.Client.Version}}' 2>/dev/null) |"
  echo "| Podman | $(podman version --format '{{.Version}}' 2>/dev/null) (runtime $(podman info --format '{{.Host.OCIRuntime.Name}}' 2>/dev/null)) |"
  local p; p=$(grep -o '"[A-Za-z.]*" Version="[^"]*"' Directory.Packages.props | grep -E 'BenchmarkDotNet|Testcontainers|Npgsql|CliWrap' | sed 's/"\([^"]*\)" Version="\([^"]*\)"/\1 \2/' | paste -sd, - | sed 's/,/, /g')
  echo "| packages | $p; Ociman $(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props) at commit $(git rev-parse --short HEAD) |"
}

assemble() {
  local doc="$root/docs/benchmarks.md"
  {
    echo "# Benchmarks: Ociman vs Testcontainers for .NET vs the bare CLI"
    echo
    echo "Produced by \`eng/bench.sh\` from a full run (tests/Ociman.Benchmarks, BenchmarkDotNet); only the"
    echo "\"Findings\" section is written by hand (tests/Ociman.Benchmarks/findings.md). Times are medians; a ratio below 1 means Ociman is faster."
    echo
    echo "## Machine"
    echo
    cat "$out/machine.md"
    echo
    sed -n '/^## Scenarios/,$p' "$root/tests/Ociman.Benchmarks/README.md"
    echo
    echo "## Results"
    echo
    for e in $engines; do [ -f "$out/results-$e.md" ] && { cat "$out/results-$e.md"; echo; }; done
    echo "## Where the time goes"
    echo
    for e in $engines; do [ -f "$out/profile-$e.md" ] && { cat "$out/profile-$e.md"; echo; }; done
    if [ -f "$root/tests/Ociman.Benchmarks/findings.md" ]; then
      cat "$root/tests/Ociman.Benchmarks/findings.md"; echo
    fi
    echo "## How to reproduce"
    echo
    echo '```sh'
    echo "bash eng/provision-engines.sh && bash eng/provision-images.sh   # engines and the kit's Debian packages (once)"
    echo "bash eng/bench.sh            # full run, ~$(( ($(cat "$out/duration" 2>/dev/null || echo 0) + 59) / 60 )) min here; writes artifacts/bench/ and this file"
    echo "bash eng/bench.sh --smoke    # one iteration each, exits non-zero on any failure"
    echo "OCIMAN_ENGINES=docker OCIMAN_BENCH_ITERATIONS=30 bash eng/bench.sh   # one engine, more iterations"
    echo "OCIMAN_BACKEND=podman dotnet tests/Ociman.Benchmarks/bin/Release/net10.0/Ociman.Benchmarks.dll --category 5-overhead"
    echo "bash eng/bench.sh --category 6-postgres-module-warm   # one scenario on both engines; updates only its rows here"
    echo '```'
    echo
    echo "BenchmarkDotNet's own reports are under \`artifacts/bench/BenchmarkDotNet.Artifacts-<engine>/results/\`."
  } > "$doc"
  echo "wrote $doc"
}

# Replaces one scenario's rows in docs/benchmarks.md with those of a category run ($out/results-<engine>.md): in each
# engine's section the table row and the spread lines of that scenario (appended after the others), plus a spread line
# saying it was measured on its own (job, load); the Scenarios section is taken again from the benchmarks' README.
update_category() {
  local doc="$root/docs/benchmarks.md" readme="$root/tests/Ociman.Benchmarks/README.md" e results tmp
  [ -f "$doc" ] || { echo "no $doc: run a full eng/bench.sh first"; return 1; }
  for e in $engines; do
    results="$out/results-$e.md"
    [ -f "$results" ] || { echo "no results for $e: docs not updated for it"; continue; }
    grep -qx "### $e" "$doc" || { echo "docs/benchmarks.md has no section '### $e': not updated for it"; continue; }
    grep "^| $category |" "$results" > "$out/rows-$e"
    grep "^- $category / " "$results" > "$out/spread-$e"
    printf -- '- %s measured on its own (%s): %s\n' "$category" "$(date -u '+%Y-%m-%d %H:%M UTC')" \
      "$(grep '^Engine: ' "$results" | sed 's/; run took [^;]*;/;/')" >> "$out/spread-$e"
    tmp=$(mktemp)
    awk -v eng="$e" -v name="$category" -v rows="$out/rows-$e" -v spread="$out/spread-$e" -v readme="$readme" '
      function emit(file,  l) { while ((getline l < file) > 0) print l; close(file) }
      $0 == "## Scenarios" {
        inreadme = 0
        while ((getline l < readme) > 0) { if (l == "## Scenarios") inreadme = 1; if (inreadme) print l }
        close(readme); print ""; skip = 1; next
      }
      skip && /^## / { skip = 0 }
      skip { next }
      /^##+ / { section = ($0 == "### " eng); intable = 0; inspread = 0 }
      section && (index($0, "| " name " |") == 1 || index($0, "- " name " ") == 1) { next }
      section && intable && !/^\|/ { emit(rows); intable = 0 }
      section && inspread && !/^- / { emit(spread); inspread = 0 }
      section && /^\| [0-9]/ { intable = 1 }
      section && /^- [0-9]/ { inspread = 1 }
      { print }
      END { if (section && intable) emit(rows); if (section && inspread) emit(spread) }
    ' "$doc" > "$tmp" && mv "$tmp" "$doc"
    echo "docs/benchmarks.md: $category updated for $e ($(wc -l < "$out/rows-$e") row)"
  done
}

if [ "$mode" = assemble ]; then assemble; exit 0; fi

say "building (Release)"
if ! dotnet build tests/Ociman.Benchmarks/Ociman.Benchmarks.csproj -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"; exit 1
fi
if [ "$mode" = profile ]; then mkdir -p "$out"; rm -f "$out"/profile-*.md; else rm -rf "$out"; mkdir -p "$out"; fi
remove_leftovers
flags=(--out "$out"); [ "$mode" = smoke ] && flags+=(--smoke)
[ "$mode" = category ] && flags+=(--category "$category")

for engine in $engines; do
  extra=()
  if [ "$engine" = podman ]; then
    say "starting Podman's Docker-compatible API for Testcontainers"
    sock="$out/podman.sock"; rm -f "$sock"
    podman system service -t 0 "unix://$sock" > "$out/podman-service.log" 2>&1 &
    podman_pid=$!
    for _ in $(seq 1 50); do [ -S "$sock" ] && break; sleep 0.1; done
    if [ -S "$sock" ] && DOCKER_HOST="unix://$sock" docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; then
      extra=(OCIMAN_BENCH_TESTCONTAINERS=1 "DOCKER_HOST=unix://$sock" DOCKER_API_VERSION=1.41 "OCIMAN_BENCH_API_SOCKET=$sock")
      echo "Podman API on $sock (pid $podman_pid): Testcontainers runs with DOCKER_API_VERSION=1.41"
    else
      echo "Podman's API did not answer: Testcontainers is left out on Podman"; stop_podman_service
    fi
  fi
  if [ "$mode" != profile ]; then
    say "benchmarks on $engine ($mode)"
    env OCIMAN_BACKEND="$engine" "${extra[@]}" dotnet "$dll" "${flags[@]}" > "$out/console-$engine.log" 2>&1
    rc=$?
    sed -n '/^### /,$p' "$out/console-$engine.log"
    if [ "$rc" != 0 ]; then
      echo "benchmarks on $engine failed (exit $rc); log: $out/console-$engine.log"; grep -E 'Exception|error' "$out/console-$engine.log" | head -n 20; failed=1
    fi
  fi
  if [ "$mode" = full ] || [ "$mode" = profile ]; then
    say "profile on $engine"
    env OCIMAN_BACKEND="$engine" "${extra[@]}" dotnet "$dll" --profile --out "$out" > "$out/profile-console-$engine.log" 2>&1 || { echo "profile on $engine failed"; failed=1; }
    [ -f "$out/profile-$engine.md" ] && cat "$out/profile-$engine.md"
  fi
  [ "$engine" = podman ] && stop_podman_service
  remove_leftovers
done

took=$(( $(date +%s) - started ))
[ "$mode" = full ] && echo "$took" > "$out/duration"
if [ "$mode" = category ]; then
  if [ "$failed" = 0 ]; then update_category || failed=1; else echo "docs/benchmarks.md not updated: a benchmark failed"; fi
elif [ "$mode" != smoke ]; then
  [ "$mode" = full ] && machine_facts > "$out/machine.md"
  assemble
fi
say "done in ${took} s ($mode); $([ "$failed" = 0 ] && echo 'all benchmarks ran' || echo 'SOME BENCHMARKS FAILED')"
exit "$failed"
