#!/usr/bin/env bash
# The test command: provisions what the tests need (engines, registry, packages), builds and packs the solution,
# runs the unit tests and the docs tests (the README's and docs' C# blocks against the packed packages) once and the
# integration tests once per engine and transport (OCIMAN_BACKEND=docker, then podman; OCIMAN_TRANSPORT=cli, then
# api) and the other engine suites once per engine with Ociman's own choice of transport, and ends with one line
# "N passed, N failed, N skipped". Exits non-zero when anything failed.
# Environment:
#   OCIMAN_ENGINES        engines to test (default "docker podman")
#   OCIMAN_TRANSPORTS     transports the integration suite runs through (default "cli api")
#   OCIMAN_SKIP_PROVISION set to 1 to use the engines as they are (no install or start)
#   OCIMAN_PARALLEL_ENGINES 1 (default) runs each engine's suites beside the other engine's (two processes at a time,
#                         never two on one engine); 0 runs them one engine after the other
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
engines="${OCIMAN_ENGINES:-docker podman}"
transports="${OCIMAN_TRANSPORTS:-cli api}"
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
export OCIMAN_REQUIRE_ENGINE=1 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

say() { printf '\n== %s\n' "$*"; }

if [ "${OCIMAN_SKIP_PROVISION:-0}" != 1 ]; then
  say "provisioning engines"
  OCIMAN_ENGINES="$engines" bash eng/provision-engines.sh || { echo "provisioning failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  say "provisioning the packages the offline images are made from"
  bash eng/provision-images.sh || { echo "image provisioning failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  say "provisioning the remote-engine stand-ins (a second dockerd on tcp://127.0.0.2:2375, a Podman service)"
  OCIMAN_ENGINES="$engines" bash eng/provision-remote.sh || { echo "remote-engine provisioning failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  if [ -f eng/provision-registry.sh ]; then
    say "provisioning the loopback registry"
    bash eng/provision-registry.sh || { echo "registry provisioning failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  fi
fi

say "building"
start_build=$(date +%s)
if ! dotnet build Ociman.Testing.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
echo "built in $(( $(date +%s) - start_build )) s"

# The packages as a user installs them: the docs suite compiles the README's and docs' C# blocks against them.
say "packing"
packages="$root/artifacts/packages"
rm -rf "$packages"
packed=1
dotnet pack Ociman.Testing.sln -c Release --no-build -nologo -v quiet -o "$packages" || { packed=0; echo "packing failed"; }

# Users' projects (tests/Packages: one per adapter, a fixture per module) installing those packages from the folder.
package_tests=0
if [ "$packed" = 1 ]; then
  say "building the packed-package projects (tests/Packages)"
  if bash eng/package-tests.sh "$packages"; then package_tests=1; else echo "the packed-package projects did not restore or build"; fi
fi

# Each suite's result is one line "LABEL PASSED FAILED SKIPPED SECONDS" in a summary file: the engines' suites run in
# subshells, so results travel through files, not variables. Files are read in name order at the end.
summaries="$results/summaries"; mkdir -p "$summaries"
summary_file="$summaries/10-common"

# record LABEL PASSED FAILED SKIPPED [SECONDS]: one summary line.
record() { echo "$1 $2 $3 $4 ${5:--}" >> "$summary_file"; }

# Reads passed/failed/skipped out of a TRX file's Counters element.
counters() {
  local trx="$1" line
  line=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -n 1)
  local total executed passed failed
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$line"); executed=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  echo "${passed:-0} ${failed:-0} $(( ${total:-0} - ${executed:-0} ))"
}

# run_suite LABEL PROJECT [ENV=VALUE...]
run_suite() {
  local label="$1" project="$2"; shift 2
  say "$label"
  local started=$(date +%s) rc
  env "$@" dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$label.trx" --logger "console;verbosity=normal" --results-directory "$results" \
    > "$results/$label.log" 2>&1
  rc=$?
  grep -E '^\s+(Failed|Skipped) |^(Passed|Failed)!|Cleanup Failure|error CS|error MSB' "$results/$label.log" | head -n 60
  local p=0 f=0 s=0
  if [ -f "$results/$label.trx" ]; then read -r p f s < <(counters "$results/$label.trx"); fi
  # A crash, a fixture failure or a cleanup failure can fail the run without failing a counted test: count it.
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    f=1; echo "$label: dotnet test exited with $rc without a failed test; last lines:"; tail -n 30 "$results/$label.log"
  fi
  local took=$(( $(date +%s) - started ))
  echo "$label: $p passed, $f failed, $s skipped in ${took}s"
  record "$label" "$p" "$f" "$s" "$took"
}

# Unit tests (no engine) run once; engine suites run once per engine with the same code.
unit_projects=(Ociman.Tests Ociman.Testing.Tests)
engine_projects=(Ociman.IntegrationTests Ociman.Images.Tests Ociman.Modules.Tests Ociman.Testing.Xunit.Tests Ociman.Testing.XunitV3.Tests Ociman.Testing.NUnit.Tests)
for p in "${unit_projects[@]}"; do
  run_suite "$p" "tests/$p/$p.csproj"
done
if [ "$packed" = 1 ] && [ "$package_tests" = 0 ]; then
  record packed-package-projects-build 0 1 0
fi
if [ "$packed" = 1 ]; then
  run_suite Ociman.Docs.Tests tests/Ociman.Docs.Tests/Ociman.Docs.Tests.csproj "OCIMAN_DOCS_PACKAGES=$packages"
else
  record packing-docs-suite-not-run 0 1 0
fi
# run_engine ENGINE: every engine suite on one engine, one after another.
run_engine() {
  local engine="$1" p transport project
  for p in "${engine_projects[@]}"; do
    [ -f "tests/$p/$p.csproj" ] || continue
    if [ "$p" = Ociman.IntegrationTests ]; then
      # The engine suite runs once per transport: every behaviour through the CLI and through the engine's API.
      for transport in $transports; do
        run_suite "$p-$engine-$transport" "tests/$p/$p.csproj" "OCIMAN_BACKEND=$engine" "OCIMAN_TRANSPORT=$transport"
      done
    else
      # Ociman's own choice of transport (auto), as users get it.
      run_suite "$p-$engine" "tests/$p/$p.csproj" "OCIMAN_BACKEND=$engine"
    fi
  done
  if [ "$package_tests" = 1 ]; then
    for project in tests/Packages/*/*.csproj; do
      run_suite "$(basename "$project" .csproj)-$engine" "$project" "OCIMAN_BACKEND=$engine"
    done
  fi
}

# The engines share nothing a suite touches (each suite's containers, images, networks and locks are its engine's,
# named per run), so Docker's suites run beside Podman's; on one engine they run one at a time. Each engine's output
# goes to its own log, shown whole when both are done.
engine_index=20
if [ "${OCIMAN_PARALLEL_ENGINES:-1}" = 1 ]; then
  say "engine suites: $engines, side by side (each engine's output follows when all are done)"
  pids=()
  for engine in $engines; do
    ( summary_file="$summaries/$engine_index-$engine"; run_engine "$engine"; touch "$results/engine-$engine.done" ) > "$results/engine-$engine.log" 2>&1 &
    pids+=($!); engine_index=$((engine_index + 1))
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}"
  done
  for engine in $engines; do
    cat "$results/engine-$engine.log"
    # A subshell that did not reach its end (killed, crashed) ran fewer suites than it should have: that is a failure.
    [ -f "$results/engine-$engine.done" ] || { echo "the $engine suites did not run to their end"; summary_file="$summaries/$engine_index-$engine-incomplete"; record "engine-suites-$engine-incomplete" 0 1 0; }
  done
else
  for engine in $engines; do
    summary_file="$summaries/$engine_index-$engine"; run_engine "$engine"; engine_index=$((engine_index + 1))
  done
fi
summary_file="$summaries/90-after"

# Each adapter's suite once more against the oldest test framework it supports (the floor its package is built
# against); the runs above used the newest. On the first engine only, to keep the run short. Rebuilding a test project
# with another version replaces its build output, so these come after every other run of those projects.
floor_engine="${engines%% *}"
for floor in "Ociman.Testing.Xunit.Tests XunitVersion XunitFloor" "Ociman.Testing.XunitV3.Tests XunitV3Version XunitV3Floor" "Ociman.Testing.NUnit.Tests NUnitVersion NUnitFloor"; do
  read -r p property floor_property <<<"$floor"
  # The floor is the one Directory.Packages.props gives the adapter package.
  setting="$property=$(dotnet msbuild "tests/$p/$p.csproj" -nologo "-getProperty:$floor_property")"
  say "building $p against the floor ($setting)"
  if dotnet build "tests/$p/$p.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly "-p:$setting"; then
    run_suite "$p-floor-$floor_engine" "tests/$p/$p.csproj" "OCIMAN_BACKEND=$floor_engine"
  else
    record "$p-floor-build" 0 1 0
  fi
done

# The examples are part of the proof: each example on each engine counts as one test.
say "examples"
started=$(date +%s)
OCIMAN_SKIP_PROVISION=1 OCIMAN_ENGINES="$engines" bash eng/examples.sh > "$results/examples.log" 2>&1
rc=$?
sed -n '/^== examples/,$p' "$results/examples.log"
read -r ep ef < <(tail -n 1 "$results/examples.log" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
ep=${ep:-0}; ef=${ef:-0}
if [ "$rc" != 0 ] && [ "$ef" = 0 ]; then ef=1; tail -n 30 "$results/examples.log"; fi
record examples "$ep" "$ef" 0 "$(( $(date +%s) - started ))"

# One short smoke pass of the benchmarks keeps them compiling and working (no timing is asserted): one test.
say "benchmarks (smoke)"
started=$(date +%s)
OCIMAN_ENGINES="$engines" bash eng/bench.sh --smoke > "$results/bench-smoke.log" 2>&1
rc=$?
tail -n 5 "$results/bench-smoke.log"
if [ "$rc" = 0 ]; then bp=1; bf=0; else bp=0; bf=1; tail -n 40 "$results/bench-smoke.log"; fi
record benchmarks-smoke "$bp" "$bf" 0 "$(( $(date +%s) - started ))"

say "summary"
total_passed=0; total_failed=0; total_skipped=0
while read -r label p f sk took; do
  printf '%-40s %4d passed, %3d failed, %3d skipped  (%ss)\n' "$label" "$p" "$f" "$sk" "$took"
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f)); total_skipped=$((total_skipped + sk))
done < <(cat $(ls "$summaries"/* | sort))
echo "logs and TRX files: $results"
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
[ "$total_failed" = 0 ]
