// Customer state: emotions (with intensity and evidence), risk topics and whether the
// moment needs empathy, read from the customer's recent messages.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "engine.hpp"

namespace empathy {

namespace {

constexpr std::array<std::string_view, 6> kEmotionIds{"frustration", "anxiety", "confusion",
                                                      "sadness",     "urgency", "gratitude"};

double saturate(double x) { return 1.0 - std::exp(-x); }
double round2(double x) { return std::round(x * 100.0) / 100.0; }

bool is_content_word(const Model& model, const text::Token& t) {
  if (t.norm.size() < 3 || model.stopwords.count(t.norm, t.hash)) return false;
  return std::any_of(t.norm.begin(), t.norm.end(), [](char c) { return c < '0' || c > '9'; });
}

struct EmotionEvidence {
  double sum = 0;  // weighted evidence over turns
  double best_turn_sum = 0;
  int best_turn = -1;
  std::vector<Span> best_spans;
};

}  // namespace

void drop_negated(const Model& model, const std::vector<text::Token>& tokens, std::vector<Match>& matches,
                  std::vector<Match>* dropped) {
  const int window = model.thresholds.negation_window;
  std::erase_if(matches, [&](const Match& m) {
    if (model.entries[m.entry].keep_negated) return false;
    const std::uint32_t clause = tokens[m.first].clause;
    for (int k = 1; k <= window && static_cast<int>(m.first) - k >= 0; ++k) {
      const auto& t = tokens[m.first - k];
      if (t.clause != clause) break;
      if (model.negators.count(t.norm, t.hash)) {
        if (dropped) dropped->push_back(m);
        return true;
      }
    }
    return false;
  });
}

bool leaves(const Model& model, const LanguageGuess& g) {
  if (g.unknown_script) return true;
  return g.decided() && g.code != model.language && g.lead >= model.language_id.leave_margin &&
         g.letters >= model.language_id.leave_letters && g.words >= model.language_id.leave_words;
}

std::string latest_customer_text(const std::vector<Turn>& history) {
  std::string latest;
  for (std::size_t back = history.size(); back-- > 0 && latest.size() < kLanguageTextBytes;)
    if (history[back].role == Role::customer) (latest += history[back].text) += '\n';
  return latest;
}

Languages read_languages(const Model& model, const Context& ctx, std::string_view draft, const LanguageGuess* guess) {
  const LanguageGuess own = guess ? *guess : identify_language(model.language_id, draft, model.language);
  Languages out;
  out.draft = own.decided() || own.unknown_script ? own.code : ctx.customer_language.code;
  out.supported = !leaves(model, own) && !leaves(model, ctx.customer_language);
  return out;
}

Context read_context(const Model& model, const Request& request) {
  const Thresholds& th = model.thresholds;
  Context ctx;
  std::map<std::string, EmotionEvidence> emotions;
  std::vector<std::string> risks;

  // The learned judgement reads some of these turns again: what is read here is kept for it.
  const Learned& learned = model.learned;
  const bool learned_state = !learned.needs.empty() || !learned.risk.empty();
  std::vector<TurnReading> readings(learned_state ? request.history.size() : 0);
  const auto keep = [&](std::size_t turn, text::Analysis& analysis, std::vector<Match>& cues) {
    if (learned_state) readings[turn] = {true, std::move(analysis), std::move(cues)};
  };

  int agent_turns_since = 0;
  const std::size_t oldest = request.history.size() > kContextTurns ? request.history.size() - kContextTurns : 0;
  for (std::size_t back = request.history.size(); back-- > oldest;) {
    const Turn& turn = request.history[back];
    if (turn.role != Role::customer) {
      if (turn.role == Role::agent || turn.role == Role::bot) {  // the company's replies
        ++agent_turns_since;
        auto a = analyze(model, turn.text);
        const auto index = static_cast<std::uint32_t>(ctx.earlier_tokens.size());
        auto& words = ctx.earlier_tokens.emplace_back();
        words.reserve(a.tokens.size());
        for (auto& t : a.tokens) words.push_back(learned_state ? t.norm : std::move(t.norm));
        for (std::size_t i = 0; i + 2 < words.size(); ++i) {
          auto& places = ctx.earlier_trigrams[trigram_hash(words[i], words[i + 1], words[i + 2])];
          if (places.size() < kTrigramPlaces) places.emplace_back(index, static_cast<std::uint32_t>(i));
        }
        std::vector<Match> none;
        keep(back, a, none);
      }
      continue;
    }
    const bool recent = agent_turns_since < th.customer_window;
    text::Analysis a = analyze(model, turn.text);
    auto matches = model.customer.find(a.tokens);
    drop_negated(model, a.tokens, matches);
    for (const Match& m : matches) {
      const Entry& e = model.entries[m.entry];
      if (!e.risk.empty() && std::find(risks.begin(), risks.end(), e.risk) == risks.end()) risks.push_back(e.risk);
    }
    if (!recent) {
      keep(back, a, matches);
      continue;
    }
    const double turn_weight = std::pow(th.customer_decay, agent_turns_since);

    // Emotion cues, strengthened by an intensifier before them, capitals, or "!!".
    std::map<std::string, std::pair<double, std::vector<Span>>> in_turn;
    for (const Match& m : matches) {
      const Entry& e = model.entries[m.entry];
      if (e.emotion.empty() || e.emotion == "none") continue;
      double w = e.weight;
      std::uint32_t first = m.first;
      if (m.first > 0 && model.intensifiers.count(a.tokens[m.first - 1].norm, a.tokens[m.first - 1].hash) &&
          a.tokens[m.first - 1].sentence == a.tokens[m.first].sentence) {
        w *= th.intensifier_boost;
        first = m.first - 1;  // the evidence includes "so" in "so worried"
      }
      if (std::any_of(a.tokens.begin() + m.first, a.tokens.begin() + m.last,
                      [](const text::Token& t) { return t.caps; }))
        w *= th.caps_boost;
      const auto& s = a.sentences[a.tokens[m.first].sentence];
      if (s.exclamations >= 2 || (s.exclamations >= 1 && s.question)) w *= th.exclamation_boost;
      auto& slot = in_turn[e.emotion];
      slot.first += w;
      slot.second.push_back({a.tokens[first].start, a.tokens[m.last - 1].end});
    }
    // The trained classifier reads a message whose phrases said nothing ("been on hold
    // for an hour"); the words of a mask ("not bad", "no worries") are hidden from it.
    if (in_turn.empty() && !model.classifier.empty() && model.classifier_emotion_weight > 0 && !a.tokens.empty()) {
      std::vector<text::Token> visible;
      std::size_t next = 0;
      for (const Match& m : matches) {
        if (model.entries[m.entry].emotion != "none") continue;
        for (; next < m.first; ++next) visible.push_back(a.tokens[next]);
        next = std::max<std::size_t>(next, m.last);
      }
      for (; next < a.tokens.size(); ++next) visible.push_back(a.tokens[next]);
      const auto features =
          Classifier::features(visible, 0, visible.size(), model.classifier.buckets(), model.negators);
      for (std::size_t o = 0; o < model.classifier.outputs().size(); ++o) {
        const auto& out = model.classifier.outputs()[o];
        if (std::find(kEmotionIds.begin(), kEmotionIds.end(), out.id) == kEmotionIds.end()) continue;
        const double p = model.classifier.probability(o, features);
        if (p <= out.threshold) continue;
        auto& slot = in_turn[out.id];
        slot.first += model.classifier_emotion_weight * (p - out.threshold) / (1 - out.threshold);
        slot.second.push_back({a.sentences.front().start, a.sentences.back().end});
      }
    }
    // A customer who writes in capitals is shouting.
    if (a.letters >= th.shouting_min_letters &&
        static_cast<double>(a.capitals) >= th.shouting_ratio * static_cast<double>(a.letters)) {
      auto& slot = in_turn["frustration"];
      slot.first += th.shouting_frustration;
      if (slot.second.empty() && !a.sentences.empty())
        slot.second.push_back({a.sentences.front().start, a.sentences.back().end});
    }
    for (auto& [id, ev] : in_turn) {
      auto& total = emotions[id];
      total.sum += ev.first * turn_weight;
      if (ev.first * turn_weight > total.best_turn_sum) {
        total.best_turn_sum = ev.first * turn_weight;
        total.best_turn = static_cast<int>(back);
        total.best_spans = ev.second;
      }
    }
    // The customer's content words, for reflection and specific apologies. Longer
    // words are rarer, so they say more about the customer's situation.
    for (const auto& t : a.tokens) {
      if (!is_content_word(model, t)) continue;
      const double rarity = std::min(1.5, 0.5 + static_cast<double>(t.norm.size()) / 8.0) * turn_weight;
      auto& w = ctx.customer_words[text::stem(t.norm)];
      w = std::max(w, rarity);
    }
    keep(back, a, matches);
  }

  for (auto& [id, ev] : emotions) {
    Emotion e;
    e.id = id;
    e.intensity = round2(saturate(ev.sum));
    e.turn = ev.best_turn;
    e.spans = std::move(ev.best_spans);
    if (e.intensity >= th.emotion_min) ctx.customer.emotions.push_back(std::move(e));
  }
  std::stable_sort(ctx.customer.emotions.begin(), ctx.customer.emotions.end(),
                   [](const Emotion& a, const Emotion& b) { return a.intensity > b.intensity; });
  for (const auto& e : ctx.customer.emotions) {
    if (e.id == "urgency") ctx.urgency = e.intensity;
    auto t = th.empathy_emotions.find(e.id);
    if (t != th.empathy_emotions.end() && e.intensity >= t->second) ctx.customer.needs_empathy = true;
  }
  ctx.customer.risk = std::move(risks);
  if (!learned_state) {
    if (!ctx.customer.risk.empty()) ctx.customer.needs_empathy = true;
  } else {
    // The learned judgement reads the messages since the last reply (and whether that
    // reply acknowledged the ones before): a need once acknowledged does not carry on.
    const auto features = customer_features(model, request.history, readings);
    std::vector<double> z;  // needs (when present), then each risk
    learned.customer_set.logits(features, z);
    const std::size_t first_risk = learned.needs.empty() ? 0 : 1;
    if (!learned.risk.empty()) {
      // A learned risk needs the lexicon's word for it too, where the lexicon has words
      // for it, unless the model is sure: a few hundred examples cannot teach every
      // innocent word ("link my account" is no bereavement).
      std::vector<std::string> found;
      for (std::size_t k = 0; k < learned.risk.size(); ++k) {
        const RiskModel& risk = learned.risk[k];
        const double p = sigmoid(z[first_risk + k]);
        if (p < risk.linear.threshold) continue;
        const bool lexicon_found =
            std::find(ctx.customer.risk.begin(), ctx.customer.risk.end(), risk.id) != ctx.customer.risk.end();
        if (!risk.lexicon_names || lexicon_found || p >= risk.sure) found.push_back(risk.id);
      }
      for (const auto& id : ctx.customer.risk)  // categories without a learned model: the lexicon's word
        if (std::none_of(learned.risk.begin(), learned.risk.end(), [&](const RiskModel& r) { return r.id == id; }))
          found.push_back(id);
      ctx.customer.risk = std::move(found);
    }
    if (!learned.needs.empty()) {
      ctx.need = sigmoid(z[0]);
      ctx.customer.needs_empathy = ctx.need >= learned.needs.threshold;
    } else if (!ctx.customer.risk.empty()) {
      ctx.customer.needs_empathy = true;
    }
  }
  if (learned.needs.empty()) ctx.need = ctx.customer.needs_empathy ? 1 : 0;
  const auto has = [&](std::string_view id) {
    return std::find(ctx.customer.risk.begin(), ctx.customer.risk.end(), id) != ctx.customer.risk.end();
  };
  ctx.danger = has("safety") || has("hopelessness") || ctx.urgency >= 0.5 ? 1 : 0;
  ctx.customer_language = identify_language(model.language_id, latest_customer_text(request.history), model.language);
  ctx.customer.language = std::string(ctx.customer_language.code);
  return ctx;
}

}  // namespace empathy
