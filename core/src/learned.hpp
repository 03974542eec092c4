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
// The same functions build the features for training and for scoring.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "empathy/empathy.hpp"
#include "matcher.hpp"
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

inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Weights by bucket, for the few thousand buckets a pruned model keeps: an open-addressing
// table (linear probing, at most half full) asked several hundred times per keystroke,
// several times faster than std::unordered_map for it.
class SparseWeights {
 public:
  void set(std::uint32_t bucket, float weight);
  float get(std::uint32_t bucket) const {
    if (keys_.empty()) return 0.0f;
    for (std::uint32_t i = slot(bucket);; i = (i + 1) & mask_) {
      if (keys_[i] == bucket + 1) return values_[i];
      if (keys_[i] == 0) return 0.0f;
    }
  }
  std::size_t size() const { return size_; }

 private:
  std::uint32_t slot(std::uint32_t bucket) const { return (bucket * 0x9E3779B1u) >> shift_; }
  void grow();
  std::vector<std::uint32_t> keys_;  // bucket + 1; 0: an empty slot
  std::vector<float> values_;
  std::uint32_t mask_ = 0;
  int shift_ = 32;
  std::size_t size_ = 0;
};

// A logistic model over hashed features: p = sigmoid(bias + sum of weight[hash % buckets] * value).
struct Linear {
  std::uint32_t buckets = 0;  // 0: the model is absent
  double bias = 0;
  double threshold = 0.5;     // a probability at or above it counts as present
  SparseWeights weights;      // absent buckets weigh 0

  bool empty() const { return buckets == 0; }
  float weight(std::uint32_t hash) const { return weights.get(hash % buckets); }
  double logit(const std::vector<Feature>& features) const;
  double probability(const std::vector<Feature>& features) const;
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
};

struct Learned {
  Linear needs;
  std::vector<RiskModel> risk;  // in the model file's order
  Linear score;
  double acknowledged = 60;  // a first reply scoring below this after a new need missed it
};

std::uint32_t feature_hash(std::string_view name);
std::uint32_t gated(std::uint32_t hash, Gate gate);

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
// that the moment needs empathy; danger: 0..1.
std::vector<Feature> reply_features(const Model& model, const text::Analysis& draft,
                                    const std::vector<Behavior>& behaviors, const Context& context);

}  // namespace empathy
