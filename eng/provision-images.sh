#!/usr/bin/env bash
# Host-side preparation for the offline image kit (src/Ociman.Images, the Ociman.Images package): installs Debian's packages that the
# kit's images are made from — busybox-static (the BusyBox image) and debootstrap (the Debian base image, from
# which the Postgres image is built). Run as root on Debian 12.
# Idempotent: when every package is present it installs nothing and takes well under a second.
set -euo pipefail

log() { printf '[provision-images] %s\n' "$*" >&2; }

missing=()
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
[ -x /bin/busybox ] || missing+=(busybox-static)

if [ "${#missing[@]}" = 0 ]; then
  log "debootstrap and busybox-static are present; nothing to do"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  log "must run as root to install: ${missing[*]}"; exit 1
fi

log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "installed ${missing[*]}"
