#!/usr/bin/env bash
# empathy train on small fixtures: deterministic, loadable, errors named. With the
# shared data sets beside the project, also checks that every model in core/models is
# exactly the output of scripts/train-model.sh.
set -u
empathy=$1
dir=$2        # tests/cli
data=$3       # ../shared/data, which may be absent
root=$4       # the project
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

fx="$dir/train-fixture"
args=(--model "$root/core/models/en.json" --goemotions "$fx/goemotions" --politeness "$fx/politeness"
      --labelled "$fx/labelled.jsonl" --buckets 256 --keep 20 --folds 3)
"$empathy" train "${args[@]}" --out "$work/a.json" 2>"$work/report.md" || fail "train on fixtures should exit 0: $(cat "$work/report.md")"
"$empathy" train "${args[@]}" --out "$work/b.json" 2>/dev/null
cmp -s "$work/a.json" "$work/b.json" || fail "two runs should give the same bytes"
grep -q "| frustration | 60/20 |" "$work/report.md" || fail "the report should count the classifier's examples: $(head -5 "$work/report.md")"
grep -q "3-fold cross-validated" "$work/report.md" || fail "the report should give the cross-validated score"
echo '{"history": [{"role": "customer", "text": "I am furious"}], "draft": "Calm down."}' |
  "$empathy" score --model "$work/a.json" | grep -q '"ruleId":"avoid-calm-down"' || fail "the trained model should score"
# The learned judgement, from a small copy of the CX corpus.
cx=("${args[@]}" --cx "$fx/cx" --keep-score 500)
"$empathy" train "${cx[@]}" --out "$work/l1.json" 2>"$work/learned.md" || fail "train --cx should exit 0: $(tail -5 "$work/learned.md")"
"$empathy" train "${cx[@]}" --out "$work/l2.json" 2>/dev/null
cmp -s "$work/l1.json" "$work/l2.json" || fail "two runs with --cx should give the same bytes"
grep -q '"learned"' "$work/l1.json" || fail "train --cx should write the learned judgement"
grep -q "cross-validated Spearman" "$work/learned.md" || fail "the report should give the learned score's cross-validated Spearman"
grep -q "held-out lines left out" "$work/learned.md" || fail "the report should say the held-out split was left out"
echo '{"history": [{"role": "customer", "text": "I am furious"}], "draft": "Calm down."}' |
  "$empathy" score --model "$work/l1.json" | grep -q '"contributions":\[{' || fail "a learned score should give its contributions"
grep -q '"families": {' "$work/l1.json" || fail "train --cx should write a learned model per behaviour family"
grep -q "| dismissive | " "$work/learned.md" || fail "the report should compare each learned family with the lexicon's level"
echo '{"history": [{"role": "customer", "text": "I am furious"}], "draft": "Calm down."}' |
  "$empathy" score --model "$work/l1.json" |
  grep -qE '"dismissive":\{"level":[0-2],"spans":\[[^]]*\]\],"probability":0\.[0-9]+' ||
  fail "a learned family should give its probability"
mkdir "$work/nolabels"
sed -E 's/, "labels": \{[^}]*\}//' "$fx/cx/replies-1.jsonl" >"$work/nolabels/replies-1.jsonl"
"$empathy" train --model "$root/core/models/en.json" --goemotions "$fx/goemotions" --politeness "$fx/politeness" \
  --buckets 256 --keep 20 --folds 3 --cx "$work/nolabels" --keep-score 500 --out "$work/nl.json" 2>"$work/nl.md" ||
  fail "a corpus without family labels should still train: $(tail -3 "$work/nl.md")"
grep -q "no labels: no learned model" "$work/nl.md" || fail "the report should say which families have no labels"
grep -q '"families": {}' "$work/nl.json" || fail "no family labels: no family models"
mkdir "$work/badlabel"
echo '{"scenario": "s1", "history": [{"role": "customer", "text": "hi"}], "draft": "hello", "overall": 4, "needsEmpathy": false, "labels": {"dismissive": 3}}' >"$work/badlabel/replies-1.jsonl"
"$empathy" train --cx "$work/badlabel" --out "$work/c.json" 2>"$work/err"
[ $? -eq 1 ] && grep -q "replies-1.jsonl:1: labels.dismissive: expected 0, 1 or 2" "$work/err" || fail "a family label out of range should be named: $(cat "$work/err")"
mkdir "$work/badcx"
echo '{"id": "c1", "turns": [{"role": "customer", "text": "hi"}, {"role": "agent", "text": "hello", "missed": "yes"}]}' >"$work/badcx/conversations-1.jsonl"
"$empathy" train --cx "$work/badcx" --out "$work/c.json" 2>"$work/err"
[ $? -eq 1 ] && grep -q "conversations-1.jsonl:1: turns\[1\].missed: expected true or false" "$work/err" || fail "a label of the wrong type should be named: $(cat "$work/err")"
"$empathy" train --cx "$work/nowhere" --out "$work/c.json" 2>"$work/err"
[ $? -eq 1 ] && grep -q "cannot read the folder $work/nowhere" "$work/err" || fail "a missing corpus should be named: $(cat "$work/err")"
"$empathy" train --goemotions "$work/nowhere" --out "$work/c.json" 2>"$work/err"
[ $? -eq 1 ] && grep -q "cannot read $work/nowhere/labels.txt" "$work/err" || fail "a missing data set should be named: $(cat "$work/err")"
echo '{"draft": "x"}' >"$work/unlabelled.jsonl"
"$empathy" train --labelled "$work/unlabelled.jsonl" --out "$work/c.json" 2>"$work/err"
[ $? -eq 1 ] && grep -q "unlabelled.jsonl:1: labels: expected an object" "$work/err" || fail "a line without labels should be named: $(cat "$work/err")"
echo '{"languages": [{"code": "en", "words": ["'"$work"'/no-such-list"]}]}' >"$work/langid.json"
"$empathy" train --langid "$work/langid.json" --out "$work/c.json" 2>"$work/err"
[ $? -eq 1 ] && grep -q "cannot read the word list $work/no-such-list" "$work/err" || fail "a missing word list should be named: $(cat "$work/err")"
echo '{"languages": [{"code": "english"}]}' >"$work/langid.json"
"$empathy" train --langid "$work/langid.json" --out "$work/c.json" 2>"$work/err"
[ $? -eq 1 ] && grep -q "without an ISO 639-1 code" "$work/err" || fail "a bad language code should be named: $(cat "$work/err")"
echo '{"buckets": 1000, "languages": [{"code": "en"}]}' >"$work/langid.json"
"$empathy" train --langid "$work/langid.json" --out "$work/c.json" 2>"$work/err"
[ $? -eq 1 ] && grep -q "buckets: expected a power of two" "$work/err" || fail "buckets not a power of two should be named: $(cat "$work/err")"
"$empathy" train --keep zero 2>/dev/null
[ $? -eq 2 ] || fail "a bad number should exit 2"
"$empathy" train --prune largest 2>"$work/err"
[ $? -eq 2 ] && grep -q -- "--prune expects contribution or weight" "$work/err" || fail "an unknown --prune should be named: $(cat "$work/err")"
# Both ways of pruning keep the weights asked for, and they differ.
"$empathy" train "${cx[@]}" --prune weight --out "$work/w.json" 2>/dev/null || fail "train --prune weight should exit 0"
cmp -s "$work/w.json" "$work/l1.json" && fail "pruning by weight should keep other weights than by contribution"

# Every committed model is the output of scripts/train-model.sh, run here with this build
# into a folder of its own (the packs' transfer reads the English model it has just written).
if [ -d "$data/goemotions" ] && [ -d "$data/stanford-politeness" ]; then
  EMPATHY="$empathy" bash "$root/scripts/train-model.sh" "$data" "$work/models" >"$work/train-model.log" 2>&1 ||
    fail "scripts/train-model.sh should exit 0: $(tail -3 "$work/train-model.log")"
  for model in "$root"/core/models/*.json; do
    name=$(basename "$model")
    cmp -s "$work/models/$name" "$model" || fail "core/models/$name is not the output of scripts/train-model.sh"
  done
else
  echo "train: $data not found, the reproduction check of core/models is skipped"
fi
if [ $failures -eq 0 ]; then echo "train: all checks passed"; else exit 1; fi
