#!/usr/bin/env python3
"""The benchmark harness behind benchmarks/run.sh: Kestrel (the demo jar) against its peers.

Starts every server side by side on loopback, measures start-up to first response and memory,
warms each one up, then runs interleaved rounds per scenario (server A, B, C, ..., A, B, C, ...)
with wrk and h2load, and writes a Markdown report and a PNG chart. Every measurement step holds
the shared build lock (BENCH_LOCK) so that no Maven build on this machine overlaps it; the lock
is released between steps.
"""
import argparse
import datetime
import fcntl
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BASELINE = "boot-netty"
# The same Spring MVC application built for each servlet server; their rows are also divided by Tomcat's.
SERVLET_SERVERS = ("tomcat", "jetty", "kestrel-mvc")
# The same WebFlux application built for Boot's Reactor Netty and for Kestrel: issue #11's comparison.
WEBFLUX_KESTREL = "kestrel-webflux"
# Profiled in an extra round of every scenario when a profiler is given (--profiler).
PROFILED = ("kestrel-webflux", "boot-netty", "kestrel-mvc", "tomcat")
# Straight to loopback, whatever proxy the environment names.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# ----------------------------------------------------------------------------------------------
# Servers
# ----------------------------------------------------------------------------------------------

class Server:
    """One server process under test."""

    def __init__(self, key, label, command, port, workdir):
        self.key = key
        self.label = label
        self.command = command
        self.port = port
        self.workdir = workdir
        self.process = None
        self.log_path = os.path.join(workdir, key + ".log")
        self.startups_ms = []
        self.rss_after_start_kb = []
        self.peak_rss_kb = None

    def start(self, timeout=120):
        """Start the process; return (ms to first 200 on /plaintext, RSS in kB at that moment)."""
        log = open(self.log_path, "ab")
        started = time.monotonic()
        self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                        start_new_session=True)
        url = "http://127.0.0.1:%d/plaintext" % self.port
        while True:
            if self.process.poll() is not None:
                raise RuntimeError("%s exited with %s during start-up; see %s"
                                   % (self.key, self.process.returncode, self.log_path))
            if time.monotonic() - started > timeout:
                raise RuntimeError("%s did not answer %s within %ss; see %s" % (self.key, url, timeout, self.log_path))
            try:
                with HTTP.open(url, timeout=1) as response:
                    if response.status == 200 and response.read() == b"Hello, World!":
                        elapsed = (time.monotonic() - started) * 1000
                        rss = proc_status(self.process.pid, "VmRSS")
                        return elapsed, rss
            except OSError:
                pass
            time.sleep(0.01)

    def measure_startup(self, samples):
        """Start `samples` times; the last start keeps running for the load tests."""
        for index in range(samples):
            elapsed, rss = self.start()
            self.startups_ms.append(elapsed)
            self.rss_after_start_kb.append(rss)
            if index < samples - 1:
                self.stop()
                time.sleep(1)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.peak_rss_kb = proc_status(self.process.pid, "VmHWM") or self.peak_rss_kb
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def record_peak_rss(self):
        if self.process is not None and self.process.poll() is None:
            self.peak_rss_kb = proc_status(self.process.pid, "VmHWM")

    def alive(self):
        return self.process is not None and self.process.poll() is None


def proc_status(pid, field):
    """A memory field of /proc/<pid>/status in kB (the JVM is the process we started)."""
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def proc_cpu_seconds(pid):
    """The CPU time, user and system, that the process has used (its threads included), in seconds."""
    try:
        with open("/proc/%d/stat" % pid) as stat:
            # The fields after the command (which may hold spaces) start after its closing parenthesis.
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def cpu_per_request_us(outcome):
    """The server's CPU time per request of one round, in microseconds (Nginx's rounds: Kestrel's)."""
    if outcome.get("cpu_s") is None or not outcome.get("requests"):
        return None
    return outcome["cpu_s"] * 1e6 / outcome["requests"]


# Every limit that has an off is off (-1); the others as wide as they go.
LIMITS_OFF = ["--server.kestrel.limits." + setting for setting in (
    "max-request-body-size=-1", "keep-alive-timeout=-1", "request-headers-timeout=-1",
    "min-request-body-data-rate.bytes-per-second=-1", "min-response-data-rate.bytes-per-second=-1",
    "max-request-line-size=2GB", "max-request-headers-total-size=2GB", "max-request-header-count=2147483647",
    "http2.max-streams-per-connection=2147483647", "http2.max-request-header-field-size=2GB")]


def build_servers(args, workdir):
    java = [args.java] + args.jvm_opts.split()
    jars = {
        "demo": os.path.join(ROOT, "demo-app", "target", "demo-app.jar"),
        "webflux": os.path.join(HERE, "peer-webflux", "target", "peer-webflux.jar"),
        "webflux-kestrel": os.path.join(HERE, "peer-webflux-kestrel", "target", "peer-webflux-kestrel.jar"),
        "webmvc": os.path.join(HERE, "peer-webmvc", "target", "peer-webmvc.jar"),
        "webmvc-jetty": os.path.join(HERE, "peer-webmvc-jetty", "target", "peer-webmvc-jetty.jar"),
        "webmvc-kestrel": os.path.join(HERE, "peer-webmvc-kestrel", "target", "peer-webmvc-kestrel.jar"),
        "netty": os.path.join(HERE, "peer-reactor-netty", "target", "peer-reactor-netty.jar"),
    }
    for name, jar in jars.items():
        if not os.path.exists(jar):
            raise SystemExit("missing %s: build with benchmarks/run.sh (it builds the jars first)" % jar)
    base = args.port_base
    uds = os.path.join(workdir, "kestrel.sock")
    spring = ["--server.address=127.0.0.1", "--server.http2.enabled=true"]
    servers = [
        Server("kestrel", "Kestrel (demo jar, limits on)",
               java + ["-jar", jars["demo"], "--server.kestrel.endpoints.http.url=http://127.0.0.1:%d" % base,
                       "--server.kestrel.endpoints.uds.url=http://unix:" + uds], base, workdir),
        Server("kestrel-nolimits", "Kestrel, limits off",
               java + ["-jar", jars["demo"], "--server.kestrel.endpoints.http.url=http://127.0.0.1:%d" % (base + 1)]
               + LIMITS_OFF, base + 1, workdir),
        Server("boot-netty", "Spring Boot Reactor Netty (WebFlux)",
               java + ["-jar", jars["webflux"], "--server.port=%d" % (base + 2)] + spring, base + 2, workdir),
        Server("tomcat", "Tomcat (Spring MVC)",
               java + ["-jar", jars["webmvc"], "--server.port=%d" % (base + 3)] + spring, base + 3, workdir),
        Server("reactor-netty", "bare Reactor Netty",
               java + ["-jar", jars["netty"], str(base + 4)], base + 4, workdir),
        Server("jetty", "Jetty (Spring MVC)",
               java + ["-jar", jars["webmvc-jetty"], "--server.port=%d" % (base + 5)] + spring, base + 5, workdir),
        Server("kestrel-mvc", "Kestrel (Spring MVC)",
               java + ["-jar", jars["webmvc-kestrel"], "--server.port=%d" % (base + 6)] + spring, base + 6, workdir),
        Server(WEBFLUX_KESTREL, "Kestrel (WebFlux, Boot Netty's application)",
               java + ["-jar", jars["webflux-kestrel"], "--server.port=%d" % (base + 7)] + spring, base + 7, workdir),
    ]
    if args.servers:
        # The baseline always runs: every ratio divides by it.
        servers = [server for server in servers if server.key in args.servers or server.key == BASELINE]
    return servers, uds


# ----------------------------------------------------------------------------------------------
# Nginx in front of Kestrel
# ----------------------------------------------------------------------------------------------

class Nginx:

    def __init__(self, workdir, kestrel_port, uds, tcp_port, uds_port):
        self.dir = os.path.join(workdir, "nginx")
        self.tcp_port = tcp_port
        self.uds_port = uds_port
        os.makedirs(os.path.join(self.dir, "logs"), exist_ok=True)
        self.conf = os.path.join(self.dir, "nginx.conf")
        proxy = ("proxy_http_version 1.1; proxy_set_header Connection \"\"; "
                 "proxy_set_header Host $host; proxy_buffering on;")
        with open(self.conf, "w") as conf:
            conf.write("""
user root;
worker_processes 1;
daemon off;
pid %(dir)s/nginx.pid;
error_log %(dir)s/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path %(dir)s/body;
  proxy_temp_path %(dir)s/proxy;
  fastcgi_temp_path %(dir)s/fastcgi;
  uwsgi_temp_path %(dir)s/uwsgi;
  scgi_temp_path %(dir)s/scgi;
  upstream kestrel_tcp { server 127.0.0.1:%(kport)d; keepalive 64; }
  upstream kestrel_uds { server unix:%(uds)s; keepalive 64; }
  server { listen 127.0.0.1:%(tcp)d; location / { proxy_pass http://kestrel_tcp; %(proxy)s } }
  server { listen 127.0.0.1:%(udsport)d; location / { proxy_pass http://kestrel_uds; %(proxy)s } }
}
""" % {"dir": self.dir, "kport": kestrel_port, "uds": uds, "tcp": tcp_port, "udsport": uds_port,
                "proxy": proxy})
        self.process = None

    def start(self):
        log = open(os.path.join(self.dir, "logs", "stdout.log"), "ab")
        self.process = subprocess.Popen(["nginx", "-p", self.dir, "-c", self.conf], stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        for port in (self.tcp_port, self.uds_port):
            wait_for_200("http://127.0.0.1:%d/plaintext" % port, 20)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def wait_for_200(url, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with HTTP.open(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("no 200 from %s within %ss" % (url, timeout))


# ----------------------------------------------------------------------------------------------
# Load generators
# ----------------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def run_wrk(args, url, duration, script=None):
    command = ["wrk", "-t%d" % args.threads, "-c%d" % args.connections, "-d%ds" % duration, "--latency",
               "--timeout", "5s"]
    if script:
        command += ["-s", script]
    command.append(url)
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60).stdout
    result = {"rps": 0.0, "p99_ms": None, "requests": 0, "non2xx": 0, "socket_errors": 0, "raw": output}
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if match:
        result["rps"] = float(match.group(1))
    match = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    if match:
        result["p99_ms"] = float(match.group(1)) * UNITS[match.group(2)]
    match = re.search(r"(\d+) requests in", output)
    if match:
        result["requests"] = int(match.group(1))
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if match:
        result["non2xx"] = int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if match:
        result["socket_errors"] = sum(int(value) for value in match.groups())
    return result


def run_h2load(args, url, duration, workdir):
    log = os.path.join(workdir, "h2load-requests.log")
    command = ["h2load", "-t%d" % args.threads, "-c%d" % args.connections, "-m%d" % args.h2_streams,
               "-D", str(duration), "--log-file=" + log, url]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60).stdout
    result = {"rps": 0.0, "p99_ms": None, "requests": 0, "non2xx": 0, "socket_errors": 0, "raw": output}
    match = re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", output)
    if match:
        result["rps"] = float(match.group(1))
    match = re.search(r"requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                      r"(\d+) errored, (\d+) timeout", output)
    if match:
        result["requests"] = int(match.group(2))
        result["socket_errors"] = int(match.group(4)) + int(match.group(5))
    match = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", output)
    if match:
        result["non2xx"] = int(match.group(3)) + int(match.group(4))
    durations = []
    if os.path.exists(log):
        with open(log) as lines:
            for line in lines:
                parts = line.split()
                if len(parts) >= 3:
                    durations.append(int(parts[2]))
        os.remove(log)
    if durations:
        durations.sort()
        result["p99_ms"] = durations[min(len(durations) - 1, int(len(durations) * 0.99))] / 1000.0
    return result


def write_lua(workdir, body_size):
    echo = os.path.join(workdir, "echo.lua")
    with open(echo, "w") as script:
        script.write('wrk.method = "POST"\n'
                     'wrk.body = string.rep("x", %d)\n'
                     'wrk.headers["Content-Type"] = "application/octet-stream"\n' % body_size)
    warmup = os.path.join(workdir, "warmup.lua")
    with open(warmup, "w") as script:
        # Every request of the scenarios, in turn, so that each path is compiled before measuring.
        script.write('local body = string.rep("x", %d)\n'
                     'local requests = {}\n'
                     'local n = 0\n'
                     'init = function(args)\n'
                     '  requests[1] = wrk.format("GET", "/plaintext")\n'
                     '  requests[2] = wrk.format("GET", "/json")\n'
                     '  requests[3] = wrk.format("POST", "/echo", '
                     '{["Content-Type"] = "application/octet-stream"}, body)\n'
                     'end\n'
                     'request = function()\n'
                     '  n = n %% 3 + 1\n'
                     '  return requests[n]\n'
                     'end\n' % body_size)
    return echo, warmup


# ----------------------------------------------------------------------------------------------
# Scenarios
# ----------------------------------------------------------------------------------------------

class Scenario:

    def __init__(self, key, label, servers, run):
        self.key = key
        self.label = label
        self.servers = servers
        self.run = run

    def runner(self, key):
        """How this scenario loads one server: the same for all, or per server (behind Nginx)."""
        return self.run[key] if isinstance(self.run, dict) else self.run


def scenarios(args, workdir, echo_lua, nginx):
    def wrk_path(path, script=None):
        return lambda server, duration: run_wrk(args, "http://127.0.0.1:%d%s" % (server.port, path), duration, script)

    def h2c(server, duration):
        return run_h2load(args, "http://127.0.0.1:%d/plaintext" % server.port, duration, workdir)

    def idle_plus_load(server, duration):
        holder = subprocess.Popen([sys.executable, os.path.join(HERE, "idle_connections.py"), "--port",
                                   str(server.port), "--count", str(args.idle_connections)],
                                  stdout=subprocess.PIPE, text=True)
        ready = holder.stdout.readline().strip()
        result = run_wrk(args, "http://127.0.0.1:%d/plaintext" % server.port, duration)
        holder.send_signal(signal.SIGTERM)
        summary = json.loads(holder.stdout.readline() or "{}")
        holder.wait(timeout=30)
        result["idle"] = summary
        result["idle_ready"] = ready
        # An idle connection that did not get its answer or was closed under load is an error too.
        result["socket_errors"] += summary.get("requested", 0) - summary.get("open_at_end", 0)
        return result

    def behind_nginx(port):
        return lambda server, duration: run_wrk(args, "http://127.0.0.1:%d/plaintext" % port, duration)

    all_servers = ["kestrel", "kestrel-nolimits", "boot-netty", WEBFLUX_KESTREL, "tomcat", "jetty", "kestrel-mvc",
                   "reactor-netty"]
    result = [
        Scenario("plaintext", "GET /plaintext (wrk)", all_servers, wrk_path("/plaintext")),
        Scenario("json", "GET /json (wrk)", all_servers, wrk_path("/json")),
        Scenario("echo-4k", "POST /echo, 4 KB body (wrk)", all_servers, wrk_path("/echo", echo_lua)),
        Scenario("h2c", "h2c GET /plaintext (h2load, prior knowledge)", all_servers, h2c),
        Scenario("idle-1000", "GET /plaintext with %d idle keep-alive connections (wrk)" % args.idle_connections,
                 all_servers, idle_plus_load),
    ]
    if nginx is not None:
        result.append(Scenario("nginx", "Kestrel behind Nginx (1 worker), GET /plaintext (wrk)",
                               ["nginx-tcp", "nginx-uds"],
                               {"nginx-tcp": behind_nginx(nginx.tcp_port),
                                "nginx-uds": behind_nginx(nginx.uds_port)}))
    result = [scenario for scenario in result if not args.scenarios or scenario.key in args.scenarios]
    if args.servers:
        for scenario in result:
            scenario.servers = [key for key in scenario.servers
                                if key in args.servers or key == BASELINE or key.startswith("nginx-")]
    return result


# ----------------------------------------------------------------------------------------------
# The run
# ----------------------------------------------------------------------------------------------

@contextmanager
def build_lock(path, what):
    """Hold the shared lock for one measurement step, so that no build overlaps it."""
    if not path:
        yield
        return
    with open(path, "a") as lock:
        waited = time.monotonic()
        fcntl.flock(lock, fcntl.LOCK_EX)
        waited = time.monotonic() - waited
        if waited > 1:
            log("  (waited %.0fs for the build lock)" % waited)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def log(message):
    print(message, flush=True)


def main():
    args = parse_args()
    workdir = tempfile.mkdtemp(prefix="serverimpl-bench-")
    servers, uds = build_servers(args, workdir)
    by_key = {server.key: server for server in servers}
    echo_lua, warmup_lua = write_lua(workdir, 4096)
    nginx = None
    results = {}
    started_at = datetime.datetime.now(datetime.timezone.utc)
    log("Work directory (server logs): %s" % workdir)
    profiles_dir = None
    if args.profiler:
        profiles_dir = os.path.join(args.out, "profiles-" + started_at.strftime("%Y-%m-%d"))
        os.makedirs(profiles_dir, exist_ok=True)
    try:
        log("== Start-up: %d start(s) per server, one at a time" % args.startups)
        for server in servers:
            with build_lock(args.lock, "startup"):
                server.measure_startup(args.startups)
            log("  %-17s first response after %s ms, RSS %s MB" % (
                server.key, ", ".join("%.0f" % value for value in server.startups_ms),
                ", ".join("%.0f" % (value / 1024) for value in server.rss_after_start_kb if value)))
        if shutil.which("nginx") and "nginx" in (args.scenarios or ["nginx"]) and "kestrel" in by_key:
            nginx = Nginx(workdir, by_key["kestrel"].port, uds, args.port_base + 10, args.port_base + 11)
            nginx.start()
        if nginx is not None:
            by_key["nginx-tcp"] = by_key["kestrel"]
            by_key["nginx-uds"] = by_key["kestrel"]

        log("== JIT warm-up: %ds per server (/plaintext, /json, POST /echo in turn; then h2c)" % args.warmup)
        for server in servers:
            with build_lock(args.lock, "warm-up"):
                run_wrk(args, "http://127.0.0.1:%d/" % server.port, args.warmup, warmup_lua)
                run_h2load(args, "http://127.0.0.1:%d/plaintext" % server.port, max(2, args.warmup // 6), workdir)
            log("  %s warmed up" % server.key)
        if nginx is not None:
            with build_lock(args.lock, "warm-up"):
                for port in (nginx.tcp_port, nginx.uds_port):
                    run_wrk(args, "http://127.0.0.1:%d/plaintext" % port, max(2, args.warmup // 6))

        for scenario in scenarios(args, workdir, echo_lua, nginx):
            log("== %s: %d round(s) x %ds per server, interleaved" % (scenario.label, args.rounds, args.duration))
            if args.settle_rounds:
                # Each scenario first runs unrecorded, the same for every server: the JIT has just
                # seen the last scenario's (or the warm-up's) traffic and recompiles for this one.
                with build_lock(args.lock, scenario.key):
                    for _ in range(args.settle_rounds):
                        for key in scenario.servers:
                            scenario.runner(key)(by_key[key], args.duration)
                log("  settled: %d unrecorded round(s)" % args.settle_rounds)
            for round_number in range(1, args.rounds + 1):
                with build_lock(args.lock, scenario.key):
                    for key in scenario.servers:
                        server = by_key[key]
                        if not server.alive():
                            raise RuntimeError("%s is not running; see %s" % (server.key, server.log_path))
                        run = scenario.runner(key)
                        cpu_before = proc_cpu_seconds(server.process.pid)
                        outcome = run(server, args.duration)
                        cpu_after = proc_cpu_seconds(server.process.pid)
                        outcome["cpu_s"] = (cpu_after - cpu_before) if None not in (cpu_before, cpu_after) else None
                        outcome.pop("raw", None)
                        results.setdefault(scenario.key, {}).setdefault(key, []).append(outcome)
                        log("  round %d %-17s %9.0f req/s  p99 %s ms  CPU %s us/req  errors %d%s" % (
                            round_number, key, outcome["rps"], fmt(outcome["p99_ms"], 2),
                            fmt(cpu_per_request_us(outcome), 1),
                            outcome["non2xx"] + outcome["socket_errors"],
                            ("  idle: %s" % outcome["idle"]) if "idle" in outcome else ""))
            if profiles_dir:
                with build_lock(args.lock, scenario.key):
                    for key in scenario.servers:
                        if key in PROFILED:
                            run = scenario.runner(key)
                            profile(os.path.abspath(args.profiler), by_key[key], run, args.duration,
                                    os.path.join(profiles_dir, "%s-%s" % (scenario.key, key)))
                log("  profiled: %s" % ", ".join(key for key in scenario.servers if key in PROFILED))
        for server in servers:
            server.record_peak_rss()
    finally:
        if nginx is not None:
            nginx.stop()
        for server in servers:
            server.stop()

    report = Report(args, servers, scenarios(args, workdir, echo_lua, nginx), results, started_at)
    if profiles_dir:
        write_profiles(args, profiles_dir, scenarios(args, workdir, echo_lua, nginx), started_at)
    markdown, failures = report.write()
    log("")
    log(markdown)
    if failures:
        log("FAILED: " + "; ".join(failures))
        return 1
    return 0


def spread(values, digits):
    """The lowest and the highest of a server's rounds."""
    if not values:
        return "n/a"
    if digits == 0:
        return "{:,.0f}-{:,.0f}".format(min(values), max(values))
    return ("%." + str(digits) + "f-%." + str(digits) + "f") % (min(values), max(values))


# ----------------------------------------------------------------------------------------------
# Profiles
# ----------------------------------------------------------------------------------------------

# Where a sample's time goes: the innermost frame of one of these packages names the layer.
LAYERS = (
    ("io/github/serverimpl/benchmarks/", "the application"),
    ("io/github/serverimpl/", "serverimpl (Kestrel's layer)"),
    ("reactor/netty/", "Reactor Netty"),
    ("io/netty/", "Netty"),
    ("reactor/core/", "Reactor Core"),
    ("org/springframework/", "Spring"),
    ("org/eclipse/jetty/", "Jetty"),
    ("org/apache/", "Tomcat"),
    ("io/micrometer/", "Micrometer"),
    ("tools/jackson/", "Jackson"),
    ("com/fasterxml/", "Jackson"),
    ("java/", "JDK"),
    ("jdk/", "JDK"),
    ("sun/", "JDK"),
)


def profiler_command(library, pid, command):
    """Send async-profiler a command through the JVM's attach mechanism (jcmd JVMTI.agent_load). The
    command is quoted: jcmd would read its first '=' as one of its own named arguments."""
    output = subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", library, '"%s"' % command],
                            capture_output=True, text=True, timeout=60).stdout
    if "return code: 0" not in output:
        raise RuntimeError("async-profiler refused '%s' in %d: %s" % (command, pid, output.strip()))



def profile(library, server, run, duration, base):
    """One unmeasured round under async-profiler (CPU, itimer): a flame graph and the collapsed stacks."""
    profiler_command(library, server.process.pid, "start,event=itimer,interval=1ms")
    run(server, duration)
    profiler_command(library, server.process.pid, "dump,file=%s.html,title=%s" % (base, os.path.basename(base)))
    profiler_command(library, server.process.pid, "stop,file=%s.collapsed,collapsed" % base)


# The C library's system call wrappers: itimer samples carry no kernel frames, so a sample inside a
# system call ends in one of these.
SYSTEM_CALL = re.compile(r"^(?:__GI_+)?(?:__libc_|__)?(?:send|sendmsg|sendto|recv|recvmsg|recvfrom|read|write|readv|"
                         r"writev|epoll_wait|epoll_pwait|epoll_ctl|io_uring_enter|syscall|futex|futex_abstimed_wait_common|"
                         r"accept|accept4|close|shutdown|sched_yield)(?:@.*)?$")


def layer_of(frames):
    if frames[-1].endswith("_[k]") or SYSTEM_CALL.match(frames[-1]):
        return "system calls (the kernel's work)"
    for frame in reversed(frames):
        for prefix, layer in LAYERS:
            if frame.startswith(prefix):
                return layer
    return "JVM (GC, JIT, runtime)"


def top_frames(collapsed, limit=12):
    """Samples by layer and the hottest frames by self time, from collapsed stacks."""
    layers, selves, total = {}, {}, 0
    with open(collapsed) as stacks:
        for line in stacks:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = stack.split(";")
            count = int(count)
            total += count
            layer = layer_of(frames)
            layers[layer] = layers.get(layer, 0) + count
            selves[frames[-1]] = selves.get(frames[-1], 0) + count
    ranked = sorted(selves.items(), key=lambda item: -item[1])[:limit]
    return total, sorted(layers.items(), key=lambda item: -item[1]), ranked


def write_profiles(args, directory, scenario_list, started_at):
    """The profiles' Markdown: per scenario and server, where the CPU samples went."""
    lines = ["# Profiles, %s, %s" % (started_at.strftime("%Y-%m-%d"), machine_description()["short"]), "",
             "async-profiler (`tools.profiler:async-profiler`), CPU samples (itimer, 1 ms) of one extra round of "
             "%d s per scenario and server after the measured rounds; not counted in the results. Flame graphs: "
             "the `.html` files beside this one. Layer: the package of the innermost frame that belongs to one; "
             "a sample inside a system call (itimer samples end at the C library's wrapper) counts as "
             "system calls." % args.duration, ""]
    for scenario in scenario_list:
        for key in scenario.servers:
            collapsed = os.path.join(directory, "%s-%s.collapsed" % (scenario.key, key))
            if not os.path.exists(collapsed):
                continue
            total, layers, ranked = top_frames(collapsed)
            os.remove(collapsed)
            if not total:
                continue
            lines.append("## %s: %s (%d samples, [flame graph](%s-%s.html))" % (
                scenario.label, LABELS[key], total, scenario.key, key))
            lines.append("")
            lines.append("| layer | share |")
            lines.append("|---|---:|")
            lines.extend("| %s | %.1f%% |" % (layer, count * 100.0 / total) for layer, count in layers)
            lines.append("")
            lines.append("| hottest frames, self time | share |")
            lines.append("|---|---:|")
            lines.extend("| `%s` | %.1f%% |" % (frame.replace("|", "\\|"), count * 100.0 / total)
                         for frame, count in ranked)
            lines.append("")
    with open(os.path.join(directory, "README.md"), "w") as out:
        out.write("\n".join(lines))


def fmt(value, digits=0):
    if value is None:
        return "n/a"
    return ("%." + str(digits) + "f") % value


# ----------------------------------------------------------------------------------------------
# The report
# ----------------------------------------------------------------------------------------------

LABELS = {
    "kestrel": "Kestrel (demo jar, limits on)",
    "kestrel-nolimits": "Kestrel, limits off",
    "boot-netty": "Spring Boot Reactor Netty (WebFlux)",
    "tomcat": "Tomcat (Spring MVC)",
    "reactor-netty": "bare Reactor Netty",
    "jetty": "Jetty (Spring MVC)",
    "kestrel-mvc": "Kestrel (Spring MVC)",
    WEBFLUX_KESTREL: "Kestrel (WebFlux, Boot Netty's application)",
    "nginx-tcp": "Nginx -> Kestrel over TCP",
    "nginx-uds": "Nginx -> Kestrel over a Unix socket",
}


class Report:

    def __init__(self, args, servers, scenario_list, results, started_at):
        self.args = args
        self.servers = servers
        self.scenarios = scenario_list
        self.results = results
        self.started_at = started_at

    def summary(self, scenario, key):
        rounds = self.results.get(scenario, {}).get(key, [])
        if not rounds:
            return None
        p99s = [r["p99_ms"] for r in rounds if r["p99_ms"] is not None]
        cpus = [value for value in (cpu_per_request_us(r) for r in rounds) if value is not None]
        return {
            "rps": statistics.median(r["rps"] for r in rounds),
            "p99_ms": statistics.median(p99s) if p99s else None,
            "errors": sum(r["non2xx"] + r["socket_errors"] for r in rounds),
            "non2xx": sum(r["non2xx"] for r in rounds),
            "requests": sum(r["requests"] for r in rounds),
            "rounds": [r["rps"] for r in rounds],
            "cpu_us": statistics.median(cpus) if cpus else None,
            "cpu_rounds": cpus,
        }

    def overlap(self, scenario, key, baseline=BASELINE):
        """Whether the two servers' req/s over the rounds overlap (min to max): a difference inside the
        spread of the rounds is a tie."""
        mine, base = self.summary(scenario, key), self.summary(scenario, baseline)
        if mine is None or base is None:
            return False
        return min(mine["rounds"]) <= max(base["rounds"]) and min(base["rounds"]) <= max(mine["rounds"])

    def ratio(self, scenario, key, baseline=BASELINE):
        mine, base = self.summary(scenario, key), self.summary(scenario, baseline)
        if mine is None or base is None or base["rps"] == 0:
            return None
        return mine["rps"] / base["rps"]

    def cpu_ratio(self, scenario, key, baseline):
        mine, base = self.summary(scenario, key), self.summary(scenario, baseline)
        if mine is None or base is None or not mine["cpu_us"] or not base["cpu_us"]:
            return None
        return mine["cpu_us"] / base["cpu_us"]

    def write(self):
        args = self.args
        machine = machine_description()
        stamp = self.started_at.strftime("%Y-%m-%d")
        lines = []
        title = "Benchmark smoke run" if args.smoke else "Benchmark results"
        lines.append("# %s, %s, %s" % (title, stamp, machine["short"]))
        lines.append("")
        lines.append("Produced by `benchmarks/run.sh%s` on %s (UTC); commit `%s`." % (
            " --smoke" if args.smoke else "", self.started_at.strftime("%Y-%m-%d %H:%M"), git_commit()))
        lines.append("")
        lines.append("- Machine: %s" % machine["long"])
        lines.append("- Java: %s; JVM options for every server: `%s`" % (java_version(args.java), args.jvm_opts))
        lines.append("- Load: wrk %d threads, %d connections, on loopback, sharing the machine's cores with the "
                     "server; h2load %d threads, %d connections x %d streams" % (
                         args.threads, args.connections, args.threads, args.connections, args.h2_streams))
        lines.append("- Method: start-up measured %d time(s) per server, one server at a time; %d s JIT warm-up "
                     "per server; then per scenario %d unrecorded round(s) and %d interleaved round(s) of %d s "
                     "(every server once per round, in turn). req/s and p99 are medians over the rounds; errors "
                     "are non-2xx/3xx responses plus socket errors summed over the rounds. CPU is the server "
                     "process's user and system time over a round (/proc/<pid>/stat) divided by the requests the "
                     "load generator counted, median over the rounds (behind Nginx: Kestrel's CPU, not Nginx's). "
                     "Ratios divide medians from this same run; the servlet servers (the same Spring MVC "
                     "application, built once per server) are also divided by Tomcat." % (
                         args.startups, args.warmup, args.settle_rounds, args.rounds, args.duration))
        if args.smoke:
            lines.append("- **Smoke run**: a few seconds per step, to prove the harness works. Its numbers are "
                         "not measurements; nothing is judged.")
        lines.append("")
        lines.append("## Throughput and latency")
        lines.append("")
        lines.append("| scenario | server | req/s (median) | req/s min-max | p99 ms | errors | CPU us/req (min-max) "
                     "| x Boot Netty (req/s, CPU) | x Tomcat (req/s, CPU) |")
        lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for scenario in self.scenarios:
            for key in scenario.servers:
                summary = self.summary(scenario.key, key)
                if summary is None:
                    continue
                ratio = self.ratio(scenario.key, key)
                if scenario.key == "nginx":
                    ratio = self.ratio("nginx", key, "nginx-tcp")
                versus_tomcat = ""
                if key in SERVLET_SERVERS and self.summary(scenario.key, "tomcat"):
                    versus_tomcat = "%s, %s" % (fmt(self.ratio(scenario.key, key, "tomcat"), 2),
                                                fmt(self.cpu_ratio(scenario.key, key, "tomcat"), 2))
                versus_boot = fmt(ratio, 2) + ("x TCP" if scenario.key == "nginx" and ratio else "")
                if scenario.key != "nginx" and key != BASELINE:
                    versus_boot += ", " + fmt(self.cpu_ratio(scenario.key, key, BASELINE), 2)
                lines.append("| %s | %s | %s | %s | %s | %d | %s | %s | %s |" % (
                    scenario.label, LABELS[key], "{:,.0f}".format(summary["rps"]), spread(summary["rounds"], 0),
                    fmt(summary["p99_ms"], 2), summary["errors"],
                    fmt(summary["cpu_us"], 1) + (" (%s)" % spread(summary["cpu_rounds"], 1)
                                                 if summary["cpu_rounds"] else ""),
                    versus_boot, versus_tomcat))
        lines.append("")
        lines.append("Rounds (req/s each): " + "; ".join(
            "%s/%s %s" % (scenario.key, key, "/".join("%.0f" % value for value in self.summary(scenario.key, key)
                                                       ["rounds"]))
            for scenario in self.scenarios for key in scenario.servers if self.summary(scenario.key, key)))
        lines.append("")
        lines.append("## Start-up and memory")
        lines.append("")
        lines.append("| server | start-up to first response, ms (median) | RSS after start, MB | peak RSS (VmHWM), MB "
                     "| start-up x Boot Netty | peak RSS x Boot Netty |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        base = next(server for server in self.servers if server.key == BASELINE)
        for server in self.servers:
            startup = statistics.median(server.startups_ms) if server.startups_ms else None
            rss = [value for value in server.rss_after_start_kb if value]
            rss_mb = statistics.median(rss) / 1024 if rss else None
            peak = server.peak_rss_kb / 1024 if server.peak_rss_kb else None
            base_startup = statistics.median(base.startups_ms) if base.startups_ms else None
            base_peak = base.peak_rss_kb / 1024 if base.peak_rss_kb else None
            lines.append("| %s | %s | %s | %s | %s | %s |" % (
                LABELS[server.key], fmt(startup), fmt(rss_mb), fmt(peak),
                fmt(startup / base_startup if startup and base_startup else None, 2),
                fmt(peak / base_peak if peak and base_peak else None, 2)))
        lines.append("")
        failures = self.check()
        if not args.smoke:
            lines.append("## Targets (issue #11): the same WebFlux application, limits, Nginx, start-up")
            lines.append("")
            lines.extend(self.targets())
            lines.append("")
            servlet = self.servlet_targets()
            if servlet:
                lines.append("## Targets on the servlet stack (issue #12): the same Spring MVC application")
                lines.append("")
                lines.extend(servlet)
                lines.append("")
        lines.append("![median req/s per scenario and server](%s)" % os.path.basename(self.chart_path()))
        lines.append("")
        markdown = "\n".join(lines)
        os.makedirs(args.out, exist_ok=True)
        path = self.report_path()
        with open(path, "w") as out:
            out.write(markdown)
        if not args.smoke:
            with open(os.path.join(args.out, "latest.md"), "w") as out:
                out.write(markdown)
        with open(os.path.join(args.out, os.path.basename(path)[:-3] + ".json"), "w") as out:
            json.dump({"machine": machine, "args": vars(args), "results": self.results,
                       "servers": {s.key: {"startups_ms": s.startups_ms, "rss_after_start_kb": s.rss_after_start_kb,
                                           "peak_rss_kb": s.peak_rss_kb} for s in self.servers}}, out, indent=1)
        self.chart()
        log("Wrote %s and %s" % (path, self.chart_path()))
        return markdown, failures

    def report_path(self):
        name = "%s-%s" % (self.started_at.strftime("%Y-%m-%d"), machine_description()["slug"])
        if self.args.smoke:
            name += "-smoke"
        return os.path.join(self.args.out, name + ".md")

    def chart_path(self):
        return self.report_path()[:-3] + ".png"

    def targets(self):
        """Issue #11's targets: the same WebFlux application on Kestrel against Boot's Reactor Netty."""
        out = []

        def verdict(ok, tie):
            return ("met" if ok else "**not met**") + (" (the rounds overlap: a tie at this spread)" if tie else "")

        for scenario, goal, cpu_goal in (("plaintext", 1.10, 0.90), ("json", 1.10, 0.90), ("echo-4k", 1.0, None),
                                         ("h2c", 1.0, None), ("idle-1000", 1.0, None)):
            ratio = self.ratio(scenario, WEBFLUX_KESTREL)
            if ratio is None:
                continue
            cpu = self.cpu_ratio(scenario, WEBFLUX_KESTREL, BASELINE)
            line = "- `%s`: Kestrel >= %.2fx Boot Netty in req/s: %.2fx, %s" % (
                scenario, goal, ratio, verdict(ratio >= goal, self.overlap(scenario, WEBFLUX_KESTREL)))
            if cpu_goal is not None:
                line += "; CPU per request <= %.2fx: %sx, %s" % (cpu_goal, fmt(cpu, 2),
                                                               verdict(cpu is not None and cpu <= cpu_goal, False))
            else:
                line += "; CPU per request %sx" % fmt(cpu, 2)
            demo = self.ratio(scenario, "kestrel")
            out.append(line + ("; the demo jar %.2fx." % demo if demo is not None else "."))
        for scenario in ("plaintext", "json", "echo-4k", "h2c", "idle-1000"):
            ratio = self.ratio(scenario, "kestrel", "kestrel-nolimits")
            if ratio is not None:
                cost = (1 - ratio) * 100
                cpu = self.cpu_ratio(scenario, "kestrel", "kestrel-nolimits")
                out.append("- Limits on cost <= 3%% vs off, `%s` (the demo jar): %.1f%% in req/s, %s; CPU per request "
                           "%s%%." % (scenario, cost, verdict(cost <= 3, self.overlap(scenario, "kestrel",
                                                                                       "kestrel-nolimits")),
                                      fmt((cpu - 1) * 100 if cpu else None, 1)))
        ratio = self.ratio("nginx", "nginx-uds", "nginx-tcp")
        if ratio is not None:
            out.append("- Behind Nginx, Unix socket >= 1.1x TCP: %.2fx, %s." % (
                ratio, verdict(ratio >= 1.1, self.overlap("nginx", "nginx-uds", "nginx-tcp"))))
        base = next(s for s in self.servers if s.key == BASELINE)
        for key in (WEBFLUX_KESTREL, "kestrel"):
            server = next((s for s in self.servers if s.key == key), None)
            if server is None:
                continue
            if server.startups_ms and base.startups_ms:
                ratio = statistics.median(server.startups_ms) / statistics.median(base.startups_ms)
                out.append("- Start-up within 10%% of Boot Netty, %s: %.2fx, %s." % (
                    LABELS[key], ratio, verdict(ratio <= 1.10, False)))
            if server.peak_rss_kb and base.peak_rss_kb:
                ratio = server.peak_rss_kb / base.peak_rss_kb
                out.append("- Peak RSS within 10%% of Boot Netty, %s: %.2fx, %s." % (
                    LABELS[key], ratio, verdict(ratio <= 1.10, False)))
        return out

    def servlet_targets(self):
        out = []

        def verdict(ok):
            return "met" if ok else "**not met**"

        for scenario, goal in (("plaintext", 1.10), ("json", 1.10), ("echo-4k", 1.0), ("h2c", 2.0)):
            ratio = self.ratio(scenario, "kestrel-mvc", "tomcat")
            if ratio is None:
                continue
            cpu = self.cpu_ratio(scenario, "kestrel-mvc", "tomcat")
            jetty = self.ratio(scenario, "jetty", "tomcat")
            out.append("- Kestrel >= %.2fx Tomcat on `%s`: %.2fx, %s (CPU per request %sx Tomcat's%s)." % (
                goal, scenario, ratio, verdict(ratio >= goal), fmt(cpu, 2),
                "" if jetty is None else "; Jetty %.2fx" % jetty))
        kestrel = next((s for s in self.servers if s.key == "kestrel-mvc"), None)
        tomcat = next((s for s in self.servers if s.key == "tomcat"), None)
        if kestrel is not None and tomcat is not None and kestrel.peak_rss_kb and tomcat.peak_rss_kb:
            ratio = kestrel.peak_rss_kb / tomcat.peak_rss_kb
            out.append("- Peak RSS no more than Tomcat's: %.2fx, %s." % (ratio, verdict(ratio <= 1.0)))
        return out

    def check(self):
        """What makes even a smoke run fail: a server that served nothing or answered errors."""
        failures = []
        for scenario in self.scenarios:
            for key in scenario.servers:
                summary = self.summary(scenario.key, key)
                if summary is None or summary["requests"] == 0:
                    failures.append("%s/%s served no request" % (scenario.key, key))
                elif summary["non2xx"] > 0:
                    failures.append("%s/%s answered %d non-2xx responses" % (scenario.key, key, summary["non2xx"]))
        return failures

    def chart(self):
        if not shutil.which("gnuplot"):
            log("gnuplot not found: no chart")
            return
        keys = ["kestrel", "kestrel-nolimits", "boot-netty", WEBFLUX_KESTREL, "tomcat", "jetty", "kestrel-mvc",
                "reactor-netty", "nginx-tcp", "nginx-uds"]
        present = [key for key in keys if any(self.summary(s.key, key) for s in self.scenarios)]
        data = self.chart_path()[:-4] + ".dat"
        with open(data, "w") as out:
            out.write("scenario " + " ".join('"%s"' % LABELS[key] for key in present) + "\n")
            for scenario in self.scenarios:
                values = []
                for key in present:
                    summary = self.summary(scenario.key, key)
                    values.append("%.1f" % (summary["rps"] / 1000) if summary else "?")
                out.write('"%s" %s\n' % (scenario.key, " ".join(values)))
        title = "serverimpl benchmarks, %s, %s%s: median req/s (thousands), higher is better" % (
            self.started_at.strftime("%Y-%m-%d"), machine_description()["short"], " (SMOKE)" if self.args.smoke else "")
        script = """
set terminal pngcairo size 1400,700 font "sans,11"
set output "%(png)s"
set title "%(title)s"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set datafile missing "?"
set key outside right top vertical
set ylabel "thousand requests per second"
set yrange [0:*]
set grid ytics
set xtics nomirror
set auto x
plot for [col=2:%(last)d] "%(data)s" using col:xtic(1) title columnheader(col)
""" % {"png": self.chart_path(), "title": title, "data": data, "last": len(present) + 1}
        subprocess.run(["gnuplot"], input=script, text=True, check=False)
        os.remove(data)


def machine_description():
    model = "unknown CPU"
    try:
        output = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        match = re.search(r"Model name:\s+(.+)", output)
        if match:
            model = match.group(1).strip()
    except OSError:
        pass
    cores = os.cpu_count()
    memory = 0
    try:
        with open("/proc/meminfo") as meminfo:
            memory = int(meminfo.readline().split()[1]) // (1024 * 1024)
    except OSError:
        pass
    slug = os.environ.get("BENCH_MACHINE") or re.sub(r"[^a-z0-9]+", "-", ("%s %dcpu" % (model, cores)).lower()).strip("-")
    return {
        "short": "%s, %d cores" % (model, cores),
        "long": "%s, %d cores (lscpu), %d GiB, %s %s" % (model, cores, memory, platform.system(), platform.release()),
        "slug": slug,
    }


def java_version(java):
    try:
        output = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
        return output.splitlines()[1].strip() if len(output.splitlines()) > 1 else output.strip()
    except OSError:
        return "unknown"


def git_commit():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
    except OSError:
        return "unknown"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a few seconds per step; proves the harness, judges nothing")
    parser.add_argument("--warmup", type=int, help="JIT warm-up per server, seconds (default 90)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds per scenario (default 5)")
    parser.add_argument("--duration", type=int, help="seconds per server per round (default 15)")
    parser.add_argument("--settle-rounds", type=int,
                        help="unrecorded interleaved rounds at the start of each scenario (default 1)")
    parser.add_argument("--startups", type=int, help="start-up measurements per server (default 3)")
    parser.add_argument("--scenarios", nargs="*", help="only these: plaintext json echo-4k h2c idle-1000 nginx")
    parser.add_argument("--servers", nargs="*",
                        help="only these (boot-netty always runs): kestrel kestrel-nolimits tomcat reactor-netty")
    parser.add_argument("--profiler", default=os.environ.get("BENCH_PROFILER"),
                        help="async-profiler's libasyncProfiler.so: profile %s in one extra round per scenario"
                             % ", ".join(PROFILED))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--h2-streams", type=int, default=10)
    parser.add_argument("--idle-connections", type=int, default=1000)
    parser.add_argument("--port-base", type=int, default=int(os.environ.get("BENCH_PORT_BASE", "18080")))
    parser.add_argument("--out", default=None, help="where to write the report (default benchmarks/results)")
    parser.add_argument("--java", default=os.environ.get("BENCH_JAVA", "java"))
    parser.add_argument("--jvm-opts", default=os.environ.get("BENCH_JVM_OPTS", "-Xmx1g"))
    parser.add_argument("--lock", default=os.environ.get("BENCH_LOCK", "/tmp/mvn.lock"),
                        help="file locked around every measurement step ('' for none)")
    args = parser.parse_args()
    defaults = {"warmup": 90, "rounds": 5, "duration": 15, "startups": 3, "settle_rounds": 1}
    if args.smoke:
        defaults = {"warmup": 3, "rounds": 1, "duration": 2, "startups": 1, "settle_rounds": 0}
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.out is None:
        args.out = os.path.join(HERE, "target", "smoke") if args.smoke else os.path.join(HERE, "results")
    return args


if __name__ == "__main__":
    sys.exit(main())
