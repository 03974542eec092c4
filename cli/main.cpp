// empathy: the command line. Reads JSON Lines, writes one result per line.
//   empathy score [--model FILE] [--overlay FILE] [FILE|-]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "empathy/empathy.hpp"
#include "empathy/json.hpp"

namespace {

constexpr std::string_view kUsage = R"(usage: empathy <command> [options]

commands:
  score    score requests and conversations (JSON Lines in, JSON Lines out)

Run 'empathy <command> --help' for a command's options.
)";

constexpr std::string_view kScoreUsage = R"(usage: empathy score [--model FILE] [--overlay FILE] [FILE|-]

Reads JSON Lines from FILE (or standard input when FILE is '-' or absent). Each line is
a request {"history": [...], "draft": "..."} or a conversation {"id", "meta", "turns"}.
Writes one result per input line, in the same order; blank lines are skipped. A line
that cannot be scored yields {"error": "...", "line": N} in its place and scoring goes on.

options:
  --model FILE     use this model file instead of the built-in English model
  --overlay FILE   merge this JSON over the model (reword, translate or silence nudges)
  -h, --help       show this help

exit status: 0 when every line was scored, 1 when any line failed, 2 on bad usage or model.
)";

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

int score_command(const std::vector<std::string>& args) {
  std::string model_path, overlay_path, input_path = "-";
  bool have_input = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kScoreUsage;
      return 0;
    }
    if (a == "--model" || a == "--overlay") {
      if (i + 1 >= args.size()) {
        std::cerr << "empathy score: " << a << " needs a FILE\n";
        return 2;
      }
      (a == "--model" ? model_path : overlay_path) = args[++i];
    } else if (a.size() > 1 && a[0] == '-') {
      std::cerr << "empathy score: unknown option '" << a << "'\n" << kScoreUsage;
      return 2;
    } else if (have_input) {
      std::cerr << "empathy score: one input FILE at most\n";
      return 2;
    } else {
      input_path = a;
      have_input = true;
    }
  }

  std::string model_json(empathy::default_model_json());
  if (!model_path.empty() && !read_file(model_path, model_json)) {
    std::cerr << "empathy score: cannot read model file " << model_path << "\n";
    return 2;
  }
  std::string overlay_json;
  if (!overlay_path.empty() && !read_file(overlay_path, overlay_json)) {
    std::cerr << "empathy score: cannot read overlay file " << overlay_path << "\n";
    return 2;
  }
  const empathy::ModelLoad loaded =
      overlay_path.empty() ? empathy::load_model(model_json) : empathy::load_model(model_json, overlay_json);
  if (!loaded.model) {
    std::cerr << "empathy score: " << (overlay_path.empty() ? model_path.empty() ? "built-in model" : model_path
                                                            : overlay_path)
              << ": " << loaded.error << "\n";
    return 2;
  }

  std::ifstream file;
  if (input_path != "-") {
    file.open(input_path, std::ios::binary);
    if (!file) {
      std::cerr << "empathy score: cannot read " << input_path << "\n";
      return 2;
    }
  }
  std::istream& in = input_path == "-" ? std::cin : file;
  std::ios::sync_with_stdio(false);
  bool failed = false;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const empathy::JsonOutput out = empathy::score_json(*loaded.model, line, number);
    if (!out.ok) {
      failed = true;
      std::cerr << "empathy score: " << (input_path == "-" ? "<stdin>" : input_path) << ":" << number << ": "
                << out.json << "\n";
    }
    std::cout << out.json << '\n';
  }
  std::cout.flush();
  return failed ? 1 : 0;
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
  std::cerr << "empathy: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
