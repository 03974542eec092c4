// empathy train, the learned judgement (core/src/learned.hpp): fits whether the customer
// needs empathy, their risk categories, the context-aware message score and the
// threshold at which a first reply counts as acknowledging a new need, from the train
// split of the project's CX corpus (data/cx/README.md) and any extra labelled replies.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "train.hpp"

namespace empathy {

struct Model;

// The split of data/cx/README.md: true when the key (a scenario, flip or conversation
// id) is held out for measurement.
bool held_out(const std::string& key);

// Fits the learned models with `base` (lexicon and classifier already trained) and
// writes them into doc["learned"]; reports to log. Returns an error, or "".
std::string learn(const Model& base, const TrainOptions& options, nlohmann::ordered_json& doc, std::ostream& log);

}  // namespace empathy
