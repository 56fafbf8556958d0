#!/usr/bin/env bash
# Installs and starts Docker Engine 26 (Debian 13's docker.io, pinned) and Podman 4.3 (Debian 12)
# on a Debian 12 machine as root, then waits until both answer.
# Idempotent: on a machine where both engines already answer it changes nothing and takes seconds.
# Environment:
#   OCIMAN_ENGINES   which engines to provision: "docker podman" (default), "docker" or "podman".
#   OCIMAN_STATE_DIR where daemon logs go (default /var/log/ociman).
set -euo pipefail
# The daemons started here outlive this script; they must not keep its working directory (a CI clone that is deleted
# after its run): a Podman service whose working directory was deleted answers but fails every container start
# ("exit status 1"), measured here.
cd /

engines="${OCIMAN_ENGINES:-docker podman}"
state_dir="${OCIMAN_STATE_DIR:-/var/log/ociman}"
mkdir -p "$state_dir"

log() { printf '[provision] %s\n' "$*" >&2; }

need_root() {
  if [ "$(id -u)" != 0 ]; then
    log "must run as root to install engines (or provision them yourself and re-run)"; exit 1
  fi
}

apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}

# Docker's CLI on PATH may be a newer client (/usr/local/bin/docker); that is fine, it negotiates the API.
docker_answers() { timeout 10 docker info --format '{{.ServerVersion}}' >/dev/null 2>&1; }
podman_answers() { command -v podman >/dev/null 2>&1 && [ -f /etc/containers/containers.conf ] && timeout 20 podman info --format '{{.Host.OCIRuntime.Name}}' >/dev/null 2>&1; }

add_trixie_source() {
  if [ ! -f /etc/apt/sources.list.d/ociman-trixie.sources ]; then
    log "adding Debian 13 (trixie) as a low-priority apt source for docker.io 26"
    cat > /etc/apt/sources.list.d/ociman-trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    # Nothing moves to trixie unless asked for by name with -t trixie.
    cat > /etc/apt/preferences.d/ociman-trixie <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
    apt_updated=0
  fi
}

start_dockerd() {
  log "starting dockerd (log: $state_dir/dockerd.log)"
  # setsid: the daemon must outlive this script and its session.
  setsid nohup dockerd >"$state_dir/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 120); do
    if docker_answers; then return 0; fi
    sleep 0.5
  done
  log "dockerd did not answer within 60 s; last log lines:"; tail -n 30 "$state_dir/dockerd.log" >&2; return 1
}

provision_docker() {
  if docker_answers; then log "docker answers: $(docker info --format '{{.ServerVersion}}')"; return 0; fi
  need_root
  if ! command -v dockerd >/dev/null 2>&1; then
    add_trixie_source
    apt_update
    log "installing docker.io 26 from trixie (only these three packages; their dependencies stay bookworm's)"
    # pkg/release selects trixie for these packages alone. (-t trixie would make trixie the target release for every
    # dependency too and move libc, systemd, perl and python to Debian 13.) Their dependencies — libc6 >= 2.34,
    # containerd, runc, iptables, tini, init-system-helpers — are all satisfied by bookworm.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io/trixie docker-cli/trixie docker-buildx/trixie >/dev/null
  fi
  # A stale pid file from a killed daemon stops a new one from starting.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then rm -f /var/run/docker.pid; fi
  if [ -f /var/run/docker/containerd/containerd.pid ] && ! kill -0 "$(cat /var/run/docker/containerd/containerd.pid)" 2>/dev/null; then rm -f /var/run/docker/containerd/containerd.pid; fi
  start_dockerd
  log "docker answers: $(docker info --format '{{.ServerVersion}}')"
}

write_containers_conf() {
  mkdir -p /etc/containers
  local conf=/etc/containers/containers.conf
  if [ -f "$conf" ] && ! grep -q 'ociman' "$conf"; then
    log "$conf exists and is not ours: leaving it alone (it needs runtime = \"runc\" and default_ulimits that fit on these machines)"
  elif [ ! -f "$conf" ]; then
    log "writing $conf (runc runtime, ulimits that fit this machine)"
    cat > "$conf" <<'CONF'
# Written by ociman eng/provision-engines.sh.
# crun fails here with "cgroups in hybrid mode not supported", and Podman's default ulimits exceed
# what these machines allow (no CAP_SYS_RESOURCE).
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
CONF
  fi
  # Only local images exist here: never ask a registry about a short name.
  local reg=/etc/containers/registries.conf.d/50-ociman.conf
  if [ ! -f "$reg" ]; then
    mkdir -p /etc/containers/registries.conf.d
    printf 'short-name-mode = "permissive"\n' > "$reg"
  fi
}

provision_podman() {
  if podman_answers; then log "podman answers: $(podman --version)"; return 0; fi
  need_root
  # netavark and aardvark-dns (recommended by podman, installed explicitly here): user-defined networks with DNS, so
  # containers on a network reach each other by alias, as on Docker.
  if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1 || [ ! -x /usr/lib/podman/aardvark-dns ]; then
    apt_update
    log "installing podman 4.3, runc, netavark and aardvark-dns from bookworm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc netavark aardvark-dns >/dev/null
  fi
  write_containers_conf
  if ! timeout 30 podman info --format '{{.Host.OCIRuntime.Name}}' >/dev/null 2>"$state_dir/podman-info.err"; then
    log "podman info failed:"; cat "$state_dir/podman-info.err" >&2; return 1
  fi
  log "podman answers: $(podman --version)"
}

# The offline test images are built from Debian's static BusyBox (no registry is ever needed).
provision_packages() {
  if [ ! -x /bin/busybox ] || ! dpkg -s busybox-static >/dev/null 2>&1; then
    need_root
    apt_update
    log "installing busybox-static (for the offline test images)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
  fi
}

provision_packages
for e in $engines; do
  case "$e" in
    docker) provision_docker ;;
    podman) provision_podman ;;
    *) log "unknown engine '$e' in OCIMAN_ENGINES (allowed: docker, podman)"; exit 2 ;;
  esac
done
