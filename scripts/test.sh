#!/usr/bin/env bash
# The whole test suite: unit and wiring tests, the server contract suite, the packaged demo jar,
# and the Nginx and Apache integration suites in containers (a Docker engine is made ready first),
# and HTTP.sys's struct layouts against the Windows headers (mingw-w64 is installed first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash integration-tests/docker/ensure-docker.sh
# The HTTP.sys struct-layout test compiles a probe against mingw-w64's http.h (it is skipped
# without the cross compiler): install it where we can.
if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null; }
fi
mvn -B verify
