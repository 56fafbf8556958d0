#!/usr/bin/env bash
# Provisions a plain-HTTP container registry on 127.0.0.1:5000 for the push/pull integration tests
# (tests/Ociman.IntegrationTests/Images/RegistrySpecs.cs), on a Debian 12 machine as root, without systemd.
#
#   1. installs Debian's docker-registry package (the CNCF distribution registry 2.8) if absent;
#   2. writes its own config (127.0.0.1:5000, filesystem storage under /var/lib/ociman-registry) and starts
#      `docker-registry serve` in the background, detached from this session;
#   3. waits until `curl http://127.0.0.1:5000/v2/` answers;
#   4. lets Podman use the loopback registry over plain HTTP (registries.conf.d drop-in);
#   5. checks that Docker does too (dockerd treats 127.0.0.0/8 registries as insecure by default).
#
# Idempotent: when the registry already answers and the config files are in place it changes nothing.
# Environment:
#   OCIMAN_STATE_DIR  where the registry's log goes (default /var/log/ociman).
set -euo pipefail

state_dir="${OCIMAN_STATE_DIR:-/var/log/ociman}"
storage=/var/lib/ociman-registry
config=/etc/ociman/registry.yml
address=127.0.0.1:5000
log_file="$state_dir/registry.log"

log() { printf '[provision-registry] %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  log "must run as root (installs a package and writes /etc/containers)"; exit 1
fi

registry_answers() { curl -fsS --max-time 2 "http://$address/v2/" >/dev/null 2>&1; }

mkdir -p "$state_dir" "$storage" "$(dirname "$config")"

# 1. The package. Its maintainer scripts try to start a service; without systemd that is a no-op (or a warning).
if [ ! -x /usr/bin/docker-registry ]; then
  log "installing docker-registry"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry >/dev/null
fi
if ! command -v curl >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null
fi

# 2. Our own config (the package's /etc/docker/registry/config.yml listens on all interfaces; ours only on loopback).
desired_config="$(cat <<YML
version: 0.1
log:
  level: info
  fields:
    service: ociman-registry
storage:
  filesystem:
    rootdirectory: $storage
  delete:
    enabled: true
http:
  addr: $address
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
YML
)"
if [ ! -f "$config" ] || [ "$(cat "$config")" != "$desired_config" ]; then
  log "writing $config"
  printf '%s\n' "$desired_config" > "$config"
fi

if registry_answers; then
  log "registry already answers on http://$address/v2/"
else
  log "starting docker-registry serve $config (log: $log_file)"
  # setsid + nohup: the registry must outlive this script and its session.
  setsid nohup /usr/bin/docker-registry serve "$config" >>"$log_file" 2>&1 < /dev/null &
  for _ in $(seq 1 100); do
    if registry_answers; then break; fi
    sleep 0.1
  done
  if ! registry_answers; then
    log "the registry did not answer on http://$address/v2/ within 10 s; see $log_file:"
    tail -n 20 "$log_file" >&2 || true
    exit 1
  fi
  log "registry answers on http://$address/v2/"
fi

# 4. Podman: plain HTTP for the loopback registry, under both spellings.
podman_conf=/etc/containers/registries.conf.d/60-ociman-registry.conf
desired_podman_conf='# Written by eng/provision-registry.sh: the local test registry speaks plain HTTP.
[[registry]]
location = "127.0.0.1:5000"
insecure = true

[[registry]]
location = "localhost:5000"
insecure = true'
mkdir -p "$(dirname "$podman_conf")"
if [ ! -f "$podman_conf" ] || [ "$(cat "$podman_conf")" != "$desired_podman_conf" ]; then
  log "writing $podman_conf"
  printf '%s\n' "$desired_podman_conf" > "$podman_conf"
fi

# 5. Docker: dockerd's default insecure-registry list is 127.0.0.0/8, so 127.0.0.1:5000 works over HTTP with no
# daemon.json change. (localhost:5000 works too: Docker special-cases "localhost".) Check, and say so if not.
if command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; then
  if docker info --format '{{range .RegistryConfig.InsecureRegistryCIDRs}}{{.}} {{end}}' 2>/dev/null | grep -q '127.0.0.0/8'; then
    log "docker accepts 127.0.0.0/8 registries over HTTP (default insecure-registries)"
  else
    log "WARNING: dockerd does not list 127.0.0.0/8 as insecure; add \"insecure-registries\": [\"127.0.0.1:5000\"] to /etc/docker/daemon.json and restart dockerd"
  fi
fi
