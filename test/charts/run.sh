#!/usr/bin/env bash
# `npm run test:charts`: draws every Mermaid chart the tests made in headless Chromium (mermaid-cli 11 and 10) and
# fails on a parse error, an `Error:` on stderr, a missing drawing, fewer charts than expected, or a drawing that
# is not a wall-clock, one-lane-per-pod chart (test/charts/check.ts).
#
# Charts come from SDG_CHART_DIR (test/charts/keep.ts writes there when the unit and e2e tests run with it set):
#   SDG_CHART_DIR=$PWD/.tmp/charts npm test; SDG_CHART_DIR=$PWD/.tmp/charts npm run test:e2e
#   SDG_CHART_DIR=$PWD/.tmp/charts npm run test:charts -- --e2e
# Without SDG_CHART_DIR, or with no unit charts in it, it runs the report's unit tests itself to collect theirs.
# --e2e: the e2e charts must be there too (.ci/run). Installs mermaid-cli (test/charts/package-lock.json, no browser
# download) on first use; the browser is the system's Chromium (SDG_CHROMIUM, else chromium on PATH).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# At least this many charts, so a check that silently collects nothing fails (the unit tests make 14 today, the e2e tests about 70).
min_unit=12
min_e2e=40

want_e2e=0
for arg in "$@"; do
  case "$arg" in
  --e2e) want_e2e=1 ;;
  *)
    echo "test:charts: unknown argument $arg (use --e2e)" >&2
    exit 2
    ;;
  esac
done

# shellcheck source=setup.sh
. "$here/setup.sh"

dir=${SDG_CHART_DIR:-}
if [ -z "$dir" ]; then
  dir=$(mktemp -d -t sdg-charts.XXXXXX)
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
if ! compgen -G "$dir/unit/*.md" >/dev/null; then
  echo "test:charts: collecting the report unit tests' charts into $dir/unit…" >&2
  (cd "$root" && SDG_CHART_DIR="$dir" "$node24" --test --test-reporter=dot __tests__/report/*.test.ts >&2)
fi
mins=(--min "unit=$min_unit")
if [ "$want_e2e" = 1 ]; then
  mins+=(--min "e2e=$min_e2e")
elif ! compgen -G "$dir/e2e/*.md" >/dev/null; then
  echo "test:charts: no e2e charts in $dir/e2e (run the e2e tests with SDG_CHART_DIR=$dir first): unit charts only" >&2
fi

config="$dir/puppeteer.json"
write_puppeteer_config "$config"
# A half-hour time zone: an axis of offsets from 0 would read 05:30:00 here, not the chart's own times.
cd "$root"
TZ=${SDG_CHART_TZ:-Asia/Kolkata} "$node24" "$here/check.ts" "$dir" "$config" "${mins[@]}"
