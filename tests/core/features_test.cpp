#include <doctest/doctest.h>

#include "helpers.hpp"

using empathy::Family;
using test::has_behavior;
using test::model;
using test::request;

namespace {
empathy::Result run(std::vector<std::string> customer, std::string draft) {
  return empathy::score(model(), request(std::move(customer), std::move(draft)));
}
}  // namespace

TEST_CASE("a specific apology outranks 'sorry for any inconvenience'") {
  const auto specific = run({"I was charged twice for my order!"}, "I'm so sorry you were charged twice.");
  const auto hollow = run({"I was charged twice for my order!"}, "We apologize for any inconvenience caused.");
  CHECK(has_behavior(specific, "apology-specific"));
  CHECK(has_behavior(hollow, "apology-hollow"));
  CHECK_FALSE(has_behavior(hollow, "apology"));
  // The learned score judges whole replies: with the same action after each apology.
  const auto specific_reply = run({"I was charged twice for my order!"},
                                  "I'm so sorry you were charged twice. I've refunded the second payment.");
  const auto hollow_reply = run({"I was charged twice for my order!"},
                                "We apologize for any inconvenience caused. I've refunded the second payment.");
  CHECK(specific_reply.score > hollow_reply.score);
}

TEST_CASE("'I'm not sorry' is no apology") {
  CHECK_FALSE(has_behavior(run({"You lost my parcel"}, "I'm not sorry, it was your fault."), "apology"));
}

TEST_CASE("reflection: reusing the customer's own words shows they were heard") {
  const auto r = run({"I moved house last week, still have no internet and my exams start Monday"},
                     "So you've just moved, the internet isn't working and your exams start on Monday.");
  CHECK(has_behavior(r, "reflection"));
  CHECK(test::level(r, Family::interpretation) >= 1);
}

TEST_CASE("an open question explores, a procedural one does not") {
  CHECK(has_behavior(run({"I'm really worried"}, "How has this been affecting you?"), "open-question"));
  CHECK_FALSE(has_behavior(run({"I'm really worried"}, "What's your account number?"), "open-question"));
}

TEST_CASE("the same empathy phrase as an earlier turn reads as scripted") {
  auto r = request({"It's broken again"}, "I understand how frustrating this is.");
  r.history.push_back({empathy::Role::agent, "I understand how frustrating this is.", {}});
  r.history.push_back({empathy::Role::customer, "Still broken!", {}});
  CHECK(has_behavior(empathy::score(model(), r), "repeated-phrase"));
}

TEST_CASE("a long preamble to a rushed customer is scripted") {
  const std::string long_reply =
      "Thank you so much for reaching out to us today, we truly value you as a customer and your "
      "satisfaction is always our highest priority here. I completely understand your concern and I would "
      "be more than happy to assist you with your enquiry regarding your flight booking. Your gate is B12.";
  CHECK(has_behavior(run({"Quick question, boarding in 5 minutes, which gate?"}, long_reply), "long-reply-to-rushed"));
  CHECK_FALSE(has_behavior(run({"Which gate is my flight?"}, long_reply), "long-reply-to-rushed"));
}

TEST_CASE("a draft in capitals shouts") {
  CHECK(has_behavior(run({"Where is it?"}, "I ALREADY TOLD YOU IT IS COMING"), "shouting"));
}

TEST_CASE("using the customer's name counts as courtesy") {
  auto r = request({"Hello?"}, "Hi Dana, thanks for waiting.");
  r.customer_name = "Dana Scully";
  CHECK(has_behavior(empathy::score(model(), r), "name-used"));
}

TEST_CASE("'calm down' is dismissive, 'no worries' is not a worry") {
  CHECK(has_behavior(run({"This is ridiculous!"}, "Calm down please."), "calm-down"));
  CHECK(test::level(run({"Thanks!"}, "No worries at all."), Family::dismissive) == 0);
}

TEST_CASE("behaviours come in the order of their spans") {
  const auto r = run({"I'm upset"}, "Thanks for telling me. I'm so sorry. Let's fix it together.");
  for (std::size_t i = 1; i < r.behaviors.size(); ++i)
    CHECK(r.behaviors[i - 1].span.start <= r.behaviors[i].span.start);
}

// The classic lexicon traps, on the agent's side.
TEST_CASE("traps: 'I can't imagine how hard' is understanding, not a refusal") {
  const auto r = run({"My flat flooded and I'm devastated."}, "I can't imagine how hard this must be.");
  CHECK(test::level(r, Family::interpretation) >= 1);
  CHECK(test::level(r, Family::dismissive) == 0);
}

TEST_CASE("traps: 'don't hesitate to ask' is courtesy, not a negated anything") {
  const auto r = run({"How do I update my address?"}, "Don't hesitate to ask if you need more help.");
  CHECK(has_behavior(r, "no-hesitate"));
  CHECK(test::level(r, Family::dismissive) == 0);
}

TEST_CASE("traps: 'sorry for any inconvenience' is scripted, not an apology") {
  const auto r = run({"My order is late again!"}, "Sorry for any inconvenience.");
  CHECK(test::level(r, Family::scripted) >= 1);
  CHECK(test::level(r, Family::emotional_reaction) <= 1);
  CHECK_FALSE(has_behavior(r, "apology"));
}

TEST_CASE("traps: a negation before a hyphen does not reach past it") {
  const auto r = run({"Where is my order?!"}, "I'm sorry your order hasn't arrived - that's really frustrating.");
  CHECK(has_behavior(r, "sympathy"));
}
