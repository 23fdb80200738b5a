#!/usr/bin/env bash
# Takes a headless Chromium screenshot of a page: scripts/screenshot.sh URL OUT.png [light|dark]
set -euo pipefail
url=$1 out=$2 scheme=${3:-light}
profile=$(mktemp -d "${TMPDIR:-/tmp}/wif-shot.XXXXXX")
trap 'rm -rf "$profile"' EXIT
chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic \
  --no-first-run --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size=1280,860 --virtual-time-budget=4000 \
  --blink-settings=preferredColorScheme=$([ "$scheme" = dark ] && echo 0 || echo 1) \
  --screenshot="$out" "$url" 2>/dev/null
