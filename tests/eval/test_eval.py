"""Tests of scripts/eval.py: the metrics, the pair and flip logic, the engine plumbing
(with a misbehaving stand-in binary) and an end-to-end run of the real `empathy` binary on
tiny invented fixtures in each data set's format (tests/eval/fixture/)."""

import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPT = os.path.join(ROOT, "scripts", "eval.py")
FIXTURE = os.path.join(HERE, "fixture")
BINARY = os.environ.get("EMPATHY_BIN", os.path.join(ROOT, "build", "native", "cli", "empathy"))

_spec = importlib.util.spec_from_file_location("empathy_eval", SCRIPT)
ev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ev)


class Metrics(unittest.TestCase):
    def test_fnv1a32_known_values(self):
        self.assertEqual(ev.fnv1a32(""), 2166136261)
        self.assertEqual(ev.fnv1a32("a"), 3826002220)
        self.assertEqual(ev.fnv1a32("foobar"), 0xBF9CF968)
        self.assertEqual(ev.fnv1a32("é"), ev.fnv1a32("\u00e9"))  # UTF-8 bytes, not code points
        self.assertNotEqual(ev.fnv1a32("é"), ev.fnv1a32("e"))

    def test_split(self):
        self.assertTrue(ev.is_test("fx-000"))
        self.assertFalse(ev.is_test("fx-001"))
        self.assertEqual(ev.is_test("flip-03"), ev.fnv1a32("flip-03") % 5 == 0)

    def test_ranks_average_ties(self):
        self.assertEqual(ev.ranks([10, 20, 20, 30]), [1, 2.5, 2.5, 4])
        self.assertEqual(ev.ranks([3, 3, 3]), [2, 2, 2])

    def test_spearman_with_ties(self):
        # ranks x = 1, 2.5, 2.5, 4 ; y = 1..4 -> 4.5 / sqrt(4.5 * 5)
        self.assertAlmostEqual(ev.spearman([1, 2, 2, 3], [1, 2, 3, 4]), 4.5 / (22.5 ** 0.5), places=12)
        self.assertAlmostEqual(ev.spearman([1, 2, 3], [30, 20, 10]), -1.0)
        self.assertAlmostEqual(ev.spearman([1, 5, 9], [2, 3, 100]), 1.0)
        self.assertIsNone(ev.spearman([1, 1, 1], [1, 2, 3]))
        self.assertIsNone(ev.spearman([1], [1]))

    def test_auc_with_ties(self):
        # positives 2 and 3 against negatives 1 and 2: (1 + 0.5) + 2 = 3.5 of 4
        self.assertAlmostEqual(ev.auc([1, 2, 2, 3], [0, 0, 1, 1]), 0.875)
        self.assertAlmostEqual(ev.auc([5, 5, 5, 5], [0, 1, 0, 1]), 0.5)
        self.assertAlmostEqual(ev.auc([3, 1], [False, True]), 0.0)
        self.assertIsNone(ev.auc([1, 2], [1, 1]))

    def test_prf(self):
        r = ev.prf([1, 1, 0, 0], [1, 0, 1, 0])
        self.assertEqual((r["precision"], r["recall"], r["f1"]), (0.5, 0.5, 0.5))
        r = ev.prf([0, 0], [1, 0])
        self.assertIsNone(r["precision"])
        self.assertEqual(r["recall"], 0.0)
        self.assertEqual(r["f1"], 0.0)
        self.assertIsNone(ev.prf([0, 0], [0, 0])["f1"])

    def test_macro_f1(self):
        # class 0: tp1 fn1 -> 2/3; class 1: tp1 fp1 -> 2/3; class 2: 1
        self.assertAlmostEqual(ev.macro_f1([0, 1, 1, 2], [0, 0, 1, 2]), (2 / 3 + 2 / 3 + 1) / 3)
        self.assertAlmostEqual(ev.macro_f1([0, 0], [0, 0]), 1.0)  # absent classes are left out
        self.assertAlmostEqual(ev.macro_f1([2, 2], [0, 0]), 0.0)

    def test_median_tertiles(self):
        self.assertEqual(ev.median([3, 1, 2]), 2)
        self.assertEqual(ev.median([4, 1, 2, 3]), 2.5)
        self.assertEqual(ev.above_median([1, 2, 3, 4]), [False, False, True, True])
        self.assertEqual(ev.tertile_levels([1, 2, 3, 4, 5, 6]), [0, 0, 1, 1, 2, 2])

    def test_baseline_regexes(self):
        self.assertEqual(ev.count(ev.KEYWORD_RE, "Sorry, I UNDERSTAND. Happy to help!"), 3)
        self.assertEqual(ev.count(ev.NEED_RE, "I'm so ANGRY!!"), 2)
        self.assertEqual(ev.count(ev.NEGATIVE_RE, "Just calm down, as I said."), 3)
        self.assertEqual(ev.count(ev.KEYWORD_RE, None), 0)

    def test_recent_customer_text(self):
        h = [{"role": "customer", "text": "a"}, {"role": "agent", "text": "b"},
             {"role": "customer", "text": "c"}, {"role": "customer", "text": "d"}]
        self.assertEqual(ev.recent_customer_text(h), "c d")
        self.assertEqual(ev.recent_customer_text(h[:2]), "a")
        self.assertEqual(ev.recent_customer_text([]), "")


class Pairs(unittest.TestCase):
    def test_gold_pairs_and_accuracy(self):
        items = [{"s": "x", "g": 5}, {"s": "x", "g": 2}, {"s": "x", "g": 2}, {"s": "y", "g": 1}, {"s": "y", "g": 4}]
        pairs = ev.gold_pairs(items, "s", "g")
        self.assertEqual(sorted(pairs), [(0, 1), (0, 2), (4, 3)])  # equal gold and cross-scenario: no pair
        # system: 0 beats 1 (1), ties 2 (0.5), orders y wrongly (0)
        self.assertAlmostEqual(ev.pair_accuracy(pairs, [9, 1, 9, 7, 3]), 1.5 / 3)
        self.assertIsNone(ev.pair_accuracy([], [1]))
        self.assertEqual(ev.pair_credit(None, 3), 0.0)

    def test_length_matched(self):
        self.assertTrue(ev.length_matched(100, 75))
        self.assertTrue(ev.length_matched(75, 100))
        self.assertFalse(ev.length_matched(100, 74))


class Flips(unittest.TestCase):
    # Scenario S1 (neutral) and S2 (bereavement); texts A (brief) and B (condolence).
    GOLD = [("S1", "A", 5), ("S1", "B", 2), ("S2", "A", 1), ("S2", "B", 4)]

    def run_checks(self, scores):
        return ev.flip_checks([(s, t, g, scores[(s, t)]) for s, t, g in self.GOLD])

    def test_context_aware_system_passes(self):
        checks = self.run_checks({("S1", "A"): 80, ("S1", "B"): 30, ("S2", "A"): 10, ("S2", "B"): 90})
        self.assertEqual(len(checks), 3)  # A across scenarios, B across scenarios, the A/B reversal
        self.assertTrue(all(checks))

    def test_reply_only_scorer_cannot_pass(self):
        for a, b in ((10, 20), (20, 10), (5, 5)):
            checks = self.run_checks({("S1", "A"): a, ("S2", "A"): a, ("S1", "B"): b, ("S2", "B"): b})
            self.assertFalse(any(checks))

    def test_partial_failures_and_none(self):
        # Same-text checks hold but the S1 order is wrong: the reversal check fails.
        checks = self.run_checks({("S1", "A"): 50, ("S1", "B"): 60, ("S2", "A"): 10, ("S2", "B"): 70})
        self.assertEqual(sorted(checks), [False, True, True])
        checks = self.run_checks({("S1", "A"): None, ("S1", "B"): 30, ("S2", "A"): 10, ("S2", "B"): 90})
        self.assertEqual(sorted(checks), [False, False, True])

    def test_no_shared_text_means_no_check(self):
        self.assertEqual(ev.flip_checks([("S1", "A", 5, 1), ("S2", "B", 1, 2)]), [])
        # Same text, same gold in both scenarios: nothing to check.
        self.assertEqual(ev.flip_checks([("S1", "A", 3, 1), ("S2", "A", 3, 2)]), [])


class Bootstrap(unittest.TestCase):
    def test_stats_on_the_identity_draw_equal_the_metrics(self):
        rng = random.Random(7)
        xs = [rng.randint(0, 6) for _ in range(200)]  # many ties
        ys = [rng.random() < 0.3 for _ in range(200)]
        gs = [rng.randint(1, 5) for _ in range(200)]
        ident = list(range(200))
        self.assertAlmostEqual(ev.boot_auc_stat(xs, ys)(ident), ev.auc(xs, ys), places=12)
        self.assertAlmostEqual(ev.boot_spearman_stat(xs, gs)(ident), ev.spearman(xs, gs), places=12)

    def test_stats_on_a_resample_equal_the_metrics_of_the_resample(self):
        xs, ys = [1, 2, 2, 3, 5, 5], [0, 1, 0, 1, 1, 0]
        draws = [0, 0, 1, 2, 5, 5, 4]
        self.assertAlmostEqual(ev.boot_auc_stat(xs, ys)(draws),
                               ev.auc([xs[d] for d in draws], [ys[d] for d in draws]), places=12)
        gs = [3, 1, 2, 2, 5, 4]
        self.assertAlmostEqual(ev.boot_spearman_stat(xs, gs)(draws),
                               ev.spearman([xs[d] for d in draws], [gs[d] for d in draws]), places=12)

    def test_deterministic_and_bracketing(self):
        rng = random.Random(1)
        xs = [rng.random() for _ in range(300)]
        ys = [x + rng.random() > 1 for x in xs]
        stats = {"engine": ev.boot_auc_stat(xs, ys), "keyword": ev.boot_auc_stat([0] * 300, ys),
                 "length": ev.boot_auc_stat([-x for x in xs], ys)}
        a = ev.bootstrap(300, stats, resamples=200)
        b = ev.bootstrap(300, stats, resamples=200)
        self.assertEqual(a, b)
        lo, hi = a["ci"]["engine"]
        self.assertTrue(lo < ev.auc(xs, ys) < hi)
        self.assertEqual(a["ci"]["keyword"], [0.5, 0.5])
        self.assertEqual(a["p_beats_both"], 1.0)


class EnginePlumbing(unittest.TestCase):
    def test_errors_and_missing_lines_are_counted_not_fatal(self):
        eng = ev.Engine(os.path.join(FIXTURE, "fake-empathy"))
        res, errors = eng.score([{"history": [], "draft": str(i)} for i in range(5)])
        self.assertEqual(len(res), 5)
        self.assertEqual(errors, 3)  # one error line, two lines never written
        self.assertEqual(ev.r_score(res[0]), 50.0)
        self.assertIsNone(ev.r_score(res[1]))
        s = ev.new_set("t", "t")
        ev.account(s, res)
        self.assertEqual((s["items"], s["errors"], s["unsupported"]), (5, 3, 1))

    def test_missing_binary_is_all_errors(self):
        res, errors = ev.Engine("/nonexistent/empathy").score([{"history": [], "draft": "x"}])
        self.assertEqual(errors, 1)
        self.assertIn("error", res[0])

    def test_temp_file_is_removed(self):
        before = set(os.listdir(tempfile.gettempdir()))
        ev.Engine(os.path.join(FIXTURE, "fake-empathy")).score([{"history": [], "draft": "x"}])
        after = set(os.listdir(tempfile.gettempdir()))
        self.assertFalse([f for f in after - before if f.startswith("empathy-eval-")])


def run_eval(*args):
    return subprocess.run([sys.executable, SCRIPT, "--empathy", BINARY] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


class EndToEnd(unittest.TestCase):
    """The real binary on the fixtures. Baseline figures are exact (worked out by hand in the
    comments); the engine's figures are checked against the binary's own output."""

    @classmethod
    def setUpClass(cls):
        if not os.access(BINARY, os.X_OK):
            raise AssertionError("no empathy binary at %s: cmake --preset native && "
                                 "cmake --build --preset native --target empathy" % BINARY)
        cls.tmp = tempfile.mkdtemp()
        cls.json_path = os.path.join(cls.tmp, "out.json")
        args = ["--data", os.path.join(FIXTURE, "data"), "--cx", os.path.join(FIXTURE, "cx")]
        cls.proc = run_eval(*(args + ["--json", cls.json_path]))
        with open(cls.json_path) as f:
            cls.out = json.load(f)
        cls.sets = {s["name"]: s for s in cls.out["sets"]}
        json2 = os.path.join(cls.tmp, "out2.json")
        cls.proc2 = run_eval(*(args + ["--json", json2]))
        with open(json2) as f:
            cls.out2 = json.load(f)

    def metric(self, set_name, metric, table=None):
        for t in self.sets[set_name]["tables"]:
            if table and table not in t["title"]:
                continue
            for r in t["rows"]:
                if r["metric"].strip() == metric:
                    return r
        raise KeyError(metric)

    def test_runs_clean_and_deterministic(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertEqual(self.proc.stdout, self.proc2.stdout)
        self.assertEqual(self.out, self.out2)
        self.assertEqual([s["name"] for s in self.out["sets"]], list(ev.SET_NAMES))
        for s in self.out["sets"]:
            if s["name"].startswith("cx-"):  # the language packs' corpora: not in the fixture
                self.assertEqual(s["status"], "skipped (not found)", s["name"])
                continue
            self.assertEqual(s["status"], "ok", s["name"])
            self.assertEqual(s["errors"], 0, s["name"])

    def test_language_on_the_fixture_texts(self):
        s = [x for x in self.out["sets"] if x["name"] == "language"][0]
        rows = s["tables"][0]["rows"]
        self.assertEqual([r["metric"] for r in rows][0], "en")  # the fixture's CX texts are English
        self.assertGreater(s["headline"]["engine"], 0.5)
        self.assertEqual(ev.keyword_language("Me han cobrado dos veces y no me ayudan"), "es")
        self.assertEqual(ev.keyword_language("ok"), "und")

    def test_markdown_shape(self):
        md = self.proc.stdout
        self.assertIn("| set | n | headline metric | empathy-coach | keyword | length | beats both |", md)
        self.assertEqual(md.count("| metric | n | empathy-coach | keyword | "),
                         sum(len(s["tables"]) for s in self.out["sets"]))
        widths = {}  # each table's lines have its header's pipes: none stray inside a cell
        for line in md.splitlines():
            if line.startswith("| metric ") or line.startswith("| set "):
                width = line.count("|")
            elif line.startswith("| ") and "---" not in line:
                self.assertEqual(line.count("|"), width, line)
                widths[width] = True
        self.assertIn(6, widths)

    def test_cx_split_and_pairs(self):
        # 9 test replies: fx-000 (3), fx-005 (2), and flip-03's fx-011 (2) and fx-002 (2), which
        # is in test by its flip id although its own id hashes to train; fx-031 is out by its
        # flip id (flip-01) although its own id hashes to test.
        self.assertIn("9 test replies in 4 scenarios; 2 test conversations", self.sets["cx"]["notes"][0])
        r = self.metric("cx", "pairwise accuracy (all pairs)")
        self.assertEqual(r["n"], 6)
        # keyword counts: fx-000 a1 b4 c0 -> 0 + 1 + 1; fx-005 a1 b2 -> 0; flips A1 B1 -> .5 + .5
        self.assertAlmostEqual(r["keyword"], 3 / 6)
        # longer wins: fx-000 a<b, a>c, b>c; fx-005 a>b; fx-011 A<B; fx-002 B>A
        self.assertAlmostEqual(r["length"], 4 / 6)
        b = self.metric("cx", "(b) worse reply at least as long")
        self.assertEqual((b["n"], b["length"], b["keyword"]), (2, 0.0, 0.25))
        c = self.metric("cx", "(c) neutral scenarios (needsEmpathy false)")
        self.assertEqual((c["n"], c["keyword"]), (4, 0.625))
        self.assertEqual(self.metric("cx", "(d) scenarios with a risk")["n"], 2)
        h = self.sets["cx"]["headline"]
        self.assertEqual(h["engine"], r["engine"])
        self.assertTrue(0 <= h["engine"] <= 1)

    def test_cx_flips(self):
        r = self.metric("cx", "checks passed")
        self.assertEqual(r["n"], 3)
        self.assertEqual((r["keyword"], r["length"]), (0.0, 0.0))  # reply-only scorers never pass
        self.assertEqual(self.metric("cx", "flip sets passed")["n"], 1)

    def test_cx_conversations(self):
        # conv-fx-02 (good, no miss): no need words, replies not shorter -> no flag by either
        # baseline; conv-fx-07 (missed): need words, reply without empathy words and shorter.
        t = "Conversations"
        self.assertEqual(self.metric("cx", "false-alarm rate (no missed turn)", t)["keyword"], 0.0)
        self.assertEqual(self.metric("cx", "false-alarm rate (quality good)", t)["length"], 0.0)
        self.assertEqual(self.metric("cx", "recall (a missed turn)", t)["keyword"], 1.0)
        self.assertEqual(self.metric("cx", "precision", t)["n"], 2)

    def test_maia(self):
        s = self.sets["maia-dqe"]
        r = self.metric("maia-dqe", "AUC of emotional-reaction evidence")
        # agent turns: keyword counts 2 (empathic), 0, 2 -> (1 + 0.5) / 2; the empathic turn is longest
        self.assertEqual((r["n"], r["positives"], r["keyword"], r["length"]), (3, 1, 0.75, 1.0))
        # customer turns: need words in turns 1 and 3 (gold: turn 1) -> P .5 R 1 F1 2/3;
        # only turn 3 is longer than the median -> F1 0
        f = self.metric("maia-dqe", "needsEmpathy f1")
        self.assertAlmostEqual(f["keyword"], 2 / 3)
        self.assertEqual(f["length"], 0.0)
        # The engine's figure is the AUC of the emotional-reaction evidence the binary gives
        # these requests (the learned family's probability), and the score's is its own row.
        with open(os.path.join(FIXTURE, "data", "maia-dqe", "fixture_a.json")) as fh:
            turns = json.load(fh)[0]["turns"]
        hist, reqs, gold = [], [], []
        for t in turns:
            if t["floor"] == "outbound":
                text = " ".join(t["text_src"])
                reqs.append({"history": list(hist), "draft": text})
                gold.append(0 in t["Emotion"])
                hist.append({"role": "agent", "text": text})
            else:
                hist.append({"role": "customer", "text": " ".join(t["text_mt"])})
        p = subprocess.run([BINARY, "score", "-"], input="".join(json.dumps(q) + "\n" for q in reqs),
                           stdout=subprocess.PIPE, text=True)
        results = [json.loads(l) for l in p.stdout.splitlines()]
        evidence = [x["families"]["emotional-reaction"]["probability"] for x in results]
        self.assertEqual(r["engine"], ev.auc(evidence, gold))
        self.assertEqual(s["headline"]["engine"], r["engine"])
        sc = self.metric("maia-dqe", "AUC of score (empathy appropriate to the customer's state)")
        self.assertEqual(sc["engine"], ev.auc([x["score"] for x in results], gold))

    def test_esconv_and_failed(self):
        # keyword AUCs: reflection 1 (T1 has 2 hits), restatement .5 (no hits anywhere),
        # question 1 ('?' in both), reassurance 1 ("don't worry", "it will be")
        r = self.metric("esconv", "mean of the four AUCs")
        self.assertEqual((r["n"], r["keyword"]), (5, 0.875))
        q = self.metric("failed-esconv", "Question -> exploration")
        self.assertEqual((q["n"], q["positives"], q["keyword"]), (4, 2, 1.0))  # "Questions" normalised
        # ratings 4, 2, 5 <- mean keyword counts 1 ("hi", "...must be...sorry"), 0, 1 ("Please...")
        sp = self.metric("failed-esconv", "Spearman with the seeker's rating")
        self.assertEqual(sp["n"], 3)
        self.assertAlmostEqual(sp["keyword"], 1.5 / (1.5 * 2) ** 0.5)

    def test_wassa(self):
        # 5 turns with Empathy (the NULL one is history only), turns sorted by turn_id;
        # gold ranks 2 4 3 1 5, keyword counts 0 2 2 0 0 -> 2.5 / sqrt(10 * 7.5)
        r = self.metric("wassa-conversations", "Spearman of emotional-reaction evidence with Empathy")
        self.assertEqual(self.metric("wassa-conversations", "Spearman of score with Empathy")["keyword"], r["keyword"])
        self.assertEqual(r["n"], 5)
        self.assertAlmostEqual(r["keyword"], 2.5 / 75 ** 0.5)

    def test_iempathize_ucc_intents(self):
        r = self.metric("iempathize", "AUC of emotional-reaction evidence: providing (2) vs rest")
        self.assertEqual(self.metric("iempathize", "AUC of score: providing (2) vs rest")["n"], 6)
        self.assertEqual(r["n"], 6)
        self.assertAlmostEqual(r["keyword"], 6.5 / 8)  # positives 1, 2 vs negatives 0, 0, 2, 0
        self.assertEqual(self.metric("iempathize", "needsEmpathy f1")["keyword"], 1.0)
        self.assertEqual(self.metric("iempathize", "needsEmpathy f1")["n"], 4)
        # Each split alone: val (selection) 1,1 vs 0; test (held out, the headline) 1 vs 1,0
        u = self.metric("ucc", "AUC of dismissive evidence", "val.csv")
        self.assertEqual((u["n"], u["positives"], u["keyword"]), (3, 2, 1.0))
        u = self.metric("ucc", "AUC of dismissive evidence", "test.csv")
        self.assertEqual((u["n"], u["positives"], u["keyword"]), (3, 1, 0.75))
        self.assertEqual(self.sets["ucc"]["headline"]["keyword"], 0.75)
        i = self.metric("empathetic-intents", "AUC of emotional-reaction evidence: empathic intents vs others")
        self.assertEqual(self.metric("empathetic-intents", "AUC of score: empathic intents vs others")["n"], 6)
        self.assertEqual((i["n"], i["positives"], i["keyword"]), (6, 2, 0.75))
        e = self.metric("empathetic-intents", "exploration <- questioning")
        self.assertEqual(e["keyword"], 1.0)

    def test_engine_figures_are_probabilities(self):
        for s in self.out["sets"]:
            for t in s["tables"]:
                for r in t["rows"]:
                    if r["engine"] is not None and "Spearman" not in r["metric"]:
                        self.assertTrue(0 <= r["engine"] <= 1, (s["name"], r))

    def test_skipped_and_only(self):
        empty = tempfile.mkdtemp()
        p = run_eval("--data", empty, "--cx", os.path.join(empty, "cx"), "--only", "maia-dqe,cx")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.count("skipped (not found)"), 4)  # two summary rows, two sections
        self.assertNotIn("## ucc", p.stdout)
        bad = run_eval("--only", "nope")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("unknown set", bad.stderr)


if __name__ == "__main__":
    unittest.main()
