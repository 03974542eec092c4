// The learned judgement: sparse linear models over hashed features, fitted by
// `empathy train` (cli/train.cpp) and stored in the model under "learned".
//   needs:  does the customer's state at this moment call for empathy? Read from the
//           messages since the last reply, the lexicon's cues in them, and whether the
//           last reply already acknowledged what came before.
//   risk:   one model per risk category, over the same features.
//   score:  the reply's empathy appropriate to that state: the draft's words, bigrams,
//           negated words, lexicon behaviours and overlap with the customer's words,
//           each feature once as it is and once gated by the customer's state (needs
//           empathy, needs none, danger), so one reply can be right in one context and
//           wrong in another.
//   families: one model per behaviour family, over the draft's words and behaviours: how
//           strongly the whole reply shows the family (its level / 2, as labelled), beside
//           the level the lexicon's evidence gives.
// The same functions build the features for training and for scoring.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classifier.hpp"
#include "empathy/empathy.hpp"
#include "matcher.hpp"
#include "sparse_map.hpp"
#include "text.hpp"

namespace empathy {

struct Model;
struct Context;

inline constexpr std::uint32_t kNoToken = UINT32_MAX;

// One feature: the 32-bit hash of its name, its value, and the draft token it stands on
// (kNoToken for features of the whole message), so its weight can be shown as evidence.
struct Feature {
  std::uint32_t hash = 0;
  float value = 1;
  std::uint32_t token = kNoToken;
};

using SparseWeights = SparseMap<std::uint32_t, float>;

// A logistic model over hashed features: p = sigmoid(bias + sum of weight[hash % buckets] * value).
struct Linear {
  std::uint32_t buckets = 0;  // 0: the model is absent
  double bias = 0;
  double threshold = 0.5;  // a probability at or above it counts as present
  SparseWeights weights;   // absent buckets weigh 0

  bool empty() const { return buckets == 0; }
  float weight(std::uint32_t hash) const { return weights.get(bucket_of(hash, buckets)); }
};

// Several logistic models over the same features with their weights side by side, so
// that one lookup per feature finds every model's weight: the customer's state reads ten
// models (needsEmpathy and the risks), the families eight. Built from the models as loaded;
// gives the same logits as each model alone.
class LinearSet {
 public:
  LinearSet() = default;
  explicit LinearSet(const std::vector<const Linear*>& models);  // all with the same buckets
  // Each model's logit, in the order given.
  void logits(const std::vector<Feature>& features, std::vector<double>& out) const;
  // The same into out, room for one per model, so that a caller may hold them without an allocation.
  void logits(const std::vector<Feature>& features, double* out) const;

 private:
  std::uint32_t buckets_ = 0;
  std::vector<double> bias_;
  SparseMap<std::uint32_t, std::uint32_t> rows_;  // bucket -> its row + 1
  std::vector<float> weights_;                    // row by row, size() weights each
};

// The contexts a reply feature is read in (see the header comment).
enum class Gate : std::uint32_t { always = 0, needed = 1, not_needed = 2, danger = 3 };
inline constexpr std::uint32_t kGates = 4;

// One risk category's model. A risk the lexicon has words for is reported only when the
// lexicon names it too, or the model is sure (customer.cpp).
struct RiskModel {
  std::string id;
  Linear linear;
  bool lexicon_names = false;  // the lexicon has entries for this risk (set when the model loads)
  double sure = 0.9;           // at this probability the risk stands without the lexicon's word
};

struct Learned {
  Linear needs;
  std::vector<RiskModel> risk;  // in the model file's order
  Linear score;
  std::array<Linear, kFamilyCount> families;  // an empty model: no probability for that family
  double acknowledged = 60;                   // a first reply scoring below this after a new need missed it
  // Built when the model loads: needs (when present) then each risk, and the families that
  // have a model, in family order.
  LinearSet customer_set;
  LinearSet family_set;

  bool any_family() const {
    for (const auto& f : families)
      if (!f.empty()) return true;
    return false;
  }
};

inline constexpr std::uint32_t feature_hash(std::string_view name) { return fnv1a(name); }
// A feature's hash in a gate's context (always: the hash itself). Inline: a reply's every
// feature is gated three or four times on each call.
inline std::uint32_t gated(std::uint32_t hash, Gate gate) {
  if (gate == Gate::always) return hash;
  std::uint32_t h = hash ^ (0x9E3779B9u * static_cast<std::uint32_t>(gate));
  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  return h;
}

// What read_context() already read of one turn of the history, so that the features below
// do not read it again: its analysis and, for a customer's turn, the lexicon's cues that
// negation left standing.
struct TurnReading {
  bool read = false;
  text::Analysis analysis;
  std::vector<Match> cues;
};

// The features of the customer's side of a request's history; readings (by turn index,
// possibly empty) hold what was read already.
std::vector<Feature> customer_features(const Model& model, const std::vector<Turn>& history,
                                       const std::vector<TurnReading>& readings = {});

// The features of a draft, in the context read from its history. need: the probability
// that the moment needs empathy; danger: 0..1. family, when given, receives what the family
// models read: the draft's words, bigrams and negated words and the lexicon's behaviours,
// each scaled by 1/sqrt(their number), so that a long reply does not show a family more
// for its length.
// words: false leaves out the draft's words, bigrams and first-sentence words, keeping
// what every language shares (behaviours, families, length, overlap): how `empathy train
// --transfer` lets another language's corpus teach a language pack.
std::vector<Feature> reply_features(const Model& model, const text::Analysis& draft,
                                    const std::vector<Behavior>& behaviors, const Context& context,
                                    std::vector<Feature>* family = nullptr, bool words = true);

// The features reply_features() gates, each once (its `base`), and the same order of
// gated features without building them: each(feature) for every feature reply_features()
// returns, in its order. score() sums the weights this way rather than keep the list.
std::vector<Feature> reply_base_features(const Model& model, const text::Analysis& draft,
                                         const std::vector<Behavior>& behaviors, const Context& context,
                                         std::vector<Feature>* family = nullptr, bool words = true);
// The same into base (cleared first): a caller that keeps it keeps its capacity.
void reply_base_features_into(const Model& model, const text::Analysis& draft, const std::vector<Behavior>& behaviors,
                              const Context& context, std::vector<Feature>& base, std::vector<Feature>* family,
                              bool words = true);
template <typename Each>
void for_each_gated(const std::vector<Feature>& base, double need, double danger, Each&& each) {
  for (const auto& f : base) {
    each(f);
    each(Feature{gated(f.hash, Gate::needed), static_cast<float>(f.value * need), f.token});
    each(Feature{gated(f.hash, Gate::not_needed), static_cast<float>(f.value * (1 - need)), f.token});
    if (danger > 0) each(Feature{gated(f.hash, Gate::danger), static_cast<float>(f.value * danger), f.token});
  }
}

}  // namespace empathy
