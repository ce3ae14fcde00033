#!/usr/bin/env bash
# Makes sure /usr/bin/chromium exists for the runtime matrix (runtimes/) and the browser tests
# of @tokenkeeper/web, which drive it headless through playwright-core: no browser is ever
# downloaded, Debian's `chromium` package is used.
exec bash "$(dirname "$0")/ensure-debian-package.sh" ensure-chromium chromium test -x /usr/bin/chromium
