#!/usr/bin/env bash
# Makes sure `redis-server` is on PATH for the Redis store's integration tests and benchmark.
# Installs Debian's `redis-server` package only when the command is missing (CI starts
# from a fresh machine with Node and npm only; we run as root there), so a second run is
# a no-op. Quiet unless something fails. The package's own service is not needed: the
# tests start their own server on a free port.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi

# Test files run in parallel processes and may all call this at once: one installs, the
# others wait for it (dpkg allows one install at a time) and then find redis-server there.
lock=/tmp/tokenkeeper-ensure-redis-server.lock
if [ -z "${ENSURE_REDIS_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
  ENSURE_REDIS_LOCKED=1 exec flock --timeout 600 "$lock" bash "$0" "$@"
fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo='sudo'
  else
    echo 'ensure-redis-server: redis-server is missing and this is not root; install it with: apt-get install -y redis-server' >&2
    exit 1
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! {
  $sudo apt-get update -qq &&
    $sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 redis-server
} >"$log" 2>&1; then
  cat "$log" >&2
  echo 'ensure-redis-server: installing redis-server failed' >&2
  exit 1
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo 'ensure-redis-server: redis-server still not on PATH after installing' >&2
  exit 1
fi
