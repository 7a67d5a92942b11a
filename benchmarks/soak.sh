#!/usr/bin/env bash
# A soak run of the packaged demo jar (not part of the test suite): 30 minutes of mixed load
# (keep-alive and new connections, uploads, server-sent events, WebSocket, slow clients, malformed
# requests), sampling RSS, heap after GC, file descriptors and threads; see benchmarks/soak.py.
#
#   benchmarks/soak.sh                 30 minutes, 5 of them warm-up
#   benchmarks/soak.sh --minutes 10    a shorter run (other options: benchmarks/soak.py --help)
#
# Writes benchmarks/results/soak-<date>.md and .json; exits non-zero when a rule fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
	if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
		echo "Missing: wrk; install it and run again" >&2
		exit 1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [[ ! -f demo-app/target/demo-app.jar ]]; then
	mvn -B -q -DskipTests package -pl demo-app -am
fi
ulimit -n 65536 2>/dev/null || true
exec python3 benchmarks/soak.py "$@"
