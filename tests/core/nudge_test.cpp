#include <doctest/doctest.h>

#include "helpers.hpp"

using test::has_nudge;
using test::model;
using test::request;

TEST_CASE("'calm down' gets a warning on its span with an alternative") {
  const auto r = empathy::score(model(), request({"This is ridiculous!!"}, "Okay, calm down."));
  REQUIRE_FALSE(r.nudges.empty());
  CHECK(r.nudges[0].rule_id == "avoid-calm-down");
  CHECK(r.nudges[0].kind == empathy::NudgeKind::warning);
  REQUIRE(r.nudges[0].span);
  CHECK(r.nudges[0].span->start == 6);
  CHECK(r.nudges[0].span->end == 15);
  CHECK(r.nudges[0].suggestion);
}

TEST_CASE("a frustrated customer and no acknowledgement get a tip") {
  CHECK(has_nudge(empathy::score(model(), request({"This is unacceptable, third time now!"}, "Your order ships Monday.")),
                  "acknowledge-feelings"));
}

TEST_CASE("a neutral question answered factually gets no tip and no warning") {
  const auto r = empathy::score(model(), request({"How do I change my email address?"},
                                                 "Go to Settings, then Account, and choose Change email."));
  for (const auto& n : r.nudges) CHECK(n.kind == empathy::NudgeKind::praise);
}

TEST_CASE("a bereaved customer gets a condolence tip until the agent offers one") {
  const std::string customer = "My mother died last week, I need to close her account";
  CHECK(has_nudge(empathy::score(model(), request({customer}, "I can close it for you.")), "condolence-first"));
  CHECK_FALSE(has_nudge(empathy::score(model(), request({customer}, "I'm so sorry for your loss.")), "condolence-first"));
}

TEST_CASE("an upset customer gets a proactive tip before the agent types") {
  CHECK(has_nudge(empathy::score(model(), request({"I'm so worried, my card was stolen"}, "")), "proactive-acknowledge"));
}

TEST_CASE("a good acknowledgement is praised, but never next to a warning") {
  const std::vector<std::string> customer{"I'm really upset about this"};
  CHECK(has_nudge(empathy::score(model(), request(customer, "I'm so sorry, that sounds really upsetting.")),
                  "praise-acknowledged"));
  const auto mixed = empathy::score(model(), request(customer, "I'm so sorry, that sounds really upsetting. Calm down."));
  CHECK_FALSE(has_nudge(mixed, "praise-acknowledged"));
}

TEST_CASE("at most three nudges, warnings first") {
  const auto r = empathy::score(model(), request({"This is a joke!!"},
      "Calm down. As I said, you should have read it. There is nothing I can do. You people never listen."));
  CHECK(r.nudges.size() == 3);
  for (const auto& n : r.nudges) CHECK(n.kind == empathy::NudgeKind::warning);
}
