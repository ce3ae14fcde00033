#!/usr/bin/env bash
# Makes sure /usr/bin/chromium exists for the runtime matrix (runtimes/), which drives it
# headless through playwright-core: no browser is ever downloaded, Debian's `chromium`
# package is used. Installs it only when it is missing (CI starts from a fresh machine with
# Node and npm only; we run as root there), so a second run is a no-op. Quiet unless
# something fails.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

# Several processes may call this at once: one installs, the others wait for it (dpkg
# allows one install at a time) and then find /usr/bin/chromium there.
lock=/tmp/tokenkeeper-ensure-chromium.lock
if [ -z "${ENSURE_CHROMIUM_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
  ENSURE_CHROMIUM_LOCKED=1 exec flock --timeout 900 "$lock" bash "$0" "$@"
fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo='sudo'
  else
    echo 'ensure-chromium: /usr/bin/chromium is missing and this is not root; install it with: apt-get install -y chromium' >&2
    exit 1
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! {
  $sudo apt-get update -qq &&
    $sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 chromium
} >"$log" 2>&1; then
  cat "$log" >&2
  echo 'ensure-chromium: installing chromium failed' >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  echo 'ensure-chromium: /usr/bin/chromium still missing after installing' >&2
  exit 1
fi
