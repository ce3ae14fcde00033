#!/usr/bin/env bash
# Makes sure `redis-server` is on PATH for the Redis store's integration tests and benchmark.
# The package's own service is not needed: the tests start their own servers on free ports.
exec bash "$(dirname "$0")/ensure-debian-package.sh" ensure-redis-server redis-server command -v redis-server
