#!/usr/bin/env bash
# Makes sure a Docker engine runs and the base image of the proxy images exists.
# On Debian as root it installs docker.io and debootstrap when missing and starts the engine
# without a bridge (containers use host networking; traffic stays on loopback).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"

if ! docker info >/dev/null 2>&1; then
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "No Docker engine is running; start one (the integration tests need it)." >&2
      exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq docker.io debootstrap >/dev/null
  fi
  if ! docker info >/dev/null 2>&1; then
    nohup dockerd --bridge=none --iptables=false --ip6tables=false >/tmp/serverimpl-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
    docker info >/dev/null 2>&1 || { cat /tmp/serverimpl-dockerd.log >&2; exit 1; }
  fi
fi

if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  if command -v debootstrap >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    bash "$HERE/seed-debian-image.sh" debian:bookworm-slim
  else
    docker pull debian:bookworm-slim
  fi
fi
echo "Docker $(docker version --format '{{.Server.Version}}') is ready"
