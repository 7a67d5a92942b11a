#!/usr/bin/env bash
# Makes the local image debian:bookworm-slim from Debian's own mirror, for machines that reach
# Debian's package mirror but no container registry. Does nothing when the image already exists.
set -euo pipefail
IMAGE="${1:-debian:bookworm-slim}"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE is present"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }
ROOT="$(mktemp -d)"
trap 'rm -rf "$ROOT"' EXIT
debootstrap --variant=minbase bookworm "$ROOT" >/dev/null
tar -C "$ROOT" -c . | docker import - "$IMAGE" >/dev/null
echo "made $IMAGE with debootstrap"
