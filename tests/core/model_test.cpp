#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "empathy/empathy.hpp"
#include "model.hpp"

TEST_CASE("the default model loads and compiles its lexicon") {
  const auto loaded = empathy::load_model(empathy::default_model_json());
  REQUIRE_MESSAGE(loaded.model, loaded.error);
  CHECK(loaded.model->version == 1);
  CHECK(loaded.model->language == "en");
  CHECK(loaded.model->agent.pattern_count() > 0);
  CHECK(loaded.model->customer.pattern_count() > 0);
  CHECK(loaded.model->nudges.size() > 5);
}

TEST_CASE("a model that is not JSON is refused") {
  const auto loaded = empathy::load_model("{nope");
  CHECK_FALSE(loaded.model);
  CHECK(loaded.error == "model: not valid JSON");
}

TEST_CASE("errors name the key path and the expected type") {
  std::string base(empathy::default_model_json());
  auto with = [&](const std::string& overlay) { return empathy::load_model(base, overlay).error; };
  CHECK(with(R"({"version": 2})") == "model: version: expected 1, got 2");
  CHECK(with(R"({"thresholds": {"levelWeak": "high"}})") == "model: thresholds.levelWeak: expected a number");
  CHECK(with(R"({"lexicon": [{"id": "x", "family": "kindness", "patterns": ["a"]}]})") ==
        "model: lexicon[0].family: expected a family (emotional-reaction, interpretation, exploration, "
        "reassurance, inclusive, politeness, dismissive, scripted), got \"kindness\"");
  CHECK(with(R"({"lexicon": [{"id": "x", "family": "politeness", "patterns": ["(a"]}]})") ==
        "model: lexicon[0].patterns[0]: \"(a\" missing ')'");
  CHECK(with(R"({"nudges": {"avoid-calm-down": {"kind": "shout"}}})") ==
        "model: nudges.avoid-calm-down.kind: expected \"warning\", \"tip\" or \"praise\"");
  CHECK(with(R"({"nudges": {"x": {"kind": "tip", "message": "m", "when": {"mood": 1}}}})") ==
        "model: nudges.x.when.mood: is not a known condition");
  CHECK(with(R"({"score": {"needed": {"families": null}}})") == "model: score.needed.families: missing");
}

TEST_CASE("an overlay rewords a nudge and null silences one") {
  std::string base(empathy::default_model_json());
  const auto loaded = empathy::load_model(
      base, R"({"nudges": {"avoid-calm-down": {"message": "Bitte nicht."}, "avoid-as-i-said": null}})");
  REQUIRE_MESSAGE(loaded.model, loaded.error);
  bool reworded = false, silenced = true;
  for (const auto& n : loaded.model->nudges) {
    if (n.id == "avoid-calm-down") reworded = n.message == "Bitte nicht.";
    if (n.id == "avoid-as-i-said") silenced = false;
  }
  CHECK(reworded);
  CHECK(silenced);
}

TEST_CASE("an overlay that is not an object is refused") {
  CHECK(empathy::load_model(empathy::default_model_json(), "[1]").error == "overlay: expected a JSON object");
}

TEST_CASE("the Spanish overlay translates every nudge of the catalogue") {
  std::ifstream in(EMPATHY_MODELS "/overlays/es.json");
  REQUIRE(in);
  const std::string overlay((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto english = empathy::load_model(empathy::default_model_json());
  const auto spanish = empathy::load_model(empathy::default_model_json(), overlay);
  REQUIRE_MESSAGE(spanish.model, spanish.error);
  CHECK(spanish.model->language == "en");  // its messages are Spanish; it reads English
  REQUIRE(spanish.model->nudges.size() == english.model->nudges.size());
  for (std::size_t i = 0; i < english.model->nudges.size(); ++i) {
    CAPTURE(english.model->nudges[i].id);
    CHECK(spanish.model->nudges[i].message != english.model->nudges[i].message);
    CHECK(spanish.model->nudges[i].suggestion.has_value() == english.model->nudges[i].suggestion.has_value());
    // Its wordings for the customer's state too: no English variant survives the merge.
    const auto& worded = spanish.model->nudges[i].suggestion_for;
    CHECK(worded.size() == english.model->nudges[i].suggestion_for.size());
    for (std::size_t k = 0; k < worded.size(); ++k)
      CHECK(worded[k].second != english.model->nudges[i].suggestion_for[k].second);
  }
}
