// empathy eval: accuracy of the engine on labelled JSON Lines, per family, for the
// score and for the customer's state, each beside a plain keyword baseline, with
// bootstrap confidence intervals, printed as Markdown.
#include "eval.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "empathy/json.hpp"
#include "metrics.hpp"

namespace empathy {

namespace {

using json = nlohmann::json;

const std::array<std::string, 6> kEmotionIds{"frustration", "anxiety", "confusion", "sadness", "urgency", "gratitude"};

// The baseline: what a ten-minute keyword list does. Each family's words, matched as
// whole words in the lower-cased draft; level = number of hits, at most 2.
const std::array<std::vector<std::string>, kFamilyCount> kFamilyKeywords{{
    {"sorry", "apologize", "apologise", "apologies", "unfortunately", "awful", "terrible", "sad"},
    {"understand", "sounds like", "makes sense", "i see", "i hear"},
    {"?", "tell me", "what happened", "how are you"},
    {"i will", "i'll", "we will", "we'll", "promise", "guarantee", "today", "tomorrow", "fixed", "refund"},
    {"let's", "together", "we", "us"},
    {"please", "thank", "thanks", "hi", "hello", "appreciate"},
    {"calm down", "policy", "as i said", "should have", "nothing i can do", "just"},
    {"inconvenience", "valued", "important to us", "priority", "understanding"},
}};
const std::array<std::vector<std::string>, 6> kEmotionKeywords{{
    {"angry", "annoyed", "ridiculous", "unacceptable", "frustrated", "frustrating"},
    {"worried", "scared", "anxious", "nervous", "afraid"},
    {"confused", "confusing", "don't understand", "what does"},
    {"sad", "upset", "disappointed", "heartbroken"},
    {"urgent", "asap", "now", "quickly", "hurry"},
    {"thank", "thanks", "appreciate"},
}};

// Lower-cases, straightens apostrophes, and turns punctuation other than '?' into spaces.
std::string keyword_text(std::string_view s) {
  std::string out = " ";
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98)) {
      out += '\'';
      i += 2;
    } else if (c == '?') {
      out += " ? ";
    } else if (std::isalnum(c) || c == '\'' || c >= 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else {
      out += ' ';
    }
  }
  return out + " ";
}

int keyword_hits(const std::string& text, const std::vector<std::string>& words) {
  int hits = 0;
  for (const auto& w : words) {
    const std::string needle = " " + w + " ";
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++hits;
  }
  return hits;
}

struct Item {
  Request request;
  std::array<int, kFamilyCount> gold{};
  std::array<int, kFamilyCount> engine{};
  std::array<int, kFamilyCount> baseline{};
  double overall = 0;
  double engine_score = 0;
  double baseline_score = 0;
  bool gold_needs = false, engine_needs = false, baseline_needs = false, lexicon_needs = false;
  std::array<int, 6> gold_emotion{}, engine_emotion{}, baseline_emotion{}, lexicon_emotion{};
};

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}
std::string fmt(const metrics::Interval& i) { return fmt(i.value) + " [" + fmt(i.low) + ", " + fmt(i.high) + "]"; }

template <typename Get>
std::vector<int> pick(const std::vector<Item>& items, const std::vector<std::size_t>& idx, Get get) {
  std::vector<int> out;
  out.reserve(idx.size());
  for (auto i : idx) out.push_back(get(items[i]));
  return out;
}

}  // namespace

EvalOutput evaluate(const Model& model, std::istream& in, const std::string& name, const EvalOptions& options) {
  EvalOutput out;
  std::vector<Item> items;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto where = name + ":" + std::to_string(number) + ": ";
    Input input = parse_input(line);
    if (!input.error.empty() || input.kind != Input::Kind::request) {
      out.error = where + (input.error.empty() ? "expected a labelled request with \"draft\"" : input.error);
      return out;
    }
    const json doc = json::parse(line, nullptr, false);
    const auto labels = doc.find("labels");
    if (labels == doc.end() || !labels->is_object()) {
      out.error = where + "labels: expected an object of family: level";
      return out;
    }
    Item item;
    item.request = std::move(input.request);
    for (std::size_t f = 0; f < kFamilyCount; ++f) {
      const std::string fam(family_name(static_cast<Family>(f)));
      const auto v = labels->find(fam);
      if (v == labels->end() || !v->is_number_integer() || v->get<int>() < 0 || v->get<int>() > 2) {
        out.error = where + "labels." + fam + ": expected a level 0, 1 or 2";
        return out;
      }
      item.gold[f] = v->get<int>();
    }
    const auto overall = doc.find("overall");
    if (overall == doc.end() || !overall->is_number()) {
      out.error = where + "overall: expected a number";
      return out;
    }
    item.overall = overall->get<double>();
    const auto needs = doc.find("needsEmpathy");
    if (needs == doc.end() || !needs->is_boolean()) {
      out.error = where + "needsEmpathy: expected true or false";
      return out;
    }
    item.gold_needs = needs->get<bool>();
    if (const auto emotions = doc.find("emotions"); emotions != doc.end() && emotions->is_array())
      for (const auto& e : *emotions)
        for (std::size_t k = 0; k < kEmotionIds.size(); ++k)
          if (e.is_string() && e.get<std::string>() == kEmotionIds[k]) item.gold_emotion[k] = 1;

    // The engine.
    const Result r = score(model, item.request);
    for (std::size_t f = 0; f < kFamilyCount; ++f) item.engine[f] = r.families[f].level;
    item.engine_score = r.score;
    item.engine_needs = r.needs_empathy;
    for (const auto& e : r.customer.emotions)
      for (std::size_t k = 0; k < kEmotionIds.size(); ++k)
        if (e.id == kEmotionIds[k]) item.engine_emotion[k] = 1;

    // The lexicon alone, without the trained classifier.
    if (options.lexicon_only) {
      const Result l = score(*options.lexicon_only, item.request);
      item.lexicon_needs = l.needs_empathy;
      for (const auto& e : l.customer.emotions)
        for (std::size_t k = 0; k < kEmotionIds.size(); ++k)
          if (e.id == kEmotionIds[k]) item.lexicon_emotion[k] = 1;
    }

    // The keyword baseline, on the draft and the customer's last message.
    const std::string draft = keyword_text(item.request.draft);
    for (std::size_t f = 0; f < kFamilyCount; ++f) {
      const int hits = keyword_hits(draft, kFamilyKeywords[f]);
      item.baseline[f] = std::min(hits, 2);
      item.baseline_score += is_negative(static_cast<Family>(f)) ? -hits : hits;
    }
    std::string customer;
    for (auto t = item.request.history.rbegin(); t != item.request.history.rend(); ++t)
      if (t->role == Role::customer) {
        customer = keyword_text(t->text);
        break;
      }
    for (std::size_t k = 0; k < kEmotionIds.size(); ++k)
      item.baseline_emotion[k] = keyword_hits(customer, kEmotionKeywords[k]) > 0;
    item.baseline_needs = item.baseline_emotion[0] || item.baseline_emotion[1] || item.baseline_emotion[3];
    items.push_back(std::move(item));
  }
  if (items.empty()) {
    out.error = name + ": no labelled lines";
    return out;
  }

  const auto n = items.size();
  const auto boot = [&](const std::function<double(const std::vector<std::size_t>&)>& metric) {
    return metrics::bootstrap(n, options.resamples, options.seed, metric);
  };
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;

  std::ostringstream md;
  md << "Data: `" << name << "`, n = " << n << ". Intervals: 95% bootstrap (" << options.resamples
     << " resamples, seed " << options.seed << ").\n\n";
  md << "| family | system | macro-F1 over levels | precision | recall |\n|---|---|---|---|---|\n";
  for (std::size_t f = 0; f < kFamilyCount; ++f) {
    for (int system = 0; system < 2; ++system) {
      const auto pred = [&](const Item& it) { return system == 0 ? it.engine[f] : it.baseline[f]; };
      const auto gold = [&](const Item& it) { return it.gold[f]; };
      const auto f1 = boot([&](const std::vector<std::size_t>& idx) {
        return metrics::macro_f1(pick(items, idx, gold), pick(items, idx, pred));
      });
      const auto pr = metrics::presence(pick(items, all, gold), pick(items, all, pred));
      md << "| " << (system == 0 ? "`" + std::string(family_name(static_cast<Family>(f))) + "`" : "") << " | "
         << (system == 0 ? "empathy-coach" : "keyword baseline") << " | " << fmt(f1) << " | " << fmt(pr.precision)
         << " | " << fmt(pr.recall) << " |\n";
    }
  }

  md << "\n| message score | system | Spearman ρ with the human rating | AUC (rating ≥ 4) |\n|---|---|---|---|\n";
  for (int system = 0; system < 2; ++system) {
    const auto score_of = [&](const Item& it) { return system == 0 ? it.engine_score : it.baseline_score; };
    const auto rho = boot([&](const std::vector<std::size_t>& idx) {
      std::vector<double> a, b;
      for (auto i : idx) {
        a.push_back(score_of(items[i]));
        b.push_back(items[i].overall);
      }
      return metrics::spearman(a, b);
    });
    const auto area = boot([&](const std::vector<std::size_t>& idx) {
      std::vector<double> a;
      std::vector<bool> b;
      for (auto i : idx) {
        a.push_back(score_of(items[i]));
        b.push_back(items[i].overall >= 4);
      }
      return metrics::auc(a, b);
    });
    md << "| " << (system == 0 ? "score" : "") << " | " << (system == 0 ? "empathy-coach" : "keyword baseline") << " | "
       << fmt(rho) << " | " << fmt(area) << " |\n";
  }

  md << "\n| customer state | system | F1 | precision | recall |\n|---|---|---|---|---|\n";
  const int systems = options.lexicon_only ? 3 : 2;  // engine, keywords, lexicon alone
  for (int row = -1; row < static_cast<int>(kEmotionIds.size()); ++row) {
    for (int system = 0; system < systems; ++system) {
      const auto gold = [&](const Item& it) { return row < 0 ? int(it.gold_needs) : it.gold_emotion[row]; };
      const auto pred = [&](const Item& it) {
        if (row < 0) return int(system == 0 ? it.engine_needs : system == 1 ? it.baseline_needs : it.lexicon_needs);
        return system == 0 ? it.engine_emotion[row] : system == 1 ? it.baseline_emotion[row] : it.lexicon_emotion[row];
      };
      const auto f1 = boot([&](const std::vector<std::size_t>& idx) {
        return metrics::presence(pick(items, idx, gold), pick(items, idx, pred)).f1;
      });
      const auto pr = metrics::presence(pick(items, all, gold), pick(items, all, pred));
      const std::string label = row < 0 ? "`needsEmpathy`" : "`" + kEmotionIds[row] + "`";
      md << "| " << (system == 0 ? label : "") << " | "
         << (system == 0   ? "empathy-coach"
             : system == 1 ? "keyword baseline"
                           : "lexicon alone (no classifier)")
         << " | " << fmt(f1) << " | " << fmt(pr.precision) << " | " << fmt(pr.recall) << " |\n";
    }
  }
  out.markdown = md.str();
  return out;
}

}  // namespace empathy
