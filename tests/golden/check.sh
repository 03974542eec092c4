#!/usr/bin/env bash
# Golden files: `empathy score NAME.json` must print exactly the bytes of NAME.out.json.
# UPDATE_GOLDEN=1 rewrites the outputs (review the diff before committing).
set -u
empathy=$1
dir=$2
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
failed=0
count=0
for input in "$dir"/*.json; do
  case "$input" in *.out.json) continue ;; esac
  expected="${input%.json}.out.json"
  count=$((count + 1))
  "$empathy" score "$input" >"$actual"
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$actual" "$expected"
  elif ! cmp -s "$actual" "$expected"; then
    echo "golden mismatch: $input"
    diff "$actual" "$expected" | head -c 2000
    failed=1
  fi
done
[ "$count" -gt 0 ] || { echo "no golden files in $dir"; exit 1; }
echo "$count golden files checked"
exit $failed
