#!/usr/bin/env bash
# Starts the engines that stand in for engines on other machines, for the remote-engine tests:
#   - a second Docker daemon, Debian 12's own docker.io 20.10 (API 1.41, the oldest API Ociman supports), unpacked
#     under /opt/ociman/docker-20.10 (never installed: the machine's docker.io 26 stays as it is), with its own data
#     root, exec root, pid file, managed containerd and bridge, no iptables rules, listening on
#     unix:///run/ociman-remote/docker.sock and tcp://127.0.0.2:2375;
#   - the same daemon behind TLS on tcp://127.0.0.2:2376: socat terminates TLS with a server certificate for 127.0.0.2
#     and requires a client certificate, both from a CA made here (openssl) under /run/ociman-remote/tls; the client's
#     files (ca.pem, cert.pem, key.pem) are in /run/ociman-remote/tls/client, as DOCKER_CERT_PATH expects them
#     (dockerd applies TLS to every TCP listener, so the plain 2375 could not stay beside a TLS one on the same daemon);
#   - a Podman service on unix:///run/ociman-remote/podman.sock and one on tcp://127.0.0.2:8889 (the machine's Podman
#     and storage; the TCP one stands in for a Podman on another host). Their containers.conf
#     is the machine's plus one default variable, OCIMAN_STARTED_BY=ociman-remote-podman-service, which every container
#     created through them carries: storage is shared, so that is how a test tells which route created one.
# The test images the remote tests use are copied from the main engine into the second daemon when it lacks them.
# Idempotent: what answers and can start a container is reused; a daemon or service that answers but cannot start one
# is restarted. The main dockerd, its containerd and its iptables rules are not touched.
# Pids go to /run/ociman-remote/*.pid; stop everything with: bash eng/provision-remote.sh --stop
# Environment:
#   OCIMAN_ENGINES    which stand-ins to start: "docker podman" (default), "docker" or "podman"
#   OCIMAN_STATE_DIR  where the logs go (default /var/log/ociman)
set -euo pipefail
# The daemons started here outlive this script; they must not keep its working directory (a CI clone that is deleted
# after its run): a Podman service whose working directory was deleted answers but fails every container start
# ("exit status 1"), measured here.
cd /

version=20.10.24+dfsg1-1+deb12u1+b6
root_dir=/opt/ociman/docker-20.10
run_dir=/run/ociman-remote
data_root=/var/lib/ociman-remote/docker
state_dir="${OCIMAN_STATE_DIR:-/var/log/ociman}"
bridge=ociman-rbr0
# A private range that neither docker0 (172.17.0.0/16), the main daemon's pools (172.18–31, 192.168) nor podman0
# (10.88.0.0/16) use.
bridge_cidr=10.213.7.1/24
tcp_endpoint=tcp://127.0.0.2:2375
tls_endpoint=tcp://127.0.0.2:2376
tls_dir="$run_dir/tls"
tls_pid="$run_dir/tls-proxy.pid"
docker_sock="$run_dir/docker.sock"
podman_uri="unix://$run_dir/podman.sock"
# A second listener on TCP: a Podman that is remote for the tests' purposes (ports published on all addresses,
# reached at 127.0.0.2), used through a named connection.
podman_tcp_uri=tcp://127.0.0.2:8889
dockerd_pid="$run_dir/dockerd.pid"
podman_pid="$run_dir/podman-service.pid"
podman_tcp_pid="$run_dir/podman-tcp-service.pid"
podman_conf="$run_dir/podman-containers.conf"
podman_marker='OCIMAN_STARTED_BY=ociman-remote-podman-service'
# The images the remote-engine specs run (the Ociman.Images kit: the BusyBox image). Copied by repository name:
# every content-addressed tag of it that the main engine has.
images=(ociman-test/busybox)

log() { printf '[provision-remote] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

# await SECONDS INTERVAL LOGFILE WHAT CHECK...: runs CHECK until it succeeds; past SECONDS shows LOGFILE's tail and fails.
await() {
  local seconds="$1" interval="$2" logfile="$3" what="$4"; shift 4
  local deadline=$(( $(date +%s) + seconds ))
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "last lines of $logfile:"; tail -n 30 "$logfile" >&2
      fail "$what did not answer within $seconds s"
    fi
    sleep "$interval"
  done
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$(cat "$1")/status" 2>/dev/null; }

stop_pidfile() {
  local file="$1" what="$2" pid
  if alive "$file"; then
    pid=$(cat "$file")
    log "stopping $what (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$what (pid $pid) did not stop within 10 s; killing it"; kill -9 "$pid"; fi
  fi
  rm -f "$file"
}

if [ "${1:-}" = --stop ]; then
  stop_pidfile "$podman_pid" "the Podman service on $podman_uri"
  stop_pidfile "$podman_tcp_pid" "the Podman service on $podman_tcp_uri"
  # dockerd stops its managed containerd itself.
  stop_pidfile "$tls_pid" "the TLS front of the second dockerd"
  stop_pidfile "$dockerd_pid" "the second dockerd"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "must run as root (it starts daemons and creates a bridge)"
mkdir -p "$state_dir" "$run_dir"

remote_docker() { DOCKER_HOST="unix://$docker_sock" timeout 20 docker "$@"; }
docker_answers() { DOCKER_HOST="unix://$docker_sock" timeout 10 docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

unpack_docker() {
  if [ -f "$root_dir/VERSION" ] && [ "$(cat "$root_dir/VERSION")" = "$version" ] && [ -x "$root_dir/usr/sbin/dockerd" ]; then
    return 0
  fi
  log "unpacking docker.io $version (Debian 12) under $root_dir (apt-get download + dpkg -x; nothing is installed)"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -q "docker.io=$version" >/dev/null 2>"$tmp/download.err") \
    || { cat "$tmp/download.err" >&2; rm -rf "$tmp"; fail "apt-get download docker.io=$version failed (is bookworm in the apt sources, and apt-get update done?)"; }
  rm -rf "$root_dir"; mkdir -p "$root_dir"
  dpkg -x "$tmp"/docker.io_*.deb "$root_dir"
  echo "$version" > "$root_dir/VERSION"
  rm -rf "$tmp"
}

ensure_bridge() {
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    log "creating bridge $bridge ($bridge_cidr)"
    ip link add "$bridge" type bridge
  fi
  # Captured first: with pipefail, grep -q closing the pipe early would fail the pipeline.
  local addresses; addresses=$(ip -o -4 addr show dev "$bridge")
  [[ "$addresses" == *" ${bridge_cidr%/*}/"* ]] || ip addr add "$bridge_cidr" dev "$bridge"
  ip link set "$bridge" up
}

# Reused only if it can start a container (probe: `true` in the test BusyBox image, when the daemon has it).
docker_starts_containers() {
  local image
  image=$(remote_docker image ls "${images[0]}" --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -v ':<none>$' | head -n 1 || true)
  [ -n "$image" ] || return 0
  DOCKER_HOST="unix://$docker_sock" timeout 30 docker run --rm --label ociman.provision-probe=1 "$image" true >/dev/null 2>&1
}

start_dockerd() {
  if alive "$dockerd_pid" && docker_answers; then
    if docker_starts_containers; then
      log "the second dockerd answers (pid $(cat "$dockerd_pid")): API $(remote_docker version --format '{{.Server.APIVersion}}')"
      return 0
    fi
    log "the second dockerd (pid $(cat "$dockerd_pid")) answers but cannot start a container; restarting it"
    stop_pidfile "$dockerd_pid" "the second dockerd"
  fi
  if alive "$dockerd_pid"; then
    log "the second dockerd (pid $(cat "$dockerd_pid")) runs but does not answer; waiting for it"
  else
    rm -f "$dockerd_pid" "$docker_sock"
    mkdir -p "$data_root" "$run_dir/exec"
    log "starting the second dockerd $version (log: $state_dir/dockerd-remote.log)"
    # Its own docker-proxy and docker-init come first on PATH; containerd and runc are the machine's. Without
    # --containerd, dockerd starts a containerd of its own under its exec root (separate from the main one).
    # setsid: the daemon outlives this script and its session.
    # No --default-address-pool: dockerd 20.10, restarting with a stored default bridge network and address pools
    # set, deletes the link named docker0 — the main daemon's bridge — whatever --bridge says (measured here).
    PATH="$root_dir/usr/sbin:$root_dir/usr/bin:$PATH" setsid nohup "$root_dir/usr/sbin/dockerd" \
      --data-root "$data_root" \
      --exec-root "$run_dir/exec" \
      --pidfile "$dockerd_pid" \
      --containerd-namespace ociman-remote \
      --containerd-plugins-namespace ociman-remote-plugins \
      --bridge "$bridge" \
      --iptables=false --ip-masq=false --ip-forward=false \
      --userland-proxy-path "$root_dir/usr/sbin/docker-proxy" \
      -H "unix://$docker_sock" -H "$tcp_endpoint" \
      >"$state_dir/dockerd-remote.log" 2>&1 </dev/null &
  fi
  local had_docker0=0; ip link show docker0 >/dev/null 2>&1 && had_docker0=1
  await 60 0.5 "$state_dir/dockerd-remote.log" "the second dockerd on unix://$docker_sock" docker_answers
  if [ "$had_docker0" = 1 ] && ! ip link show docker0 >/dev/null 2>&1; then
    fail "the main daemon's bridge docker0 vanished while the second dockerd started; the main engine cannot start containers until docker0 is back (ip link add docker0 type bridge; ip addr add 172.17.0.1/16 dev docker0; ip link set docker0 up)"
  fi
  DOCKER_HOST="$tcp_endpoint" timeout 10 docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1 \
    || fail "the second dockerd answers on unix://$docker_sock but not on $tcp_endpoint"
  log "the second dockerd answers (pid $(cat "$dockerd_pid")): server $(remote_docker version --format '{{.Server.Version}} API {{.Server.APIVersion}}')"
}

load_images() {
  local repo ref
  for repo in "${images[@]}"; do
    local refs
    refs=$(timeout 20 docker image ls "$repo" --format '{{.Repository}}:{{.Tag}}' | grep -v ':<none>$' || true)
    if [ -z "$refs" ]; then
      # A fresh machine: the tests build it on the second dockerd themselves (content-addressed, through src/Ociman.Images, the Ociman.Images package).
      log "the main Docker engine has no $repo image yet; nothing to copy"
      continue
    fi
    for ref in $refs; do
      if ! remote_docker image inspect "$ref" >/dev/null 2>&1; then
        log "loading $ref into the second dockerd"
        timeout 120 docker save "$ref" | DOCKER_HOST="unix://$docker_sock" timeout 120 docker load >/dev/null \
          || fail "could not copy $ref into the second dockerd"
      fi
    done
  done
}

tls_answers() {
  DOCKER_HOST="$tls_endpoint" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$tls_dir/client" DOCKER_CONTEXT= \
    timeout 10 docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1
}

# A CA, a server certificate for 127.0.0.2 and a client certificate (made once; kept while the files are there).
make_certificates() {
  [ -f "$tls_dir/client/key.pem" ] && [ -f "$tls_dir/server-key.pem" ] && [ -f "$tls_dir/other-ca/ca.pem" ] && return 0
  log "making a CA, a server certificate for 127.0.0.2 and a client certificate under $tls_dir (openssl)"
  rm -rf "$tls_dir"; mkdir -p "$tls_dir/client"; chmod 0700 "$tls_dir"
  local d="$tls_dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=ociman remote test CA" \
    -keyout "$d/ca-key.pem" -out "$d/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.2" -keyout "$d/server-key.pem" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.2\nextendedKeyUsage=serverAuth\n' > "$d/server.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" -CAcreateserial -days 3650 \
    -extfile "$d/server.ext" -out "$d/server-cert.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=ociman remote test client" -keyout "$d/client/key.pem" -out "$d/client.csr" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' > "$d/client.ext"
  openssl x509 -req -in "$d/client.csr" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" -CAcreateserial -days 3650 \
    -extfile "$d/client.ext" -out "$d/client/cert.pem" 2>/dev/null
  cp "$d/ca.pem" "$d/client/ca.pem"
  # The same client files with another CA's ca.pem: a client that must refuse the engine's certificate.
  mkdir -p "$d/other-ca"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=some other CA" -keyout "$d/other-ca/ca-key.pem" -out "$d/other-ca/ca.pem" 2>/dev/null
  rm -f "$d/other-ca/ca-key.pem"
  cp "$d/client/cert.pem" "$d/client/key.pem" "$d/other-ca/"
  rm -f "$d"/*.csr "$d"/*.ext "$d"/*.srl
}

start_tls_front() {
  if ! command -v socat >/dev/null 2>&1; then
    log "installing socat (Debian package) for the TLS front"
    NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq socat >/dev/null || fail "apt-get install socat failed"
  fi
  make_certificates
  if alive "$tls_pid" && tls_answers; then
    log "the TLS front answers on $tls_endpoint (pid $(cat "$tls_pid"))"
    return 0
  fi
  stop_pidfile "$tls_pid" "the TLS front of the second dockerd"
  log "starting the TLS front on $tls_endpoint (log: $state_dir/tls-front.log)"
  # verify=1 with cafile: a client without a certificate from this CA is refused during the handshake.
  setsid nohup socat \
    "OPENSSL-LISTEN:2376,bind=127.0.0.2,reuseaddr,fork,cert=$tls_dir/server-cert.pem,key=$tls_dir/server-key.pem,cafile=$tls_dir/ca.pem,verify=1" \
    "UNIX-CONNECT:$docker_sock" >"$state_dir/tls-front.log" 2>&1 </dev/null &
  echo $! > "$tls_pid"
  await 20 0.2 "$state_dir/tls-front.log" "the TLS front on $tls_endpoint" tls_answers
  log "the TLS front answers on $tls_endpoint (pid $(cat "$tls_pid")); client files in $tls_dir/client"
}

podman_answers() { CONTAINER_HOST="$1" timeout 10 podman --remote version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

# A service that answers is reused only if it can also start a container: the probe runs `true` in the test BusyBox
# image when the machine has it (a fresh machine has none and starts fresh services anyway).
podman_starts_containers() {
  local image
  image=$(timeout 20 podman image ls "${images[0]}" --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -v ':<none>$' | head -n 1 || true)
  [ -n "$image" ] || return 0
  CONTAINER_HOST="$1" timeout 30 podman --remote run --rm --label ociman.provision-probe=1 "$image" true >/dev/null 2>&1
}

# The machine's containers.conf with the marker variable added to [containers] (CONTAINERS_CONF replaces every file).
podman_service_conf() {
  local base=/etc/containers/containers.conf
  if [ -f "$base" ] && grep -q '^[[:space:]]*\[containers\]' "$base"; then
    grep -q '^[[:space:]]*env[[:space:]]*=' "$base" && fail "$base sets [containers] env itself; the remote Podman service cannot add its marker to it"
    sed "s/^\([[:space:]]*\[containers\][[:space:]]*\)$/\1\nenv = [\"$podman_marker\"]/" "$base"
  else
    [ -f "$base" ] && cat "$base"
    printf '[containers]\nenv = ["%s"]\n' "$podman_marker"
  fi
}

ensure_podman_conf() {
  command -v podman >/dev/null 2>&1 || fail "podman is not installed (run eng/provision-engines.sh first)"
  local wanted; wanted=$(podman_service_conf)
  if [ ! -f "$podman_conf" ] || [ "$(cat "$podman_conf")" != "$wanted" ]; then
    stop_pidfile "$podman_pid" "the Podman service on $podman_uri (its containers.conf changed)"
    stop_pidfile "$podman_tcp_pid" "the Podman service on $podman_tcp_uri (its containers.conf changed)"
    printf '%s\n' "$wanted" > "$podman_conf"
  fi
}

# start_podman_service URI PIDFILE LOGNAME
start_podman_service() {
  local uri="$1" pidfile="$2" logfile="$state_dir/$3"
  if alive "$pidfile" && podman_answers "$uri"; then
    if podman_starts_containers "$uri"; then
      log "the Podman service answers on $uri (pid $(cat "$pidfile"))"
      return 0
    fi
    # Seen here after hours of use: the service answers but every container start fails ("write child: broken
    # pipe"). Reusing it would fail every remote test, so it is replaced.
    log "the Podman service on $uri (pid $(cat "$pidfile")) answers but cannot start a container; restarting it"
    stop_pidfile "$pidfile" "the Podman service on $uri"
  fi
  if alive "$pidfile"; then
    log "the Podman service on $uri (pid $(cat "$pidfile")) runs but does not answer; waiting for it"
  else
    rm -f "$pidfile"
    [[ "$uri" != unix://* ]] || rm -f "${uri#unix://}"
    log "starting the Podman service on $uri (log: $logfile)"
    CONTAINERS_CONF="$podman_conf" setsid nohup podman system service -t 0 "$uri" >"$logfile" 2>&1 </dev/null &
    echo $! > "$pidfile"
  fi
  await 30 0.2 "$logfile" "the Podman service on $uri" podman_answers "$uri"
  log "the Podman service answers on $uri (pid $(cat "$pidfile"))"
}

for engine in ${OCIMAN_ENGINES:-docker podman}; do
  case "$engine" in
    docker) unpack_docker; ensure_bridge; start_dockerd; start_tls_front; load_images ;;
    podman)
      ensure_podman_conf
      start_podman_service "$podman_uri" "$podman_pid" podman-remote.log
      start_podman_service "$podman_tcp_uri" "$podman_tcp_pid" podman-remote-tcp.log ;;
    *) fail "unknown engine '$engine' in OCIMAN_ENGINES (allowed: docker, podman)" ;;
  esac
done
