#!/usr/bin/env bash
# The whole test suite: unit and wiring tests, the server contract suite, the packaged demo jar,
# and the Nginx and Apache integration suites in containers (a Docker engine is made ready first),
# HTTP.sys's struct layouts against the Windows headers (mingw-w64 is installed first), systemd
# socket activation (systemd-socket-activate is installed first) and HTTP/3 against ngtcp2's
# client (gtlsclient is installed first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash integration-tests/docker/ensure-docker.sh
# Install a Debian package when a command the tests need is missing, where we can (root, apt).
install_missing() {
  command -v "$1" >/dev/null 2>&1 && return 0
  { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; } || return 0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
}
# The HTTP.sys struct-layout test compiles a probe against mingw-w64's http.h (it is skipped
# without the cross compiler).
install_missing x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
# The socket-activation tests start the packaged demos with systemd-socket-activate (no systemd
# runs as PID 1).
install_missing systemd-socket-activate systemd
# The HTTP/3 interoperability tests run Debian's ngtcp2 example client against the demos.
install_missing gtlsclient ngtcp2-client
mvn -B verify
