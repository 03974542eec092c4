// Families, scores and the conversation score. The formula (also in the README):
//   evidence[f] = sum of the weights of the draft's behaviours in family f
//   level[f]    = 2 if evidence >= strong[f], 1 if >= weak[f], else 0 (thresholds.familyLevels)
//   probability[f] = the learned family model's, over the draft's words and behaviours
//   score       = 100 * sigmoid(bias + sum_f w[f] * min(evidence[f], evidenceCap))
// with one set of (bias, w) when the customer needs empathy and one when not; each
// component is the same logistic form over its own weights.
#include <algorithm>
#include <array>
#include <cmath>

#include "engine.hpp"

namespace empathy {

namespace {

constexpr std::array<std::string_view, kFamilyCount> kFamilyNames{"emotional-reaction", "interpretation", "exploration",
                                                                  "reassurance",        "inclusive",      "politeness",
                                                                  "dismissive",         "scripted"};

int logistic(const Logistic& l, const std::array<double, kFamilyCount>& evidence) {
  double x = l.bias;
  for (std::size_t f = 0; f < kFamilyCount; ++f) x += l.families[f] * evidence[f];
  return static_cast<int>(std::lround(100.0 / (1.0 + std::exp(-x))));
}

}  // namespace

std::string_view family_name(Family family) { return kFamilyNames[static_cast<std::size_t>(family)]; }

std::optional<Family> family_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kFamilyCount; ++i)
    if (kFamilyNames[i] == name) return static_cast<Family>(i);
  return std::nullopt;
}

bool is_negative(Family family) { return family == Family::dismissive || family == Family::scripted; }

std::string_view band_name(Band band) {
  switch (band) {
    case Band::low: return "low";
    case Band::fair: return "fair";
    case Band::good: return "good";
  }
  return "low";
}

Band band_of(int score) { return score < 40 ? Band::low : score < 70 ? Band::fair : Band::good; }

std::string_view nudge_kind_name(NudgeKind kind) {
  switch (kind) {
    case NudgeKind::warning: return "warning";
    case NudgeKind::tip: return "tip";
    case NudgeKind::praise: return "praise";
  }
  return "tip";
}

namespace {

Result score_with(const Model& model, const Request& request, const Context& ctx, const LanguageGuess* guess = nullptr);

}  // namespace

struct Cache::Entry {
  const Model* model = nullptr;
  std::vector<std::pair<Role, std::string>> history;  // what read_context() read: compared exactly
  Context context;
};

namespace {
bool same_history(const std::vector<std::pair<Role, std::string>>& cached, const std::vector<Turn>& history) {
  if (cached.size() != history.size()) return false;
  for (std::size_t i = 0; i < history.size(); ++i)
    if (cached[i].first != history[i].role || cached[i].second != history[i].text) return false;
  return true;
}
}  // namespace

Cache::Cache() = default;
Cache::~Cache() = default;
Cache::Cache(Cache&&) noexcept = default;
Cache& Cache::operator=(Cache&&) noexcept = default;
void Cache::clear() { entry_.reset(); }

Scratch& scratch() {
  static thread_local Scratch s;
  return s;
}

namespace {
template <typename T>
void release_if_large(std::vector<T>& v) {
  if (v.capacity() * sizeof(T) > Scratch::kKeep) std::vector<T>().swap(v);
}
}  // namespace

void Scratch::release_large() {
  release_if_large(draft.tokens);
  release_if_large(draft.sentences);
  release_if_large(reply);
  release_if_large(words);
  release_if_large(by_sentence);
  release_if_large(matches);
  release_if_large(matcher.ids);
  release_if_large(matcher.stack);
  release_if_large(apology);
  release_if_large(shown);
  release_if_large(taken);
  release_if_large(sentence_features);
}

Result score(const Model& model, const Request& request) {
  if (request.history.empty() && model.no_history) return score_with(model, request, *model.no_history);
  return score_with(model, request, read_context(model, request));
}

Result score(const Model& model, const Request& request, Cache& cache) {
  return score_cached(model, request, cache, nullptr);
}

// The model for_request() picks, and the draft's language as it read it, so that it is
// not read twice (valid for the base model only: a pack reads it against its own language).
Result score(const Models& models, const Request& request) {
  LanguageGuess guess;
  const Model& model = models.pick(request, guess);
  const LanguageGuess* read = &model == &models.base() ? &guess : nullptr;
  if (request.history.empty() && model.no_history) return score_with(model, request, *model.no_history, read);
  return score_with(model, request, read_context(model, request), read);
}

Result score(const Models& models, const Request& request, Cache& cache) {
  LanguageGuess guess;
  const Model& model = models.pick(request, guess);
  return score_cached(model, request, cache, &model == &models.base() ? &guess : nullptr);
}

Result score_cached(const Model& model, const Request& request, Cache& cache, const LanguageGuess* guess) {
  auto& e = cache.entry_;
  if (!e || e->model != &model || !same_history(e->history, request.history)) {
    if (!e) e = std::make_unique<Cache::Entry>();
    e->model = &model;
    e->history.clear();
    for (const auto& t : request.history) e->history.emplace_back(t.role, t.text);
    e->context = read_context(model, request);
  }
  return score_with(model, request, e->context, guess);
}

namespace {

Result score_with(const Model& model, const Request& request, const Context& ctx, const LanguageGuess* guess) {
  const Thresholds& th = model.thresholds;
  Result result;
  const std::string_view settled = std::string_view(request.draft).substr(0, settled_length(request));
  result.unfinished = {settled.size(), request.draft.size()};
  result.unfinished_bytes = request.draft.size() - settled.size();
  const Languages languages = read_languages(model, ctx, settled, guess);
  result.language = std::string(languages.draft);
  if (!languages.supported) {
    result.supported = false;  // no English reading of another language: nothing else is said
    result.customer.language = ctx.customer.language;
    return result;
  }
  Scratch& scratch = empathy::scratch();
  struct Release {  // whichever way the call ends
    Scratch& s;
    ~Release() { s.release_large(); }
  } release{scratch};
  text::analyze(settled, model.language == "en", scratch.draft);
  const text::Analysis& draft = scratch.draft;
  result.customer = ctx.customer;
  result.needs_empathy = ctx.customer.needs_empathy;
  Features features = find_behaviors(model, request, ctx, draft);
  result.behaviors = std::move(features.behaviors);

  std::array<double, kFamilyCount> evidence{};
  std::array<std::uint32_t, kFamilyCount> spans{};  // each family's span count: one allocation per family
  for (const auto& b : result.behaviors) ++spans[static_cast<std::size_t>(b.family)];
  for (std::size_t f = 0; f < kFamilyCount; ++f)
    if (spans[f] > 1) result.families[f].spans.reserve(spans[f]);
  for (const auto& b : result.behaviors) {
    const auto f = static_cast<std::size_t>(b.family);
    evidence[f] += b.weight;
    result.families[f].spans.push_back(b.span);
  }
  for (std::size_t f = 0; f < kFamilyCount; ++f) {
    const auto [weak, strong] = th.family_levels[f];
    result.families[f].level = evidence[f] >= strong ? 2 : evidence[f] >= weak ? 1 : 0;
    evidence[f] = std::min(evidence[f], th.evidence_cap);
  }

  // The learned score's features and the family models' (one reading of the draft).
  // The reply's features before gating: the learned score sums their gated forms as
  // reply_features() would list them, in the same order, without the list.
  std::vector<Feature>& reply = scratch.reply;
  std::vector<Feature>& words = scratch.words;
  reply.clear();
  words.clear();
  if (!draft.tokens.empty() && (!model.learned.score.empty() || model.learned.any_family()))
    reply_base_features_into(model, draft, result.behaviors, ctx, reply, &words);
  if (model.learned.any_family()) {
    // The learned families: how strongly the whole reply shows each.
    std::array<double, kFamilyCount> z{};  // the family set holds one model per family at most
    model.learned.family_set.logits(words, z.data());
    for (std::size_t f = 0, k = 0; f < kFamilyCount; ++f) {
      if (model.learned.families[f].empty()) continue;
      result.families[f].probability = draft.tokens.empty() ? 0.0 : std::round(sigmoid(z[k]) * 1000) / 1000;
      ++k;
    }
  }
  if (!draft.tokens.empty()) {
    if (model.learned.score.empty()) {
      result.score = logistic(model.score.pick(result.needs_empathy), evidence);
    } else {
      // One pass over the features: the logit, and each sentence's share of it.
      const Linear& learned = model.learned.score;
      double z = learned.bias;
      std::vector<double>& by_sentence = scratch.by_sentence;
      by_sentence.assign(draft.sentences.size(), 0.0);
      for_each_gated(reply, ctx.need, ctx.danger, [&](const Feature& f) {
        const double part = static_cast<double>(learned.weight(f.hash)) * f.value;
        z += part;
        if (f.token != kNoToken) by_sentence[draft.tokens[f.token].sentence] += part;
      });
      result.score = static_cast<int>(std::lround(100.0 * sigmoid(z)));
      // A sentence's points: the score less the score without its features.
      for (std::size_t k = 0; k < by_sentence.size(); ++k) {
        const int points = result.score - static_cast<int>(std::lround(100.0 * sigmoid(z - by_sentence[k])));
        if (points != 0) result.contributions.push_back({{draft.sentences[k].start, draft.sentences[k].end}, points});
      }
    }
    auto& c = result.components;
    c.active_listening = logistic(model.components[0].pick(result.needs_empathy), evidence);
    c.emotional_recognition = logistic(model.components[1].pick(result.needs_empathy), evidence);
    c.supportive_responses = logistic(model.components[2].pick(result.needs_empathy), evidence);
    c.genuine_tone = logistic(model.components[3].pick(result.needs_empathy), evidence);
  }
  result.band = band_of(result.score);
  result.nudges = choose_nudges(model, request, result, features.signals, draft, result.silenced);
  return result;
}

}  // namespace

bool acknowledges_in_words(const Result& r) {
  return r.families[static_cast<std::size_t>(Family::emotional_reaction)].level > 0 ||
         std::any_of(r.behaviors.begin(), r.behaviors.end(),
                     [](const Behavior& b) { return b.family == Family::interpretation && b.id != "reflection"; });
}

bool misses_need(const Model& model, const Result& r) {
  if (acknowledges_in_words(r)) return false;
  // And, with a learned score, it scores below replies that meet the need
  // (learned.acknowledged, fitted on labelled conversations): an action-first reply to an
  // emergency meets it without a word of sympathy.
  return model.learned.score.empty() || r.score < model.learned.acknowledged;
}

ConversationResult score_conversation(const Model& model, const Conversation& conversation) {
  // A Models that does not own the model: the caller keeps it alive for the call.
  return score_conversation(Models(std::shared_ptr<const Model>(std::shared_ptr<const Model>(), &model)), conversation);
}

ConversationResult score_conversation(const Models& models, const Conversation& conversation) {
  const ConversationWeights& cw = models.base().conversation;
  ConversationResult out;
  out.id = conversation.id;
  out.meta = conversation.meta;

  double weighted = 0, total_weight = 0, penalty = 0;
  std::array<double, 4> components{};
  bool missed = false, missed_high_risk = false, slow = false, any_supported = false;
  std::optional<std::int64_t> last_customer_time;
  bool customer_waiting = false;  // a customer message has had no reply yet
  std::size_t block_start = 0;    // the first customer message since the last reply

  for (std::size_t i = 0; i < conversation.turns.size(); ++i) {
    const Turn& turn = conversation.turns[i];
    if (turn.role == Role::customer) {
      if (!customer_waiting) {
        last_customer_time = turn.time;
        block_start = i;
      }
      customer_waiting = true;
      continue;
    }
    // An agent's or a bot's reply: both speak for the company, both are scored.
    Request request;
    const std::size_t offset = i > kContextTurns ? i - kContextTurns : 0;  // only these are read
    request.history.assign(conversation.turns.begin() + static_cast<std::ptrdiff_t>(offset),
                           conversation.turns.begin() + static_cast<std::ptrdiff_t>(i));
    request.draft = turn.text;
    request.time = turn.time;
    request.customer_name = conversation.customer_name;
    LanguageGuess guess;
    const Model& model = models.pick(request, guess);
    Result r = score_with(model, request, read_context(model, request), &model == &models.base() ? &guess : nullptr);
    for (auto& e : r.customer.emotions) e.turn += static_cast<int>(offset);  // index into the conversation

    const bool first_reply = customer_waiting;
    customer_waiting = false;
    if (!r.supported) {  // not scored: counted in no average and no flag
      out.turns.emplace_back(i, std::move(r));
      continue;
    }
    any_supported = true;
    const double w = cw.base + (r.needs_empathy ? cw.needed : 0) + (r.customer.risk.empty() ? 0 : cw.risk);
    weighted += w * r.score;
    total_weight += w;
    add_reply(out.parts, i, r.score, w);
    const auto& c = r.components;
    const std::array<int, 4> values{c.active_listening, c.emotional_recognition, c.supportive_responses,
                                    c.genuine_tone};
    for (std::size_t k = 0; k < 4; ++k) components[k] += w * values[k];

    // The first reply after the customer showed feelings must acknowledge them: feelings
    // shown in the messages since the last reply, not older ones already answered. Reusing
    // their words ("reflection") is no acknowledgement on its own.
    if (first_reply) {
      Request fresh;
      fresh.history.assign(conversation.turns.begin() + static_cast<std::ptrdiff_t>(block_start),
                           conversation.turns.begin() + static_cast<std::ptrdiff_t>(i));
      const CustomerState now = read_context(model, fresh).customer;
      if (now.needs_empathy && misses_need(model, r)) {
        // High risk: a risk of the new messages that the reply's own result shows too (the
        // learned risk models read the new messages alone and in the whole history, and
        // the flag must agree with the turn a reviewer opens).
        const auto shared = std::find_if(now.risk.begin(), now.risk.end(), [&](const std::string& k) {
          return std::find(r.customer.risk.begin(), r.customer.risk.end(), k) != r.customer.risk.end();
        });
        const bool high_risk = shared != now.risk.end();
        missed = true;
        const double points = high_risk ? cw.missed_high_risk_penalty : cw.missed_penalty;
        penalty += points;
        if (high_risk) missed_high_risk = true;
        add_missed(out.parts, now, high_risk ? std::string_view(*shared) : std::string_view(), block_start, i, points);
      }
    }
    if (first_reply && last_customer_time && turn.time &&
        static_cast<double>(*turn.time - *last_customer_time) > cw.slow_reply_ms) {
      slow = true;
      penalty += cw.slow_reply_penalty;
      add_slow(out.parts, *turn.time - *last_customer_time, cw.slow_reply_ms, i, cw.slow_reply_penalty);
    }
    out.needs_empathy = out.needs_empathy || r.needs_empathy;
    out.turns.emplace_back(i, std::move(r));
  }
  if (total_weight > 0) {
    out.parts.mean = weighted / total_weight;
    out.score = std::clamp(static_cast<int>(std::lround(weighted / total_weight - penalty)), 0, 100);
    out.components = {static_cast<int>(std::lround(components[0] / total_weight)),
                      static_cast<int>(std::lround(components[1] / total_weight)),
                      static_cast<int>(std::lround(components[2] / total_weight)),
                      static_cast<int>(std::lround(components[3] / total_weight))};
  }
  out.band = band_of(out.score);
  out.supported = any_supported || out.turns.empty();
  // The language most of the replies are in (the first of a tie), else "und".
  std::vector<std::pair<std::string_view, int>> languages;
  for (const auto& turn : out.turns) {
    if (turn.second.language == "und") continue;
    auto it = std::find_if(languages.begin(), languages.end(),
                           [&](const auto& l) { return l.first == turn.second.language; });
    if (it == languages.end()) languages.emplace_back(turn.second.language, 1);
    else ++it->second;
  }
  const auto most = std::max_element(languages.begin(), languages.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  if (most != languages.end()) out.language = std::string(most->first);
  if (missed) out.flags.emplace_back("missed-empathy");
  if (missed_high_risk) out.flags.emplace_back("missed-empathy-high-risk");
  if (slow) out.flags.emplace_back("slow-reply");
  return out;
}

}  // namespace empathy
