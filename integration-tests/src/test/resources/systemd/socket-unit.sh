#!/usr/bin/env bash
# Stands in for systemd in the restart-under-load test, as a .socket unit and its .service do.
# systemd-socket-activate made the listening socket and passed it here as descriptor 3; this
# script keeps it open for as long as it runs, and runs the service ("$@") on it with LISTEN_FDS=1
# and LISTEN_PID set to the service's own process id. Each "restart" line on standard input
# restarts the service as `systemctl restart` does: SIGTERM, wait until it has exited, start it
# again. While no process accepts, the kernel queues new connections on the socket.
set -u
service=
start() {
  LISTEN_FDS=1 LISTEN_FDNAMES=web sh -c 'export LISTEN_PID=$$; exec "$@"' sh "$@" &
  service=$!
}
stop() {
  kill -TERM "$service" 2>/dev/null
  wait "$service"
}
trap 'stop; exit 0' TERM
start "$@"
while read -r command; do
  if [ "$command" = restart ]; then
    stop
    start "$@"
  fi
done
stop
