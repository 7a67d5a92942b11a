#!/usr/bin/env python3
"""A soak run of the packaged demo jar: mixed load for a long time, sampling the server's resources.

Clients, all at once for the whole run:
  keepalive   wrk, keep-alive connections on GET /json
  fresh       a new connection per request (Connection: close) on GET /plaintext
  upload      POST /echo with bodies of 1 KB to 1 MB, the echo checked byte for byte
  sse         GET /sse read to its end, 10 events each
  websocket   a WebSocket handshake on /ws/echo, a masked text frame, its echo
  slow        a request line sent a byte at a time, slower than the request-headers timeout: 408
  malformed   requests Kestrel rejects (400, 505), each answered and closed

Every 10 s: the server's RSS, heap after a full GC (jcmd), open file descriptors and threads.
After the warm-up, nothing may grow: the last samples are compared with the first ones after it.
Writes benchmarks/results/soak-<date>.md and .json.
"""

import argparse
import datetime
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "demo-app" / "target" / "demo-app.jar"

MALFORMED = [
    (b"GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    (b"GET / http/1.1\r\nHost: x\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n", 400),
    (b"GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505),
    (b"GET / HTTP/1.1\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
]


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = {}
        self.errors = {}
        self.first_error = {}

    def success(self, kind):
        with self.lock:
            self.ok[kind] = self.ok.get(kind, 0) + 1

    def error(self, kind, description):
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            self.first_error.setdefault(kind, description)


def read_response(sock, limit=1 << 22):
    """Read one HTTP/1.1 response whole (Content-Length or chunked): (status, headers, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise IOError("closed before the header section ended: %r" % data[:80])
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        length = int(headers["content-length"])
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise IOError("closed in the body")
            rest += chunk
        return status, headers, rest[:length]
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in rest:
                chunk = sock.recv(65536)
                if not chunk:
                    raise IOError("closed in a chunk size")
                rest += chunk
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            while len(rest) < size + 2:
                chunk = sock.recv(65536)
                if not chunk:
                    raise IOError("closed in a chunk")
                rest += chunk
            body += rest[:size]
            rest = rest[size + 2:]
            if size == 0:
                return status, headers, body
            if len(body) > limit:
                raise IOError("body too long")
    return status, headers, rest


def connect(port, timeout=30):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def client_fresh(port, counters, stop):
    while not stop.is_set():
        try:
            with connect(port) as sock:
                sock.sendall(b"GET /plaintext HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                status, _, body = read_response(sock)
                if status == 200 and body == b"Hello, World!":
                    counters.success("fresh")
                else:
                    counters.error("fresh", "status %d body %r" % (status, body[:40]))
        except Exception as ex:  # noqa: BLE001 - every failure is counted
            counters.error("fresh", repr(ex))


def client_upload(port, counters, stop):
    rng = random.Random(7)
    while not stop.is_set():
        size = rng.choice([1024, 16384, 65536, 262144, 1048576])
        body = rng.randbytes(size)
        try:
            with connect(port) as sock:
                sock.sendall(b"POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n" % size + body)
                status, _, echoed = read_response(sock)
                if status == 200 and echoed == body:
                    counters.success("upload")
                else:
                    counters.error("upload", "status %d, %d of %d bytes" % (status, len(echoed), size))
        except Exception as ex:  # noqa: BLE001
            counters.error("upload", repr(ex))


def client_sse(port, counters, stop):
    while not stop.is_set():
        try:
            with connect(port) as sock:
                sock.sendall(b"GET /sse HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n")
                status, _, body = read_response(sock)
                ticks = re.findall(rb"data:tick (\d+)", body)
                if status == 200 and len(ticks) == 10:
                    counters.success("sse")
                else:
                    counters.error("sse", "status %d, %d events" % (status, len(ticks)))
        except Exception as ex:  # noqa: BLE001
            counters.error("sse", repr(ex))


def client_websocket(port, counters, stop):
    rng = random.Random(11)
    while not stop.is_set():
        text = ("soak %d" % rng.randrange(1 << 30)).encode()
        mask = rng.randbytes(4)
        frame = bytes([0x81, 0x80 | len(text)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(text))
        try:
            with connect(port) as sock:
                sock.sendall(b"GET /ws/echo HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                             b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n" + frame)
                data = b""
                expected = bytes([0x81, len(text)]) + text
                while not data.endswith(expected):
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                if data.startswith(b"HTTP/1.1 101") and data.endswith(expected):
                    counters.success("websocket")
                    sock.sendall(bytes([0x88, 0x80]) + mask)  # close frame, masked, empty
                else:
                    counters.error("websocket", "got %r" % data[-60:])
        except Exception as ex:  # noqa: BLE001
            counters.error("websocket", repr(ex))


def client_slow(port, counters, stop, timeout):
    """A request line trickling in slower than the request-headers timeout: Kestrel answers 408."""
    while not stop.is_set():
        try:
            with connect(port, timeout=timeout + 30) as sock:
                started = time.monotonic()
                answered = b""
                for byte in b"GET /plaintext HTTP/1.1\r\nHost: localhost\r\n":
                    if stop.is_set():
                        break
                    sock.sendall(bytes([byte]))
                    sock.settimeout(1.0)
                    try:
                        answered = sock.recv(4096)
                    except socket.timeout:
                        continue
                    finally:
                        sock.settimeout(timeout + 30)
                    break
                if stop.is_set():
                    break
                if answered.startswith(b"HTTP/1.1 408") and time.monotonic() - started >= timeout - 1:
                    counters.success("slow")
                else:
                    counters.error("slow", "answered %r" % answered[:40])
        except (BrokenPipeError, ConnectionResetError):
            counters.success("slow")  # closed after the 408, while the next byte was on its way
        except Exception as ex:  # noqa: BLE001
            counters.error("slow", repr(ex))


def client_malformed(port, counters, stop):
    rng = random.Random(13)
    while not stop.is_set():
        request, expected = rng.choice(MALFORMED)
        try:
            with connect(port) as sock:
                sock.sendall(request)
                status, headers, _ = read_response(sock)
                closed = sock.recv(1) == b""
                if status == expected and headers.get("connection", "").lower() == "close" and closed:
                    counters.success("malformed")
                else:
                    counters.error("malformed", "expected %d, got %d (closed: %s)" % (expected, status, closed))
        except (BrokenPipeError, ConnectionResetError) as ex:
            counters.error("malformed", repr(ex))
        except Exception as ex:  # noqa: BLE001
            counters.error("malformed", repr(ex))
        time.sleep(0.05)


def sample(pid):
    status = Path("/proc/%d/status" % pid).read_text()
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
    fds = len(os.listdir("/proc/%d/fd" % pid))
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
    heap = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    used = re.search(r"used (\d+)K", heap)
    return {"rss_mb": rss_kb / 1024, "heap_after_gc_mb": int(used.group(1)) / 1024 if used else None,
            "fds": fds, "threads": threads}


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--warmup-minutes", type=float, default=5)
    parser.add_argument("--port", type=int, default=18480)
    parser.add_argument("--headers-timeout", type=int, default=5,
                        help="server.kestrel.limits.request-headers-timeout for the run, in seconds")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()

    log_path = ROOT / "benchmarks" / "target" / "soak-demo.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    demo = subprocess.Popen(
        ["java", "-Xmx512m", "-jar", str(JAR), "--server.kestrel.endpoints.http.url=http://127.0.0.1:%d" % args.port,
         "--server.kestrel.limits.request-headers-timeout=%ds" % args.headers_timeout],
        stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while "Started DemoApplication" not in log_path.read_text():
            if demo.poll() is not None or time.monotonic() > deadline:
                sys.exit("The demo did not start; see " + str(log_path))
            time.sleep(0.2)
        counters = Counters()
        stop = threading.Event()
        seconds = int(args.minutes * 60)
        wrk = subprocess.Popen(["wrk", "-t1", "-c8", "-d%ds" % seconds, "--latency",
                                "http://127.0.0.1:%d/json" % args.port], stdout=subprocess.PIPE, text=True)
        clients = [(client_fresh, ()), (client_upload, ()), (client_sse, ()), (client_websocket, ()),
                   (client_slow, (args.headers_timeout,)), (client_malformed, ())]
        threads = [threading.Thread(target=f, args=(args.port, counters, stop) + extra, daemon=True)
                   for f, extra in clients]
        for thread in threads:
            thread.start()
        samples = []
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            time.sleep(10)
            entry = sample(demo.pid)
            entry["minute"] = round((time.monotonic() - started) / 60, 2)
            samples.append(entry)
            print("%(minute)6.2f min  rss %(rss_mb)7.1f MB  heap %(heap_after_gc_mb)7.1f MB  fds %(fds)4d  "
                  "threads %(threads)3d" % entry, flush=True)
        stop.set()
        wrk_out, _ = wrk.communicate(timeout=120)
        for thread in threads:
            thread.join(timeout=args.headers_timeout + 60)
    finally:
        demo.terminate()
        demo.wait(timeout=60)
    leaks = log_path.read_text().count("LEAK: ")
    wrk_requests = int(re.search(r"(\d+) requests in", wrk_out).group(1))
    wrk_errors = re.search(r"Socket errors: .*|Non-2xx or 3xx responses: \d+", wrk_out)
    after = [s for s in samples if s["minute"] >= args.warmup_minutes]
    first, last = after[:5], after[-5:]
    growth = {}
    for key in ("rss_mb", "heap_after_gc_mb", "fds", "threads"):
        growth[key] = (median([s[key] for s in first]), median([s[key] for s in last]))
    verdict = {
        "rss_mb": growth["rss_mb"][1] <= growth["rss_mb"][0] * 1.10,
        "heap_after_gc_mb": growth["heap_after_gc_mb"][1] <= growth["heap_after_gc_mb"][0] * 1.10 + 2,
        "fds": growth["fds"][1] <= growth["fds"][0] + 10,
        "threads": growth["threads"][1] <= growth["threads"][0] + 5,
        "errors": not counters.errors and wrk_errors is None,
        "leaks": leaks == 0,
    }
    passed = all(verdict.values())
    today = datetime.date.today().isoformat()
    args.out.mkdir(parents=True, exist_ok=True)
    result = {"date": today, "minutes": args.minutes, "warmup_minutes": args.warmup_minutes,
              "ok": counters.ok, "errors": counters.errors, "first_error": counters.first_error,
              "wrk_requests": wrk_requests, "wrk_errors": wrk_errors.group(0) if wrk_errors else None,
              "leak_reports": leaks, "samples": samples, "growth": growth, "verdict": verdict, "passed": passed}
    (args.out / ("soak-%s.json" % today)).write_text(json.dumps(result, indent=2))
    lines = ["# Soak run, %s: %s" % (today, "passed" if passed else "FAILED"), "",
             "The packaged demo jar (WebFlux, Kestrel) for %g minutes under mixed load, warm-up %g minutes; "
             "`benchmarks/soak.sh` on a 2-core machine, load generators on the same cores." % (args.minutes, args.warmup_minutes),
             "", "| client | succeeded | unexpected errors |", "|---|---|---|",
             "| keepalive (wrk, 8 connections, GET /json) | %d | %s |" % (wrk_requests, wrk_errors.group(0) if wrk_errors else 0)]
    for kind in ("fresh", "upload", "sse", "websocket", "slow", "malformed"):
        lines.append("| %s | %d | %d%s |" % (kind, counters.ok.get(kind, 0), counters.errors.get(kind, 0),
                                             (" (first: %s)" % counters.first_error[kind]) if kind in counters.first_error else ""))
    lines += ["", "| after warm-up | first 5 samples (median) | last 5 samples (median) | holds |", "|---|---|---|---|"]
    for key, label in (("rss_mb", "RSS, MB"), ("heap_after_gc_mb", "heap after full GC, MB"), ("fds", "file descriptors"),
                       ("threads", "threads")):
        lines.append("| %s | %.1f | %.1f | %s |" % (label, growth[key][0], growth[key][1], "yes" if verdict[key] else "NO"))
    lines += ["", "Netty leak reports in the server's log (its detector at the default level, sampling): %d." % leaks,
              "Rules: RSS and heap after GC within 10 % of the first samples after warm-up (heap + 2 MB), "
              "file descriptors within 10, threads within 5; no unexpected error; no leak report.", ""]
    (args.out / ("soak-%s.md" % today)).write_text("\n".join(lines))
    print("\n".join(lines))
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
