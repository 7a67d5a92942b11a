#!/usr/bin/env bash
# Kestrel against its peers: builds the demo jar and the peers, then runs benchmarks/harness.py.
#
#   benchmarks/run.sh            full run: 90 s warm-up per server; per scenario one unrecorded round,
#                                then 5 rounds x 15 s;
#                                writes benchmarks/results/<date>-<machine>.md, .png, .json and latest.md
#   benchmarks/run.sh --smoke    a few seconds per step, judges nothing; writes benchmarks/target/smoke/
#   benchmarks/run.sh --profile  also profiles Kestrel and Boot's servers (async-profiler), one extra
#                                round per scenario; writes results/profiles-<date>/
#
# Other options go to the harness (benchmarks/harness.py --help), for example
#   benchmarks/run.sh --warmup 90 --rounds 3 --duration 10 --scenarios plaintext json
# Environment: BENCH_LOCK (lock file held around the build and every measurement step, default
# /tmp/mvn.lock, empty for none), BENCH_JVM_OPTS (default -Xmx1g), BENCH_PORT_BASE (default 18080),
# BENCH_MACHINE (name in the report's file name), BENCH_SKIP_BUILD=1 (use the jars as they are),
# BENCH_M2_REPO (the local Maven repository, for --profile; default ~/.m2/repository).
set -euo pipefail

cd "$(dirname "$0")/.."
lock="${BENCH_LOCK-/tmp/mvn.lock}"
export BENCH_LOCK="$lock"

locked() {
	if [[ -n "$lock" ]]; then flock "$lock" "$@"; else "$@"; fi
}

# Load generators, proxy and chart: Debian packages, installed when missing (as root).
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v h2load >/dev/null || missing+=(nghttp2-client)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
command -v python3 >/dev/null || missing+=(python3)
command -v lscpu >/dev/null || missing+=(util-linux)
if ((${#missing[@]})); then
	if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
		echo "Missing: ${missing[*]}; install them (Debian package names) and run again" >&2
		exit 1
	fi
	echo "Installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 1000 idle connections plus wrk's, per server.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
	echo "Building the demo jar and the peers"
	locked mvn -B -q ${MAVEN_ARGS:-} -Pbenchmarks -DskipTests package \
		-pl demo-app,benchmarks/peer-webflux,benchmarks/peer-webmvc,benchmarks/peer-webmvc-jetty,benchmarks/peer-webmvc-kestrel,benchmarks/peer-webflux-kestrel,benchmarks/peer-reactor-netty -am
fi

# --profile: async-profiler from Maven Central profiles some servers in one extra round per scenario.
args=()
profile=0
for arg in "$@"; do
	if [[ "$arg" == --profile ]]; then profile=1; else args+=("$arg"); fi
done
if ((profile)); then
	version=4.2
	case "$(uname -m)" in
		x86_64) platform=linux-x64 ;;
		aarch64) platform=linux-arm64 ;;
		*) echo "--profile: no async-profiler build for $(uname -m)" >&2; exit 1 ;;
	esac
	locked mvn -B -q ${MAVEN_ARGS:-} dependency:get -Dartifact=tools.profiler:async-profiler:$version
	jar="${BENCH_M2_REPO:-$HOME/.m2/repository}/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
	mkdir -p benchmarks/target/async-profiler
	python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])' \
		"$jar" "$platform/libasyncProfiler.so" benchmarks/target/async-profiler
	args+=(--profiler "benchmarks/target/async-profiler/$platform/libasyncProfiler.so")
fi

exec python3 benchmarks/harness.py "${args[@]}"
