#!/usr/bin/env bash
# The whole test suite: unit and wiring tests, the server contract suite, the packaged demo jar,
# and the Nginx and Apache integration suites in containers (a Docker engine is made ready first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash integration-tests/docker/ensure-docker.sh
mvn -B verify
