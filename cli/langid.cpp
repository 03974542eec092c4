#include "langid.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "classifier.hpp"
#include "language.hpp"
#include "learn.hpp"
#include "train.hpp"

namespace empathy {

namespace {

using ordered = nlohmann::ordered_json;
using json = nlohmann::json;

struct Language {
  std::string code;
  std::vector<std::string> words;       // the sampled words of its word lists
  std::vector<std::string> train_text;  // the train split of its corpus: messages and replies
  std::vector<std::string> test_text;   // the held-out split
};

// The texts of a CX corpus folder (data/cx/README.md), or of a file of one message per
// line (a .txt, split by the hash of each line), each once, by split.
std::string read_texts(const std::string& folder, Language& lang) {
  if (folder.size() > 4 && folder.compare(folder.size() - 4, 4, ".txt") == 0) {
    std::vector<std::string> lines;
    if (!read_lines(folder, lines)) return "cannot read " + folder;
    for (const auto& l : lines)
      if (l.find_first_not_of(" \t\r") != std::string::npos)
        (held_out(l) ? lang.test_text : lang.train_text).push_back(l);
    return {};
  }
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(folder, ec)) files.push_back(e.path());
  if (ec) return "cannot read the folder " + folder;
  std::sort(files.begin(), files.end());
  std::set<std::string> seen;
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    if (f.extension() != ".jsonl" || (name.rfind("replies-", 0) != 0 && name.rfind("conversations-", 0) != 0)) continue;
    std::vector<std::string> lines;
    if (!read_lines(f.string(), lines)) return "cannot read " + f.string();
    for (std::size_t n = 0; n < lines.size(); ++n) {
      if (lines[n].find_first_not_of(" \t\r") == std::string::npos) continue;
      const json j = json::parse(lines[n], nullptr, false);
      if (!j.is_object()) return f.string() + ":" + std::to_string(n + 1) + ": not a JSON object";
      const bool reply = j.contains("draft");
      const std::string key = j.value("flip", j.value(reply ? "scenario" : "id", std::string()));
      auto& out = held_out(key) ? lang.test_text : lang.train_text;
      const auto add = [&](const json& t) {
        if (t.is_string() && seen.insert(t.get<std::string>()).second) out.push_back(t.get<std::string>());
      };
      if (reply) add(j["draft"]);
      for (const auto& turn : j.value(reply ? "history" : "turns", json::array())) add(turn.value("text", json()));
    }
  }
  return {};
}

// Every word of the lists, once; each kept when its hash falls in the sample (about
// `sample` of them).
std::string read_words(const std::vector<std::string>& lists, std::size_t sample, Language& lang) {
  std::set<std::string> all;
  for (const auto& path : lists) {
    std::vector<std::string> lines;
    if (!read_lines(path, lines)) return "cannot read the word list " + path + " (scripts/setup.sh installs it)";
    for (auto& w : lines) {
      while (!w.empty() && (w.back() == '\r' || w.back() == ' ')) w.pop_back();
      if (w.empty() || w.find('\'') != std::string::npos) continue;  // possessives and elisions
      all.insert(w);
    }
  }
  const std::uint32_t every =
      static_cast<std::uint32_t>(std::max<std::size_t>(1, all.size() / std::max<std::size_t>(1, sample)));
  for (const auto& w : all) {
    if (fnv1a(w, 7u) % every == 0) lang.words.push_back(w);
  }
  return {};
}

// The first n words of a text.
std::string first_words(const std::string& text, std::size_t n) {
  std::istringstream in(text);
  std::string w, out;
  for (std::size_t i = 0; i < n && in >> w; ++i) out += (i ? " " : "") + w;
  return out;
}

}  // namespace

std::string train_language_id(const std::string& spec_path, ordered& doc, std::ostream& log) {
  std::ifstream f(spec_path);
  if (!f) return "cannot read " + spec_path;
  const json spec = json::parse(f, nullptr, false);
  if (!spec.is_object() || !spec.contains("languages") || !spec["languages"].is_array())
    return spec_path + ": expected {\"buckets\", \"minMargin\", \"sampleWords\", \"textShare\", \"languages\": [...]}";
  std::string bad;
  const auto number = [&](const char* key, double fallback, double min, double max) {
    if (!spec.contains(key)) return fallback;
    if (!spec[key].is_number() || !(spec[key].get<double>() >= min && spec[key].get<double>() <= max)) {
      if (bad.empty()) bad = spec_path + ": " + key + ": expected a number from " + fmt(min) + " to " + fmt(max);
      return fallback;
    }
    return spec[key].get<double>();
  };
  const auto buckets = static_cast<std::uint32_t>(number("buckets", 1024, 1, 65536));
  const double min_margin = number("minMargin", 1.0, 0, 100);
  const double leave_margin = number("leaveMargin", 2.0, 0, 100);
  const double leave_letters = number("leaveLetters", 12, 0, 10000);
  const double leave_words = number("leaveWords", 3, 0, 10000);
  const auto sample = static_cast<std::size_t>(number("sampleWords", 30000, 1, 1e9));
  const double text_share = number("textShare", 0.5, 0, 1);
  if (!bad.empty()) return bad;
  if (!valid_buckets(buckets)) return spec_path + ": buckets: expected a power of two up to 65536";

  std::vector<Language> langs;
  for (const auto& l : spec["languages"]) {
    const auto strings = [&](const char* key) {
      std::vector<std::string> out;
      for (const auto& v : l.contains(key) && l[key].is_array() ? l[key] : json::array())
        if (v.is_string()) out.push_back(v.get<std::string>());
      return out;
    };
    Language lang;
    if (!l.is_object() || !l.contains("code") || !l["code"].is_string())
      return spec_path + ": a language without an ISO 639-1 code";
    lang.code = l["code"].get<std::string>();
    if (lang.code.size() < 2 || lang.code.size() > 3) return spec_path + ": a language without an ISO 639-1 code";
    if (auto e = read_words(strings("words"), sample, lang); !e.empty()) return e;
    for (const auto& folder : strings("text"))
      if (auto e = read_texts(folder, lang); !e.empty()) return e;
    langs.push_back(std::move(lang));
  }
  if (langs.empty() || langs.size() > kMaxLanguages)
    return spec_path + ": expected 1 to " + std::to_string(kMaxLanguages) + " languages";

  std::vector<std::uint32_t> features;
  LanguageModel model;
  model.buckets = buckets;
  model.min_margin = min_margin;
  model.stride = language_stride(langs.size());
  model.weights.assign(model.stride * buckets, 0);
  for (const auto& lang : langs) model.codes.push_back(lang.code);
  // Each language's n-gram distribution, over both spellings of every word and text (as
  // written and without accents), mixes its words' and its texts' (textShare of the
  // texts, whatever their size, so a language with few texts is not a word list alone);
  // then log-probabilities, centred over the languages, in half units, clipped to 4 bits.
  std::vector<std::vector<double>> logp(langs.size(), std::vector<double>(buckets));
  for (std::size_t l = 0; l < langs.size(); ++l) {
    const auto distribution = [&](const std::vector<std::string>& texts) {
      std::vector<double> counts(buckets, 0.0);
      double total = 0;
      for (const auto& text : texts)
        for (const std::string& spelling : {text, strip_accents(text)}) {
          features.clear();
          language_features(spelling, buckets, features);
          for (auto b : features) counts[b] += 1;
          total += static_cast<double>(features.size());
        }
      for (double& c : counts) c = total > 0 ? c / total : 0;
      return counts;
    };
    const std::vector<double> words = distribution(langs[l].words), texts = distribution(langs[l].train_text);
    const double share = langs[l].train_text.empty() ? 0 : text_share;
    for (std::uint32_t b = 0; b < buckets; ++b)  // with a floor of one in a million
      logp[l][b] = std::log((1 - share) * words[b] + share * texts[b] + 1e-6);
  }
  ordered languages = ordered::object();
  for (std::size_t l = 0; l < langs.size(); ++l) {
    std::string hex;
    for (std::uint32_t b = 0; b < buckets; ++b) {
      double mean = 0;
      for (std::size_t k = 0; k < langs.size(); ++k) mean += logp[k][b];
      mean /= static_cast<double>(langs.size());
      const int q = std::clamp(static_cast<int>(std::lround((logp[l][b] - mean) / 0.5)), -8, 7);
      model.weights[static_cast<std::size_t>(b) * model.stride + l] = static_cast<std::int16_t>(q);
      hex += "0123456789abcdef"[q + 8];
    }
    languages[langs[l].code] = hex;
  }
  ordered out = ordered::object();
  out["note"] =
      "Which language a text is in: per language, one hex digit per bucket of hashed character n-grams "
      "(core/src/language.hpp), the log-probability centred over the languages in half units, plus 8. "
      "Fitted by empathy train --langid " +
      spec_path + ".";
  out["buckets"] = buckets;
  out["minMargin"] = min_margin;
  out["leaveMargin"] = leave_margin;
  out["leaveLetters"] = static_cast<int>(leave_letters);
  out["leaveWords"] = static_cast<int>(leave_words);
  out["languages"] = std::move(languages);
  doc["languageId"] = std::move(out);

  // Measured on what training did not see: each corpus's test split (as written, without
  // accents, its first three words).
  log << "\n## Language identification\n\n"
      << buckets << " buckets, " << langs.size() << " languages; a guess is decided at a margin of " << fmt(min_margin)
      << " or more, else \"und\". Held out: the test split of each language's texts.\n\n"
      << "| language | test texts | right | und | right, no accents | right, first 3 words |\n"
      << "|---|---:|---:|---:|---:|---:|\n";
  for (const auto& lang : langs) {
    const auto share = [&](const std::vector<std::string>& texts, auto transform, bool undecided) {
      if (texts.empty()) return std::string("–");
      std::size_t n = 0;
      for (const auto& t : texts) {
        const LanguageGuess g = identify_language(model, transform(t));
        n += undecided ? !g.decided() : g.code == lang.code;
      }
      return fmt(static_cast<double>(n) / static_cast<double>(texts.size()));
    };
    const auto same = [](const std::string& t) { return t; };
    log << "| " << lang.code << " | " << lang.test_text.size() << " | " << share(lang.test_text, same, false) << " | "
        << share(lang.test_text, same, true) << " | " << share(lang.test_text, strip_accents, false) << " | "
        << share(
               lang.test_text, [](const std::string& t) { return first_words(t, 3); }, false)
        << " |\n";
  }
  return {};
}

}  // namespace empathy
