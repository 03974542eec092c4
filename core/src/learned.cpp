#include "learned.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <list>

#include "engine.hpp"

namespace empathy {

namespace {

std::uint32_t hash2(std::string_view prefix, std::string_view a) { return fnv1a(a, fnv1a(prefix)); }
std::uint32_t hash3(std::string_view prefix, std::string_view a, std::string_view b) {
  return fnv1a(b, fnv1a(" ", fnv1a(a, fnv1a(prefix))));
}

// Words, bigrams within a sentence, and words under a negator in the same clause
// ("not your fault" -> "!fault"), each under a prefix; token: the first token's index.
void add_words(const Model& model, const text::Analysis& a, std::string_view prefix, std::vector<Feature>& out,
               bool with_tokens) {
  std::uint32_t negated_clause = UINT32_MAX;
  // The hashes of the three prefixes (prefix, prefix + "2", prefix + "!"), each word's continues one.
  const std::uint32_t word = fnv1a(prefix), bigram = fnv1a("2", word), negated = fnv1a("!", word);
  for (std::size_t i = 0; i < a.tokens.size(); ++i) {
    const auto& t = a.tokens[i];
    const auto at = with_tokens ? static_cast<std::uint32_t>(i) : kNoToken;
    out.push_back({fnv1a(t.norm, word), 1, at});
    if (i > 0 && a.tokens[i - 1].sentence == t.sentence)
      out.push_back({fnv1a(t.norm, fnv1a(" ", fnv1a(a.tokens[i - 1].norm, bigram))), 1,
                     with_tokens ? static_cast<std::uint32_t>(i - 1) : kNoToken});
    if (model.negators.count(t.norm, t.hash)) negated_clause = t.clause;
    else if (t.clause == negated_clause) out.push_back({fnv1a(t.norm, negated), 1, at});
  }
}

// A company turn acknowledged the customer: a feeling or their situation, in words.
bool acknowledges(const Model& model, const text::Analysis& a) {
  auto matches = model.agent.find(a.tokens);
  drop_negated(model, a.tokens, matches);
  return std::any_of(matches.begin(), matches.end(), [&](const Match& m) {
    const Entry& e = model.entries[m.entry];
    return e.polarity > 0 && e.family &&
           (*e.family == Family::emotional_reaction || *e.family == Family::interpretation);
  });
}

// The customer's cues that the lexicon found in one message, under a prefix.
void add_cues(const Model& model, const std::vector<Match>& cues, std::string_view prefix, std::vector<Feature>& out) {
  for (const Match& m : cues) {
    const Entry& e = model.entries[m.entry];
    if (!e.emotion.empty() && e.emotion != "none")
      out.push_back({hash3(prefix, "e", e.emotion), static_cast<float>(e.weight)});
    if (!e.risk.empty()) out.push_back({hash3(prefix, "r", e.risk), 1});
    out.push_back({hash3(prefix, "id", e.id), 1});
  }
}

bool is_company(Role r) { return r == Role::agent || r == Role::bot; }

}  // namespace

LinearSet::LinearSet(const std::vector<const Linear*>& models) {
  const std::size_t n = models.size();
  for (const Linear* m : models) {
    buckets_ = m->buckets;
    bias_.push_back(m->bias);
  }
  for (std::size_t k = 0; k < n; ++k)
    models[k]->weights.for_each([&](std::uint32_t bucket, float w) {
      std::uint32_t row = rows_.get(bucket);
      if (row == 0) {
        weights_.resize(weights_.size() + n, 0.0f);
        row = static_cast<std::uint32_t>(weights_.size() / n);
        rows_.set(bucket, row);
      }
      weights_[(row - 1) * n + k] = w;
    });
}

void LinearSet::logits(const std::vector<Feature>& features, std::vector<double>& out) const {
  out.resize(bias_.size());
  logits(features, out.data());
}

void LinearSet::logits(const std::vector<Feature>& features, double* out) const {
  std::copy(bias_.begin(), bias_.end(), out);
  const std::size_t n = bias_.size();
  if (n == 0) return;
  for (const auto& f : features) {
    const std::uint32_t row = rows_.get(bucket_of(f.hash, buckets_));
    if (row == 0) continue;
    const float* w = &weights_[(row - 1) * n];
    for (std::size_t k = 0; k < n; ++k) out[k] += static_cast<double>(w[k]) * f.value;
  }
}

std::vector<Feature> customer_features(const Model& model, const std::vector<Turn>& history,
                                       const std::vector<TurnReading>& readings) {
  // A turn as read_context() read it, or read here (a list: what it returned stays put, and
  // unlike a deque it allocates nothing while empty, as it is on every score() call).
  std::list<TurnReading> own;
  const auto reading = [&](std::size_t i) -> const TurnReading& {
    if (i < readings.size() && readings[i].read) return readings[i];
    TurnReading& r = own.emplace_back();
    r.read = true;
    r.analysis = analyze(model, history[i].text);
    if (history[i].role == Role::customer) {
      r.cues = model.customer.find(r.analysis.tokens);
      drop_negated(model, r.analysis.tokens, r.cues);
    }
    return r;
  };
  std::vector<Feature> out;
  out.push_back({feature_hash("bias"), 1});
  // The last company reply, and the one before it: what the customer said since the last
  // reply is the new block; the block before it counts by whether the reply acknowledged it.
  std::size_t end = history.size();
  std::size_t last_reply = history.size();
  for (std::size_t i = history.size(); i-- > 0;)
    if (is_company(history[i].role)) {
      last_reply = i;
      break;
    }
  const std::size_t block_start = last_reply == history.size() ? 0 : last_reply + 1;
  std::size_t words = 0;
  for (std::size_t i = block_start; i < end; ++i) {
    if (history[i].role != Role::customer) continue;
    const TurnReading& r = reading(i);
    const text::Analysis& a = r.analysis;
    words += a.tokens.size();
    add_words(model, a, "c", out, false);
    add_cues(model, r.cues, "c", out);
    if (a.letters >= 12 && a.capitals * 10 >= a.letters * 7) out.push_back({feature_hash("c:shout"), 1});
    for (const auto& s : a.sentences) {
      if (s.exclamations >= 2) out.push_back({feature_hash("c:!!"), 1});
      if (s.question) out.push_back({feature_hash("c:?"), 1});
    }
  }
  if (block_start >= end) out.push_back({feature_hash("c:none"), 1});
  out.push_back({feature_hash("c:len"), static_cast<float>(std::min<std::size_t>(words, 80)) / 40.0f});
  if (last_reply < history.size()) {
    const bool ack = acknowledges(model, reading(last_reply).analysis);
    const std::string_view prefix = ack ? "pa" : "pn";
    out.push_back({feature_hash(prefix), 1});
    std::size_t prev_start = 0;
    for (std::size_t i = last_reply; i-- > 0;)
      if (is_company(history[i].role)) {
        prev_start = i + 1;
        break;
      }
    for (std::size_t i = prev_start; i < last_reply; ++i)
      if (history[i].role == Role::customer) add_cues(model, reading(i).cues, prefix, out);
  }
  return out;
}

std::vector<Feature> reply_base_features(const Model& model, const text::Analysis& draft,
                                         const std::vector<Behavior>& behaviors, const Context& ctx,
                                         std::vector<Feature>* family, bool words) {
  std::vector<Feature> base;
  reply_base_features_into(model, draft, behaviors, ctx, base, family, words);
  return base;
}

void reply_base_features_into(const Model& model, const text::Analysis& draft, const std::vector<Behavior>& behaviors,
                              const Context& ctx, std::vector<Feature>& base, std::vector<Feature>* family,
                              bool words) {
  base.clear();
  // Enough for every feature below (a word, a bigram and a negated word per token, the
  // first sentence's words, the behaviours, the families and the few counts): one
  // allocation, not one per doubling.
  base.reserve(draft.tokens.size() * 4 + behaviors.size() + kFamilyCount + 8);
  base.push_back({feature_hash("const"), 1});
  if (words) add_words(model, draft, "w", base, true);
  const std::size_t words_end = base.size();
  // The first sentence: what the reply leads with.
  if (words && !draft.sentences.empty()) {
    const auto& s = draft.sentences.front();
    for (std::size_t i = s.first_token; i < s.end_token; ++i)
      base.push_back({hash2("f", draft.tokens[i].norm), 1, static_cast<std::uint32_t>(i)});
  }
  const std::size_t behaviors_begin = base.size();
  std::array<double, kFamilyCount> evidence{};
  for (const auto& b : behaviors) {
    evidence[static_cast<std::size_t>(b.family)] += b.weight;
    const auto t = std::lower_bound(draft.tokens.begin(), draft.tokens.end(), b.span.start,
                                    [](const text::Token& tok, std::size_t at) { return tok.start < at; });
    const auto token = t == draft.tokens.end() ? kNoToken : static_cast<std::uint32_t>(t - draft.tokens.begin());
    base.push_back({hash2("B", b.id), static_cast<float>(b.weight), token});
  }
  if (family) {
    // The family models' features: the words and the behaviours, scaled by 1/sqrt(their number).
    family->reserve(words_end + (base.size() - behaviors_begin));  // one allocation for both parts
    family->assign(base.begin(), base.begin() + static_cast<std::ptrdiff_t>(words_end));
    family->insert(family->end(), base.begin() + static_cast<std::ptrdiff_t>(behaviors_begin), base.end());
    const float scale = 1.0f / std::sqrt(static_cast<float>(family->size()));
    for (auto& f : *family) f.value *= scale;
  }
  for (std::size_t f = 0; f < kFamilyCount; ++f)
    if (evidence[f] > 0)
      base.push_back({hash2("F", family_name(static_cast<Family>(f))), static_cast<float>(std::min(evidence[f], 2.0))});
  // Two kinds of empathy together (feeling acknowledged and something done about it): worth
  // more, or less, than each alone, which a sum of single families cannot say.
  constexpr std::size_t kPositive = static_cast<std::size_t>(Family::politeness) + 1;
  for (std::size_t f = 0; f < kPositive; ++f)
    for (std::size_t g = f + 1; g < kPositive; ++g)
      if (evidence[f] > 0 && evidence[g] > 0)
        base.push_back({hash3("P", family_name(static_cast<Family>(f)), family_name(static_cast<Family>(g))),
                        static_cast<float>(std::min({evidence[f], evidence[g], 2.0}))});
  // Overlap with the customer's words: the summed rarity of the draft's words they used.
  const double overlap = shared_rarity(model, ctx, draft, 0, draft.tokens.size());
  base.push_back({feature_hash("overlap"), static_cast<float>(std::min(overlap, 6.0) / 3.0)});
  const double n = static_cast<double>(std::min<std::size_t>(draft.tokens.size(), 150)) / 50.0;
  base.push_back({feature_hash("len"), static_cast<float>(n)});
  base.push_back({feature_hash("len2"), static_cast<float>(n * n)});
  int questions = 0, exclamations = 0;
  for (const auto& s : draft.sentences) questions += s.question, exclamations += s.exclamations;
  base.push_back(
      {feature_hash("sentences"), static_cast<float>(std::min<std::size_t>(draft.sentences.size(), 8)) / 4.0f});
  if (questions) base.push_back({feature_hash("questions"), static_cast<float>(std::min(questions, 3))});
  if (exclamations) base.push_back({feature_hash("exclamations"), static_cast<float>(std::min(exclamations, 4))});
}

std::vector<Feature> reply_features(const Model& model, const text::Analysis& draft,
                                    const std::vector<Behavior>& behaviors, const Context& ctx,
                                    std::vector<Feature>* family, bool words) {
  const std::vector<Feature> base = reply_base_features(model, draft, behaviors, ctx, family, words);
  // Each feature as it is and gated by the customer's state.
  std::vector<Feature> out;
  out.reserve(base.size() * kGates + 4);
  for_each_gated(base, ctx.need, ctx.danger, [&](const Feature& f) { out.push_back(f); });
  return out;
}

}  // namespace empathy
