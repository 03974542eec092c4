#!/usr/bin/env bash
# The CLI as a user runs it: real files, standard input, bad lines, exit codes, --help.
set -u
empathy=$1
dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

# Every line gets a result in order; bad lines become errors in place; exit 1.
"$empathy" score "$dir/mixed.jsonl" >"$work/out" 2>"$work/err"
status=$?
[ $status -eq 1 ] || fail "mixed input should exit 1, got $status"
[ "$(wc -l <"$work/out")" -eq 5 ] || fail "mixed input should give 5 lines, got $(wc -l <"$work/out")"
sed -n 2p "$work/out" | grep -q '^{"error":"not valid JSON","line":2}$' || fail "line 2 should be a JSON error"
sed -n 4p "$work/out" | grep -q '"error":"draft: expected a string","line":5' || fail "line 5 should name the field"
sed -n 1p "$work/out" | grep -q '^{"score":' || fail "line 1 should be a result"
sed -n 3p "$work/out" | grep -q '^{"id":"conv-1","score":' || fail "line 3 should be a conversation result"
grep -q "mixed.jsonl:2" "$work/err" || fail "stderr should name the file and line"

# Standard input, and '-' for it; all good lines exit 0.
head -1 "$dir/mixed.jsonl" | "$empathy" score >"$work/a" || fail "stdin should exit 0"
head -1 "$dir/mixed.jsonl" | "$empathy" score - >"$work/b" || fail "'-' should exit 0"
cmp -s "$work/a" "$work/b" || fail "stdin and '-' should agree"

# Windows line endings are fine.
head -1 "$dir/mixed.jsonl" | sed 's/$/\r/' | "$empathy" score >"$work/c" || fail "CRLF should be accepted"
cmp -s "$work/a" "$work/c" || fail "CRLF should give the same result"

# Usage errors exit 2 and say what is wrong.
"$empathy" score "$work/missing.jsonl" 2>"$work/err" >/dev/null
[ $? -eq 2 ] && grep -q "cannot read" "$work/err" || fail "a missing input file should exit 2"
"$empathy" score --bogus 2>/dev/null >/dev/null
[ $? -eq 2 ] || fail "an unknown option should exit 2"
"$empathy" frobnicate 2>/dev/null >/dev/null
[ $? -eq 2 ] || fail "an unknown command should exit 2"
"$empathy" score --help | grep -q "usage: empathy score" || fail "score --help should print usage"
"$empathy" --help | grep -q "usage: empathy" || fail "--help should print usage"

# A malformed model file is refused with its path and the key.
echo '{"version": 1, "language": "en", "thresholds": 5}' >"$work/bad-model.json"
"$empathy" score --model "$work/bad-model.json" "$dir/mixed.jsonl" 2>"$work/err" >/dev/null
[ $? -eq 2 ] || fail "a bad model should exit 2"
grep -q "bad-model.json: model: thresholds: expected an object" "$work/err" || fail "a bad model error should name path and key: $(cat "$work/err")"

# An overlay rewords a nudge.
echo '{"nudges": {"avoid-calm-down": {"message": "Try another phrase."}}}' >"$work/overlay.json"
echo '{"draft": "calm down"}' | "$empathy" score --overlay "$work/overlay.json" | grep -q '"message":"Try another phrase."' ||
  fail "an overlay should reword a nudge"

# report: groups by meta keys, in three formats, from raw conversations or results.
"$empathy" report --by team,channel "$dir/conversations.jsonl" >"$work/report.md" 2>"$work/err"
[ $? -eq 1 ] || fail "report with a bad line should exit 1"
grep -q "conversations.jsonl:4" "$work/err" || fail "report should name the bad line"
grep -q '^| billing | chat | 1 |' "$work/report.md" || fail "report should have a billing/chat row: $(cat "$work/report.md")"
grep -q '^| all |  | 3 |' "$work/report.md" || fail "report should end with all 3 conversations"
head -3 "$dir/conversations.jsonl" | "$empathy" report --by team --format csv >"$work/report.csv" || fail "csv report should exit 0"
[ "$(head -1 "$work/report.csv")" = "team,count,unsupported,mean,p10,p50,p90,missedEmpathyRate,highRisk,missedHighRiskRate" ] ||
  fail "csv header: $(head -1 "$work/report.csv")"
head -3 "$dir/conversations.jsonl" | "$empathy" score | "$empathy" report --by team --format json >"$work/report.json" ||
  fail "a report of scored results should exit 0"
grep -q '"groups":\[{"key":{"team":"billing"},"count":2,' "$work/report.json" || fail "json report: $(cat "$work/report.json")"
# A conversation in a language the model does not read is counted apart, never as a zero.
printf '%s\n' '{"id":"it-1","meta":{"team":"milano"},"turns":[{"role":"customer","text":"Mi hanno addebitato due volte e nessuno mi aiuta, sono stufa"},{"role":"agent","text":"Mi dispiace molto, ho già rimborsato l'"'"'addebito doppio."}]}' |
  "$empathy" report --by team --format json >"$work/report-it.json" || fail "a report of an unsupported conversation should exit 0"
grep -q '"key":{"team":"milano"},"count":0,"unsupported":1,"mean":null,"p10":null,"p50":null,"p90":null,"missedEmpathyRate":null' "$work/report-it.json" ||
  fail "unsupported counted apart: $(cat "$work/report-it.json")"
# The built-in packs: Spanish is scored by its own, an overlay's "packs".es part reaches it,
# and --packs none leaves it unsupported.
es='{"history":[{"role":"customer","text":"Me han cobrado dos veces y nadie me ayuda, estoy harta!!"}],"draft":"Cálmese, por favor."}'
echo '{"packs": {"es": {"nudges": {"avoid-calm-down": {"message": "No digas {span}."}}}}}' >"$work/packs-overlay.json"
echo "$es" | "$empathy" score --overlay "$work/packs-overlay.json" | grep -q '"language":"es","supported":true.*"message":"No digas Cálmese."' ||
  fail "an overlay's packs.es should reach the Spanish pack"
echo "$es" | "$empathy" score --packs none | grep -q '"language":"es","supported":false' || fail "--packs none leaves Spanish unsupported"
echo "$es" | "$empathy" score --packs "$work/nowhere.json" 2>"$work/err" >/dev/null
[ $? -eq 2 ] && grep -q "cannot read pack file $work/nowhere.json" "$work/err" || fail "a missing pack file should be named: $(cat "$work/err")"
"$empathy" report --format xml "$dir/conversations.jsonl" 2>/dev/null >/dev/null
[ $? -eq 2 ] || fail "an unknown format should exit 2"

if [ $failures -eq 0 ]; then echo "cli: all checks passed"; else exit 1; fi
