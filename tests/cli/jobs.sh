#!/usr/bin/env bash
# --jobs: the same bytes, errors and exit status on any number of threads, in input order,
# on an input of many batches with bad and blank lines; progress only on a terminal.
set -u
empathy=$1
dir=$2        # tests/cli
examples=$3   # examples/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

# 1,300 lines: the sample conversations twice, with the mixed file's bad lines and a blank
# line in the middle of the second copy.
{ cat "$examples/conversations.jsonl"; head -320 "$examples/conversations.jsonl"; cat "$dir/mixed.jsonl"; echo
  tail -n +321 "$examples/conversations.jsonl"; } >"$work/in.jsonl"
for j in 1 2 3; do
  "$empathy" score --jobs $j "$work/in.jsonl" >"$work/score$j" 2>"$work/err$j"
  echo $? >"$work/status$j"
done
[ "$(cat "$work/status1")" = 1 ] || fail "the bad lines should make score exit 1, got $(cat "$work/status1")"
[ "$(wc -l <"$work/score1")" -eq 1285 ] || fail "one result per non-blank line: got $(wc -l <"$work/score1")"
grep -q '^{"error":"not valid JSON","line":962}$' "$work/score1" || fail "the error keeps its line number"
for j in 2 3; do
  cmp -s "$work/score1" "$work/score$j" || fail "--jobs $j should print the same bytes as one job"
  cmp -s "$work/err1" "$work/err$j" || fail "--jobs $j should say the same errors in the same order"
  [ "$(cat "$work/status$j")" = 1 ] || fail "--jobs $j should exit 1 too"
done
# Standard input, and the default (every core), several times: std::cin flushes std::cout
# before a read unless untied, which once raced with the output.
for i in $(seq 500); do cat "$dir/mixed.jsonl"; done >"$work/short.jsonl"
"$empathy" score --jobs 1 <"$work/short.jsonl" >"$work/short1" 2>/dev/null
for run in 1 2 3 4 5 6 7 8; do
  "$empathy" score <"$work/short.jsonl" >"$work/short-default" 2>/dev/null
  cmp -s "$work/short1" "$work/short-default" || { fail "the default --jobs on standard input should print the same bytes (run $run)"; break; }
done

# report: the same table on any number of threads.
for j in 1 2; do "$empathy" report --by team,shift --jobs $j "$work/in.jsonl" >"$work/report$j" 2>"$work/rerr$j"; done
cmp -s "$work/report1" "$work/report2" || fail "report --jobs 2 should give the same table"
cmp -s "$work/rerr1" "$work/rerr2" || fail "report --jobs 2 should say the same errors"
grep -q '^| all |  | 1281 |' "$work/report2" || fail "report should count 1,281 conversations (the mixed file adds one): $(tail -1 "$work/report2")"

# Bad values.
for bad in 0 257 two -1; do
  "$empathy" score --jobs "$bad" "$work/in.jsonl" >/dev/null 2>"$work/e"
  [ $? -eq 2 ] && grep -q -- "--jobs expects a whole number from 1 to 256" "$work/e" || fail "--jobs $bad should be refused: $(cat "$work/e")"
done

# Progress: none when standard error is not a terminal; on a terminal, lines and rate.
head -50 "$examples/conversations.jsonl" >"$work/good.jsonl"
"$empathy" score --jobs 2 "$work/good.jsonl" >/dev/null 2>"$work/quiet"
[ ! -s "$work/quiet" ] || fail "no progress when standard error is not a terminal: $(cat "$work/quiet")"
if command -v script >/dev/null; then
  script -qec "'$empathy' score --jobs 2 '$work/good.jsonl' >'$work/tty-out'" /dev/null >"$work/tty" 2>&1
  grep -q "empathy score: 50 lines" "$work/tty" || fail "a terminal should see progress: $(cat -v "$work/tty" | head -3)"
  cmp -s "$work/tty-out" <("$empathy" score --jobs 1 "$work/good.jsonl") || fail "progress should not touch the output"
fi

if [ $failures -eq 0 ]; then echo "cli --jobs: all checks passed"; else exit 1; fi
