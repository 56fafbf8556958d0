#!/usr/bin/env bash
# The main job: provisions the engines (unless OCIMAN_SKIP_PROVISION=1), then runs every example in examples/
# on each engine (OCIMAN_BACKEND=docker, then podman): console programs with `dotnet run`, test projects with
# `dotnet test`. Ends with "N passed, N failed" (one per example per engine); exits non-zero when one failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
engines="${OCIMAN_ENGINES:-docker podman}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 OCIMAN_REQUIRE_ENGINE=1
logs="$root/artifacts/examples"; mkdir -p "$logs"

if [ "${OCIMAN_SKIP_PROVISION:-0}" != 1 ]; then
  OCIMAN_ENGINES="$engines" bash eng/provision-engines.sh || { echo "provisioning failed"; echo "0 passed, 1 failed"; exit 1; }
  bash eng/provision-images.sh || { echo "image provisioning failed"; echo "0 passed, 1 failed"; exit 1; }
fi

started=$(date +%s)
passed=0; failed=0; lines=()
for engine in $engines; do
  for project in examples/*/*.csproj; do
    name=$(basename "$(dirname "$project")")
    printf '\n== %s on %s\n' "$name" "$engine"
    t0=$(date +%s%N)
    if grep -q '<IsTestProject>true</IsTestProject>' "$project"; then
      OCIMAN_BACKEND=$engine dotnet test "$project" -c Release -nologo --logger "console;verbosity=minimal" 2>&1 | tee "$logs/$name-$engine.log" | grep -E '^(Passed|Failed)!|^\s+Failed ' ; rc=${PIPESTATUS[0]}
    else
      OCIMAN_BACKEND=$engine dotnet run --project "$project" -c Release 2>&1 | tee "$logs/$name-$engine.log"; rc=${PIPESTATUS[0]}
    fi
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    if [ "$rc" = 0 ]; then passed=$((passed + 1)); lines+=("$(printf '%-28s %-7s passed  %6d ms' "$name" "$engine" "$ms")")
    else failed=$((failed + 1)); lines+=("$(printf '%-28s %-7s FAILED  %6d ms (exit %s, log %s)' "$name" "$engine" "$ms" "$rc" "$logs/$name-$engine.log")"); fi
  done
done

printf '\n== examples (%d s)\n' "$(( $(date +%s) - started ))"
printf '%s\n' "${lines[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
