// empathy: the command line.
//   empathy score [--model FILE] [--overlay FILE] [FILE|-]   JSON Lines in, results out
//   empathy report [--by KEYS] [--format md|csv|json] [FILE|-]      scores by team, channel, shift
//   empathy eval  [--model FILE] [--resamples N] [--seed N] FILE   accuracy tables
//   empathy train [--model FILE] [--goemotions DIR] [--politeness DIR] [--labelled FILE] [--out FILE]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "empathy/empathy.hpp"
#include "empathy/json.hpp"
#include "empathy/packs.hpp"
#include "eval.hpp"
#include "parallel.hpp"
#include "report.hpp"
#include "train.hpp"

namespace {

constexpr std::string_view kUsage = R"(usage: empathy <command> [options]

commands:
  score    score requests and conversations (JSON Lines in, JSON Lines out)
  report   aggregate conversation scores by team, channel, shift (Markdown, CSV, JSON)
  eval     measure accuracy on labelled JSON Lines (Markdown tables)
  train    fit the model's classifier, family levels and score weights

Run 'empathy <command> --help' for a command's options.
)";

constexpr std::string_view kScoreUsage =
    R"(usage: empathy score [--model FILE] [--overlay FILE] [--packs none|FILE,...] [--jobs N] [FILE|-]

Reads JSON Lines from FILE (or standard input when FILE is '-' or absent). Each line is
a request {"history": [...], "draft": "..."} or a conversation {"id", "meta", "turns"}.
Writes one result per input line, in the same order; blank lines are skipped. A line
that cannot be scored yields {"error": "...", "line": N} in its place and scoring goes on.

options:
  --model FILE     use this model file instead of the built-in English model
  --overlay FILE   merge this JSON over the model (reword, translate or silence nudges)
  --packs P        the language packs beside the model: by default the built-in Spanish,
                   French, German and Portuguese ones (a reply clearly in one of those
                   languages, or after a customer clearly writing one, is scored by its
                   pack); 'none', or comma-separated pack files such as core/models/es.json
  --jobs N         score on N threads (default: every core); the output is the same, in
                   input order. On a terminal, progress goes to standard error.
  -h, --help       show this help

exit status: 0 when every line was scored, 1 when any line failed, 2 on bad usage or model.
)";

constexpr std::string_view kReportUsage =
    R"(usage: empathy report [--by KEY,KEY...] [--format md|csv|json] [--model FILE] [--packs none|FILE,...] [--jobs N] [FILE|-]

Reads JSON Lines of conversations {"id", "meta": {"team", "channel", "shift", ...},
"turns"} (scored here) or of conversation results (the output of 'empathy score'), and
prints one row per group of the --by meta keys, then one for all: count, mean, p10, p50,
p90 of the conversation score, the missed-empathy rate, the number of high-risk
conversations and the rate at which their empathy was missed. A bad line is reported on
standard error with its file and line, and the report goes on without it.

options:
  --by KEYS        comma-separated meta keys to group by, e.g. team,channel,shift
  --format F       md (default), csv or json
  --model FILE     score raw conversations with this model
  --packs P        the language packs beside it, as for 'empathy score'
  --jobs N         score on N threads (default: every core); the same report. On a
                   terminal, progress goes to standard error.
  -h, --help       show this help

exit status: 0, or 1 when any line was bad, 2 on bad usage.
)";

constexpr std::string_view kTrainUsage =
    R"(usage: empathy train [--model FILE] [--goemotions DIR] [--politeness DIR] [--labelled FILE] [--cx DIR]
                     [--langid FILE] [--out FILE]

Fits the learned parts of a model and writes it (to --out, or standard output); what
was fitted and how well goes to standard error as Markdown. The lexicon, the nudge
rules and the hand-set thresholds of the base model (--model, or the built-in one) are
kept. Deterministic: the same inputs give the same bytes.

  --goemotions DIR  GoEmotions train.tsv, dev.tsv and labels.txt: a hashed word and
                    bigram classifier for customer emotions (frustration, anxiety,
                    confusion, sadness, gratitude) and writer-side signals (caring,
                    curiosity, remorse, optimism), thresholds tuned on dev
  --politeness DIR  the Stanford Politeness Corpus CSVs: a "polite" output
  --labelled FILE   labelled replies (as tests/data/cx-labelled.jsonl): per-family level
                    thresholds and the message score's weights, with k-fold
                    cross-validation in the report; with --cx, also learned from
  --cx DIR          the project's CX corpus (data/cx): its train split fits the learned
                    judgement (needsEmpathy, risk categories, the score in context, the
                    score at which a reply acknowledges a new need); the test split is
                    never read
  --langid FILE     language identification (as data/langid.json: word lists and CX
                    corpora per language): fitted on the words and the corpora's train
                    split; the report measures it on their test split
  --buckets N       hashed feature buckets (default 4096)
  --keep N          weights kept per classifier output (default 150)
  --epochs N        passes over the classifier data (default 4)
  --folds N         cross-validation folds (default 5)
  --seed N          seed of every shuffle (default 1)
  --learned-epochs N      passes over the CX corpus for the learned judgement (default 12)
  --learned-l2-ppm N      its L2 penalty in millionths (default 10)
  --keep-score N          weights the learned score keeps (default 12000)
  --keep-family N         weights each learned behaviour family keeps (default 700)
  --keep-rude N           more weights the dismissive family keeps when it also learns
                          the rude requests of --politeness (default 3000)
  --keep-needs N          weights the learned needsEmpathy keeps (default 4000)
  --keep-risk N           weights each learned risk category keeps (default 600)
  --prune HOW             which weights pruning keeps: contribution (the largest part of
                          the logit over the training data; default) or weight (the largest)
  --transfer DIR          another language's CX corpus (data/cx) whose train split teaches a
                          language pack's score what languages share (behaviours, families,
                          length), never words; kept only if it helps in cross-validation
  --transfer-model FILE   the model that reads that corpus (core/models/en.json)
  -h, --help        show this help
)";

constexpr std::string_view kEvalUsage = R"(usage: empathy eval [--model FILE] [--resamples N] [--seed N] FILE

Scores every line of FILE, a labelled JSON Lines file (each line a request plus
"labels" {family: level 0..2}, "overall" 1..5, "needsEmpathy" and "emotions"), and
prints Markdown tables: per-family macro-F1 over levels, precision and recall; the
score's Spearman correlation with "overall" and its AUC for "overall" >= 4; and
needsEmpathy and emotion F1. Each beside a plain keyword baseline, with 95%
bootstrap confidence intervals.

options:
  --model FILE     evaluate this model instead of the built-in one
  --resamples N    bootstrap resamples (default 1000)
  --seed N         bootstrap seed (default 1)
  -h, --help       show this help
)";

// A regular file's bytes; false for a missing file, a folder or a read error.
bool read_file(const std::string& path, std::string& out) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  out = ss.str();
  return true;
}

// Opens an input file for reading line by line; false for a missing file or a folder.
bool open_input(const std::string& path, std::ifstream& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return false;
  file.open(path, std::ios::binary);
  return static_cast<bool>(file);
}

// Loads the built-in model, or --model FILE, with --overlay FILE merged over it; on an
// error prints it with the file's path and returns no model.
empathy::ModelLoad load(const char* command, const std::string& model_path, const std::string& overlay_path) {
  std::string model_json(empathy::default_model_json());
  if (!model_path.empty() && !read_file(model_path, model_json)) {
    std::cerr << "empathy " << command << ": cannot read model file " << model_path << "\n";
    return {};
  }
  std::string overlay_json;
  if (!overlay_path.empty() && !read_file(overlay_path, overlay_json)) {
    std::cerr << "empathy " << command << ": cannot read overlay file " << overlay_path << "\n";
    return {};
  }
  empathy::ModelLoad loaded =
      overlay_path.empty() ? empathy::load_model(model_json) : empathy::load_model(model_json, overlay_json);
  if (!loaded.model) {
    const std::string& source = !overlay_path.empty() ? overlay_path : model_path;
    std::cerr << "empathy " << command << ": " << (source.empty() ? "built-in model" : source) << ": " << loaded.error
              << "\n";
  }
  return loaded;
}

// The models a command scores with: the base model (load() above) and the language packs
// beside it: the built-in ones (packs empty), none ("none"), or the comma-separated pack
// files given, each with its part of the overlay ("packs".<language>). A pack in the base
// model's language is left out (--model es.json scores Spanish with that file). On an
// error prints it and returns nothing.
std::optional<empathy::Models> load_models(const char* command, const std::string& model_path,
                                           const std::string& overlay_path, const std::string& packs) {
  empathy::ModelLoad base = load(command, model_path, overlay_path);
  if (!base.model) return std::nullopt;
  std::string overlay_json;
  if (!overlay_path.empty()) read_file(overlay_path, overlay_json);  // load() read it already
  empathy::Models models(base.model);
  if (packs.empty()) {
    empathy::add_builtin_packs(models, overlay_json);
  } else if (packs != "none") {
    std::stringstream files(packs);
    for (std::string path; std::getline(files, path, ',');) {
      if (path.empty()) continue;
      std::string pack_json;
      if (!read_file(path, pack_json)) {
        std::cerr << "empathy " << command << ": cannot read pack file " << path << "\n";
        return std::nullopt;
      }
      empathy::ModelLoad pack = empathy::load_pack(pack_json, overlay_json);
      if (!pack.model) {
        std::cerr << "empathy " << command << ": " << path << ": " << pack.error << "\n";
        return std::nullopt;
      }
      models.add(std::move(pack.model));  // refused (left out) when in the base model's language
    }
  }
  return models;
}

// One command's arguments: -h/--help, options that each take a value, and at most one
// input FILE. Returns the exit status when the command should stop here: 0 after the
// help, 2 on bad usage (said on standard error).
struct Arguments {
  std::map<std::string, std::string> values;  // option -> its value (the last one given)
  std::optional<std::string> input;

  std::string value(const std::string& option, std::string fallback = {}) const {
    auto it = values.find(option);
    return it == values.end() ? fallback : it->second;
  }
};

std::optional<int> read_arguments(const std::string& command, std::string_view usage,
                                  const std::vector<std::string>& args, const std::vector<std::string>& options,
                                  std::string_view noun, bool takes_input, Arguments& out) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << usage;
      return 0;
    }
    if (std::find(options.begin(), options.end(), a) != options.end()) {
      if (i + 1 >= args.size()) {
        std::cerr << "empathy " << command << ": " << a << " needs " << noun << "\n";
        return 2;
      }
      out.values[a] = args[++i];
    } else if (a.size() > 1 && a[0] == '-') {
      std::cerr << "empathy " << command << ": unknown option '" << a << "'\n" << usage;
      return 2;
    } else if (!takes_input) {
      std::cerr << "empathy " << command << ": unexpected '" << a << "'\n" << usage;
      return 2;
    } else if (out.input) {
      std::cerr << "empathy " << command << ": one input FILE at most\n";
      return 2;
    } else {
      out.input = a;
    }
  }
  return std::nullopt;
}

bool parse_number(const std::string& text, long long min, long long max, long long& out);

// --jobs N (1 to 256), or every core when it is absent; false (said) on a bad value.
bool read_jobs(const char* command, const Arguments& arguments, unsigned& jobs) {
  jobs = empathy::cli::default_jobs();
  if (!arguments.values.count("--jobs")) return true;
  long long n = 0;
  if (!parse_number(arguments.value("--jobs"), 1, 256, n)) {
    std::cerr << "empathy " << command << ": --jobs expects a whole number from 1 to 256, got '"
              << arguments.value("--jobs") << "'\n";
    return false;
  }
  jobs = static_cast<unsigned>(n);
  return true;
}

// The size of a regular file (for progress), or 0.
std::uintmax_t input_size(const std::string& path) {
  std::error_code ec;
  if (path == "-" || !std::filesystem::is_regular_file(path, ec)) return 0;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

int score_command(const std::vector<std::string>& args) {
  Arguments arguments;
  if (auto stop = read_arguments("score", kScoreUsage, args, {"--model", "--overlay", "--packs", "--jobs"}, "a value",
                                 true, arguments))
    return *stop;
  const std::string model_path = arguments.value("--model"), overlay_path = arguments.value("--overlay");
  const std::string input_path = arguments.input.value_or("-");
  unsigned jobs = 1;
  if (!read_jobs("score", arguments, jobs)) return 2;

  const std::optional<empathy::Models> models =
      load_models("score", model_path, overlay_path, arguments.value("--packs"));
  if (!models) return 2;

  std::ifstream file;
  if (input_path != "-") {
    if (!open_input(input_path, file)) {
      std::cerr << "empathy score: cannot read " << input_path << "\n";
      return 2;
    }
  }
  std::istream& in = input_path == "-" ? std::cin : file;
  std::ios::sync_with_stdio(false);
  bool failed = false;
  std::size_t number = 0;
  {
    empathy::cli::Progress progress("empathy score", input_size(input_path));
    // Each worker's cache: consecutive drafts of one conversation read its history once.
    empathy::cli::ordered_lines<empathy::Cache, std::optional<empathy::JsonOutput>>(
        in, jobs, &progress,
        [&](empathy::Cache& cache, std::string& line, std::size_t n) -> std::optional<empathy::JsonOutput> {
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (line.find_first_not_of(" \t") == std::string::npos) return std::nullopt;
          return empathy::score_json(*models, line, n, &cache);
        },
        [&](std::optional<empathy::JsonOutput>&& out, std::size_t n) {
          number = n;
          if (!out) return;
          if (!out->ok) {
            failed = true;
            std::cerr << "empathy score: " << (input_path == "-" ? "<stdin>" : input_path) << ":" << n << ": "
                      << out->json << "\n";
          }
          std::cout << out->json << '\n';
        });
  }
  std::cout.flush();
  if (in.bad()) {  // a read error part way: say so rather than lose the lines after it
    std::cerr << "empathy score: error reading " << (input_path == "-" ? "standard input" : input_path)
              << " after line " << number << "\n";
    return 2;
  }
  return failed ? 1 : 0;
}

int report_command(const std::vector<std::string>& args) {
  Arguments arguments;
  if (auto stop = read_arguments("report", kReportUsage, args, {"--by", "--format", "--model", "--packs", "--jobs"},
                                 "a value", true, arguments))
    return *stop;
  const std::string model_path = arguments.value("--model"), input_path = arguments.input.value_or("-");
  unsigned jobs = 1;
  if (!read_jobs("report", arguments, jobs)) return 2;
  empathy::ReportFormat format = empathy::ReportFormat::markdown;
  if (const std::string v = arguments.value("--format", "md"); v == "csv") {
    format = empathy::ReportFormat::csv;
  } else if (v == "json") {
    format = empathy::ReportFormat::json;
  } else if (v != "md" && v != "markdown") {
    std::cerr << "empathy report: --format expects md, csv or json, got '" << v << "'\n";
    return 2;
  }
  std::vector<std::string> by;
  std::stringstream keys(arguments.value("--by"));
  for (std::string key; std::getline(keys, key, ',');)
    if (!key.empty()) by.push_back(key);
  const std::optional<empathy::Models> models = load_models("report", model_path, "", arguments.value("--packs"));
  if (!models) return 2;
  std::ifstream file;
  if (input_path != "-") {
    if (!open_input(input_path, file)) {
      std::cerr << "empathy report: cannot read " << input_path << "\n";
      return 2;
    }
  }
  std::istream& in = input_path == "-" ? std::cin : file;
  empathy::ReportOutput out;
  {
    empathy::cli::Progress progress("empathy report", input_size(input_path));
    out = empathy::report(*models, in, input_path == "-" ? "<stdin>" : input_path, by, format, jobs, &progress);
  }
  for (const auto& e : out.errors) std::cerr << "empathy report: " << e << "\n";
  std::cout << out.text;
  return out.errors.empty() ? 0 : 1;
}

int train_command(const std::vector<std::string>& args) {
  Arguments arguments;
  if (auto stop =
          read_arguments("train", kTrainUsage, args,
                         {"--model",       "--out",        "--goemotions",     "--politeness",     "--labelled",
                          "--cx",          "--langid",     "--buckets",        "--keep",           "--epochs",
                          "--folds",       "--seed",       "--learned-epochs", "--learned-l2-ppm", "--keep-score",
                          "--keep-family", "--keep-needs", "--keep-risk",      "--transfer",       "--transfer-model",
                          "--keep-rude",   "--prune"},
                         "a value", false, arguments))
    return *stop;
  empathy::TrainOptions options;
  const std::string model_path = arguments.value("--model"), out_path = arguments.value("--out");
  options.goemotions = arguments.value("--goemotions");
  options.politeness = arguments.value("--politeness");
  options.labelled = arguments.value("--labelled");
  options.cx = arguments.value("--cx");
  options.langid = arguments.value("--langid");
  options.transfer = arguments.value("--transfer");
  options.transfer_model = arguments.value("--transfer-model");
  if (const std::string prune = arguments.value("--prune"); prune == "weight") {
    options.prune_by_weight = true;
  } else if (!prune.empty() && prune != "contribution") {
    std::cerr << "empathy train: --prune expects contribution or weight\n";
    return 2;
  }
  if (options.transfer.empty() != options.transfer_model.empty()) {
    std::cerr << "empathy train: --transfer and --transfer-model go together\n";
    return 2;
  }
  long long l2_ppm = -1;
  // A whole-number option within [min, max], if given; false (said) when it is not one.
  const auto number = [&](const char* option, long long min, long long max, auto& field) {
    if (!arguments.values.count(option)) return true;
    long long n = 0;
    if (!parse_number(arguments.value(option), min, max, n)) {
      std::cerr << "empathy train: " << option << " expects a whole number from " << min << " to " << max << "\n";
      return false;
    }
    field = static_cast<std::remove_reference_t<decltype(field)>>(n);
    return true;
  };
  if (!number("--buckets", 16, 1 << 22, options.buckets) || !number("--keep", 1, 1 << 22, options.keep) ||
      !number("--epochs", 1, 100, options.epochs) || !number("--folds", 2, 100, options.folds) ||
      !number("--seed", 0, 4294967295LL, options.seed) || !number("--learned-epochs", 1, 200, options.learned_epochs) ||
      !number("--keep-score", 1, 1 << 22, options.keep_score) ||
      !number("--keep-family", 1, 1 << 22, options.keep_family) ||
      !number("--keep-rude", 0, 1 << 22, options.keep_rude) ||
      !number("--keep-needs", 1, 1 << 22, options.keep_needs) ||
      !number("--keep-risk", 1, 1 << 22, options.keep_risk) || !number("--learned-l2-ppm", 0, 1000000, l2_ppm))
    return 2;
  if (l2_ppm >= 0) options.learned_l2 = static_cast<double>(l2_ppm) / 1e6;
  std::string base(empathy::default_model_json());
  if (!model_path.empty() && !read_file(model_path, base)) {
    std::cerr << "empathy train: cannot read model file " << model_path << "\n";
    return 2;
  }
  const empathy::TrainOutput out = empathy::train(base, options);
  if (!out.error.empty()) {
    std::cerr << "empathy train: " << out.error << "\n";
    return 1;
  }
  std::cerr << out.report;
  if (out_path.empty()) {
    std::cout << out.model;
    return 0;
  }
  std::ofstream file(out_path, std::ios::binary);
  file << out.model;
  if (!file) {
    std::cerr << "empathy train: cannot write " << out_path << "\n";
    return 1;
  }
  return 0;
}

bool parse_number(const std::string& text, long long min, long long max, long long& out) {
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < min || v > max) return false;
  out = v;
  return true;
}

int eval_command(const std::vector<std::string>& args) {
  Arguments arguments;
  if (auto stop =
          read_arguments("eval", kEvalUsage, args, {"--model", "--resamples", "--seed"}, "a value", true, arguments))
    return *stop;
  const std::string model_path = arguments.value("--model");
  empathy::EvalOptions options;
  for (const char* option : {"--resamples", "--seed"}) {
    if (!arguments.values.count(option)) continue;
    const std::string v = arguments.value(option);
    long long n = 0;
    if (!parse_number(v, 0, std::string_view(option) == "--seed" ? 4294967295LL : 1000000, n)) {
      std::cerr << "empathy eval: " << option << " expects a whole number, got '" << v << "'\n";
      return 2;
    }
    if (std::string_view(option) == "--seed") options.seed = static_cast<std::uint32_t>(n);
    else options.resamples = static_cast<int>(n);
  }
  if (!arguments.input) {
    std::cerr << "empathy eval: a labelled FILE is needed\n" << kEvalUsage;
    return 2;
  }
  const std::string input_path = *arguments.input;
  const empathy::ModelLoad loaded = load("eval", model_path, "");
  if (!loaded.model) return 2;
  // The same model without its trained classifier: the emotions' lexicon-only baseline.
  std::string model_json(empathy::default_model_json());
  if (!model_path.empty()) read_file(model_path, model_json);
  const empathy::ModelLoad lexicon = empathy::load_model(model_json, R"({"classifier": null})");
  options.lexicon_only = lexicon.model.get();
  std::ifstream in;
  if (!open_input(input_path, in)) {
    std::cerr << "empathy eval: cannot read " << input_path << "\n";
    return 2;
  }
  const empathy::EvalOutput out = empathy::evaluate(*loaded.model, in, input_path, options);
  if (!out.error.empty()) {
    std::cerr << "empathy eval: " << out.error << "\n";
    return 1;
  }
  std::cout << out.markdown;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "score") return score_command(args);
  if (command == "eval") return eval_command(args);
  if (command == "report") return report_command(args);
  if (command == "train") return train_command(args);
  std::cerr << "empathy: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
