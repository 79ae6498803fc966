#!/usr/bin/env bash
# `npm run demo`: the guard's story in about a minute, on the local control plane (test/cluster).
#   1. a bot Deployment with 2 replicas and RollingUpdate is stopped by `singleton-guard lint`; `lint --fix` on a
#      copy shows the change as a diff;
#   2. the same bot with replicas 1 and Recreate is deployed by `singleton-guard deploy` and passes;
#   3. its next version deploys cleanly, but its logs show a Telegram 409 conflict: the job fails, token redacted;
#      its job summary (what a workflow step gets) is written to a file (DEMO_SUMMARY, default in $TMPDIR or /tmp)
#      and its chart printed.
# Starts the control plane when it is not running (and stops it at the end only then), works in a namespace of
# its own (deleted at the end; DEMO_KEEP=1 keeps it), and exits 0 only when every step ended as the story says.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
# shellcheck source=../test/cluster/common.sh
. test/cluster/common.sh

settle=${DEMO_SETTLE:-5s}
node24=node_modules/.bin/node
cli=(node_modules/.bin/node dist/cli.js)
token='123456789:AAFakeTokenForTheDemoOnly0000000000' # the fake token in demo/manifests/conflict-bot.yaml

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  bold=$'\e[1m' dim=$'\e[2m' green=$'\e[32m' red=$'\e[31m' cyan=$'\e[36m' reset=$'\e[0m'
else
  bold='' dim='' green='' red='' cyan='' reset=''
fi
heading() { printf '\n%s━━ %s%s\n' "$bold$cyan" "$*" "$reset"; }
note() { printf '%s%s%s\n' "$dim" "$*" "$reset"; }
show() { printf '%s$ %s%s\n' "$bold" "$*" "$reset"; }
indent() { sed 's/^/    /'; }

for need in "$node24" dist/cli.js; do
  if [ ! -e "$need" ]; then
    echo "demo: $need is missing: run npm ci first" >&2
    exit 2
  fi
done

demo_start=$(date +%s%N)
elapsed() { printf '%d.%ds' $((($(date +%s%N) - $1) / 1000000000)) $((($(date +%s%N) - $1) / 100000000 % 10)); }

# ── The control plane ────────────────────────────────────────────────────────────────────────────────────────────
heading "The local control plane"
started_cluster=0
if apiserver_ready && pod_logs_running; then
  note "reusing the running cluster $cluster_name"
else
  started_cluster=1
  up_log=$(mktemp -t sdg-demo-up.XXXXXX)
  if [ -x "$bin_dir/kwokctl" ]; then
    note "starting cluster $cluster_name (etcd, kube-apiserver, controllers, scheduler, kwok on 127.0.0.1)…"
    up_out=$(bash test/cluster/up.sh 2>"$up_log")
  else
    note "first run: building the control plane from the Go module proxy (about 10-15 minutes on 2 cores with helm, once; cached afterwards)…"
    up_out=$(bash test/cluster/up.sh 2> >(tee "$up_log" | indent >&2))
  fi
  if [ -z "$up_out" ] || ! eval "$(tail -n 1 <<<"$up_out")"; then
    echo "demo: the control plane did not start:" >&2
    tail -n 20 "$up_log" >&2
    rm -f "$up_log"
    bash test/cluster/down.sh >/dev/null 2>&1
    exit 1
  fi
  rm -f "$up_log"
fi
export KUBECONFIG="$kubeconfig"
kubectl_bin="$bin_dir/kubectl"
kubectl() { "$kubectl_bin" "$@"; }
namespace="singleton-guard-demo-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
work=$(mktemp -d -t sdg-demo.XXXXXX)

finish() {
  local code=$?
  trap - EXIT INT TERM
  rm -rf "$work"
  if [ "${DEMO_KEEP:-}" = 1 ]; then
    note "kept namespace $namespace (KUBECONFIG=$KUBECONFIG)"
  else
    kubectl delete namespace "$namespace" --wait=false --ignore-not-found >/dev/null 2>&1
  fi
  if [ "$started_cluster" = 1 ] && [ "${DEMO_KEEP:-}" != 1 ]; then
    note "stopping the cluster the demo started"
    bash test/cluster/down.sh >/dev/null 2>&1 || echo "demo: npm run cluster:down failed; run it again" >&2
  fi
  exit "$code"
}
trap finish EXIT
trap 'exit 130' INT TERM

if ! kubectl create namespace "$namespace" >/dev/null ||
  ! timeout 30 bash -c "until '$kubectl_bin' -n '$namespace' get serviceaccount default >/dev/null 2>&1; do sleep 0.2; done"; then
  echo "demo: cannot create namespace $namespace" >&2
  exit 1
fi
note "cluster $cluster_name, namespace $namespace, settle window $settle"

failures=()
# expect <step> <wanted exit code> <actual exit code>: records a step that did not end as the story says.
expect() {
  if [ "$3" = "$2" ]; then
    printf '%s✔ %s: exit %s, as expected%s\n' "$green" "$1" "$3" "$reset"
  else
    printf '%s✘ %s: exit %s, expected %s%s\n' "$red" "$1" "$3" "$2" "$reset"
    failures+=("$1 exited $3, expected $2")
  fi
}
# check <step> <what> <command…>: records a failed check of a step's output.
check() {
  local step=$1 what=$2
  shift 2
  if ! "$@"; then
    printf '%s✘ %s: %s%s\n' "$red" "$step" "$what" "$reset"
    failures+=("$step: $what")
  fi
}

# ── Step 1 ───────────────────────────────────────────────────────────────────────────────────────────────────────
heading "1/3  A bot with 2 replicas and RollingUpdate: lint stops it before anything is applied"
note "During every rollout a RollingUpdate Deployment starts the new pod before the old one stops, and replicas: 2"
note "runs two pollers all the time. Telegram answers both with 409 Conflict."
step_start=$(date +%s%N)
show "singleton-guard lint demo/manifests/rolling-bot.yaml"
"${cli[@]}" lint demo/manifests/rolling-bot.yaml | indent
lint_code=${PIPESTATUS[0]}
echo
note "On a pull request the same findings are annotations on the manifest's lines:"
echo
"${cli[@]}" lint --format json demo/manifests/rolling-bot.yaml | "$node24" demo/annotate.ts | indent
expect "lint" 1 "$lint_code"
echo
note "\`lint --fix\` rewrites the manifest in place (comments kept); on a copy, the change it makes:"
cp demo/manifests/rolling-bot.yaml "$work/rolling-bot.yaml"
show "singleton-guard lint --fix --workload deployment/quiz-bot rolling-bot.yaml"
(cd "$work" && "$here/../${cli[0]}" "$here/../${cli[1]}" lint --fix --workload deployment/quiz-bot rolling-bot.yaml) 2>&1 | indent
fix_code=${PIPESTATUS[0]}
fix_diff=$(diff -u --label demo/manifests/rolling-bot.yaml --label 'rolling-bot.yaml (fixed)' \
  demo/manifests/rolling-bot.yaml "$work/rolling-bot.yaml")
colour_diff() {
  while IFS= read -r line; do
    case "$line" in
    '+++'* | '---'*) printf '%s%s%s\n' "$bold" "$line" "$reset" ;;
    +*) printf '%s%s%s\n' "$green" "$line" "$reset" ;;
    -*) printf '%s%s%s\n' "$red" "$line" "$reset" ;;
    @@*) printf '%s%s%s\n' "$cyan" "$line" "$reset" ;;
    *) printf '%s\n' "$line" ;;
    esac
  done
}
colour_diff <<<"$fix_diff" | indent
expect "lint --fix" 0 "$fix_code"
check "lint --fix" "the diff sets replicas: 1 and Recreate" \
  bash -c 'grep -qx "+  replicas: 1" <<<"$1" && grep -q "^+ *type: Recreate" <<<"$1"' _ "$fix_diff"
note "step 1 took $(elapsed "$step_start")"

# ── Step 2 ───────────────────────────────────────────────────────────────────────────────────────────────────────
heading "2/3  The same bot with replicas: 1 and Recreate: deployed, exactly one pod, passes"
note "singleton-guard deploy lints, applies with kubectl, waits (list + watch) for exactly one Running and Ready pod"
note "of the new revision and nothing else — Terminating pods included — then reads its logs for $settle."
note "What changed from step 1: replicas: 2 → 1, strategy RollingUpdate → Recreate (the \`lint --fix\` diff above)."
step_start=$(date +%s%N)
show "singleton-guard deploy demo/manifests/recreate-bot.yaml -n $namespace --settle $settle"
"${cli[@]}" deploy demo/manifests/recreate-bot.yaml -n "$namespace" --settle "$settle" --kubectl "$kubectl_bin" 2>&1 |
  tee "$work/deploy.out" | indent
deploy_code=${PIPESTATUS[0]}
deploy_out=$(cat "$work/deploy.out")
echo
show "kubectl get pods -n $namespace"
kubectl get pods -n "$namespace" 2>&1 | indent
expect "deploy" 0 "$deploy_code"
check "deploy" "summary shows one pod with at most 1 at once" grep -q 'most pods at once 1,' <<<"$deploy_out"
note "step 2 took $(elapsed "$step_start")"

# ── Step 3 ───────────────────────────────────────────────────────────────────────────────────────────────────────
heading "3/3  Version 1.1.0 rolls out cleanly, but its logs show a 409 conflict: the job fails"
note "Someone still runs the bot with the same token on a laptop. The cluster cannot see that copy; the pod's logs can."
note "Its pod logs this line, with a (fake) bot token in the URL; the demo shows it as <TOKEN>, the guard must redact it:"
grep -m 1 'polling_error' demo/manifests/conflict-bot.yaml | sed 's/^ *//' | sed "s/$token/<TOKEN>/" | indent
step_start=$(date +%s%N)
echo
note "A single 409 just after the start could be Telegram's handover; --handover-window 2s: the one 3 s later"
note "is not (the laptop polls on), the job fails as \`outside\` (the default window is 60s)."
summary=${DEMO_SUMMARY:-${TMPDIR:-/tmp}/singleton-guard-demo-summary.md}
: >"$summary" # the CLI appends, as to a workflow step's summary file
show "GITHUB_STEP_SUMMARY=$summary \\"
printf '%s  %s%s\n' "$bold" "singleton-guard deploy demo/manifests/conflict-bot.yaml -n $namespace --settle $settle --handover-window 2s" "$reset"
GITHUB_STEP_SUMMARY=$summary "${cli[@]}" deploy demo/manifests/conflict-bot.yaml -n "$namespace" --settle "$settle" \
  --handover-window 2s --kubectl "$kubectl_bin" 2>&1 |
  tee "$work/conflict.out" | indent
conflict_code=${PIPESTATUS[0]}
conflict_out=$(cat "$work/conflict.out")
echo
expect "conflict deploy" 1 "$conflict_code"
check "conflict deploy" "the conflict line is shown" grep -q 'conflict (outside, getUpdates, current' <<<"$conflict_out"
check "conflict deploy" "the token is redacted" grep -qF 'bot123456789:<redacted>/getUpdates' <<<"$conflict_out"
check "conflict deploy" "the raw token never printed" bash -c '! grep -qF "$1" <<<"$2"' _ "$token" "$conflict_out"
check "conflict deploy" "the rollout itself had at most 1 pod at once" grep -q 'most pods at once 1,' <<<"$conflict_out"
echo
note "In a workflow (the action, or the CLI in a run: step) this is the job summary; GitHub draws its Mermaid chart."
note "Written to $summary — the chart in it:"
chart=$(sed -n '/^```mermaid$/,/^```$/p' "$summary")
printf '%s\n' "$chart" | indent
check "conflict deploy" "the job summary has a chart" grep -q '^gantt$' <<<"$chart"
check "conflict deploy" "the chart marks the conflict" grep -q '409 outside :crit, milestone' <<<"$chart"
check "conflict deploy" "the raw token is not in the summary" bash -c '! grep -qF "$1" "$2"' _ "$token" "$summary"
note "step 3 took $(elapsed "$step_start")"

# ── The end ──────────────────────────────────────────────────────────────────────────────────────────────────────
heading "Done in $(elapsed "$demo_start")"
if [ "${#failures[@]}" -eq 0 ]; then
  printf '%sThe story went as expected: lint stopped the overlap, Recreate passed, the conflict failed the job.%s\n' \
    "$green$bold" "$reset"
  exit 0
fi
printf '%sThe demo did not go as expected:%s\n' "$red$bold" "$reset"
printf '  - %s\n' "${failures[@]}"
exit 1
