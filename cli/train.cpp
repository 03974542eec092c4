// empathy train: fits the model's learned parts from labelled data and writes the model.
//   1. A hashed linear classifier (cli/../core/src/classifier.hpp): customer emotions and
//      writer-side signals from GoEmotions, politeness from the Stanford corpus.
//   2. Per-family level thresholds (an ordinal cut of each family's evidence) and the
//      message score's logistic weights, from the project's labelled replies, with
//      k-fold cross-validation reported beside the fit.
// Deterministic: a fixed seed, full passes in a fixed order, no threads.
#include "train.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "classifier.hpp"
#include "empathy/json.hpp"
#include "langid.hpp"
#include "learn.hpp"
#include "metrics.hpp"
#include "model.hpp"
#include "text.hpp"

namespace empathy {

bool read_lines(const std::string& path, std::vector<std::string>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
  }
  return true;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

// One training example for the classifier: hashed features and a label per output
// (-1 when the example says nothing about that output).
struct Example {
  std::vector<std::uint32_t> features;
  std::vector<signed char> labels;
};

// GoEmotions labels (ids index labels.txt) that make up each output. Measured on
// tests/data/cx-labelled.jsonl and left out because they did not pay for their bytes:
// "confusion" (confusion F1 0.61 with the lexicon alone, 0.50 with it), "caring" (no
// change in any family, +1.4 KB gzipped) and "remorse" (no gain for emotional-reaction,
// and it fires on "You can cancel online." and on "I'm not sorry").
struct OutputSpec {
  const char* id;
  std::vector<std::string> sources;  // GoEmotions label names; empty for politeness
};
const std::vector<OutputSpec> kOutputs{
    {"frustration", {"anger", "annoyance", "disapproval"}},
    {"anxiety", {"fear", "nervousness"}},
    {"sadness", {"sadness", "grief", "disappointment"}},
    {"gratitude", {"gratitude"}},
    {"curiosity", {"curiosity"}},
    {"optimism", {"optimism"}},
    {"polite", {}},
};
// Which classifier outputs become behaviours of the draft, and of which family.
const std::vector<std::pair<const char*, const char*>> kWriter{
    {"curiosity", "exploration"},
    {"optimism", "reassurance"},
    {"polite", "politeness"},
};

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

std::vector<std::uint32_t> featurize(const Model& m, std::string_view text, std::uint32_t buckets) {
  const auto a = analyze(m, text::sanitize_utf8(text));
  return Classifier::features(a.tokens, 0, a.tokens.size(), buckets, m.negators);
}

// GoEmotions rows "text<TAB>ids<TAB>comment id" as examples for the GoEmotions outputs.
std::string read_goemotions(const Model& m, const std::string& dir, const std::string& split, std::uint32_t buckets,
                            std::vector<Example>& out) {
  std::vector<std::string> names, lines;
  if (!read_lines(dir + "/labels.txt", names)) return "cannot read " + dir + "/labels.txt";
  if (!read_lines(dir + "/" + split + ".tsv", lines)) return "cannot read " + dir + "/" + split + ".tsv";
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const auto& line = lines[n];
    const auto tab = line.find('\t');
    const auto tab2 = line.find('\t', tab + 1);
    if (tab == std::string::npos)
      return dir + "/" + split + ".tsv:" + std::to_string(n + 1) + ": expected text<TAB>label ids";
    std::vector<std::string> labels;
    std::stringstream ids(line.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1));
    for (std::string id; std::getline(ids, id, ',');) {
      const auto k = static_cast<std::size_t>(std::atoi(id.c_str()));
      if (k < names.size()) labels.push_back(names[k]);
    }
    Example e;
    e.features = featurize(m, line.substr(0, tab), buckets);
    for (const auto& spec : kOutputs) {
      if (spec.sources.empty()) {
        e.labels.push_back(-1);
        continue;
      }
      bool yes = std::any_of(spec.sources.begin(), spec.sources.end(), [&](const std::string& s) {
        return std::find(labels.begin(), labels.end(), s) != labels.end();
      });
      e.labels.push_back(yes ? 1 : 0);
    }
    out.push_back(std::move(e));
  }
  return {};
}

}  // namespace

std::string read_politeness_extremes(const std::string& dir, std::vector<PolitenessRequest>& out) {
  std::vector<std::pair<std::string, double>> rows;
  for (const char* file : {"wikipedia.annotated.csv", "stack-exchange.annotated.csv"}) {
    const auto csv = read_csv(dir + "/" + file);
    if (csv.size() < 2) return "cannot read " + dir + "/" + file;
    const auto& header = csv[0];
    const auto col = [&](const char* name) {
      return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    const std::size_t request = col("Request"), score = col("Normalized Score");
    if (request >= header.size() || score >= header.size())
      return dir + "/" + file + ": expected Request and Normalized Score columns";
    for (std::size_t i = 1; i < csv.size(); ++i)
      if (csv[i].size() > std::max(request, score))
        rows.emplace_back(csv[i][request], std::atof(csv[i][score].c_str()));
  }
  std::vector<double> scores;
  for (const auto& r : rows) scores.push_back(r.second);
  std::sort(scores.begin(), scores.end());
  const double low = scores[scores.size() / 4], high = scores[scores.size() * 3 / 4];
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].second <= low || rows[i].second >= high)
      out.push_back({std::move(rows[i].first), rows[i].second >= high, i});
  return {};
}

namespace {

// The polite and the rude quarter of the Stanford politeness requests as examples of the
// "polite" output.
std::string read_politeness(const Model& m, const std::string& dir, std::uint32_t buckets, std::vector<Example>& train,
                            std::vector<Example>& dev) {
  std::vector<PolitenessRequest> requests;
  if (auto e = read_politeness_extremes(dir, requests); !e.empty()) return e;
  const std::size_t polite = kOutputs.size() - 1;
  for (const auto& r : requests) {
    Example e;
    e.features = featurize(m, r.text, buckets);
    e.labels.assign(kOutputs.size(), -1);
    e.labels[polite] = r.polite ? 1 : 0;
    (r.index % 10 == 0 ? dev : train).push_back(std::move(e));  // every tenth request for tuning
  }
  return {};
}

// Logistic regression for one output with AdaGrad, L2, balanced classes, a seeded order.
void fit_output(Classifier& c, std::size_t o, const std::vector<Example>& data, const TrainOptions& opt) {
  std::vector<std::size_t> order;
  double pos = 0, neg = 0;
  for (std::size_t i = 0; i < data.size(); ++i)
    if (data[i].labels[o] >= 0) {
      order.push_back(i);
      (data[i].labels[o] ? pos : neg) += 1;
    }
  if (pos == 0 || neg == 0) return;
  const double pos_weight = std::min(10.0, neg / pos);
  std::vector<double> g2(c.buckets(), 1e-8);
  double bias = std::log(pos / neg), bias_g2 = 1e-8;
  std::mt19937 rng(opt.seed + static_cast<std::uint32_t>(o));
  for (int epoch = 0; epoch < opt.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);  // Fisher-Yates
    for (std::size_t i : order) {
      const auto& e = data[i];
      double x = bias;
      for (auto f : e.features) x += c.weight(o, f);
      const double p = 1.0 / (1.0 + std::exp(-x));
      const double y = e.labels[o];
      const double g = (p - y) * (y > 0 ? pos_weight : 1.0);
      bias_g2 += g * g;
      bias -= opt.learning_rate * g / std::sqrt(bias_g2);
      for (auto f : e.features) {
        float& w = c.weight(o, f);
        const double grad = g + opt.l2 * w;
        g2[f] += grad * grad;
        w -= static_cast<float>(opt.learning_rate * grad / std::sqrt(g2[f]));
      }
    }
  }
  c.output(o).bias = bias;
}

// Keeps the keep largest weights of an output, rounded to two decimals; the rest are 0.
void prune(Classifier& c, std::size_t o, std::size_t keep) {
  std::vector<std::pair<float, std::uint32_t>> all;
  for (std::uint32_t b = 0; b < c.buckets(); ++b)
    if (c.weight(o, b) != 0) all.emplace_back(std::fabs(c.weight(o, b)), b);
  std::sort(all.begin(), all.end(),
            [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
  for (std::size_t i = 0; i < all.size(); ++i) {
    float& w = c.weight(o, all[i].second);
    w = i < keep ? std::round(w * 100.0f) / 100.0f : 0.0f;
  }
  c.output(o).bias = std::round(c.output(o).bias * 100.0) / 100.0;
}

// The threshold on dev that maximises F1; returns it and the F1.
std::pair<double, double> tune_threshold(const Classifier& c, std::size_t o, const std::vector<Example>& dev) {
  std::vector<int> gold;
  std::vector<double> p;
  for (const auto& e : dev)
    if (e.labels[o] >= 0) {
      gold.push_back(e.labels[o]);
      p.push_back(c.probability(o, e.features));
    }
  double best = 0.5, best_f1 = -1;
  for (int t = 5; t <= 95; t += 5) {
    std::vector<int> pred;
    for (double v : p) pred.push_back(v >= t / 100.0);
    const double f1 = metrics::presence(gold, pred).f1;
    if (f1 > best_f1) best_f1 = f1, best = t / 100.0;
  }
  return {best, best_f1};
}

// Soft-label logistic regression of the rating on the capped family evidence, full
// batch gradient descent from zero: deterministic and independent of earlier weights.
Logistic fit_score(const std::vector<std::array<double, kFamilyCount>>& x, const std::vector<double>& y, double l2) {
  Logistic l;
  if (x.empty()) return l;
  const double n = static_cast<double>(x.size());
  for (int step = 0; step < 3000; ++step) {
    double gb = 0;
    std::array<double, kFamilyCount> gw{};
    for (std::size_t i = 0; i < x.size(); ++i) {
      double z = l.bias;
      for (std::size_t f = 0; f < kFamilyCount; ++f) z += l.families[f] * x[i][f];
      const double d = 1.0 / (1.0 + std::exp(-z)) - y[i];
      gb += d;
      for (std::size_t f = 0; f < kFamilyCount; ++f) gw[f] += d * x[i][f];
    }
    l.bias -= 0.5 * gb / n;
    for (std::size_t f = 0; f < kFamilyCount; ++f) l.families[f] -= 0.5 * (gw[f] / n + l2 * l.families[f]);
  }
  l.bias = std::round(l.bias * 100.0) / 100.0;
  for (auto& w : l.families) w = std::round(w * 100.0) / 100.0;
  return l;
}

double predict(const Logistic& l, const std::array<double, kFamilyCount>& x) {
  double z = l.bias;
  for (std::size_t f = 0; f < kFamilyCount; ++f) z += l.families[f] * x[f];
  return 1.0 / (1.0 + std::exp(-z));
}

struct Labelled {
  std::array<double, kFamilyCount> evidence{};  // uncapped
  std::array<int, kFamilyCount> gold{};
  bool needs = false;  // as the engine reads the customer
  double rating = 0;   // 0..1 from "overall" 1..5
};

// The (weak, strong) cut of one family's evidence that maximises macro-F1 over levels.
std::pair<double, double> fit_levels(const std::vector<Labelled>& items, const std::vector<std::size_t>& idx,
                                     std::size_t f) {
  static const std::vector<double> grid{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
                                        1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.5, 3.0};
  std::vector<int> gold;
  for (auto i : idx) gold.push_back(items[i].gold[f]);
  std::pair<double, double> best{0.3, 1.0};
  double best_f1 = -1;
  for (std::size_t a = 0; a < grid.size(); ++a)
    for (std::size_t b = a; b < grid.size(); ++b) {
      std::vector<int> pred;
      for (auto i : idx) {
        const double e = items[i].evidence[f];
        pred.push_back(e >= grid[b] ? 2 : e >= grid[a] ? 1 : 0);
      }
      const double f1 = metrics::macro_f1(gold, pred);
      if (f1 > best_f1 + 1e-12) best_f1 = f1, best = {grid[a], grid[b]};
    }
  return best;
}

// JSON with one key per line, but arrays of numbers and strings on one line, as the
// hand-edited parts of en.json are laid out.
void pretty(const ordered& j, int indent, std::string& out) {
  const auto scalar = [](const ordered& v) {
    return v.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
  };
  const std::string pad(static_cast<std::size_t>(indent) + 1, ' ');
  const std::string close_pad(static_cast<std::size_t>(indent), ' ');
  if (j.is_object() && !j.empty()) {
    out += "{\n";
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!first) out += ",\n";
      first = false;
      out += pad + scalar(it.key()) + ": ";
      pretty(*it, indent + 1, out);
    }
    out += "\n" + close_pad + "}";
  } else if (j.is_array() && !j.empty() &&
             std::any_of(j.begin(), j.end(), [](const ordered& v) { return v.is_structured(); })) {
    out += "[\n";
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (i) out += ",\n";
      out += pad;
      pretty(j[i], indent + 1, out);
    }
    out += "\n" + close_pad + "]";
  } else if (j.is_array()) {
    out += "[";
    for (std::size_t i = 0; i < j.size(); ++i) out += (i ? ", " : "") + scalar(j[i]);
    out += "]";
  } else {
    out += scalar(j);
  }
}

}  // namespace

TrainOutput train(const std::string& base_json, const TrainOptions& opt) {
  TrainOutput out;
  std::ostringstream log;
  ordered doc = ordered::parse(base_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return {{}, {}, "model: not valid JSON"};
  doc.erase("classifier");  // trained from scratch, never on top of itself
  ModelLoad base = load_model(doc.dump());
  if (!base.model) return {{}, {}, base.error};

  // 1. The classifier.
  if (!opt.goemotions.empty()) {
    std::vector<Example> train_set, dev_set;
    if (auto e = read_goemotions(*base.model, opt.goemotions, "train", opt.buckets, train_set); !e.empty())
      return {{}, {}, e};
    if (auto e = read_goemotions(*base.model, opt.goemotions, "dev", opt.buckets, dev_set); !e.empty())
      return {{}, {}, e};
    if (!opt.politeness.empty())
      if (auto e = read_politeness(*base.model, opt.politeness, opt.buckets, train_set, dev_set); !e.empty())
        return {{}, {}, e};
    std::vector<Classifier::Output> outputs;
    for (const auto& spec : kOutputs)
      if (!spec.sources.empty() || !opt.politeness.empty()) outputs.push_back({spec.id, 0, 0.5});
    Classifier c;
    c.reset(opt.buckets, outputs);
    log << "| classifier output | examples (train/dev) | dev F1 | dev F1 after pruning to " << opt.keep
        << " weights | threshold |\n|---|---|---|---|---|\n";
    for (std::size_t o = 0; o < outputs.size(); ++o) {
      fit_output(c, o, train_set, opt);
      const auto [t0, f0] = tune_threshold(c, o, dev_set);
      prune(c, o, opt.keep);
      const auto [t1, f1] = tune_threshold(c, o, dev_set);
      c.output(o).threshold = t1;
      std::size_t n_train = 0, n_dev = 0;
      for (const auto& e : train_set) n_train += e.labels[o] >= 0;
      for (const auto& e : dev_set) n_dev += e.labels[o] >= 0;
      log << "| " << outputs[o].id << " | " << n_train << "/" << n_dev << " | " << fmt(f0) << " | " << fmt(f1) << " | "
          << t1 << " |\n";
      (void)t0;
    }
    ordered cj;
    cj["buckets"] = opt.buckets;
    cj["emotionWeight"] = opt.emotion_weight;
    ordered outs = ordered::array();
    for (std::size_t o = 0; o < outputs.size(); ++o) {
      ordered x;
      x["id"] = outputs[o].id;
      x["bias"] = c.outputs()[o].bias;
      x["threshold"] = c.outputs()[o].threshold;
      ordered w = ordered::array();
      for (std::uint32_t b = 0; b < c.buckets(); ++b)
        if (c.weight(o, b) != 0) {
          w.push_back(b);
          w.push_back(std::round(static_cast<double>(c.weight(o, b)) * 100.0) / 100.0);  // as the float was rounded
        }
      x["weights"] = std::move(w);
      outs.push_back(std::move(x));
    }
    cj["outputs"] = std::move(outs);
    ordered writer = ordered::object();
    for (const auto& [id, family] : kWriter)
      if (c.index(id) >= 0) writer[id] = {{"family", family}, {"weight", opt.writer_weight}};
    cj["writer"] = std::move(writer);
    doc["classifier"] = std::move(cj);
    log << "\n";
  }

  // 2. Family levels and the message score, from the labelled replies.
  if (!opt.labelled.empty()) {
    // Read as the lexicon reads them: with --cx the learned judgement is fitted again below,
    // so the one of the base model may not decide who needed empathy here (a second run
    // would then differ from the first).
    ordered lexicon_doc = doc;
    if (!opt.cx.empty()) lexicon_doc.erase("learned");
    ModelLoad with_classifier = load_model(lexicon_doc.dump());
    if (!with_classifier.model) return {{}, {}, with_classifier.error};
    const Model& m = *with_classifier.model;
    std::vector<std::string> lines;
    if (!read_lines(opt.labelled, lines)) return {{}, {}, "cannot read " + opt.labelled};
    std::vector<Labelled> items;
    for (std::size_t n = 0; n < lines.size(); ++n) {
      if (lines[n].find_first_not_of(" \t") == std::string::npos) continue;
      const std::string where = opt.labelled + ":" + std::to_string(n + 1) + ": ";
      Input in = parse_input(lines[n]);
      if (!in.error.empty() || in.kind != Input::Kind::request)
        return {{}, {}, where + (in.error.empty() ? "expected a request" : in.error)};
      const json j = json::parse(lines[n], nullptr, false);
      const auto labels = j.find("labels");
      const auto overall = j.find("overall");
      if (labels == j.end() || !labels->is_object()) return {{}, {}, where + "labels: expected an object"};
      if (overall == j.end() || !overall->is_number()) return {{}, {}, where + "overall: expected a number"};
      Labelled item;
      const Result r = score(m, in.request);
      for (const auto& b : r.behaviors) item.evidence[static_cast<std::size_t>(b.family)] += b.weight;
      for (std::size_t f = 0; f < kFamilyCount; ++f) {
        const auto v = labels->find(std::string(family_name(static_cast<Family>(f))));
        if (v == labels->end() || !v->is_number_integer())
          return {{}, {}, where + "labels." + std::string(family_name(static_cast<Family>(f))) + ": expected a level"};
        item.gold[f] = v->get<int>();
      }
      item.needs = r.needs_empathy;
      item.rating = (overall->get<double>() - 1.0) / 4.0;
      items.push_back(item);
    }
    const double cap = m.thresholds.evidence_cap;
    auto capped = [&](const Labelled& it) {
      auto x = it.evidence;
      for (auto& v : x) v = std::min(v, cap);
      return x;
    };
    auto fit_all = [&](const std::vector<std::size_t>& idx, bool needs) {
      std::vector<std::array<double, kFamilyCount>> x;
      std::vector<double> y;
      for (auto i : idx)
        if (items[i].needs == needs) x.push_back(capped(items[i])), y.push_back(items[i].rating);
      return fit_score(x, y, opt.score_l2);
    };
    // k-fold cross-validation: out-of-fold predictions of both fits.
    std::vector<std::size_t> fold(items.size());
    {
      std::vector<std::size_t> order(items.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::mt19937 rng(opt.seed);
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
      for (std::size_t k = 0; k < order.size(); ++k) fold[order[k]] = k % static_cast<std::size_t>(opt.folds);
    }
    std::vector<double> oof(items.size()), ratings;
    std::array<std::vector<int>, kFamilyCount> oof_levels, gold_levels;
    for (int k = 0; k < opt.folds; ++k) {
      std::vector<std::size_t> train_idx;
      for (std::size_t i = 0; i < items.size(); ++i)
        if (fold[i] != static_cast<std::size_t>(k)) train_idx.push_back(i);
      const Logistic needed = fit_all(train_idx, true), not_needed = fit_all(train_idx, false);
      std::array<std::pair<double, double>, kFamilyCount> levels;
      for (std::size_t f = 0; f < kFamilyCount; ++f) levels[f] = fit_levels(items, train_idx, f);
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (fold[i] != static_cast<std::size_t>(k)) continue;
        oof[i] = predict(items[i].needs ? needed : not_needed, capped(items[i]));
        for (std::size_t f = 0; f < kFamilyCount; ++f) {
          const double e = items[i].evidence[f];
          oof_levels[f].push_back(e >= levels[f].second ? 2 : e >= levels[f].first ? 1 : 0);
          gold_levels[f].push_back(items[i].gold[f]);
        }
      }
    }
    std::vector<double> current;
    for (const auto& it : items) {
      ratings.push_back(it.rating);
      current.push_back(predict(m.score.pick(it.needs), capped(it)));
    }
    log << "Message score on " << opt.labelled << " (n = " << items.size()
        << "), Spearman with the rating: " << opt.folds << "-fold cross-validated "
        << fmt(metrics::spearman(oof, ratings)) << ", the weights before training "
        << fmt(metrics::spearman(current, ratings))
        << ".\n\n| family | cross-validated macro-F1 of the learned levels | [weak, strong] |\n|---|---|---|\n";
    std::vector<std::size_t> all(items.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    ordered fl = ordered::object();
    for (std::size_t f = 0; f < kFamilyCount; ++f) {
      const auto lv = fit_levels(items, all, f);
      const std::string name(family_name(static_cast<Family>(f)));
      fl[name] = {lv.first, lv.second};
      log << "| " << name << " | " << fmt(metrics::macro_f1(gold_levels[f], oof_levels[f])) << " | [" << lv.first
          << ", " << lv.second << "] |\n";
    }
    doc["thresholds"]["familyLevels"] = std::move(fl);
    auto logistic_json = [](const Logistic& l) {
      ordered o;
      o["bias"] = l.bias;
      ordered fams = ordered::object();
      for (std::size_t f = 0; f < kFamilyCount; ++f)
        fams[std::string(family_name(static_cast<Family>(f)))] = l.families[f];
      o["families"] = std::move(fams);
      return o;
    };
    doc["score"]["needed"] = logistic_json(fit_all(all, true));
    doc["score"]["notNeeded"] = logistic_json(fit_all(all, false));
  }

  // 3. The learned judgement: the customer's state, the score in context, missed moments.
  if (!opt.cx.empty()) {
    doc.erase("learned");  // from scratch, never on top of itself
    ModelLoad base_model = load_model(doc.dump());
    if (!base_model.model) return {{}, {}, base_model.error};
    if (auto e = learn(*base_model.model, opt, doc, log); !e.empty()) return {{}, {}, e};
  }

  // 4. Which language a text is in.
  if (!opt.langid.empty())
    if (auto e = train_language_id(opt.langid, doc, log); !e.empty()) return {{}, {}, e};

  pretty(doc, 0, out.model);
  out.model += "\n";
  if (ModelLoad check = load_model(out.model); !check.model)
    return {{}, {}, "the trained model does not load: " + check.error};
  out.report = log.str();
  return out;
}

}  // namespace empathy
