// A compact linear text classifier: hashed word and bigram features of the normalised
// tokens, one sparse weight vector per output, a sigmoid and a threshold per output.
// Trained by `empathy train` (cli/train.cpp); stored in the model under "classifier".
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "text.hpp"

namespace empathy {

// FNV-1a over the bytes of s (unsigned, so the same on every platform), continuing from h:
// the hash of every hashed feature and of the CX corpus's split. Inline and constexpr: it
// runs for every word of every feature, and a constant name hashes when compiled.
constexpr std::uint32_t fnv1a(std::string_view s, std::uint32_t h = 2166136261u) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

// A set of words (a model's negators, stopwords and other lists), asked about once or
// more per token of every message: open addressing over each word's FNV-1a hash, the
// bytes compared only when the hashes agree. Faster to ask than a
// std::unordered_set<std::string>, which hashes every query with a slower hash and walks a
// linked bucket.
class WordSet {
 public:
  WordSet() = default;
  WordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) insert(w);
  }
  void insert(std::string_view word) {
    if (count(word)) return;
    if ((words_.size() + 1) * 2 > slots_.size()) grow();
    words_.emplace_back(word);
    place(static_cast<std::uint32_t>(words_.size()));
  }
  std::size_t count(std::string_view word) const {
    if (slots_.empty()) return 0;
    const std::uint32_t h = fnv1a(word);
    for (std::size_t i = h & mask(); slots_[i] != 0; i = (i + 1) & mask())
      if (hashes_[i] == h && words_[slots_[i] - 1] == word) return 1;
    return 0;
  }
  bool empty() const { return words_.empty(); }
  std::size_t size() const { return words_.size(); }

 private:
  std::size_t mask() const { return slots_.size() - 1; }
  void place(std::uint32_t index) {  // words_[index - 1] into its slot
    const std::uint32_t h = fnv1a(words_[index - 1]);
    std::size_t i = h & mask();
    while (slots_[i] != 0) i = (i + 1) & mask();
    slots_[i] = index;
    hashes_[i] = h;
  }
  void grow() {
    slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, 0);
    hashes_.assign(slots_.size(), 0);
    for (std::uint32_t k = 1; k <= words_.size(); ++k) place(k);
  }
  std::vector<std::string> words_;
  std::vector<std::uint32_t> slots_;   // index into words_ + 1, or 0 for none; a power of two, at most half full
  std::vector<std::uint32_t> hashes_;  // each slot's word's hash
};

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

  void reset(std::uint32_t buckets, std::vector<Output> outputs);
  bool empty() const { return outputs_.empty(); }
  std::uint32_t buckets() const { return buckets_; }
  const std::vector<Output>& outputs() const { return outputs_; }
  int index(const std::string& id) const;  // -1 when absent
  float& weight(std::size_t output, std::uint32_t bucket) { return weights_[bucket * outputs_.size() + output]; }
  Output& output(std::size_t i) { return outputs_[i]; }

  // The probability of output i given features.
  double probability(std::size_t output, const std::vector<std::uint32_t>& features) const;

 private:
  std::uint32_t buckets_ = 0;
  std::vector<Output> outputs_;
  std::vector<float> weights_;  // bucket-major: weights_[bucket * outputs + output]
};

}  // namespace empathy
