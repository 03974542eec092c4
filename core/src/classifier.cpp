#include "classifier.hpp"

#include <algorithm>
#include <cmath>

namespace empathy {

std::vector<std::uint32_t> Classifier::features(const std::vector<text::Token>& tokens, std::size_t first,
                                                std::size_t last, std::uint32_t buckets, const WordSet& negators) {
  std::vector<std::uint32_t> out;
  features(tokens, first, last, buckets, negators, out);
  return out;
}

void Classifier::features(const std::vector<text::Token>& tokens, std::size_t first, std::size_t last,
                          std::uint32_t buckets, const WordSet& negators, std::vector<std::uint32_t>& out) {
  out.clear();
  if (buckets == 0) return;
  out.reserve((last - first) * 3);
  std::uint32_t negated_clause = UINT32_MAX;
  std::uint32_t previous = 0;  // the previous token's word hash: a bigram's hash continues it
  for (std::size_t i = first; i < last; ++i) {
    const auto& t = tokens[i];
    const std::uint32_t w = t.hash;
    out.push_back(bucket_of(w, buckets));
    if (i > first && tokens[i - 1].sentence == t.sentence)
      out.push_back(bucket_of(fnv1a(t.norm, fnv1a(" ", previous)), buckets));
    previous = w;
    if (negators.count(t.norm, t.hash)) negated_clause = t.clause;
    else if (t.clause == negated_clause) out.push_back(bucket_of(fnv1a(t.norm, fnv1a("!")), buckets));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

void Classifier::reset(std::uint32_t buckets, std::vector<Output> outputs) {
  buckets_ = buckets;
  outputs_ = std::move(outputs);
  weights_.assign(static_cast<std::size_t>(buckets) * outputs_.size(), 0.0f);
}

int Classifier::index(const std::string& id) const {
  for (std::size_t i = 0; i < outputs_.size(); ++i)
    if (outputs_[i].id == id) return static_cast<int>(i);
  return -1;
}

double Classifier::logit(std::size_t output, const std::vector<std::uint32_t>& features) const {
  double x = outputs_[output].bias;
  for (auto f : features) x += weights_[static_cast<std::size_t>(f) * outputs_.size() + output];
  return x;
}

double Classifier::probability(std::size_t output, const std::vector<std::uint32_t>& features) const {
  return sigmoid(logit(output, features));
}

}  // namespace empathy
