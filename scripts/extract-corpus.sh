#!/usr/bin/env bash
# Copies a bounded set of manifests from a git snapshot of someone else's repository into __fixtures__/corpora/<name>/,
# with the repository's LICENSE and a SOURCE file naming the repository and commit. Used once per corpus (the files
# are data with their licence, not code); re-run to refresh, then re-check the allow-list in
# __tests__/lint/corpora.test.ts.
#   scripts/extract-corpus.sh <git-dir> <name> <owner/repo> <path-regex> [exclude-regex]
# e.g. scripts/extract-corpus.sh /work/.mirror/kubernetes+examples/repo kubernetes-examples kubernetes/examples \
#        '\.(ya?ml|json)$' '^\.github/'
set -euo pipefail
git_dir=$1 name=$2 repo=$3 include=$4 exclude=${5:-'^$'}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/__fixtures__/corpora/$name"
commit=$(git -C "$git_dir" rev-parse HEAD)
rm -rf "$out"
mkdir -p "$out"
count=0
missing=''
while IFS= read -r path; do
  # A snapshot may list a large file without holding it: leave it out, and say so in SOURCE.
  if ! git -C "$git_dir" cat-file -e "$commit:$path" 2>/dev/null; then
    missing="$missing $path"
    continue
  fi
  mkdir -p "$out/$(dirname "$path")"
  git -C "$git_dir" show "$commit:$path" >"$out/$path"
  count=$((count + 1))
done < <(git -C "$git_dir" ls-tree -r --name-only "$commit" | grep -E "$include" | grep -Ev "$exclude")
git -C "$git_dir" show "$commit:LICENSE" >"$out/LICENSE"
cat >"$out/SOURCE" <<INFO
https://github.com/$repo at commit $commit ($(git -C "$git_dir" log -1 --format=%cs "$commit"))
$count files matching $include, excluding $exclude; licence: LICENSE (the repository's own).
${missing:+Not in the snapshot, left out:$missing}
INFO
echo "$out: $count files, $(du -sh "$out" | cut -f1)"
