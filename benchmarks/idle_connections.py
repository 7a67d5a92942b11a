#!/usr/bin/env python3
"""Hold many idle HTTP/1.1 keep-alive connections open against a server.

Opens COUNT connections, sends one GET on each, reads its response, prints "ready <n>" once every
connection has had its answer, then idles until SIGTERM/SIGINT (or --hold seconds). On exit it
prints one JSON line: how many connections answered and how many were still open at the end.
Only loopback targets are meant: the benchmark harness runs it against its own servers.
"""
import argparse
import json
import selectors
import signal
import socket
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/plaintext")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--hold", type=float, default=600.0, help="longest idle time, seconds")
    parser.add_argument("--connect-timeout", type=float, default=30.0)
    args = parser.parse_args()

    stop = {"now": False}

    def on_signal(signum, frame):
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    request = ("GET %s HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (args.path, args.host, args.port)).encode()
    selector = selectors.DefaultSelector()
    pending = {}
    sockets = []
    failed = 0
    for _ in range(args.count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            sock.connect_ex((args.host, args.port))
        except OSError:
            failed += 1
            sock.close()
            continue
        sockets.append(sock)
        pending[sock] = b""
        selector.register(sock, selectors.EVENT_WRITE)

    answered = 0
    deadline = time.monotonic() + args.connect_timeout
    while pending and time.monotonic() < deadline and not stop["now"]:
        for key, events in selector.select(timeout=0.5):
            sock = key.fileobj
            if events & selectors.EVENT_WRITE:
                try:
                    sock.sendall(request)
                except OSError:
                    selector.unregister(sock)
                    del pending[sock]
                    failed += 1
                    continue
                selector.modify(sock, selectors.EVENT_READ)
            elif events & selectors.EVENT_READ:
                try:
                    data = sock.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    selector.unregister(sock)
                    del pending[sock]
                    failed += 1
                    continue
                pending[sock] += data
                if complete(pending[sock]):
                    selector.unregister(sock)
                    del pending[sock]
                    answered += 1
    print("ready %d" % answered, flush=True)

    end = time.monotonic() + args.hold
    while not stop["now"] and time.monotonic() < end:
        time.sleep(0.2)

    still_open = 0
    for sock in sockets:
        try:
            data = sock.recv(1, socket.MSG_PEEK)
            if data:
                still_open += 1
        except BlockingIOError:
            still_open += 1
        except OSError:
            pass
        sock.close()
    print(json.dumps({"requested": args.count, "answered": answered, "failed": failed, "open_at_end": still_open}),
          flush=True)


def complete(data):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    # Chunked or unknown length: the last chunk ends the body.
    return body.endswith(b"0\r\n\r\n")


if __name__ == "__main__":
    sys.exit(main())
