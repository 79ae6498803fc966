#!/usr/bin/env bash
# Builds helm (helm.sh/helm/v4, pinned as HELM_VERSION in versions.env) from the Go module proxy, the way build.sh
# builds the control plane: no release downloads, cached outside the repository in a folder keyed by the version
# (bumping HELM_VERSION builds the new one next to the old). build.sh calls it; e2e.sh calls it too, so a cluster
# that is already up still gets helm on the e2e tests' PATH. Prints the binary folder as its last line.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"

cache_root=${SDG_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/singleton-deploy-guard}
bin="$cache_root/helm-$HELM_VERSION/bin"
if [ -x "$bin/helm" ]; then echo "$bin"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  echo "singleton-guard test tools: Go is not installed (need Go >= 1.26 to build helm $HELM_VERSION)" >&2
  exit 1
fi

# Two runs at once (build.sh and e2e.sh of two test runs) take turns; the second finds helm built.
mkdir -p "$cache_root"
exec 8>"$cache_root/helm-$HELM_VERSION.lock"
flock -w 900 8 || { echo "singleton-guard test tools: another build of helm $HELM_VERSION held the lock for 15 minutes" >&2; exit 1; }
if [ -x "$bin/helm" ]; then echo "$bin"; exit 0; fi

# The same Go settings as build.sh: modules only from the proxy (checksum database off: it is not reachable here),
# the machine's Go, static binaries.
export GOPROXY=${GOPROXY_OVERRIDE:-https://proxy.golang.org} GOSUMDB=off GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
start=$(date +%s)
echo "[helm build] helm $HELM_VERSION" >&2
# Into a temporary folder first: an interrupted build never leaves a helm that looks complete.
tmp="$cache_root/helm-$HELM_VERSION/tmp"
rm -rf "$tmp"; mkdir -p "$tmp"
# helm's own Makefile stamps the version the same way (`helm version` otherwise says v4.x-dev or the like).
GOBIN="$tmp" go install -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION -X helm.sh/helm/v4/internal/version.gitTreeState=clean" \
  "helm.sh/helm/v4/cmd/helm@$HELM_VERSION"
mkdir -p "$bin"
mv "$tmp/helm" "$bin/helm"
rm -rf "$tmp"
echo "[helm build] done in $(( $(date +%s) - start ))s" >&2
echo "$bin"
