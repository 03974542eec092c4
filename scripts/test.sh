#!/usr/bin/env bash
# Runs every test suite, even after one fails, then prints the totals:
# C++ unit, golden and CLI tests (ctest), the same under ASan and UBSan, a short fuzz
# run of each target, JS tests against the real wasm module, a smoke run of each
# benchmark, and end-to-end tests in headless Chromium (Node's test runner).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0
failed=0
skipped=0
todo=0  # tests marked todo: known to fail, named in the log ("# TODO"), not hidden
status=0

run() {  # name, then the command
  local name=$1
  shift
  echo "== $name"
  "$@" 2>&1 | tee "$log/$name.txt"
  local code=${PIPESTATUS[0]}
  [ "$code" -eq 0 ] || status=1
  local p f k t=0
  if [[ "$name" == ctest* ]]; then
    # "100% tests passed, 0 tests failed out of 67"
    local line total
    line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log/$name.txt" | tail -1)
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$line")
    # a skipped test is listed under "The following tests did not run:" and is in the total
    k=$(grep -cE '\(Skipped\)$' "$log/$name.txt")
    p=$(( ${total:-0} - ${f:-0} - ${k:-0} ))
    [ -n "$line" ] || p=""
  else
    p=$(grep -E '^# pass [0-9]+' "$log/$name.txt" | tail -1 | awk '{print $3}')
    f=$(grep -E '^# fail [0-9]+' "$log/$name.txt" | tail -1 | awk '{print $3}')
    k=$(grep -E '^# skipped [0-9]+' "$log/$name.txt" | tail -1 | awk '{print $3}')
    t=$(grep -E '^# todo [0-9]+' "$log/$name.txt" | tail -1 | awk '{print $3}')
  fi
  if [ -z "${p:-}" ] || { [ "$code" -ne 0 ] && [ "${f:-0}" -eq 0 ]; }; then f=$(( ${f:-0} + 1 )); fi
  passed=$(( passed + ${p:-0} ))
  failed=$(( failed + ${f:-0} ))
  skipped=$(( skipped + ${k:-0} ))
  todo=$(( todo + ${t:-0} ))
}

# The tracked files as they were before the tests: a test writes none of them.
tracked_before=$(git status --porcelain --untracked-files=no 2>/dev/null || true)

run ctest ctest --preset native
run ctest-asan ctest --preset asan
run fuzz scripts/fuzz.sh --smoke
run js node --test --test-reporter=tap tests/js/ tests/types/ tests/pack/ tests/nudges/
run bad-input node --test --test-reporter=tap --test-concurrency=1 tests/bad-input/
run bench node --test --test-reporter=tap --test-concurrency=1 tests/bench/
run e2e node --test --test-reporter=tap --test-concurrency=1 tests/e2e/
run eval tests/eval/run.sh
run examples node --test --test-reporter=tap --test-concurrency=1 tests/examples/

tracked_after=$(git status --porcelain --untracked-files=no 2>/dev/null || true)
if [ "$tracked_before" = "$tracked_after" ]; then
  passed=$(( passed + 1 ))
else
  echo "== the tests changed tracked files:"
  diff <(echo "$tracked_before") <(echo "$tracked_after") || true
  failed=$(( failed + 1 ))
  status=1
fi

echo
echo "tests: $passed passed, $failed failed, $skipped skipped, $todo todo"
exit $status
