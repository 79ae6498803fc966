#!/usr/bin/env bash
# Builds the test control plane from the Go module proxy (no Docker, no release downloads):
# kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (k8s.io/kubernetes), etcd (go.etcd.io/etcd/server/v3),
# kwok and kwokctl (sigs.k8s.io/kwok). Binaries are cached outside the repository and reused. Then helm, for the Helm
# e2e tests, through build-helm.sh (its own folder, keyed by HELM_VERSION). Prints the control plane's binary folder
# as its last line.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"

cache_root=${SDG_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/singleton-deploy-guard}
bin="$cache_root/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION/bin"
want=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl)

complete=1
for b in "${want[@]}"; do [ -x "$bin/$b" ] || complete=0; done
if [ "$complete" = 1 ]; then
  bash "$here/build-helm.sh" >/dev/null
  echo "$bin"
  exit 0
fi

# Go is needed only to build: a machine with the binaries cached runs without it.
if ! command -v go >/dev/null 2>&1; then
  echo "singleton-guard test cluster: Go is not installed (need Go >= 1.26 to build the control plane)" >&2
  exit 1
fi

# Only the module proxy is reachable here; the public checksum database is not, so it is switched off (modules still
# come only from the proxy, and go records their hashes in the wrapper modules' go.sum). The machine's Go is used.
export GOPROXY=${GOPROXY_OVERRIDE:-https://proxy.golang.org} GOSUMDB=off GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
mkdir -p "$bin"
work="$cache_root/build"
mkdir -p "$work"
start=$(date +%s)
log() { echo "[cluster build $(( $(date +%s) - start ))s] $*" >&2; }

if [ ! -x "$bin/kwok" ] || [ ! -x "$bin/kwokctl" ]; then
  log "kwok $KWOK_VERSION"
  GOBIN="$bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
fi

if [ ! -x "$bin/etcd" ]; then
  log "etcd $ETCD_VERSION"
  d="$work/etcd"; rm -rf "$d"; mkdir -p "$d"
  (cd "$d" && go mod init sdg.local/etcd-build >/dev/null 2>&1 \
    && go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2 \
    && go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3)
fi

k8s_cmds=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
need_k8s=0
for b in "${k8s_cmds[@]}"; do [ -x "$bin/$b" ] || need_k8s=1; done
if [ "$need_k8s" = 1 ]; then
  log "kubernetes $K8S_VERSION"
  d="$work/kubernetes"; rm -rf "$d"; mkdir -p "$d"
  staging_version="v0.${K8S_VERSION#v1.}"
  gomod=$(cd "$d" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  {
    echo "module sdg.local/kubernetes-build"
    echo
    echo "go 1.26"
    echo
    echo "replace ("
    # k8s.io/kubernetes points its staging modules at ./staging/src; as a dependency they come from the proxy.
    sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/.*#\t\1 => \1 '"$staging_version"'#p' "$gomod"
    echo ")"
  } >"$d/go.mod"
  minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  pkgs=()
  for c in "${k8s_cmds[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  (cd "$d" && go get -tool "${pkgs[@]/%/@$K8S_VERSION}" >&2 \
    && go build -trimpath -ldflags "$ldflags" -o "$bin/" "${pkgs[@]}")
fi
log "done"
bash "$here/build-helm.sh" >/dev/null
echo "$bin"
