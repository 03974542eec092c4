#include <doctest/doctest.h>

#include "engine.hpp"
#include "helpers.hpp"

using test::model;
using test::request;

namespace {
empathy::CustomerState state(std::vector<std::string> customer) {
  return empathy::read_context(model(), request(std::move(customer), "")).customer;
}
double intensity(const empathy::CustomerState& s, const std::string& id) {
  for (const auto& e : s.emotions)
    if (e.id == id) return e.intensity;
  return 0;
}
}  // namespace

TEST_CASE("a frustrated customer needs empathy") {
  const auto s = state({"This is ridiculous, I've been charged twice!!"});
  CHECK(intensity(s, "frustration") > 0.4);
  CHECK(s.needs_empathy);
}

TEST_CASE("a neutral question does not need empathy") {
  const auto s = state({"What time do you open on Saturdays?"});
  CHECK(s.emotions.empty());
  CHECK_FALSE(s.needs_empathy);
}

TEST_CASE("'not happy' is frustration and 'no worries' is not anxiety") {
  CHECK(intensity(state({"I am not happy with this"}), "frustration") > 0);
  CHECK(intensity(state({"No worries at all"}), "anxiety") == 0);
}

TEST_CASE("negation cancels an emotion cue") {
  CHECK(intensity(state({"I'm not worried about it"}), "anxiety") == 0);
  CHECK(intensity(state({"I'm worried about it"}), "anxiety") > 0);
}

TEST_CASE("intensifiers, capitals and repeated punctuation raise intensity") {
  const double plain = intensity(state({"I am annoyed."}), "frustration");
  CHECK(intensity(state({"I am so annoyed."}), "frustration") > plain);
  CHECK(intensity(state({"I am ANNOYED."}), "frustration") > plain);
  CHECK(intensity(state({"I am annoyed!!"}), "frustration") > plain);
}

TEST_CASE("a customer writing in capitals is frustrated") {
  CHECK(intensity(state({"WHERE IS MY PARCEL I WANT IT NOW"}), "frustration") > 0.3);
}

TEST_CASE("a bereavement is a risk and needs empathy") {
  const auto s = state({"My husband passed away last month and I need to close his account."});
  REQUIRE(s.risk.size() == 1);
  CHECK(s.risk[0] == "bereavement");
  CHECK(s.needs_empathy);
}

TEST_CASE("older emotions fade as the agent replies") {
  empathy::Request r = request({"I am furious about this"}, "");
  const double fresh = intensity(empathy::read_context(model(), r).customer, "frustration");
  r.history.push_back({empathy::Role::agent, "I have fixed it.", {}});
  r.history.push_back({empathy::Role::customer, "ok", {}});
  const double later = intensity(empathy::read_context(model(), r).customer, "frustration");
  CHECK(later < fresh);
}

TEST_CASE("emotion spans point into the customer's message") {
  const auto s = state({"Hi. I am so worried"});
  REQUIRE_FALSE(s.emotions.empty());
  CHECK(s.emotions[0].turn == 0);
  CHECK(s.emotions[0].spans.at(0).start == 9);
  CHECK(s.emotions[0].spans.at(0).end == 19);
}

// The classic lexicon traps, on the customer's side.
TEST_CASE("traps: 'not bad' is not frustration, 'dying to' is not sadness, 'no worries' is not anxiety") {
  CHECK(intensity(state({"Not bad, the new plan works."}), "frustration") == 0);
  CHECK(intensity(state({"I'm dying to try the new phone"}), "sadness") == 0);
  CHECK(intensity(state({"No worries at all, just checking"}), "anxiety") == 0);
  CHECK_FALSE(state({"Not bad, the new plan works."}).needs_empathy);
}

TEST_CASE("traps: 'great, just great' is sarcasm, and 'thanks for nothing' is not gratitude") {
  CHECK(intensity(state({"Great, just great. Another missed delivery."}), "frustration") > 0);
  CHECK(intensity(state({"Thanks for nothing."}), "gratitude") == 0);
  CHECK(intensity(state({"Thanks for nothing."}), "frustration") > 0);
}
