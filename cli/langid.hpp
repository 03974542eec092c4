// empathy train --langid SPEC: fits the language identification of core/src/language.hpp
// from word lists (the Debian w* packages) and the train split of each language's CX
// corpus, and reports its accuracy on the held-out split.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace empathy {

// spec: a JSON file such as data/langid.json. Writes doc["languageId"]; reports to log.
// Returns an error, or "".
std::string train_language_id(const std::string& spec, nlohmann::ordered_json& doc, std::ostream& log);

}  // namespace empathy
