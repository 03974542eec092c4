// empathy eval: per-family, score and customer-state accuracy on labelled JSON Lines.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "empathy/empathy.hpp"

namespace empathy {

struct EvalOptions {
  int resamples = 1000;  // bootstrap resamples for the confidence intervals
  std::uint32_t seed = 1;
  const Model* lexicon_only = nullptr;  // the same model without its classifier: a baseline for emotions
};

struct EvalOutput {
  std::string markdown;  // the tables
  std::string error;     // names the file, line and field
};

// Each line: a request plus "labels" {family: level}, "overall" (1..5), "needsEmpathy"
// and "emotions" [ids], as in tests/data/cx-labelled.jsonl.
EvalOutput evaluate(const Model& model, std::istream& in, const std::string& name, const EvalOptions& options);

}  // namespace empathy
