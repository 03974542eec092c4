// The native benchmark of the core: per-message latency (p50, p99) and throughput on
// the corpus bench/messages.mjs writes, for two entry points:
//   engine  empathy::score(model, request) on a parsed Request -> Result (the library API)
//   json    empathy::score_json(model, text): parse, score, UTF-16 spans, serialise
//           (the whole contract: what the CLI and the wasm boundary run per message)
// and, per workload, the three stages of the json path timed apart.
//
//   empathy_bench --corpus FILE [--only PREFIX] [--mode engine|json|both]
//                 [--min-ms N] [--min-calls N] [--max-calls N] [--calls N]
//                 [--memory-calls N] [--no-stages]
//
// The corpus is JSON Lines: {"workload": "short/h10", "request": {...}} (SPEC §2.1
// requests). Prints one JSON document: build, workloads (times in nanoseconds), memory.
// One thread: every figure is per core.
#include <time.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "empathy/empathy.hpp"
#include "empathy/json.hpp"

#ifndef EMPATHY_BENCH_BUILD_TYPE
#define EMPATHY_BENCH_BUILD_TYPE "unknown"
#endif
#ifndef EMPATHY_BENCH_COMPILER
#define EMPATHY_BENCH_COMPILER "unknown"
#endif

namespace {

using Clock = std::chrono::steady_clock;
using ordered = nlohmann::ordered_json;

// Keeps results alive so the optimiser cannot drop the calls that make them.
volatile std::uint64_t g_sink = 0;

struct Options {
  std::string corpus;
  std::string only;  // workload name prefix; empty = all
  bool engine = true;
  bool json = true;
  bool stages = true;
  double min_ms = 200;  // per measurement
  std::size_t min_calls = 100;
  std::size_t max_calls = 2'000'000;
  std::size_t memory_calls = 0;
};

struct Workload {
  std::string name;
  std::vector<std::string> texts;          // request JSON, one per message
  std::vector<empathy::Request> requests;  // the same, parsed
  double draft_chars = 0;                  // mean draft length, UTF-8 bytes
  double history_turns = 0;                // mean history length
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Runs call(i) for i = 0, 1, ... until both min_ms and min_calls are reached (or
// max_calls), timing each call. Returns the per-call times in nanoseconds.
template <class Call>
std::vector<double> sample(const Options& o, Call&& call) {
  // Warm-up: caches, branch predictors, the allocator's free lists.
  const std::size_t warm = std::min<std::size_t>(std::max<std::size_t>(o.min_calls / 10, 1), 1000);
  for (std::size_t i = 0; i < warm; ++i) call(i);
  std::vector<double> ns;
  ns.reserve(std::min<std::size_t>(o.max_calls, 1 << 20));
  const auto start = Clock::now();
  for (std::size_t i = 0; i < o.max_calls; ++i) {
    const auto t0 = Clock::now();
    call(i);
    const auto t1 = Clock::now();
    ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count());
    if (ns.size() >= o.min_calls && (i & 63) == 63 && ms_since(start) >= o.min_ms) break;
  }
  return ns;
}

// Milliseconds of CPU time this thread has used: unlike wall time, it does not count
// the time other processes on a shared machine held the core.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Rate {
  double per_second = 0;      // calls per second of wall time
  double per_cpu_second = 0;  // calls per second of this thread's CPU time
};

// Calls per second with no clock inside the loop: batches of 64 (at most max_calls),
// timed as a whole.
template <class Call>
Rate throughput(const Options& o, Call&& call) {
  std::size_t calls = 0;
  const auto start = Clock::now();
  const double cpu_start = thread_cpu_ms();
  double elapsed = 0;
  const std::size_t chunk = std::min<std::size_t>(64, o.max_calls);
  do {
    for (std::size_t k = 0; k < chunk; ++k) call(calls++);
    elapsed = ms_since(start);
  } while ((elapsed < o.min_ms || calls < o.min_calls) && calls < o.max_calls);
  const double cpu = thread_cpu_ms() - cpu_start;
  const double n = static_cast<double>(calls);
  return {elapsed > 0 ? n / (elapsed / 1000.0) : 0, cpu > 0 ? n / (cpu / 1000.0) : 0};
}

double percentile(std::vector<double> v, double p) {  // nearest rank
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(p / 100.0 * static_cast<double>(v.size()))));
  return v[std::min(rank, v.size()) - 1];
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

ordered summary(const std::vector<double>& ns, Rate rate) {
  ordered o;
  o["calls"] = ns.size();
  o["p50_ns"] = percentile(ns, 50);
  o["p99_ns"] = percentile(ns, 99);
  o["mean_ns"] = mean(ns);
  o["per_second"] = rate.per_second;
  o["per_cpu_second"] = rate.per_cpu_second;
  return o;
}

std::size_t resident_kb() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) / 1024;
}

bool read_corpus(const std::string& path, const std::string& only, std::vector<Workload>& out, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = path + ": cannot open";
    return false;
  }
  std::map<std::string, std::size_t> index;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    // Lines of other workloads are skipped before parsing (the generator writes
    // "workload" first); a line that slips through is still filtered by name below.
    if (!only.empty() && line.find("\"workload\":\"" + only) == std::string::npos) continue;
    const auto doc = nlohmann::json::parse(line, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("workload") || !doc["workload"].is_string() ||
        !doc.contains("request")) {
      error = path + ":" + std::to_string(number) + ": expected {\"workload\": \"...\", \"request\": {...}}";
      return false;
    }
    const std::string name = doc["workload"].get<std::string>();
    if (!only.empty() && name.rfind(only, 0) != 0) continue;
    std::string text = doc["request"].dump();
    empathy::Input input = empathy::parse_input(text);
    if (!input.error.empty() || input.kind != empathy::Input::Kind::request) {
      error =
          path + ":" + std::to_string(number) + ": request: " + (input.error.empty() ? "not a request" : input.error);
      return false;
    }
    auto [it, inserted] = index.try_emplace(name, out.size());
    if (inserted) out.push_back(Workload{name, {}, {}, 0, 0});
    Workload& w = out[it->second];
    w.draft_chars += static_cast<double>(input.request.draft.size());
    w.history_turns += static_cast<double>(input.request.history.size());
    w.texts.push_back(std::move(text));
    w.requests.push_back(std::move(input.request));
  }
  for (auto& w : out) {
    w.draft_chars /= static_cast<double>(w.requests.size());
    w.history_turns /= static_cast<double>(w.requests.size());
  }
  if (out.empty()) {
    error = path + ": no workload" + (only.empty() ? "" : " starting with \"" + only + "\"");
    return false;
  }
  return true;
}

ordered run_workload(const empathy::Model& model, const Workload& w, const Options& o) {
  const std::size_t n = w.requests.size();
  auto engine = [&](std::size_t i) {
    const empathy::Result r = empathy::score(model, w.requests[i % n]);
    g_sink = g_sink + static_cast<std::uint64_t>(r.score) + r.behaviors.size();
  };
  auto json = [&](std::size_t i) {
    const empathy::JsonOutput out = empathy::score_json(model, w.texts[i % n]);
    g_sink = g_sink + out.json.size();
  };
  ordered o_w;
  o_w["name"] = w.name;
  o_w["messages"] = n;
  o_w["draft_bytes"] = w.draft_chars;
  o_w["history_turns"] = w.history_turns;
  if (o.engine) {
    auto ns = sample(o, engine);
    o_w["engine"] = summary(ns, throughput(o, engine));
  }
  if (o.json) {
    auto ns = sample(o, json);
    o_w["json"] = summary(ns, throughput(o, json));
  }
  if (o.stages) {
    // The json path in three stages, each timed alone on the same messages.
    Options quick = o;
    quick.min_ms = o.min_ms / 4;
    std::vector<empathy::Result> converted;
    converted.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      converted.push_back(empathy::score(model, w.requests[i]));
      empathy::convert_to_utf16_spans(converted.back(), w.requests[i].draft, w.requests[i].history);
    }
    auto parse = [&](std::size_t i) {
      const empathy::Input in = empathy::parse_input(w.texts[i % n]);
      g_sink = g_sink + in.request.draft.size();
    };
    auto serialise = [&](std::size_t i) { g_sink = g_sink + empathy::to_json(converted[i % n]).size(); };
    ordered st;
    st["parse_ns"] = mean(sample(quick, parse));
    st["score_ns"] = mean(sample(quick, engine));
    st["serialise_ns"] = mean(sample(quick, serialise));
    o_w["stages"] = std::move(st);
  }
  return o_w;
}

void usage(std::FILE* to) {
  std::fputs(
      "usage: empathy_bench --corpus FILE [options]\n"
      "  --corpus FILE      JSON Lines of {\"workload\": NAME, \"request\": {...}} (bench/messages.mjs)\n"
      "  --only PREFIX      only the workloads whose name starts with PREFIX\n"
      "  --mode M           engine (score on parsed requests), json (score_json), or both (default)\n"
      "  --min-ms N         time spent per measurement, at least (default 200)\n"
      "  --min-calls N      calls per measurement, at least (default 100)\n"
      "  --max-calls N      calls per measurement, at most (default 2000000)\n"
      "  --calls N          exactly N calls per measurement (for profilers)\n"
      "  --memory-calls N   after the workloads, N more json calls, resident memory before and after\n"
      "  --no-stages        skip the parse / score / serialise split\n"
      "Prints one JSON document; times are nanoseconds per call, one thread.\n",
      to);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "empathy_bench: %s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    auto count = [&]() -> std::size_t {
      const std::string v = value();
      char* end = nullptr;
      const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0') {
        std::fprintf(stderr, "empathy_bench: %s: expected a whole number, got \"%s\"\n", argv[i - 1], v.c_str());
        std::exit(2);
      }
      return static_cast<std::size_t>(n);
    };
    if (a == "--help" || a == "-h") {
      usage(stdout);
      return 0;
    } else if (a == "--corpus") {
      o.corpus = value();
    } else if (a == "--only") {
      o.only = value();
    } else if (a == "--mode") {
      const std::string m = value();
      if (m != "engine" && m != "json" && m != "both") {
        std::fprintf(stderr, "empathy_bench: --mode: expected engine, json or both, got \"%s\"\n", m.c_str());
        return 2;
      }
      o.engine = m != "json";
      o.json = m != "engine";
    } else if (a == "--min-ms") {
      o.min_ms = static_cast<double>(count());
    } else if (a == "--min-calls") {
      o.min_calls = std::max<std::size_t>(1, count());
    } else if (a == "--max-calls") {
      o.max_calls = std::max<std::size_t>(1, count());
    } else if (a == "--calls") {
      o.min_calls = o.max_calls = std::max<std::size_t>(1, count());
      o.min_ms = 0;
    } else if (a == "--memory-calls") {
      o.memory_calls = count();
    } else if (a == "--no-stages") {
      o.stages = false;
    } else {
      std::fprintf(stderr, "empathy_bench: unknown option \"%s\" (try --help)\n", argv[i]);
      return 2;
    }
  }
  if (o.corpus.empty()) {
    usage(stderr);
    return 2;
  }
  o.min_calls = std::min(o.min_calls, o.max_calls);

  std::vector<Workload> workloads;
  std::string error;
  if (!read_corpus(o.corpus, o.only, workloads, error)) {
    std::fprintf(stderr, "empathy_bench: %s\n", error.c_str());
    return 1;
  }
  const auto load_start = Clock::now();
  const empathy::ModelLoad loaded = empathy::load_model(empathy::default_model_json());
  const double load_ms = ms_since(load_start);
  if (!loaded.model) {
    std::fprintf(stderr, "empathy_bench: the default model does not load: %s\n", loaded.error.c_str());
    return 1;
  }

  ordered out;
  out["build"] = EMPATHY_BENCH_BUILD_TYPE;
  out["compiler"] = EMPATHY_BENCH_COMPILER;
  out["model_load_ms"] = load_ms;
  ordered results = ordered::array();
  for (const Workload& w : workloads) results.push_back(run_workload(*loaded.model, w, o));
  out["workloads"] = std::move(results);

  if (o.memory_calls > 0) {
    // Every message of every workload in turn, as a long-running CLI or server would.
    std::vector<const std::string*> all;
    for (const auto& w : workloads)
      for (const auto& t : w.texts) all.push_back(&t);
    const std::size_t before = resident_kb();
    for (std::size_t i = 0; i < o.memory_calls; ++i)
      g_sink = g_sink + empathy::score_json(*loaded.model, *all[i % all.size()]).json.size();
    ordered m;
    m["calls"] = o.memory_calls;
    m["resident_kb_before"] = before;
    m["resident_kb_after"] = resident_kb();
    out["memory"] = std::move(m);
  }
  std::cout << out.dump(1) << '\n';
  return 0;
}
