# Shared names and paths of the e2e control plane, sourced by up.sh, down.sh and e2e.sh.
# shellcheck shell=bash
cluster_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$cluster_dir/../.." && pwd)
# shellcheck source=versions.env
. "$cluster_dir/versions.env"

cache_root=${SDG_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/singleton-deploy-guard}
bin_dir="$cache_root/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION/bin"
# helm for the Helm e2e tests, built by build-helm.sh.
helm_bin_dir="$cache_root/helm-$HELM_VERSION/bin"
cluster_name=${SDG_CLUSTER_NAME:-sdg-e2e}
# Everything a running cluster owns lives here (kwok's workdir, certificates, etcd data, logs); down.sh removes it.
state_dir="$cache_root/state/$cluster_name"
export KWOK_WORKDIR="$state_dir/kwok"
kubeconfig="$KWOK_WORKDIR/clusters/$cluster_name/kubeconfig.yaml"
pod_logs_dir="$state_dir/pod-logs"
pod_logs_pid="$state_dir/pod-logs.pid"
node24="$repo_root/node_modules/.bin/node"

say() { echo "[cluster] $*" >&2; }

# Pids of the components kwokctl started for this cluster: it runs them through links in its own bin folder.
regex_quote() { printf '%s' "$1" | sed 's/[][\.*^$+?(){}|]/\\&/g'; }
cluster_pids() { pgrep -f -- "^$(regex_quote "$KWOK_WORKDIR/clusters/$cluster_name/bin")/" || true; }

pod_logs_running() { [ -f "$pod_logs_pid" ] && kill -0 "$(cat "$pod_logs_pid")" 2>/dev/null; }

# True when each of the five components kwokctl started still runs (it keeps their pids in pids/*.pid).
components_running() {
  local pid_file count=0
  for pid_file in "$KWOK_WORKDIR/clusters/$cluster_name/pids/"*.pid; do
    [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null || return 1
    count=$((count + 1))
  done
  [ "$count" -ge 5 ]
}

# The cluster is up and whole: every process runs and the apiserver answers.
cluster_up() { components_running && pod_logs_running && apiserver_ready; }

# True when the apiserver answers /readyz with our kubeconfig.
apiserver_ready() {
  [ -f "$kubeconfig" ] && [ -x "$bin_dir/kubectl" ] &&
    "$bin_dir/kubectl" --kubeconfig "$kubeconfig" --request-timeout=5s get --raw /readyz >/dev/null 2>&1
}

# up.sh and down.sh of one cluster take turns (two test runs starting together must not both create it).
# The lock is held until the script exits; a nested call (up.sh running down.sh) sees it is already held.
lock_cluster() {
  [ "${SDG_CLUSTER_LOCKED:-}" = "$cluster_name" ] && return 0
  mkdir -p "$cache_root"
  exec 9>"$cache_root/$cluster_name.lock"
  if ! flock -w 300 9; then
    say "another up.sh/down.sh of $cluster_name has held $cache_root/$cluster_name.lock for 5 minutes"
    exit 1
  fi
  export SDG_CLUSTER_LOCKED="$cluster_name"
}
