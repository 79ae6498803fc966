#!/usr/bin/env bash
# Redraws docs/summary.png, the job summary chart the README shows: the first Mermaid chart of a job summary file
# (default: the one `npm run demo` writes for its failing step), drawn by mermaid 11 in headless Chromium on white
# at twice the size, its axis in UTC.
#   npm run demo && bash scripts/summary-image.sh [summary.md] [out.png]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
summary=${1:-${DEMO_SUMMARY:-${TMPDIR:-/tmp}/singleton-guard-demo-summary.md}}
out=${2:-docs/summary.png}
if [ ! -s "$summary" ]; then
  echo "summary-image: $summary is missing or empty: run npm run demo first, or name a job summary file" >&2
  exit 1
fi
# shellcheck source=../test/charts/setup.sh
. test/charts/setup.sh

work=$(mktemp -d -t sdg-summary-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
awk '/^```mermaid$/ { n++; next } /^```$/ && n == 1 { exit } n == 1' "$summary" >"$work/chart.mmd"
if ! grep -q '^gantt$' "$work/chart.mmd"; then
  echo "summary-image: no Mermaid gantt chart in $summary" >&2
  exit 1
fi
write_puppeteer_config "$work/puppeteer.json"
TZ=UTC "$node24" test/charts/node_modules/@mermaid-js/mermaid-cli/src/cli.js -q -p "$work/puppeteer.json" \
  -i "$work/chart.mmd" -o "$out" -b white -s 2 -w 1000
echo "wrote $out ($(($(wc -c <"$out") / 1024)) KB) from $summary"
