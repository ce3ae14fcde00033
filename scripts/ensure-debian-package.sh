#!/usr/bin/env bash
# ensure-debian-package.sh NAME PACKAGE CHECK...
# Makes sure what CHECK tests exists (say `command -v redis-server`, or `test -x /usr/bin/chromium`),
# installing Debian's PACKAGE only when it does not (CI starts from a fresh machine with Node
# and npm only; we run as root there), so a second run is a no-op. Quiet unless something fails.
# Test files run in parallel and may all call this at once: one installs, the others wait for it
# (dpkg allows one install at a time) and then find it there.
set -euo pipefail
name=$1
package=$2
shift 2

if "$@" >/dev/null 2>&1; then
  exit 0
fi

lock="/tmp/tokenkeeper-ensure-$package.lock"
if [ -z "${ENSURE_PACKAGE_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
  ENSURE_PACKAGE_LOCKED=1 exec flock --timeout 900 "$lock" bash "$0" "$name" "$package" "$@"
fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo='sudo'
  else
    echo "$name: $package is missing and this is not root; install it with: apt-get install -y $package" >&2
    exit 1
  fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! {
  $sudo apt-get update -qq &&
    $sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "$package"
} >"$log" 2>&1; then
  cat "$log" >&2
  echo "$name: installing $package failed" >&2
  exit 1
fi

if ! "$@" >/dev/null 2>&1; then
  echo "$name: $package still missing after installing" >&2
  exit 1
fi
