#!/usr/bin/env bash
# Runs the e2e tests (test/e2e/*.test.ts) against the test control plane. Reuses the cluster of
# `npm run cluster:up` when it is up; otherwise starts a cluster of its own for this run and removes it
# afterwards (so two runs at once do not stop each other's cluster). Exits with the tests' status.
# Extra arguments go to `node --test`, e.g. `npm run test:e2e -- --test-name-pattern=RBAC`.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if ! command -v go >/dev/null 2>&1 && [ ! -x "$bin_dir/kwokctl" ]; then
  echo "e2e tests need the test control plane, which is built with Go >= 1.26: Go is not installed" >&2
  exit 1
fi

own=0
if ! cluster_up; then
  own=1
  export SDG_CLUSTER_NAME="$cluster_name-run-$$"
fi
# Quiet on success, so the run ends on the test runner's summary; everything is shown when the stop fails.
stop_own() {
  [ "$own" = 1 ] || return 0
  local out
  if ! out=$(bash "$cluster_dir/down.sh" 2>&1); then
    printf '%s\n' "$out" >&2
    return 1
  fi
}
trap 'stop_own; exit 130' INT TERM

if ! up=$(bash "$cluster_dir/up.sh"); then
  stop_own
  exit 1
fi
eval "$(tail -n 1 <<<"$up")"
export KUBECONFIG
# helm too (a cluster that was already up did not run build.sh): cached after the first build.
if ! built_helm=$(bash "$cluster_dir/build-helm.sh" | tail -n 1) || [ "$built_helm" != "$helm_bin_dir" ]; then
  echo "e2e tests: helm $HELM_VERSION could not be built (see above)" >&2
  stop_own
  exit 1
fi

# pre-commit (PyPI), pinned, in a venv of the cache: test/e2e/pre-commit.test.ts runs the shipped hooks through it.
pre_commit_venv="$cache_root/pre-commit-$PRE_COMMIT_VERSION"
if [ "$("$pre_commit_venv/bin/pre-commit" --version 2>/dev/null)" != "pre-commit $PRE_COMMIT_VERSION" ]; then
  if ! { python3 -m venv "$pre_commit_venv" && "$pre_commit_venv/bin/pip" install -q "pre-commit==$PRE_COMMIT_VERSION"; } >&2; then
    echo "e2e tests: pre-commit $PRE_COMMIT_VERSION could not be installed into $pre_commit_venv (needs python3 with venv)" >&2
    stop_own
    exit 1
  fi
fi

cd "$repo_root"
# The kubectl built with the cluster and the pinned helm come first, for the tests and for anything they start.
PATH="$bin_dir:$helm_bin_dir:$pre_commit_venv/bin:$PATH" "$node24" --test --test-reporter=spec "$@" test/e2e/*.test.ts
status=$?

trap - INT TERM
stop_own || status=1
exit "$status"
