// Loads, validates and compiles a model file. Every error names the key path and what
// was expected there: "lexicon[12].weight: expected a number".
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "empathy/json.hpp"
#include "engine.hpp"
#include "model.hpp"

namespace empathy {

extern const char kDefaultModelJson[];  // generated from core/models/en.json

std::string_view default_model_json() { return kDefaultModelJson; }

namespace {

using json = nlohmann::json;

constexpr int kSupportedVersion = 1;

const std::array<std::string_view, 6> kEmotions{"frustration", "anxiety", "confusion",
                                                "sadness",     "urgency", "gratitude"};
const std::array<std::string_view, 9> kRisks{"bereavement",   "health",       "financial-hardship",   "fraud", "safety",
                                             "vulnerability", "hopelessness", "complaint-escalation", "churn"};
const std::array<std::string_view, 4> kComponents{"activeListening", "emotionalRecognition", "supportiveResponses",
                                                  "genuineTone"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view s) {
  for (auto n : names)
    if (n == s) return true;
  return false;
}

// Reads typed values out of the model JSON; the first error wins and stops the load.
class Reader {
 public:
  std::string error;

  bool ok() const { return error.empty(); }

  void fail(const std::string& path, const std::string& what) {
    if (error.empty()) error = path + ": " + what;
  }

  const json* child(const json& obj, const std::string& path, const char* key, bool required) {
    if (!ok()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) fail(join(path, key), "missing");
      return nullptr;
    }
    return &*it;
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  void number(const json& obj, const std::string& path, const char* key, double& out, double min, double max) {
    const json* v = child(obj, path, key, false);
    if (!v) return;
    if (!v->is_number()) return fail(join(path, key), "expected a number");
    const double d = v->get<double>();
    if (!(d >= min && d <= max)) return fail(join(path, key), "expected a number from " + fmt(min) + " to " + fmt(max));
    out = d;
  }

  template <typename Int>
  void integer(const json& obj, const std::string& path, const char* key, Int& out, double min, double max) {
    double d = static_cast<double>(out);
    number(obj, path, key, d, min, max);
    if (ok() && d != static_cast<double>(static_cast<long long>(d)))
      return fail(join(path, key), "expected a whole number");
    out = static_cast<Int>(d);
  }

  void string(const json& obj, const std::string& path, const char* key, std::string& out, bool required) {
    const json* v = child(obj, path, key, required);
    if (!v) return;
    if (!v->is_string()) return fail(join(path, key), "expected a string");
    out = v->get<std::string>();
  }

  void boolean(const json& obj, const std::string& path, const char* key, bool& out) {
    const json* v = child(obj, path, key, false);
    if (!v) return;
    if (!v->is_boolean()) return fail(join(path, key), "expected true or false");
    out = v->get<bool>();
  }

  // An array of strings, or a single string.
  void strings(const json& obj, const std::string& path, const char* key, std::vector<std::string>& out,
               bool required = false) {
    const json* v = child(obj, path, key, required);
    if (!v) return;
    if (v->is_string()) {
      out.push_back(v->get<std::string>());
      return;
    }
    if (!v->is_array()) return fail(join(path, key), "expected an array of strings");
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) return fail(join(path, key) + "[" + std::to_string(i) + "]", "expected a string");
      out.push_back((*v)[i].get<std::string>());
    }
  }

  void word_set(const json& obj, const std::string& path, const char* key, WordSet& out) {
    std::vector<std::string> words;
    strings(obj, path, key, words);
    for (const auto& w : words) out.insert(text::fold_word(w));
  }

  std::optional<Family> family(const std::string& name, const std::string& path) {
    auto f = family_from_name(name);
    if (!f)
      fail(path,
           "expected a family (emotional-reaction, interpretation, exploration, reassurance, "
           "inclusive, politeness, dismissive, scripted), got \"" +
               name + "\"");
    return f;
  }

  void logistic(const json& obj, const std::string& path, Logistic& out) {
    if (!obj.is_object()) return fail(path, "expected an object");
    number(obj, path, "bias", out.bias, -50, 50);
    const json* fams = child(obj, path, "families", true);
    if (!fams) return;
    if (!fams->is_object()) return fail(join(path, "families"), "expected an object");
    for (auto it = fams->begin(); it != fams->end() && ok(); ++it) {
      const std::string p = join(path, "families") + "." + it.key();
      auto f = family(it.key(), p);
      if (!f) return;
      if (!it->is_number()) return fail(p, "expected a number");
      out.families[static_cast<std::size_t>(*f)] = it->get<double>();
    }
  }

  void by_need(const json& obj, const std::string& path, ByNeed& out) {
    if (!obj.is_object()) return fail(path, "expected an object");
    if (const json* n = child(obj, path, "needed", true)) logistic(*n, join(path, "needed"), out.needed);
    if (const json* n = child(obj, path, "notNeeded", true)) logistic(*n, join(path, "notNeeded"), out.not_needed);
  }

  void levels(const json& obj, const std::string& path, const char* key, std::vector<std::pair<Family, int>>& out) {
    const json* v = child(obj, path, key, false);
    if (!v) return;
    const std::string p = join(path, key);
    if (!v->is_object()) return fail(p, "expected an object of family: level");
    for (auto it = v->begin(); it != v->end() && ok(); ++it) {
      auto f = family(it.key(), p + "." + it.key());
      if (!f) return;
      if (!it->is_number_integer() || it->get<int>() < 0 || it->get<int>() > 2)
        return fail(p + "." + it.key(), "expected a level 0, 1 or 2");
      out.emplace_back(*f, it->get<int>());
    }
  }

 private:
  // Range limits are whole numbers; written without printf's floating-point code.
  static std::string fmt(double d) { return std::to_string(static_cast<long long>(d)); }
};

void read_entry(Reader& r, const json& e, const std::string& path, Model& m,
                const std::unordered_map<std::string, std::vector<std::string>>& classes) {
  if (!e.is_object()) return r.fail(path, "expected an object");
  Entry entry;
  r.string(e, path, "id", entry.id, true);
  std::string side = "agent";
  r.string(e, path, "side", side, false);
  if (!r.ok()) return;
  if (side != "agent" && side != "customer") return r.fail(path + ".side", "expected \"agent\" or \"customer\"");
  entry.side = side == "agent" ? Side::agent : Side::customer;
  r.number(e, path, "weight", entry.weight, 0, 5);
  r.boolean(e, path, "keepNegated", entry.keep_negated);
  if (entry.side == Side::agent) {
    std::string fam;
    r.string(e, path, "family", fam, true);
    if (!r.ok()) return;
    r.boolean(e, path, "signal", entry.signal);
    if (r.ok() && entry.signal && fam != "none")
      return r.fail(path + ".signal", "only an entry of family \"none\" can be a signal");
    if (fam != "none") {
      entry.family = r.family(fam, path + ".family");
      if (!r.ok()) return;
      entry.polarity = is_negative(*entry.family) ? -1 : 1;
    }
    double polarity = entry.polarity;
    r.number(e, path, "polarity", polarity, -1, 1);
    if (r.ok() && entry.family && polarity != entry.polarity)
      return r.fail(path + ".polarity", "expected " + std::to_string(entry.polarity) + " for family " +
                                            std::string(family_name(*entry.family)));
  } else {
    r.string(e, path, "emotion", entry.emotion, false);
    r.string(e, path, "risk", entry.risk, false);
    if (!r.ok()) return;
    if (entry.emotion.empty() == entry.risk.empty())
      return r.fail(path, "expected exactly one of \"emotion\" and \"risk\" on a customer entry");
    if (!entry.emotion.empty() && entry.emotion != "none" && !one_of(kEmotions, entry.emotion))
      return r.fail(path + ".emotion",
                    "expected one of frustration, anxiety, confusion, sadness, urgency, "
                    "gratitude, none; got \"" +
                        entry.emotion + "\"");
    if (!entry.risk.empty() && !one_of(kRisks, entry.risk))
      return r.fail(path + ".risk",
                    "expected one of bereavement, health, financial-hardship, fraud, safety, "
                    "vulnerability, hopelessness, complaint-escalation, churn; got \"" +
                        entry.risk + "\"");
  }
  std::vector<std::string> patterns;
  r.strings(e, path, "patterns", patterns, true);
  if (!r.ok()) return;
  if (patterns.empty()) return r.fail(path + ".patterns", "expected at least one pattern");
  const auto index = static_cast<std::uint32_t>(m.entries.size());
  Matcher& matcher = entry.side == Side::agent ? m.agent : m.customer;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    std::string err = matcher.add(patterns[i], index, classes);
    if (!err.empty()) return r.fail(path + ".patterns[" + std::to_string(i) + "]", "\"" + patterns[i] + "\" " + err);
  }
  m.entries.push_back(std::move(entry));
}

void read_nudge(Reader& r, const json& n, const std::string& path, const std::string& id, Model& m) {
  if (!n.is_object()) return r.fail(path, "expected an object");
  NudgeRule rule;
  rule.id = id;
  std::string kind;
  r.string(n, path, "kind", kind, true);
  if (!r.ok()) return;
  if (kind == "warning") rule.kind = NudgeKind::warning;
  else if (kind == "tip") rule.kind = NudgeKind::tip;
  else if (kind == "praise") rule.kind = NudgeKind::praise;
  else return r.fail(path + ".kind", "expected \"warning\", \"tip\" or \"praise\"");
  std::string fam;
  r.string(n, path, "family", fam, false);
  if (r.ok() && !fam.empty()) rule.family = r.family(fam, path + ".family");
  r.number(n, path, "priority", rule.priority, -1000, 1000);
  r.string(n, path, "message", rule.message, true);
  if (const json* s = r.child(n, path, "suggestion", false); s && !s->is_null()) {
    if (!s->is_string()) return r.fail(path + ".suggestion", "expected a string or null");
    rule.suggestion = s->get<std::string>();
  }
  if (const json* sf = r.child(n, path, "suggestionFor", false)) {
    const std::string q = path + ".suggestionFor";
    if (!sf->is_object()) return r.fail(q, "expected an object of emotion or risk: suggestion");
    for (auto it = sf->begin(); it != sf->end(); ++it) {
      if (!one_of(kEmotions, it.key()) && !one_of(kRisks, it.key()))
        return r.fail(q + "." + it.key(), "is not an emotion or a risk");
      if (!it->is_string()) return r.fail(q + "." + it.key(), "expected a string");
      rule.suggestion_for.emplace_back(it.key(), it->get<std::string>());
    }
    if (!rule.suggestion && !rule.suggestion_for.empty()) return r.fail(q, "needs a suggestion for every other moment");
  }
  std::string place;
  r.string(n, path, "place", place, false);
  if (place == "end") rule.place = Placement::end;
  else if (place == "next") rule.place = Placement::next;
  else if (!place.empty() && place != "start")
    return r.fail(path + ".place", "expected \"start\", \"next\" or \"end\"");
  const json* when = r.child(n, path, "when", true);
  if (!when) return;
  const std::string w = path + ".when";
  if (!when->is_object()) return r.fail(w, "expected an object");
  static const std::array<std::string_view, 13> kConditions{
      "behavior",      "noBehavior",  "emotion",    "minIntensity", "risk",    "noRisk",    "needsEmpathy",
      "familyAtLeast", "familyBelow", "draftEmpty", "minWords",     "anyRisk", "missesNeed"};
  for (auto it = when->begin(); it != when->end(); ++it)
    if (!one_of(kConditions, it.key())) return r.fail(w + "." + it.key(), "is not a known condition");
  r.strings(*when, w, "behavior", rule.behavior);
  r.strings(*when, w, "noBehavior", rule.no_behavior);
  r.strings(*when, w, "emotion", rule.emotion);
  r.number(*when, w, "minIntensity", rule.min_intensity, 0, 1);
  r.strings(*when, w, "risk", rule.risk);
  r.strings(*when, w, "noRisk", rule.no_risk);
  r.string(n, path, "group", rule.group, false);
  bool any_risk = false;
  r.boolean(*when, w, "anyRisk", any_risk);
  if (any_risk) rule.risk.assign(kRisks.begin(), kRisks.end());
  if (const json* ne = r.child(*when, w, "needsEmpathy", false)) {
    if (!ne->is_boolean()) return r.fail(w + ".needsEmpathy", "expected true or false");
    rule.needs_empathy = ne->get<bool>();
  }
  r.levels(*when, w, "familyAtLeast", rule.family_at_least);
  r.levels(*when, w, "familyBelow", rule.family_below);
  r.boolean(*when, w, "draftEmpty", rule.draft_empty);
  r.integer(*when, w, "minWords", rule.min_words, 0, 10000);
  if (const json* mn = r.child(*when, w, "missesNeed", false)) {
    if (!mn->is_boolean()) return r.fail(w + ".missesNeed", "expected true or false");
    rule.misses_need = mn->get<bool>();
  }
  for (const auto& e : rule.emotion)
    if (!one_of(kEmotions, e)) return r.fail(w + ".emotion", "unknown emotion \"" + e + "\"");
  for (const auto& e : rule.risk)
    if (!one_of(kRisks, e)) return r.fail(w + ".risk", "unknown risk \"" + e + "\"");
  for (const auto& e : rule.no_risk)
    if (!one_of(kRisks, e)) return r.fail(w + ".noRisk", "unknown risk \"" + e + "\"");
  if (rule.message.find(kSpanPlaceholder) != std::string::npos && rule.behavior.empty())
    return r.fail(path + ".message",
                  std::string(kSpanPlaceholder) + " quotes the rule's evidence: it needs when.behavior");
  if (r.ok()) m.nudges.push_back(std::move(rule));
}

void read_thresholds(Reader& r, const json& t, Thresholds& th) {
  const std::string p = "thresholds";
  if (!t.is_object()) return r.fail(p, "expected an object");
  r.number(t, p, "levelWeak", th.level_weak, 0, 100);
  r.number(t, p, "levelStrong", th.level_strong, 0, 100);
  r.number(t, p, "evidenceCap", th.evidence_cap, 0, 100);
  th.family_levels.fill({th.level_weak, th.level_strong});
  if (const json* fl = r.child(t, p, "familyLevels", false)) {
    if (!fl->is_object()) return r.fail(p + ".familyLevels", "expected an object of family: [weak, strong]");
    for (auto it = fl->begin(); it != fl->end() && r.ok(); ++it) {
      const std::string q = p + ".familyLevels." + it.key();
      auto f = r.family(it.key(), q);
      if (!f) return;
      if (!it->is_array() || it->size() != 2 || !(*it)[0].is_number() || !(*it)[1].is_number() ||
          (*it)[0].get<double>() > (*it)[1].get<double>())
        return r.fail(q, "expected [weak, strong] with weak <= strong");
      th.family_levels[static_cast<std::size_t>(*f)] = {(*it)[0].get<double>(), (*it)[1].get<double>()};
    }
  }
  if (const json* e = r.child(t, p, "empathyEmotions", true)) {
    if (!e->is_object()) return r.fail(p + ".empathyEmotions", "expected an object of emotion: intensity");
    for (auto it = e->begin(); it != e->end(); ++it) {
      if (!one_of(kEmotions, it.key())) return r.fail(p + ".empathyEmotions." + it.key(), "is not an emotion");
      if (!it->is_number()) return r.fail(p + ".empathyEmotions." + it.key(), "expected a number");
      th.empathy_emotions[it.key()] = it->get<double>();
    }
  }
  r.number(t, p, "reflectionMin", th.reflection_min, 0, 100);
  r.number(t, p, "reflectionWeight", th.reflection_weight, 0, 5);
  r.number(t, p, "apologySpecificWeight", th.apology_specific_weight, 0, 5);
  r.number(t, p, "openQuestionWeight", th.open_question_weight, 0, 5);
  r.number(t, p, "repeatedPhraseWeight", th.repeated_phrase_weight, 0, 5);
  r.integer(t, p, "repeatedPhraseMinTokens", th.repeated_phrase_min_tokens, 1, 50);
  r.number(t, p, "rushedUrgency", th.rushed_urgency, 0, 1);
  r.integer(t, p, "rushedLongBytes", th.rushed_long_bytes, 1, 1e9);
  r.number(t, p, "longReplyWeight", th.long_reply_weight, 0, 5);
  r.number(t, p, "shoutingRatio", th.shouting_ratio, 0, 1);
  r.integer(t, p, "shoutingMinLetters", th.shouting_min_letters, 1, 1e9);
  r.number(t, p, "shoutingWeight", th.shouting_weight, 0, 5);
  r.number(t, p, "nameUsedWeight", th.name_used_weight, 0, 5);
  r.integer(t, p, "negationWindow", th.negation_window, 0, 10);
  r.number(t, p, "customerDecay", th.customer_decay, 0, 1);
  r.integer(t, p, "customerWindow", th.customer_window, 0, 100);
  r.number(t, p, "intensifierBoost", th.intensifier_boost, 1, 10);
  r.number(t, p, "capsBoost", th.caps_boost, 1, 10);
  r.number(t, p, "exclamationBoost", th.exclamation_boost, 1, 10);
  r.number(t, p, "shoutingFrustration", th.shouting_frustration, 0, 5);
  r.number(t, p, "emotionMin", th.emotion_min, 0, 1);
}

void read_conversation(Reader& r, const json& c, ConversationWeights& cw) {
  const std::string p = "conversation";
  if (!c.is_object()) return r.fail(p, "expected an object");
  r.number(c, p, "base", cw.base, 0, 100);
  r.number(c, p, "needed", cw.needed, 0, 100);
  r.number(c, p, "risk", cw.risk, 0, 100);
  r.number(c, p, "missedPenalty", cw.missed_penalty, 0, 100);
  r.number(c, p, "missedHighRiskPenalty", cw.missed_high_risk_penalty, 0, 100);
  r.number(c, p, "slowReplyMs", cw.slow_reply_ms, 0, 1e12);
  r.number(c, p, "slowReplyPenalty", cw.slow_reply_penalty, 0, 100);
}

void read_classifier(Reader& r, const json& c, Model& m) {
  const std::string p = "classifier";
  if (!c.is_object()) return r.fail(p, "expected an object");
  std::uint32_t buckets = 0;
  r.integer(c, p, "buckets", buckets, 1, 1 << 22);
  if (r.ok() && buckets == 0) return r.fail(p + ".buckets", "missing");
  r.number(c, p, "emotionWeight", m.classifier_emotion_weight, 0, 5);
  const json* outs = r.child(c, p, "outputs", true);
  if (!outs) return;
  if (!outs->is_array()) return r.fail(p + ".outputs", "expected an array");
  std::vector<Classifier::Output> outputs;
  for (std::size_t i = 0; i < outs->size() && r.ok(); ++i) {
    const std::string q = p + ".outputs[" + std::to_string(i) + "]";
    const json& o = (*outs)[i];
    if (!o.is_object()) return r.fail(q, "expected an object");
    Classifier::Output out;
    r.string(o, q, "id", out.id, true);
    r.number(o, q, "bias", out.bias, -100, 100);
    r.number(o, q, "threshold", out.threshold, 0, 1);
    outputs.push_back(out);
  }
  if (!r.ok()) return;
  constexpr std::size_t kMaxWeights = std::size_t{1} << 24;  // 64 MB of floats
  if (static_cast<std::size_t>(buckets) * outputs.size() > kMaxWeights)
    return r.fail(p, "buckets times outputs is over 16,777,216 weights");
  m.classifier.reset(buckets, outputs);
  for (std::size_t i = 0; i < outs->size() && r.ok(); ++i) {
    const std::string q = p + ".outputs[" + std::to_string(i) + "].weights";
    const json* w = r.child((*outs)[i], "", "weights", true);
    if (!w) return r.fail(q, "missing");
    if (!w->is_array() || w->size() % 2) return r.fail(q, "expected [bucket, weight, bucket, weight, ...]");
    for (std::size_t k = 0; k < w->size(); k += 2) {
      const json& b = (*w)[k];
      const json& v = (*w)[k + 1];
      if (!b.is_number_unsigned() || b.get<std::uint64_t>() >= buckets || !v.is_number())
        return r.fail(q + "[" + std::to_string(k) + "]",
                      "expected a bucket below " + std::to_string(buckets) + " and a number");
      m.classifier.weight(i, static_cast<std::uint32_t>(b.get<std::uint64_t>())) = static_cast<float>(v.get<double>());
    }
  }
  if (const json* wr = r.child(c, p, "writer", false)) {
    if (!wr->is_object()) return r.fail(p + ".writer", "expected an object of output: {family, weight}");
    for (auto it = wr->begin(); it != wr->end() && r.ok(); ++it) {
      const std::string q = p + ".writer." + it.key();
      WriterSignal s;
      const int index = m.classifier.index(it.key());
      if (index < 0) return r.fail(q, "is not an output of the classifier");
      s.output = static_cast<std::size_t>(index);
      std::string fam;
      r.string(*it, q, "family", fam, true);
      if (!r.ok()) return;
      auto f = r.family(fam, q + ".family");
      if (!f) return;
      s.family = *f;
      r.number(*it, q, "weight", s.weight, 0, 5);
      m.writer.push_back(s);
    }
  }
}

// A hashed linear model: {"bias", "threshold", "weights": [gap, weight, gap, weight, ...]},
// each bucket given as its distance from the one before (the first from 0), in order.
void read_linear(Reader& r, const json& c, const std::string& p, std::uint32_t buckets, Linear& out) {
  if (!c.is_object()) return r.fail(p, "expected an object");
  out.buckets = buckets;
  r.number(c, p, "bias", out.bias, -100, 100);
  r.number(c, p, "threshold", out.threshold, 0, 1);
  const json* w = r.child(c, p, "weights", true);
  if (!w) return;
  if (!w->is_array() || w->size() % 2) return r.fail(p + ".weights", "expected [gap, weight, gap, weight, ...]");
  std::uint64_t bucket = 0;
  for (std::size_t k = 0; k < w->size(); k += 2) {
    const json& g = (*w)[k];
    const json& v = (*w)[k + 1];
    if (g.is_number_unsigned() && (k == 0 || g.get<std::uint64_t>() > 0)) bucket += g.get<std::uint64_t>();
    else bucket = buckets;
    if (bucket >= buckets || !v.is_number() || !(std::fabs(v.get<double>()) <= 100))
      return r.fail(p + ".weights[" + std::to_string(k) + "]",
                    "expected a gap of at least 1 from the previous bucket (the first from 0) to a bucket below " +
                        std::to_string(buckets) + ", and a weight from -100 to 100");
    out.weights.set(static_cast<std::uint32_t>(bucket), static_cast<float>(v.get<double>()));
  }
}

// "languageId": {"buckets": B, "minMargin": x, "languages": {"en": "<B hex digits>", ...}}:
// per language, one hex digit per bucket, the weight + 8 in half log units.
void read_language_id(Reader& r, const json& c, LanguageModel& out) {
  const std::string p = "languageId";
  if (!c.is_object()) return r.fail(p, "expected an object");
  int buckets = 0;
  if (!r.child(c, p, "buckets", true)) return;
  r.integer(c, p, "buckets", buckets, 1, 1 << 16);
  if (r.ok() && !valid_buckets(static_cast<std::uint32_t>(buckets)))
    return r.fail(p + ".buckets", "expected a power of two");
  r.number(c, p, "minMargin", out.min_margin, 0, 100);
  r.number(c, p, "leaveMargin", out.leave_margin, 0, 100);
  r.integer(c, p, "leaveLetters", out.leave_letters, 0, 10000);
  r.integer(c, p, "leaveWords", out.leave_words, 0, 10000);
  const json* langs = r.child(c, p, "languages", true);
  if (!r.ok() || !langs) return;
  if (!langs->is_object() || langs->empty()) return r.fail(p + ".languages", "expected an object of code: weights");
  if (langs->size() > kMaxLanguages)
    return r.fail(p + ".languages", "expected at most " + std::to_string(kMaxLanguages));
  out.buckets = static_cast<std::uint32_t>(buckets);
  out.stride = language_stride(langs->size());
  out.weights.assign(out.stride * out.buckets, 0);
  std::size_t l = 0;
  for (auto it = langs->begin(); it != langs->end(); ++it, ++l) {
    const std::string path = p + ".languages." + it.key();
    if (it.key().size() < 2 || it.key().size() > 3 || it.key() == "und")
      return r.fail(path, "expected an ISO 639-1 language code");
    if (!it->is_string() || it->get_ref<const std::string&>().size() != out.buckets)
      return r.fail(path, "expected a string of " + std::to_string(buckets) + " hex digits");
    out.codes.push_back(it.key());
    const std::string& digits = it->get_ref<const std::string&>();
    for (std::size_t b = 0; b < digits.size(); ++b) {
      const char h = digits[b];
      const int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : -1;
      if (v < 0) return r.fail(path, "expected hex digits 0-9a-f");
      out.weights[b * out.stride + l] = static_cast<std::int16_t>(v - 8);  // bucket-major
    }
  }
}

void read_learned(Reader& r, const json& c, Model& m) {
  const std::string p = "learned";
  if (!c.is_object()) return r.fail(p, "expected an object");
  std::uint32_t buckets = 0;
  r.integer(c, p, "buckets", buckets, 1, 1 << 24);
  if (r.ok() && buckets == 0) return r.fail(p + ".buckets", "missing");
  r.number(c, p, "acknowledged", m.learned.acknowledged, 0, 100);
  if (const json* n = r.child(c, p, "needs", false)) read_linear(r, *n, p + ".needs", buckets, m.learned.needs);
  if (const json* s = r.child(c, p, "score", false)) read_linear(r, *s, p + ".score", buckets, m.learned.score);
  if (const json* fams = r.child(c, p, "families", false)) {
    if (!fams->is_object()) return r.fail(p + ".families", "expected an object of family: model");
    for (auto it = fams->begin(); it != fams->end() && r.ok(); ++it) {
      const auto family = family_from_name(it.key());
      if (!family) return r.fail(p + ".families." + it.key(), "is not a behaviour family");
      read_linear(r, *it, p + ".families." + it.key(), buckets, m.learned.families[static_cast<std::size_t>(*family)]);
    }
  }
  if (const json* k = r.child(c, p, "risk", false)) {
    if (!k->is_object()) return r.fail(p + ".risk", "expected an object of risk: model");
    for (auto it = k->begin(); it != k->end() && r.ok(); ++it) {
      if (!one_of(kRisks, it.key())) return r.fail(p + ".risk." + it.key(), "is not a risk category");
      RiskModel risk{it.key(), {}, false};
      read_linear(r, *it, p + ".risk." + it.key(), buckets, risk.linear);
      r.number(*it, p + ".risk." + it.key(), "sure", risk.sure, 0, 1);
      m.learned.risk.push_back(std::move(risk));
    }
  }
}

ModelLoad compile(const json& doc) {
  Reader r;
  auto m = std::make_shared<Model>();
  if (!doc.is_object()) return {nullptr, "model: expected a JSON object"};
  r.integer(doc, "", "version", m->version, 0, 1e6);
  if (r.ok() && m->version != kSupportedVersion)
    r.fail("version", "expected " + std::to_string(kSupportedVersion) + ", got " + std::to_string(m->version));
  if (r.ok() && !doc.contains("version")) r.fail("version", "missing");
  r.string(doc, "", "language", m->language, true);

  std::unordered_map<std::string, std::vector<std::string>> classes;
  if (const json* c = r.child(doc, "", "classes", false)) {
    if (!c->is_object()) r.fail("classes", "expected an object of name: [words]");
    for (auto it = c->begin(); r.ok() && c->is_object() && it != c->end(); ++it) {
      std::vector<std::string> words;
      r.strings(*c, "classes", it.key().c_str(), words, true);
      classes[it.key()] = std::move(words);
    }
  }
  r.word_set(doc, "", "negators", m->negators);
  if (auto it = classes.find("intens"); it != classes.end())
    for (const auto& w : it->second) m->intensifiers.insert(text::fold_word(w));
  r.word_set(doc, "", "stopwords", m->stopwords);
  r.word_set(doc, "", "procedural", m->procedural);
  r.word_set(doc, "", "problems", m->problems);
  r.word_set(doc, "", "questionWords", m->question_words);
  if (doc.contains("addressWords")) r.word_set(doc, "", "addressWords", m->address_words);
  else m->address_words = {"you", "your"};
  if (const json* t = r.child(doc, "", "thresholds", true)) read_thresholds(r, *t, m->thresholds);
  if (const json* s = r.child(doc, "", "score", true)) r.by_need(*s, "score", m->score);
  if (const json* c = r.child(doc, "", "components", true)) {
    if (!c->is_object()) r.fail("components", "expected an object");
    for (std::size_t i = 0; i < kComponents.size() && r.ok(); ++i) {
      const std::string key(kComponents[i]);
      if (const json* v = r.child(*c, "components", key.c_str(), true))
        r.by_need(*v, "components." + key, m->components[i]);
    }
  }
  if (const json* c = r.child(doc, "", "conversation", false)) read_conversation(r, *c, m->conversation);
  if (const json* c = r.child(doc, "", "classifier", false); c && !c->is_null()) read_classifier(r, *c, *m);
  if (const json* c = r.child(doc, "", "learned", false); c && !c->is_null()) read_learned(r, *c, *m);
  if (const json* c = r.child(doc, "", "languageId", false); c && !c->is_null())
    read_language_id(r, *c, m->language_id);
  if (const json* lex = r.child(doc, "", "lexicon", true)) {
    if (!lex->is_array()) r.fail("lexicon", "expected an array of entries");
    for (std::size_t i = 0; r.ok() && lex->is_array() && i < lex->size(); ++i)
      read_entry(r, (*lex)[i], "lexicon[" + std::to_string(i) + "]", *m, classes);
  }
  for (auto& risk : m->learned.risk)
    risk.lexicon_names =
        std::any_of(m->entries.begin(), m->entries.end(), [&](const Entry& e) { return e.risk == risk.id; });
  {
    Learned& l = m->learned;
    std::vector<const Linear*> customer, families;
    if (!l.needs.empty()) customer.push_back(&l.needs);
    for (const auto& risk : l.risk) customer.push_back(&risk.linear);
    for (const auto& f : l.families)
      if (!f.empty()) families.push_back(&f);
    l.customer_set = LinearSet(customer);
    l.family_set = LinearSet(families);
  }
  if (const json* n = r.child(doc, "", "nudges", true)) {
    if (!n->is_object()) r.fail("nudges", "expected an object of ruleId: rule");
    for (auto it = n->begin(); r.ok() && n->is_object() && it != n->end(); ++it)
      if (!it->is_null()) read_nudge(r, *it, "nudges." + it.key(), it.key(), *m);
  }
  if (!r.ok()) return {nullptr, "model: " + r.error};
  m->no_history = std::make_shared<const Context>(read_context(*m, Request{}));
  return {std::move(m), {}};
}

// Refuses nesting deeper than kMaxJsonDepth before nlohmann's recursive parser and
// merge_patch see it (a deep overlay would exhaust the stack).
json parse(std::string_view text) {
  if (too_deep(text)) return json(json::value_t::discarded);
  return json::parse(text.begin(), text.end(), nullptr, false);
}

}  // namespace

ModelLoad load_model(std::string_view json_text) {
  json doc = parse(json_text);
  if (doc.is_discarded())
    return {nullptr, too_deep(json_text) ? "model: JSON nested deeper than 64 levels" : "model: not valid JSON"};
  return compile(doc);
}

ModelLoad load_model(std::string_view base_json, std::string_view overlay_json) {
  json base = parse(base_json);
  if (base.is_discarded())
    return {nullptr, too_deep(base_json) ? "model: JSON nested deeper than 64 levels" : "model: not valid JSON"};
  json overlay = parse(overlay_json);
  if (overlay.is_discarded())
    return {nullptr, too_deep(overlay_json) ? "overlay: JSON nested deeper than 64 levels" : "overlay: not valid JSON"};
  if (!overlay.is_object()) return {nullptr, "overlay: expected a JSON object"};
  overlay.erase("packs");     // each pack's own part (load_pack)
  base.merge_patch(overlay);  // RFC 7386: objects merge, null deletes, arrays replace
  return compile(base);
}

ModelLoad load_pack(std::string_view pack_json, std::string_view overlay_json) {
  if (overlay_json.empty()) return load_model(pack_json);
  json pack = parse(pack_json);
  if (pack.is_discarded()) return load_model(pack_json);  // the same error as without an overlay
  const json overlay = parse(overlay_json);
  if (overlay.is_discarded() || !overlay.is_object()) return load_model(pack_json, overlay_json);
  const auto packs = overlay.find("packs");
  const auto language = pack.find("language");
  if (packs == overlay.end() || !packs->is_object() || language == pack.end() || !language->is_string())
    return load_model(pack_json);
  const auto own = packs->find(language->get<std::string>());
  if (own == packs->end()) return load_model(pack_json);
  if (!own->is_object())
    return {nullptr, "overlay: packs." + language->get<std::string>() + ": expected a JSON object"};
  pack.merge_patch(*own);
  return compile(pack);
}

}  // namespace empathy
