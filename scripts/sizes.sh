#!/usr/bin/env bash
# Prints the size of the built app in dist/, raw and gzip -9, per kind of file.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.html ] || { echo "sizes: dist/ is not built; run make dist" >&2; exit 1; }

printf '%-6s %10s %10s\n' kind raw gzip
total_raw=0 total_gzip=0
for kind in wasm js css html; do
  raw=0 gz=0
  for file in dist/*."$kind"; do
    [ -e "$file" ] || continue
    raw=$((raw + $(wc -c <"$file")))
    gz=$((gz + $(gzip -9c "$file" | wc -c)))
  done
  printf '%-6s %10d %10d\n' "$kind" "$raw" "$gz"
  total_raw=$((total_raw + raw)) total_gzip=$((total_gzip + gz))
done
printf '%-6s %10d %10d\n' total "$total_raw" "$total_gzip"
