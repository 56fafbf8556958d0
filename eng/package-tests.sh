#!/usr/bin/env bash
# Restores and builds the projects under tests/Packages against the PACKED packages, as a user's project would install
# them: Ociman's packages from the local feed (artifacts/packages by default) only, everything else from the
# repository's package sources. Restored into a folder of their own (artifacts/package-tests/packages), so a package
# packed earlier with the same version is never taken from the machine's NuGet cache; third-party packages the machine
# has already are read from that cache (a fallback folder), which is never written with Ociman's packages.
# Usage: eng/package-tests.sh [FEED]   (then: dotnet test tests/Packages/NAME -c Release --no-build; eng/test.sh does)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
feed="$(cd "${1:-artifacts/packages}" && pwd)"
work="$root/artifacts/package-tests"
rm -rf "$work"; mkdir -p "$work"

# The version of the packed packages: the one Ociman.Testing's package has (all are packed with one version).
version=$(ls "$feed" | sed -n 's/^Ociman\.Testing\.\([0-9][0-9.]*\(-[0-9A-Za-z.-]*\)\{0,1\}\)\.nupkg$/\1/p' | head -n 1)
[ -n "$version" ] || { echo "package-tests: $feed holds no Ociman.Testing.<version>.nupkg: run dotnet pack -o $feed first" >&2; exit 1; }

machine_cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  # Never when the machine's cache holds an Ociman package: a fallback folder wins over the feed, and that one may be stale.
  if [ -d "$machine_cache" ] && ! ls "$machine_cache" | grep -qi '^ociman'; then
    echo "  <fallbackPackageFolders><add key=\"machine\" value=\"$machine_cache\" /></fallbackPackageFolders>"
  fi
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"ociman-packed\" value=\"$feed\" />"
  # The repository's own sources, for everything that is not Ociman's.
  grep -o '<add key="[^"]*" value="[^"]*"' nuget.config | sed 's/$/ \/>/; s/^/    /'
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="ociman-packed"><package pattern="Ociman" /><package pattern="Ociman.*" /></packageSource>'
  grep -o '<add key="[^"]*"' nuget.config | sed 's/<add key="\([^"]*\)"/    <packageSource key="\1"><package pattern="*" \/><\/packageSource>/'
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} > "$work/nuget.config"

for project in tests/Packages/*/*.csproj; do
  echo "package-tests: restoring and building $project against Ociman $version from $feed"
  NUGET_PACKAGES="$work/packages" dotnet restore "$project" --configfile "$work/nuget.config" -p:OcimanVersion="$version" -nologo -v quiet
  NUGET_PACKAGES="$work/packages" dotnet build "$project" -c Release --no-restore -p:OcimanVersion="$version" -nologo -v quiet -clp:ErrorsOnly
done
