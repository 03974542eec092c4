#include "metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace empathy::metrics {

PrecisionRecall presence(const std::vector<int>& gold, const std::vector<int>& predicted) {
  double tp = 0, fp = 0, fn = 0;
  for (std::size_t i = 0; i < gold.size(); ++i) {
    const bool g = gold[i] >= 1, p = predicted[i] >= 1;
    tp += g && p;
    fp += !g && p;
    fn += g && !p;
  }
  PrecisionRecall r;
  r.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  r.recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  r.f1 = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0;
  return r;
}

double macro_f1(const std::vector<int>& gold, const std::vector<int>& predicted) {
  double sum = 0;
  int classes = 0;
  for (int c = 0; c <= 2; ++c) {
    double tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < gold.size(); ++i) {
      tp += gold[i] == c && predicted[i] == c;
      fp += gold[i] != c && predicted[i] == c;
      fn += gold[i] == c && predicted[i] != c;
    }
    if (tp + fp + fn == 0) continue;
    sum += 2 * tp / (2 * tp + fp + fn);
    ++classes;
  }
  return classes ? sum / classes : 0;
}

namespace {
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double average = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = average;
    i = j + 1;
  }
  return r;
}
}  // namespace

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const auto ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size());
  if (n < 2) return 0;
  const double ma = std::accumulate(ra.begin(), ra.end(), 0.0) / n;
  const double mb = std::accumulate(rb.begin(), rb.end(), 0.0) / n;
  double cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) * (ra[i] - ma);
    vb += (rb[i] - mb) * (rb[i] - mb);
  }
  return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0;
}

double auc(const std::vector<double>& score, const std::vector<bool>& label) {
  const auto r = ranks(score);
  double positives = 0, rank_sum = 0;
  for (std::size_t i = 0; i < r.size(); ++i)
    if (label[i]) {
      ++positives;
      rank_sum += r[i];
    }
  const double negatives = static_cast<double>(r.size()) - positives;
  if (positives == 0 || negatives == 0) return 0.5;
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

Interval bootstrap(std::size_t n, int resamples, std::uint32_t seed,
                   const std::function<double(const std::vector<std::size_t>&)>& metric) {
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  Interval out;
  out.value = metric(all);
  if (n == 0 || resamples <= 0) return out;
  std::mt19937 rng(seed);  // mt19937 is fully specified: the same draws everywhere
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(resamples));
  std::vector<std::size_t> sample(n);
  for (int b = 0; b < resamples; ++b) {
    for (auto& s : sample) s = rng() % n;
    values.push_back(metric(sample));
  }
  std::sort(values.begin(), values.end());
  const auto at = [&](double q) {
    return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))];
  };
  out.low = at(0.025);
  out.high = at(0.975);
  return out;
}

}  // namespace empathy::metrics
