#!/usr/bin/env bash
# Starts the e2e control plane: etcd, kube-apiserver (RBAC and admission on), kube-controller-manager,
# kube-scheduler and kwok (one fake node, pod lifecycle from stages/), all on 127.0.0.1, plus the pod-logs
# helper. Builds the binaries first if they are not cached. Reuses a cluster that is already up.
# Progress goes to stderr; the last line on stdout is `export KUBECONFIG=<file>`, so that
#   eval "$(npm run -s cluster:up | tail -1)"
# points kubectl at the cluster.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec 3>&1 1>&2
lock_cluster

if cluster_up; then
  say "cluster $cluster_name is already up"
  echo "export KUBECONFIG=$kubeconfig" >&3
  exit 0
fi

if [ ! -x "$node24" ]; then
  say "node_modules/.bin/node is missing: run npm ci first"
  exit 1
fi

built_bin=$(bash "$cluster_dir/build.sh" | tail -n 1)
[ "$built_bin" = "$bin_dir" ] || { say "build.sh reported $built_bin, expected $bin_dir"; exit 1; }

# Half-started or stopped cluster (crash, reboot): start again from scratch, it only takes seconds.
if [ -e "$state_dir" ]; then
  say "removing the stale state of $cluster_name"
  bash "$cluster_dir/down.sh"
fi
mkdir -p "$state_dir" "$pod_logs_dir"
start=$(date +%s)

config="$state_dir/kwokctl.yaml"
{
  cat <<YAML
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  bindAddress: 127.0.0.1
  securePort: true
  kubeAuthorization: true
  kubeAdmission: true
  enableCRDs: [Logs]
  # kwok renews each node's Lease under a random identity per process: after a restart (kwokctl stop/start) it
  # takes the nodes over only when the old Lease expires, and pods wait until then. Keep that short.
  heartbeatFactor: 1
  nodeLeaseDurationSeconds: 10
  kubeApiserverBinary: $bin_dir/kube-apiserver
  kubeControllerManagerBinary: $bin_dir/kube-controller-manager
  kubeSchedulerBinary: $bin_dir/kube-scheduler
  kubectlBinary: $bin_dir/kubectl
  etcdBinary: $bin_dir/etcd
  kwokControllerBinary: $bin_dir/kwok
componentsPatches:
  - name: kube-apiserver
    extraArgs:
      - key: advertise-address
        value: 127.0.0.1
  # One instance each: without leader election they act at once after a restart instead of waiting ~15 s for
  # their previous self's lock to expire.
  - name: kube-controller-manager
    extraArgs:
      - key: leader-elect
        value: "false"
  - name: kube-scheduler
    extraArgs:
      - key: leader-elect
        value: "false"
  - name: kwok-controller
    extraArgs:
      - key: node-ip
        value: 127.0.0.1
        override: true
YAML
  for stage in "$cluster_dir"/stages/*.yaml; do
    echo "---"
    cat "$stage"
  done
} >"$config"

say "starting $cluster_name (kwokctl, binary runtime)"
# kwokctl runs kubectl from PATH: make it ours. The components it starts outlive this script: they must not
# inherit fd 3 (our stdout: `up.sh | tail -1` would wait for them) nor fd 9 (the lock).
PATH="$bin_dir:$PATH" "$bin_dir/kwokctl" --name "$cluster_name" --config "$config" \
  create cluster --kubeconfig "" --timeout 3m --wait 2m 3>&- 9>&-

kubectl() { "$bin_dir/kubectl" --kubeconfig "$kubeconfig" "$@"; }

# One fake node, without kwok's usual taint, so test pods need no tolerations.
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
YAML

setsid "$node24" "$cluster_dir/pod-logs.ts" --kubeconfig "$kubeconfig" --dir "$pod_logs_dir" \
  </dev/null >>"$state_dir/pod-logs.log" 2>&1 3>&- 9>&- &
echo $! >"$pod_logs_pid"

# Bounded waits: the node is Ready and schedulable (the node controller removes the not-ready taint),
# the default service account exists (admission needs it for pods), the pod-logs helper is watching.
deadline=$(($(date +%s) + 90))
until [ "$(kubectl get node kwok-node-0 -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}/{.spec.taints}' 2>/dev/null)" = "True/" ] &&
  kubectl -n default get serviceaccount default >/dev/null 2>&1 &&
  grep -q 'watching pods' "$state_dir/pod-logs.log" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    say "the cluster did not become ready within 90s; component logs: $KWOK_WORKDIR/clusters/$cluster_name/logs, $state_dir/pod-logs.log"
    kubectl get nodes -o wide || true
    exit 1
  fi
  if ! pod_logs_running; then
    say "the pod-logs helper stopped:"
    tail -n 5 "$state_dir/pod-logs.log" >&2 || true
    exit 1
  fi
  sleep 0.5
done

say "cluster $cluster_name is up after $(($(date +%s) - start))s (kubectl: $bin_dir/kubectl)"
echo "export KUBECONFIG=$kubeconfig" >&3
