// A compact linear text classifier: hashed word and bigram features of the normalised
// tokens, one sparse weight vector per output, a sigmoid and a threshold per output.
// Trained by `empathy train` (cli/train.cpp); stored in the model under "classifier".
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "text.hpp"

namespace empathy {

// The logistic function: a logit to a probability.
inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

class Classifier {
 public:
  struct Output {
    std::string id;  // "frustration", "caring", ...
    double bias = 0;
    double threshold = 0.5;  // a probability at or above it counts as present
  };

  // The hashed features of tokens [first, last): words, bigrams, and words under a
  // negator ("not happy" -> "!happy"), each a bucket index. Sorted, without repeats.
  static std::vector<std::uint32_t> features(const std::vector<text::Token>& tokens, std::size_t first,
                                             std::size_t last, std::uint32_t buckets, const WordSet& negators);
  // The same into out (cleared first), so that one vector serves sentence after sentence.
  static void features(const std::vector<text::Token>& tokens, std::size_t first, std::size_t last,
                       std::uint32_t buckets, const WordSet& negators, std::vector<std::uint32_t>& out);

  void reset(std::uint32_t buckets, std::vector<Output> outputs);
  bool empty() const { return outputs_.empty(); }
  std::uint32_t buckets() const { return buckets_; }
  const std::vector<Output>& outputs() const { return outputs_; }
  int index(const std::string& id) const;  // -1 when absent
  float& weight(std::size_t output, std::uint32_t bucket) { return weights_[bucket * outputs_.size() + output]; }
  Output& output(std::size_t i) { return outputs_[i]; }

  // The probability of output i given features: 1 / (1 + exp(-logit)).
  double probability(std::size_t output, const std::vector<std::uint32_t>& features) const;
  double logit(std::size_t output, const std::vector<std::uint32_t>& features) const;

 private:
  std::uint32_t buckets_ = 0;
  std::vector<Output> outputs_;
  std::vector<float> weights_;  // bucket-major: weights_[bucket * outputs + output]
};

}  // namespace empathy
