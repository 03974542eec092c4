#!/usr/bin/env bash
# Tests of scripts/eval.py (metrics, pair and flip logic, and an end-to-end run of the
# real build/native/cli/empathy on tiny invented fixtures). Prints TAP with Node's
# closing lines ("# pass N", "# fail M"); exits non-zero on any failure.
# EMPATHY_BIN overrides the binary.
set -uo pipefail
cd "$(dirname "$0")"
export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 - <<'PY'
import sys, unittest
sys.path.insert(0, ".")

class Tap(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.n = 0
        self.passed = 0
        self.failed = 0

    def _line(self, ok, test, detail=None):
        self.n += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, test.id().split(".", 1)[-1]))
        if detail:
            for l in detail.rstrip().splitlines():
                print("  # " + l)
        sys.stdout.flush()

    def addSuccess(self, test):
        self.passed += 1
        self._line(True, test)

    def addFailure(self, test, err):
        self.failed += 1
        self._line(False, test, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        self.failed += 1
        self._line(False, test, self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        self._line(True, test, "SKIP " + reason)

print("TAP version 13")
suite = unittest.defaultTestLoader.discover(".", pattern="test_*.py")
r = Tap()
suite.run(r)
# A failing setUpClass is reported once as an error of the class, not per test.
print("1..%d" % r.n)
print("# tests %d" % (r.passed + r.failed))
print("# pass %d" % r.passed)
print("# fail %d" % r.failed)
sys.exit(1 if r.failed else 0)
PY
