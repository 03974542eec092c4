#!/usr/bin/env bash
# Reproduces core/models/en.json and the language packs beside it: the hand-written
# lexicon and rules each holds, plus the parts `empathy train` fits. English: from the
# shared data sets ("train" ones only), the project's labelled set and the train split of
# its CX corpus (data/cx); each pack: from the train split of its own corpus (below).
#   scripts/train-model.sh [DATA_DIR]   (default ../shared/data)
# Running it on an unchanged checkout rewrites every model with the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
for d in "$data/goemotions" "$data/stanford-politeness"; do
  [ -d "$d" ] || { echo "train-model: $d not found (the shared data sets)"; exit 1; }
done
cmake --preset native >/dev/null
cmake --build --preset native --target empathy >/dev/null
build/native/cli/empathy train --model core/models/en.json \
  --goemotions "$data/goemotions" --politeness "$data/stanford-politeness" \
  --labelled tests/data/cx-labelled.jsonl --cx data/cx --langid data/langid.json --out core/models/en.json.new
mv core/models/en.json.new core/models/en.json

# The language packs (core/models/<code>.json): their lexicon, word lists and nudges are
# written by hand; their learned judgement is fitted on the train split of the language's
# CX corpus (data/cx-<code>), and the score also on the English corpus's train split read
# without its words (--transfer: behaviours, families, length). Fewer weights than
# English: each pack is a download of its own (at most 120 KB gzipped). Pruning keeps a
# pack's largest weights (--prune weight), which cross-validates better for the packs than
# keeping those that contribute most, as English does (cli/train.hpp).
for pack in es fr de pt; do
  [ -f "core/models/$pack.json" ] || continue
  build/native/cli/empathy train --model "core/models/$pack.json" --cx "data/cx-$pack" --langid data/langid.json \
    --keep-score 4000 --keep-family 400 --keep-needs 1500 --keep-risk 250 --prune weight --transfer data/cx --transfer-model core/models/en.json \
    --out "core/models/$pack.json.new"
  mv "core/models/$pack.json.new" "core/models/$pack.json"
done
