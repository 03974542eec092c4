#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ (ASan + UBSan, clang 14), building them first.
#
#   scripts/fuzz.sh SECONDS   each target for SECONDS; new inputs are kept in
#                             build/fuzz/corpus/TARGET/ so later runs start from them
#   scripts/fuzz.sh --smoke   each target replays its seed corpus (fuzz/corpus/TARGET/,
#                             regressions included) and fuzzes for FUZZ_SMOKE_SECONDS
#                             (default 4): the short run of `make test`
#
# Environment: FUZZ_TARGETS (default: all four), FUZZ_PARALLEL (targets at once,
# default 2), FUZZ_SMOKE_SECONDS. Targets run with a 1 MiB stack. A crash, leak, timeout
# (10 s per input), stack overflow or failed invariant fails its target; the input is
# saved under build/fuzz/artifacts/TARGET/ and the command to reproduce it is printed.
# Closes with `fuzz: N passed, M failed` (and `# pass N` / `# fail M` for test.sh).
# Seed files named regress-* are inputs that once crashed a target: they fail the run
# until the bug is fixed, and guard against its return after.
set -uo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/fuzz.sh SECONDS | --smoke" >&2; exit 2; }
[ $# -eq 1 ] || usage
smoke=0
if [ "$1" = --smoke ]; then
  smoke=1
  seconds=${FUZZ_SMOKE_SECONDS:-4}
elif [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -gt 0 ]; then
  seconds=$1
else
  usage
fi
targets=(${FUZZ_TARGETS:-fuzz_score_json fuzz_model fuzz_overlay fuzz_text})
parallel=${FUZZ_PARALLEL:-2}
build=build/fuzz

# --- Build (configure once; the build is incremental) ------------------------------------
echo "fuzz: building ${targets[*]} (preset fuzz)"
if [ ! -f "$build/CMakeCache.txt" ] && ! cmake --preset fuzz >"${TMPDIR:-/tmp}/fuzz-configure.$$.log" 2>&1; then
  cat "${TMPDIR:-/tmp}/fuzz-configure.$$.log"
  rm -f "${TMPDIR:-/tmp}/fuzz-configure.$$.log"
  echo "# fail ${#targets[@]}"
  echo "fuzz: 0 passed, ${#targets[@]} failed"
  exit 1
fi
rm -f "${TMPDIR:-/tmp}/fuzz-configure.$$.log"
if ! cmake --build --preset fuzz --target "${targets[@]}" >"$build/build.log" 2>&1; then
  grep -E "error|Error|undefined reference" "$build/build.log" | head -40
  echo "# fail ${#targets[@]}"
  echo "fuzz: 0 passed, ${#targets[@]} failed"
  exit 1
fi

# --- Run ----------------------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat fuzz/json.dict fuzz/text.dict >"$work/score.dict"

# Seed folders beyond fuzz/corpus/TARGET, and the dictionary, of each target.
extra_seeds() {
  case $1 in
    fuzz_model) echo core/models ;;  # the default model, without copying 130 KB into fuzz/
  esac
}
dict_of() {
  case $1 in
    fuzz_score_json) echo "$work/score.dict" ;;
    fuzz_text) echo fuzz/text.dict ;;
    *) echo fuzz/json.dict ;;
  esac
}

run_target() {  # target -> writes $work/TARGET.log and $work/TARGET.status
  local t=$1 corpus
  # A 1 MiB stack, as V8 gives wasm on a browser's main thread (the CLI has 8 MiB): deep
  # recursion shows up at a depth a page can hit, with small reproducers.
  ulimit -s 1024
  if [ $smoke -eq 1 ]; then
    corpus="$work/corpus-$t"  # seeds only: the smoke run must not depend on old runs
  else
    corpus="$build/corpus/$t"
  fi
  mkdir -p "$corpus" "$build/artifacts/$t"
  # shellcheck disable=SC2046
  ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
    timeout $((seconds + 300)) "$build/fuzz/$t" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
      -dict="$(dict_of "$t")" -artifact_prefix="$build/artifacts/$t/" \
      "$corpus" "fuzz/corpus/$t" $(extra_seeds "$t") >"$work/$t.log" 2>&1
  echo $? >"$work/$t.status"
}

summary() {  # target -> one line from its log
  local t=$1 log="$work/$1.log" stats runs secs
  stats=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|NEW|REDUCE|pulse)' "$log" | tail -1)
  runs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}')
  secs=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | awk '{print $5}')
  echo "${runs:-?} runs in ${secs:-?} s; $(sed -E 's/^#[0-9]+[[:space:]]+[A-Z]+[[:space:]]+//; s/ lim:.*//; s/ exec\/s:.*//' <<<"$stats")"
}

running=0
for t in "${targets[@]}"; do
  if [ ! -x "$build/fuzz/$t" ]; then
    echo "no such target" >"$work/$t.log"
    echo 1 >"$work/$t.status"
    continue
  fi
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

passed=0
failed=0
for t in "${targets[@]}"; do
  status=$(cat "$work/$t.status" 2>/dev/null || echo 1)
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok   $t: $(summary "$t")"
  else
    failed=$((failed + 1))
    echo "FAIL $t (exit $status): $(summary "$t")"
    # What broke, and the input that shows it.
    grep -E 'ERROR: |fuzz check failed|terminate called|runtime error|SUMMARY|Test unit written|timeout after|out-of-memory' \
      "$work/$t.log" | head -12 | sed 's/^/     /'
    artifact=$(grep -oE 'Test unit written to [^ ]+' "$work/$t.log" | tail -1 | sed 's/Test unit written to //')
    [ -n "$artifact" ] && echo "     reproduce: (ulimit -s 1024; $build/fuzz/$t $artifact)"
    [ $smoke -eq 1 ] || tail -5 "$work/$t.log" | sed 's/^/     /'
  fi
done
# TAP-style totals too, which scripts/test.sh adds up.
echo "# pass $passed"
echo "# fail $failed"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
