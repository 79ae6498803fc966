#!/usr/bin/env bash
# Re-creates __fixtures__/repos/<owner>__<repo>/ from git snapshots of public repositories at pinned commits: the
# files a lint of the repository root walks (manifests, Kustomize folders, Helm charts with their packaged
# dependencies, the repo's non-Kubernetes YAML/JSON such as package.json or docker-compose.yml), never application
# source code, plus the repository's licence file and a SOURCE file (URL, commit, date, licence). The expectations
# for each copy live in __fixtures__/repos/expectations.json (reviewed by hand: re-check them after a refresh).
#   scripts/extract-real-repos.sh [mirror-root]      (default /work/.mirror; a snapshot is <owner>+<repo>/repo)
# Get a snapshot with `git clone --bare https://github.com/<owner>/<repo> <mirror-root>/<owner>+<repo>/repo`.
set -euo pipefail
mirror=${1:-/work/.mirror}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# owner/repo, commit, licence file, its SPDX id (permissive only: MIT, Apache-2.0, BSD, ISC), files to keep (extended
# regex on the path), files to leave out
table=$(
  cat <<'TABLE'
vibecoding-inc/discord-featureschleuder 152d8ceee57bcc8573b36e7a7a4ad85c88a89d13 LICENSE ISC ^(k8s/.*\.ya?ml|package\.json|tsconfig\.json|docker-compose\.yml|config\.example\.json)$ ^$
den-vasyliev/kbot 879bcc9ebf3b639f2fdbac1748b13eb1a4b5a51e LICENSE MIT ^(helm/.*|go\.mod)$ ^$
tarampampam/video-dl-bot 3d1baf43fb481536c241818b78d44fef2c4ac518 LICENSE MIT ^(deployments/helm/.*|go\.mod|\.golangci\.yml)$ README\.md$
kubernetes-sigs/external-dns 2bf1bf8af2b70f23579f9147c1f7e9394f7f83d5 LICENSE.md Apache-2.0 ^(charts/external-dns/.*|kustomize/.*)$ (README\.md|CHANGELOG\.md|\.gotmpl)$
kubernetes-sigs/descheduler 7d2b28bf2b6a12810317936d909af0270ff38fa3 LICENSE Apache-2.0 ^(charts/descheduler/.*|kubernetes/.*)$ README\.md$
dbca-wa/resource_tracking fe165063df50c3b80d82954e6b61fb67425e485b LICENSE Apache-2.0 ^(kustomize/.*\.ya?ml|pyproject\.toml)$ ^$
woog-life/k8s-config 959e8854908323cd0dcf1ff98522b4d3d1ce5b49 LICENSE MIT ^(Chart\.yaml|values\.yaml|templates/.*|renovate\.json)$ ^$
netbox-community/netbox-chart 4d7c0a49e8dcdc0d5108d7d3f1a9d5540e069f37 LICENSE Apache-2.0 ^(charts/.*|config\.yaml|\.checkov\.yaml|\.markdownlint\.yaml)$ \.md$
katago/katago-server eb0996d8df2f1b40624a55b3c9f4f0513f96e0c2 LICENSE MIT ^(kubernetes/.*\.(ya?ml|tpl)|kubernetes/katago-server/\.helmignore|[^/]*\.ya?ml)$ ^$
metalmatze/alertmanager-bot fbfa20b99f9dc3f1a40625108131092dc74fb362 LICENSE MIT ^(deployments/examples/.*\.ya?ml|\.golangci\.yml|go\.mod)$ ^$
vshulcz/ozon_price_tracker 7415e54e6e0bb96fd88aede6a247a59b0ae47d82 LICENSE MIT ^(k8s/.*|\.pre-commit-config\.yaml|\.release-please-config\.json|codecov\.yml|docker-compose\.yml|pyproject\.toml)$ ^$
albertoperdomo2/k8s-cluster-telegram-bot f3de35999a442b7fd23d3369c98bf7be24564a1c LICENSE MIT ^(helm/.*|requirements\.txt)$ ^$
TABLE
)

while read -r repo commit licence spdx include exclude; do
  git_dir="$mirror/${repo/\//+}/repo"
  out="$root/__fixtures__/repos/${repo/\//__}"
  rm -rf "$out"
  mkdir -p "$out"
  count=0
  while IFS= read -r path; do
    mkdir -p "$out/$(dirname "$path")"
    git -C "$git_dir" show "$commit:$path" >"$out/$path"
    count=$((count + 1))
  done < <(git -C "$git_dir" ls-tree -r --name-only "$commit" | grep -E "$include" | grep -Ev "$exclude")
  git -C "$git_dir" show "$commit:$licence" >"$out/LICENSE"
  if grep -qiE 'GNU (AFFERO |LESSER )?GENERAL PUBLIC LICENSE' "$out/LICENSE"; then
    echo "$repo: a copyleft licence; only permissive ones (MIT, Apache-2.0, BSD, ISC) are kept" >&2
    exit 1
  fi
  cat >"$out/SOURCE" <<INFO
https://github.com/$repo at commit $commit ($(git -C "$git_dir" log -1 --format=%cs "$commit"))
$count files matching $include, excluding $exclude; licence: $spdx (LICENSE is the repository's $licence)
INFO
  echo "$out: $count files, $(du -sh "$out" | cut -f1)"
done <<<"$table"
