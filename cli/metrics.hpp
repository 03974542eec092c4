// Accuracy metrics for `empathy eval`: pure functions over gold and predicted values,
// and a seeded bootstrap for their confidence intervals.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace empathy::metrics {

struct PrecisionRecall {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// Positive = value >= 1 (a family present at any level, an emotion present).
PrecisionRecall presence(const std::vector<int>& gold, const std::vector<int>& predicted);

// Macro-averaged F1 over the levels 0, 1, 2 that occur in gold or predictions.
double macro_f1(const std::vector<int>& gold, const std::vector<int>& predicted);

// Spearman's rank correlation, with tied values given their average rank.
double spearman(const std::vector<double>& a, const std::vector<double>& b);

// Area under the ROC curve of score for label (true = positive); ties count half.
double auc(const std::vector<double>& score, const std::vector<bool>& label);

struct Interval {
  double value = 0;  // the metric on the whole sample
  double low = 0;    // 2.5th percentile over resamples
  double high = 0;   // 97.5th percentile
};

// metric(indices) computes a metric on the items at those indices (with repeats).
Interval bootstrap(std::size_t n, int resamples, std::uint32_t seed,
                   const std::function<double(const std::vector<std::size_t>&)>& metric);

}  // namespace empathy::metrics
