// Runs the native benchmark (bench/native_bench.cpp) and profiles it with callgrind.
//
//   findBenchBinary()              build/release/bench/empathy_bench, else build/native/...
//   runNative(binary, corpus, {smoke})
//   profile(binary, corpus, {workload, mode, calls})  top functions by instructions

import { spawn } from "node:child_process";
import { access, constants, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Candidate locations of the bench binary, best first (release before RelWithDebInfo). */
export const BENCH_BINARIES = ["build/release/bench/empathy_bench", "build/native/bench/empathy_bench"]
  .map((p) => path.join(ROOT, p));

export async function findBenchBinary(candidates = BENCH_BINARIES) {
  for (const file of candidates) {
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // try the next one
    }
  }
  return null;
}

/** Runs a command; resolves with its stdout, rejects with its stderr on failure. */
export function exec(command, args, { cwd = ROOT, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code}: ${err.trim().slice(-2000)}`));
    });
  });
}

/**
 * The native benchmark: the workloads (with their stages, then resident memory over
 * 20,000 more calls), and the curve points (shorter, without stages). Returns one
 * document with the workloads of both.
 */
export async function runNative(binary, { main, curve }, { smoke = false } = {}) {
  const quick = smoke ? ["--calls", "5"] : null;
  const first = JSON.parse(await exec(binary, ["--corpus", main,
    ...(quick ?? ["--min-ms", "200", "--min-calls", "200"]), "--memory-calls", smoke ? "20" : "20000"]));
  const second = JSON.parse(await exec(binary, ["--corpus", curve, "--no-stages",
    ...(quick ?? ["--min-ms", "80", "--min-calls", "50"])]));
  first.workloads.push(...second.workloads);
  return first;
}

// --- Profiling ----------------------------------------------------------------------------

/** Shortens a demangled C++ name: no argument lists, template arguments or ABI tags. */
export function shortName(name) {
  let s = name.replace(/\[abi:[^\]]*\]/g, "").replace(/json_abi_v[\d_]+::/g, "");
  // Drop balanced <...> and (...) groups, innermost first, except "operator()" and
  // lambda names, which are kept readable.
  s = s.replace(/operator\(\)/g, "operator@@").replace(/\(anonymous namespace\)/g, "{anon}");
  for (let i = 0; i < 20; i++) {
    const next = s.replace(/<[^<>]*>/g, "").replace(/\([^()]*\)/g, "");
    if (next === s) break;
    s = next;
  }
  return s.replace(/operator@@/g, "operator()").replace(/\{anon\}/g, "(anonymous namespace)")
    .replace(/\s+const$/, "").replace(/\s+/g, " ").trim();
}

/** Where a function belongs (from its full demangled name), for the per-area breakdown. */
export function areaOf(name) {
  const short = shortName(name);
  if (/serializer|::dump$|to_json|result_json|spans_json|components_json|error_json|Writer::|write_result/.test(short) ||
      (/nlohmann/.test(short) && /ordered_map/.test(name))) return "JSON out: result object";
  if (/lexer|parser|parse_input|parse_document|read_turns|read_time|read_name|read_meta|too_deep|sanitize_utf8/.test(short) ||
      /nlohmann/.test(short)) return "JSON in: request";
  if (/Utf16Offsets|convert_to_utf16_spans/.test(short)) return "UTF-16 spans";
  if (/empathy::text::/.test(short)) return "text: UTF-8, tokens, sentences, stems";
  if (/Matcher::/.test(short)) return "matcher: lexicon automaton";
  if (/read_context|drop_negated/.test(short)) return "customer state";
  if (/find_behaviors|specify_apologies|find_reflection|find_open_questions|find_repeats|find_\w*signals|find_evidence/.test(short)) return "behaviours";
  if (/Classifier::/.test(short)) return "classifier";
  if (/choose_nudges/.test(short)) return "nudges";
  if (/malloc|free$|_int_free|_int_malloc|operator new|operator delete|unlink_chunk|consolidate/.test(short)) return "allocator";
  if (/^__mem|^__str|^mem|^str/.test(short)) return "libc string ops";
  if (/^std::/.test(short)) return "std containers";
  if (/^empathy::/.test(short)) return "other core";
  return "other";
}

/** Parses `callgrind_annotate` output into [{ir, name, file}] (the function list only). */
export function parseAnnotate(text) {
  const rows = [];
  for (const line of text.split("\n")) {
    const m = line.match(/^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*?):(.*?)(?: \[[^\]]*\])?\s*$/);
    if (!m || m[3].trim() === "" || /PROGRAM TOTALS/.test(line)) continue;
    rows.push({ ir: Number(m[1].replace(/,/g, "")), file: m[2], name: m[3].trim() });
  }
  return rows;
}

/**
 * Profiles `calls` calls of one workload under callgrind, counting instructions inside
 * the measured entry point only (score_json, or score in engine mode): corpus reading
 * and model loading are left out. Returns top functions by self and inclusive cost, and
 * self cost by area; null when valgrind is not installed.
 */
export async function profile(binary, corpus, { workload = "typical/h10", mode = "json", calls = 200, top = 15 } = {}) {
  try {
    await exec("valgrind", ["--version"]);
  } catch {
    return null;
  }
  const dir = await mkdtemp(path.join(tmpdir(), "empathy-profile-"));
  try {
    // Only this workload's lines: reading the corpus under valgrind is slow.
    const lines = (await readFile(corpus, "utf8")).split("\n").filter((l) => l.startsWith(`{"workload":"${workload}"`));
    const small = path.join(dir, "corpus.jsonl");
    await writeFile(small, lines.join("\n") + "\n");
    const out = path.join(dir, "callgrind.out");
    const entry = mode === "json" ? "empathy::score_json(*" : "empathy::score(empathy::Model const&, empathy::Request const&)";
    await exec("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, `--toggle-collect=${entry}`,
      binary, "--corpus", small, "--only", workload, "--mode", mode, "--calls", String(calls), "--no-stages"]);
    const self = parseAnnotate(await exec("callgrind_annotate", ["--threshold=100", out]));
    const inclusive = parseAnnotate(await exec("callgrind_annotate", ["--inclusive=yes", "--threshold=100", out]));
    const total = self.reduce((t, r) => t + r.ir, 0);
    const merge = (rows) => {
      const byName = new Map();
      for (const r of rows) {
        const name = shortName(r.name);
        byName.set(name, (byName.get(name) ?? 0) + r.ir);
      }
      return [...byName].map(([name, ir]) => ({ name, ir, share: ir / total })).sort((a, b) => b.ir - a.ir);
    };
    const areas = new Map();
    for (const r of self) areas.set(areaOf(r.name), (areas.get(areaOf(r.name)) ?? 0) + r.ir);
    const warm = Math.min(Math.max(Math.floor(calls / 10), 1), 1000);
    const core = merge(inclusive).filter((r) => /^empathy::/.test(r.name) && r.share < 1.0001);
    return {
      workload, mode, calls: calls + warm, instructions: total, perCall: total / (calls + warm),
      self: merge(self).slice(0, top),
      inclusive: core.slice(0, top),
      areas: [...areas].map(([area, ir]) => ({ area, ir, share: ir / total })).sort((a, b) => b.ir - a.ir),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
