#!/usr/bin/env python3
"""Checks a language pack against its hand-written cases.

  check_cases.py [--empathy BIN] MODEL CASES

CASES is JSON Lines: {"id", "history", "draft", "expect": {...}}, where expect may hold
  behaviors / noBehaviors: behaviour ids the draft must / must not show;
  nudges / noNudges:       nudge rule ids that must / must not be given;
  risk / emotions:         the customer's risk and emotion ids (an empty list: none at all;
                           otherwise each listed id must be read);
  needsEmpathy:            the customer's state, true or false;
  language / supported:    the result's language code and whether it is scored.
A case may carry "knownMiss": why the engine gets it wrong today (its learned judgement
disagrees). It is reported and not counted as a failure while it fails; once it passes,
it fails, so that the note is removed.
Prints each failing case with what differs; exits 1 if any failed.
"""
import argparse
import json
import subprocess
import sys


def check(case, result):
    expect = case.get("expect", {})
    problems = []
    behaviors = {b["id"] for b in result.get("behaviors", [])}
    nudges = {n["ruleId"] for n in result.get("nudges", [])}
    customer = result.get("customer", {})
    risk = {r["id"] if isinstance(r, dict) else r for r in customer.get("risk", [])}
    emotions = {e["id"] for e in customer.get("emotions", [])}
    for key, have in (("behaviors", behaviors), ("nudges", nudges)):
        missing = set(expect.get(key, [])) - have
        if missing:
            problems.append(f"{key}: missing {sorted(missing)} (got {sorted(have)})")
        no_key = "no" + key[0].upper() + key[1:]
        unwanted = set(expect.get(no_key, [])) & have
        if unwanted:
            problems.append(f"{no_key}: got {sorted(unwanted)}")
    for key, have in (("risk", risk), ("emotions", emotions)):
        if key not in expect:
            continue
        want = set(expect[key])
        if not want and have:
            problems.append(f"{key}: expected none, got {sorted(have)}")
        elif want - have:
            problems.append(f"{key}: missing {sorted(want - have)} (got {sorted(have)})")
    if "needsEmpathy" in expect and customer.get("needsEmpathy") != expect["needsEmpathy"]:
        problems.append(f"needsEmpathy: expected {expect['needsEmpathy']}, got {customer.get('needsEmpathy')}")
    for key in ("language", "supported"):
        if key in expect and result.get(key) != expect[key]:
            problems.append(f"{key}: expected {expect[key]!r}, got {result.get(key)!r}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--empathy", default="build/native/cli/empathy")
    parser.add_argument("model")
    parser.add_argument("cases")
    args = parser.parse_args()
    cases = []
    with open(args.cases, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    cases.append(json.loads(line))
                except json.JSONDecodeError as e:
                    sys.exit(f"{args.cases}:{n}: not JSON ({e})")
    requests = "".join(json.dumps({"history": c.get("history", []), "draft": c["draft"]}, ensure_ascii=False) + "\n"
                       for c in cases)
    run = subprocess.run([args.empathy, "score", "--model", args.model], input=requests.encode(),
                         capture_output=True)
    lines = run.stdout.decode().splitlines()
    if len(lines) != len(cases):
        sys.exit(f"{args.empathy} gave {len(lines)} results for {len(cases)} cases: {run.stderr.decode()[:500]}")
    failed = known = 0
    for case, line in zip(cases, lines):
        result = json.loads(line)
        if "error" in result:
            print(f"{case.get('id')}: error {result['error']}")
            failed += 1
            continue
        problems = check(case, result)
        if case.get("knownMiss"):
            if problems:
                known += 1
                print(f"{case.get('id')}: known miss ({case['knownMiss']}): {'; '.join(problems)}")
            else:
                failed += 1
                print(f"{case.get('id')}: passes now: remove its knownMiss")
            continue
        if problems:
            failed += 1
            print(f"{case.get('id')}: {case['draft'][:70]!r}")
            for p in problems:
                print(f"  {p}")
    print(f"{args.cases}: {len(cases) - failed - known} of {len(cases)} cases pass, {known} known misses")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
