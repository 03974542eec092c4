#!/usr/bin/env bash
# Reproduces core/models/en.json: the hand-written lexicon and rules it holds, plus the
# parts `empathy train` fits from the shared data sets ("train" ones only), the project's
# labelled set and the train split of its CX corpus (data/cx).
#   scripts/train-model.sh [DATA_DIR]   (default ../shared/data)
# Running it on an unchanged checkout rewrites en.json with the same bytes.
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
