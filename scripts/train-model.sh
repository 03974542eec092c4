#!/usr/bin/env bash
# Reproduces core/models/en.json and the language packs beside it: the hand-written
# lexicon and rules each holds, plus the parts `empathy train` fits. English: from the
# shared data sets ("train" ones only), the project's labelled set and the train split of
# its CX corpus (data/cx); each pack: from the train split of its own corpus (below).
#   scripts/train-model.sh [DATA_DIR [OUT_DIR]]   (defaults ../shared/data and core/models)
# Running it on an unchanged checkout rewrites every model with the same bytes; given
# another OUT_DIR, it writes the models there and changes nothing tracked (tests/cli/train.sh
# does so, and compares them with core/models). The hand-written parts are always read
# from core/models. EMPATHY=FILE trains with that build of the CLI instead of building the
# native preset. Relative paths are read from the project's folder.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
out=${2:-core/models}
for d in "$data/goemotions" "$data/stanford-politeness"; do
  [ -d "$d" ] || { echo "train-model: $d not found (the shared data sets)"; exit 1; }
done
mkdir -p "$out"
if [ -z "${EMPATHY:-}" ]; then
  cmake --preset native >/dev/null
  cmake --build --preset native --target empathy >/dev/null
  EMPATHY=build/native/cli/empathy
fi
"$EMPATHY" train --model core/models/en.json \
  --goemotions "$data/goemotions" --politeness "$data/stanford-politeness" \
  --labelled tests/data/cx-labelled.jsonl --cx data/cx --langid data/langid.json --out "$out/en.json.new"
mv "$out/en.json.new" "$out/en.json"

# The language packs (core/models/<code>.json): their lexicon, word lists and nudges are
# written by hand; their learned judgement is fitted on the train split of the language's
# CX corpus (data/cx-<code>), and the score also on the English corpus's train split read
# without its words (--transfer: behaviours, families, length). Fewer weights than
# English: each pack is a download of its own (at most 120 KB gzipped). Pruning keeps a
# pack's largest weights (--prune weight), which cross-validates better for the packs than
# keeping those that contribute most, as English does (cli/train.hpp).
for pack in es fr de pt; do
  [ -f "core/models/$pack.json" ] || continue
  "$EMPATHY" train --model "core/models/$pack.json" --cx "data/cx-$pack" --langid data/langid.json \
    --keep-score 4000 --keep-family 400 --keep-needs 1500 --keep-risk 250 --prune weight --transfer data/cx --transfer-model "$out/en.json" \
    --out "$out/$pack.json.new"
  mv "$out/$pack.json.new" "$out/$pack.json"
done
