#!/usr/bin/env bash
# Stops every process of the e2e control plane and removes its state. Safe to run when nothing is up.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
lock_cluster

if pod_logs_running; then
  kill "$(cat "$pod_logs_pid")" 2>/dev/null || true
fi
if [ -x "$bin_dir/kwokctl" ] && [ -d "$KWOK_WORKDIR/clusters/$cluster_name" ]; then
  # kwokctl logs a JSON line per step; keep them for a failure only, so a test run ends on its test summary.
  if ! out=$(PATH="$bin_dir:$PATH" "$bin_dir/kwokctl" --name "$cluster_name" delete cluster 2>&1); then
    printf '%s\n' "$out" >&2
    say "kwokctl delete cluster failed; stopping what is left"
  fi
fi

# Whatever still runs from our state folder (kwokctl interrupted, pid files lost) is ours: stop it by pid.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  pids=$(cluster_pids)
  if pod_logs_running; then pids="$pids $(cat "$pod_logs_pid")"; fi
  [ -n "${pids// /}" ] || break
  signal=TERM
  [ "$attempt" -gt 6 ] && signal=KILL
  for pid in $pids; do kill -s "$signal" "$pid" 2>/dev/null || true; done
  sleep 0.5
done
if [ -n "$(cluster_pids)" ]; then
  say "processes still running: $(cluster_pids)"
  exit 1
fi

rm -rf "$state_dir"
rmdir "$cache_root/state" 2>/dev/null || true
# Per-run clusters (e2e.sh's sdg-e2e-run-<pid>, the restart test's) would leave one lock file each behind.
# Removing it while we hold it is safe for the common case; an up.sh already queued on it still runs after us.
case "$cluster_name" in *-run-* | sdg-restart-*) rm -f "$cache_root/$cluster_name.lock" ;; esac
say "cluster $cluster_name is down"
