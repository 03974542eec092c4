#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>

#include "empathy/json.hpp"
#include "helpers.hpp"

using test::model;

namespace {
std::string score(const std::string& input) { return empathy::score_json(model(), input).json; }
bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
}  // namespace

TEST_CASE("a request gives a result with every family, in the contract's key order") {
  const std::string out = score(R"({"history": [{"role": "customer", "text": "Hi"}], "draft": "Hello!"})");
  CHECK(starts_with(out, R"({"score":)"));
  for (const char* f : {"emotional-reaction", "interpretation", "exploration", "reassurance", "inclusive", "politeness",
                        "dismissive", "scripted"})
    CHECK(out.find(std::string("\"") + f + "\":{\"level\"") != std::string::npos);
  CHECK(out.find(R"("components":{"activeListening":)") != std::string::npos);
  CHECK(out.find(R"("customer":{"emotions":[],"risk":[],"needsEmpathy":false,"language":"und"})") != std::string::npos);
  CHECK(out.find(R"("needsEmpathy":false,"language":"und","supported":true,"components":)") != std::string::npos);
}

TEST_CASE("a draft or a customer in a language the model does not read gives no score, band, components or nudges") {
  const std::string spanish =
      score(R"({"history": [{"role": "customer", "text": "Me han cobrado dos veces y nadie me ayuda, estoy harta!!"}],
                                        "draft": "Lo siento mucho, ya he devuelto el cargo duplicado."})");
  CHECK(starts_with(
      spanish,
      R"({"score":null,"band":null,"needsEmpathy":false,"language":"es","supported":false,"components":null,)"));
  CHECK(
      spanish.find(
          R"("behaviors":[],"contributions":[],"customer":{"emotions":[],"risk":[],"needsEmpathy":false,"language":"es"},"nudges":[]})") !=
      std::string::npos);
  // An English reply to a Spanish customer: the customer cannot be read either.
  const std::string mixed =
      score(R"({"history": [{"role": "customer", "text": "Me han cobrado dos veces y nadie me ayuda, estoy harta!!"}],
                                      "draft": "I'm so sorry, I have refunded the duplicate charge."})");
  CHECK(starts_with(mixed, R"({"score":null,"band":null,"needsEmpathy":false,"language":"en","supported":false,)"));
  CHECK(mixed.find(R"("language":"es"},"nudges":[]})") != std::string::npos);
  // A sixth language: the same, no nonsense.
  const std::string italian = score(R"({"draft": "Mi dispiace molto, ho già rimborsato il doppio addebito."})");
  CHECK(starts_with(italian, R"({"score":null,"band":null,"needsEmpathy":false,"language":"it","supported":false,)"));
  // A short English reply stays English, even when another language is a little ahead.
  for (const char* draft : {"Get over it.", "Good points!", "Rules are rules...", "Calm down."}) {
    CAPTURE(draft);
    CHECK(score(std::string(R"({"draft": ")") + draft + R"("})").find(R"("supported":true)") != std::string::npos);
  }
}

TEST_CASE("spans are UTF-16 code units of the draft") {
  // "😡 " is 5 bytes but 3 UTF-16 units, so "calm down" starts at 3.
  const std::string out = score("{\"draft\": \"\xF0\x9F\x98\xA1 calm down\"}");
  CHECK(out.find(R"("id":"calm-down","family":"dismissive","polarity":-1,)") != std::string::npos);
  CHECK(out.find(R"("start":3,"end":12)") != std::string::npos);
}

TEST_CASE("bad requests give errors that name the field") {
  CHECK(score("{nope") == R"({"error":"not valid JSON"})");
  CHECK(score("[]") ==
        R"({"error":"expected a JSON object: a request with \"draft\" or a conversation with \"turns\""})");
  CHECK(score(R"({"draft": 5})") == R"({"error":"draft: expected a string"})");
  CHECK(score(R"({"draft": "x", "history": [{"role": "boss", "text": "hi"}]})") ==
        R"({"error":"history[0].role: expected \"customer\", \"agent\" or \"bot\", got \"boss\""})");
  CHECK(score(R"({"draft": "x", "history": [{"role": "agent"}]})") ==
        R"({"error":"history[0].text: expected a string"})");
  CHECK(score(R"({"draft": "x", "time": "noon"})") ==
        R"x({"error":"time: expected milliseconds since the epoch (a number)"})x");
  CHECK(score(R"({"draft": "x", "time": 1e300})") ==
        R"x({"error":"time: expected milliseconds since the epoch (a number)"})x");
  CHECK(score(R"({"turns": [], "meta": {"team": 5}})") == R"({"error":"meta.team: expected a string"})");
  CHECK(score(R"({"draft": "x", "customer": "Dana"})") == R"({"error":"customer: expected an object"})");
}

TEST_CASE("deep nesting is refused before parsing") {
  std::string deep = R"({"draft": "x", "extra": )" + std::string(1000, '[') + std::string(1000, ']') + "}";
  CHECK(score(deep) == R"({"error":"JSON nested deeper than 64 levels"})");
}

TEST_CASE("invalid UTF-8 is replaced, not refused") {
  const auto out = empathy::score_json(model(), "{\"draft\": \"sorry \xFF\"}");
  CHECK(out.ok);
}

TEST_CASE("the line number is added to an error when given") {
  const auto out = empathy::score_json(model(), "x", 7);
  CHECK_FALSE(out.ok);
  CHECK(out.json == R"({"error":"not valid JSON","line":7})");
}

TEST_CASE("with `only`, an input of the other kind is refused, naming both kinds") {
  const empathy::Models models(
      std::shared_ptr<const empathy::Model>(std::shared_ptr<const empathy::Model>(), &model()));  // not owned
  const std::string request = R"({"draft": "Hello!"})";
  const std::string conversation = R"({"turns": [{"role": "agent", "text": "Hello!"}]})";
  using Kind = empathy::Input::Kind;
  CHECK(empathy::score_json(models, request, std::nullopt, nullptr, Kind::request).ok);
  CHECK(empathy::score_json(models, conversation, std::nullopt, nullptr, Kind::conversation).ok);
  const auto wrong = empathy::score_json(models, conversation, 3, nullptr, Kind::request);
  CHECK_FALSE(wrong.ok);
  CHECK(wrong.json == R"x({"error":"expected a request (\"draft\"), not a conversation (\"turns\")","line":3})x");
  const auto other = empathy::score_json(models, request, std::nullopt, nullptr, Kind::conversation);
  CHECK_FALSE(other.ok);
  CHECK(other.json == R"x({"error":"expected a conversation (\"turns\"), not a request (\"draft\")"})x");
  // Without `only`, either kind is read, as the CLI reads a line.
  CHECK(empathy::score_json(models, conversation).ok);
}

TEST_CASE("a conversation gives per-turn results with their index, flags and meta") {
  const std::string out = score(
      R"({"id": "c1", "meta": {"team": "billing"}, "turns": [{"role": "customer", "text": "I'm so worried"}, {"role": "agent", "text": "Your balance is 0."}]})");
  CHECK(starts_with(out, R"({"id":"c1","score":)"));
  CHECK(out.find(R"("flags":["missed-empathy"])") != std::string::npos);
  CHECK(out.find(R"("turns":[{"index":1,"score":)") != std::string::npos);
  CHECK(out.find(R"("meta":{"team":"billing"})") != std::string::npos);
}

TEST_CASE("typing, shown and allow are read, and checked") {
  CHECK(score(R"({"draft": "calm dow", "typing": true})").find("avoid-calm-down") == std::string::npos);
  // An allowed rule is not among the nudges; the result says it was silenced.
  const std::string allowed = score(R"({"draft": "calm down", "allow": ["avoid-calm-down"]})");
  CHECK(allowed.find(R"("ruleId":"avoid-calm-down")") == std::string::npos);
  CHECK(allowed.find(R"("silenced":["avoid-calm-down"])") != std::string::npos);
  CHECK(score(R"({"draft": "calm dow", "typing": true})").find(R"("unfinished":{"start":5,"length":3,"bytes":3})") !=
        std::string::npos);
  CHECK(score(R"({"draft": "calm down.", "typing": true})").find("unfinished") == std::string::npos);
  CHECK(score(R"({"draft": "x", "typing": "yes"})") == R"({"error":"typing: expected true or false"})");
  CHECK(score(R"({"draft": "x", "shown": "a"})") == R"({"error":"shown: expected an array of rule ids"})");
  CHECK(score(R"({"draft": "x", "allow": [1]})") == R"({"error":"allow[0]: expected a string"})");
}
