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

# owner/repo, commit, licence file, files to keep (extended regex on the path), files to leave out
table=$(
  cat <<'TABLE'
vibecoding-inc/discord-featureschleuder 152d8ceee57bcc8573b36e7a7a4ad85c88a89d13 LICENSE ^(k8s/.*\.ya?ml|package\.json|tsconfig\.json|docker-compose\.yml|config\.example\.json)$ ^$
den-vasyliev/kbot 879bcc9ebf3b639f2fdbac1748b13eb1a4b5a51e LICENSE ^(helm/.*|go\.mod)$ ^$
tarampampam/video-dl-bot 3d1baf43fb481536c241818b78d44fef2c4ac518 LICENSE ^(deployments/helm/.*|go\.mod|\.golangci\.yml)$ README\.md$
kubernetes-sigs/external-dns 2bf1bf8af2b70f23579f9147c1f7e9394f7f83d5 LICENSE.md ^(charts/external-dns/.*|kustomize/.*)$ (README\.md|CHANGELOG\.md|\.gotmpl)$
kubernetes-sigs/descheduler 7d2b28bf2b6a12810317936d909af0270ff38fa3 LICENSE ^(charts/descheduler/.*|kubernetes/.*)$ README\.md$
dbca-wa/resource_tracking fe165063df50c3b80d82954e6b61fb67425e485b LICENSE ^(kustomize/.*\.ya?ml|pyproject\.toml)$ ^$
renovatebot/helm-charts 0e2ebd0d35ca2bfe180f0ac150d14fa57ea72290 LICENSE ^charts/renovate/.* (README\.md|\.gotmpl)$
grafana/oncall 3666186a9430dcc65c8ad2999f8353e8fcd298da LICENSE ^helm/.* (README\.md$|^helm/oncall/tests/)
woog-life/k8s-config 959e8854908323cd0dcf1ff98522b4d3d1ce5b49 LICENSE ^(Chart\.yaml|values\.yaml|templates/.*|renovate\.json)$ ^$
TABLE
)

while read -r repo commit licence include exclude; do
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
  cat >"$out/SOURCE" <<INFO
https://github.com/$repo at commit $commit ($(git -C "$git_dir" log -1 --format=%cs "$commit"))
$count files matching $include, excluding $exclude; licence: LICENSE (the repository's $licence: $(grep -m1 -oE 'MIT|Apache License|ISC|AFFERO GENERAL PUBLIC LICENSE|BSD' "$out/LICENSE"))
INFO
  echo "$out: $count files, $(du -sh "$out" | cut -f1)"
done <<<"$table"
