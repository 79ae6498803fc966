# Sourced by test/charts/run.sh and scripts/summary-image.sh: finds Chromium (SDG_CHROMIUM, else chromium on PATH)
# and installs mermaid-cli into test/charts/node_modules on first use (test/charts/package-lock.json; no browser
# download: puppeteer drives the system's Chromium). Sets charts_dir, chromium and node24; defines write_puppeteer_config.
charts_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
node24="$charts_dir/../../node_modules/.bin/node"

chromium=${SDG_CHROMIUM:-}
if [ -z "$chromium" ]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
      chromium=$(command -v "$candidate")
      break
    fi
  done
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "no Chromium found: install Debian's (apt-get install -y chromium) or set SDG_CHROMIUM to a Chrome/Chromium" >&2
  exit 1
fi
if [ ! -x "$node24" ]; then
  echo "node_modules/.bin/node is missing: run npm ci first" >&2
  exit 1
fi
if [ ! -e "$charts_dir/node_modules/.package-lock.json" ] ||
  [ "$charts_dir/package-lock.json" -nt "$charts_dir/node_modules/.package-lock.json" ]; then
  echo "installing mermaid-cli into test/charts/node_modules (no browser download)…" >&2
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix "$charts_dir" --ignore-scripts --no-audit --no-fund </dev/null >&2
fi

# write_puppeteer_config FILE: puppeteer's launch options for mmdc -p: the system's Chromium, headless.
# protocolTimeout: a CDP call may wait 5 minutes, not 3, on a loaded machine (page.goto's 30 s is not settable in mmdc).
write_puppeteer_config() {
  printf '{ "executablePath": "%s", "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"], "headless": "new", "protocolTimeout": 300000 }\n' \
    "$chromium" >"$1"
}
