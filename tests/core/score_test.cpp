#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "empathy/json.hpp"
#include "helpers.hpp"

using empathy::Band;
using empathy::Family;
using test::model;
using test::request;

TEST_CASE("a neutral question answered factually scores good and needs no empathy") {
  const auto r = empathy::score(
      model(), request({"What time do you open on Saturday?"}, "We're open from 9am to 5pm on Saturdays."));
  CHECK_FALSE(r.needs_empathy);
  CHECK(r.band == Band::good);
}

TEST_CASE("an empathetic reply to a frustrated customer scores good, a dismissive one low") {
  const auto customer = std::vector<std::string>{"I've been charged twice and nobody has replied. Unacceptable!"};
  const auto good = empathy::score(model(), request(customer,
                                                    "I'm so sorry you were charged twice, that must be really "
                                                    "frustrating. I'll refund the duplicate charge today."));
  const auto bad = empathy::score(model(), request(customer, "Calm down, as I said you should have checked."));
  CHECK(good.needs_empathy);
  CHECK(good.band == Band::good);
  CHECK(bad.band == Band::low);
  CHECK(good.components.emotional_recognition > bad.components.emotional_recognition);
  CHECK(good.components.genuine_tone > bad.components.genuine_tone);
}

TEST_CASE("family levels follow the evidence") {
  const auto r = empathy::score(model(), request({"I'm furious"}, "I'm so sorry. That sounds awful."));
  CHECK(test::level(r, Family::emotional_reaction) == 2);
  CHECK(test::level(r, Family::exploration) == 0);
  CHECK(r.families[static_cast<std::size_t>(Family::emotional_reaction)].spans.size() >= 2);
}

TEST_CASE("an empty draft scores zero but still reads the customer") {
  const auto r = empathy::score(model(), request({"I am so worried about my account"}, ""));
  CHECK(r.score == 0);
  CHECK(r.needs_empathy);
}

TEST_CASE("bands cut at 40 and 70") {
  CHECK(empathy::band_of(39) == Band::low);
  CHECK(empathy::band_of(40) == Band::fair);
  CHECK(empathy::band_of(69) == Band::fair);
  CHECK(empathy::band_of(70) == Band::good);
}

TEST_CASE("a result does not depend on what was scored before, nor on the cache") {
  // (Across processes, golden.cli compares the CLI's output with stored files.)
  const std::string one =
      R"({"history": [{"role": "customer", "text": "My order never arrived!!"}], "draft": "I'm sorry it hasn't arrived. Let me check where it is."})";
  const std::string first = empathy::score_json(model(), one).json;
  empathy::Cache cache;
  for (const char* other :
       {R"({"draft": "Calm down."})",
        R"({"history": [{"role": "customer", "text": "My husband died"}], "draft": "So sorry."})",
        R"({"history": [{"role": "customer", "text": "My order never arrived!!"}], "draft": "Calm down, as I said."})"})
    CHECK(empathy::score_json(model(), other, std::nullopt, &cache).ok);
  CHECK(empathy::score_json(model(), one, std::nullopt, &cache).json == first);
  CHECK(empathy::score_json(model(), one).json == first);
  CHECK(first.find("\"score\":") != std::string::npos);
}

TEST_CASE("a conversation flags a missed emotion, and worse when the topic is high risk") {
  empathy::Conversation c;
  c.turns = {{empathy::Role::customer, "My wife passed away and I need to close her account.", {}},
             {empathy::Role::agent, "Please send the death certificate to our address.", {}}};
  const auto r = empathy::score_conversation(model(), c);
  CHECK(r.flags == std::vector<std::string>{"missed-empathy", "missed-empathy-high-risk"});
  REQUIRE(r.turns.size() == 1);
  CHECK(r.turns[0].first == 1);

  c.turns[1].text = "I'm so sorry for your loss. I'll close the account for you today.";
  const auto kind = empathy::score_conversation(model(), c);
  CHECK(kind.flags.empty());
  CHECK(kind.score > r.score + 30);
}

TEST_CASE("a slow first reply is flagged when times are known") {
  empathy::Conversation c;
  c.turns = {{empathy::Role::customer, "Is my order shipped?", 0},
             {empathy::Role::agent, "Yes, it shipped today.", 3600000}};
  CHECK(empathy::score_conversation(model(), c).flags == std::vector<std::string>{"slow-reply"});
  c.turns[1].time = 60000;
  CHECK(empathy::score_conversation(model(), c).flags.empty());
}

TEST_CASE("a conversation's parts add up to its score, each penalty with its reason") {
  empathy::Conversation c;
  c.turns = {{empathy::Role::customer, "My wife passed away and I need to close her account.", 0},
             {empathy::Role::agent, "Please send the death certificate to our address.", 3600000},
             {empathy::Role::customer, "Also, what is your postal address?", 3700000},
             {empathy::Role::agent, "It is 1 High Street, London.", 3710000}};
  const auto r = empathy::score_conversation(model(), c);
  const auto& parts = r.parts;
  REQUIRE(parts.replies.size() == 2);
  CHECK(parts.replies[0].turn == 1);
  CHECK(parts.replies[0].score == r.turns[0].second.score);
  CHECK(parts.replies[0].weight > parts.replies[1].weight);  // the moment that needed empathy weighs more
  double weighted = 0, total = 0;
  for (const auto& p : parts.replies) {
    weighted += p.weight * p.score;
    total += p.weight;
  }
  CHECK(parts.mean == doctest::Approx(weighted / total));
  REQUIRE(parts.penalties.size() == 2);
  CHECK(parts.penalties[0].flag == "missed-empathy-high-risk");
  CHECK(parts.penalties[0].turn == 1);
  CHECK(parts.penalties[0].reason ==
        "The reply (message 2) did not acknowledge the customer's bereavement (message 1), a high-risk moment.");
  CHECK(parts.penalties[1].flag == "slow-reply");
  CHECK(parts.penalties[1].reason == "The reply (message 2) came 60:00 after the customer wrote (slow after 5:00).");
  int points = 0;
  for (const auto& p : parts.penalties) points += p.points;
  CHECK(r.score == std::clamp(static_cast<int>(std::lround(parts.mean - points)), 0, 100));

  const auto json = empathy::to_json(r);
  CHECK(json.find("\"parts\":{\"replies\":[{\"turn\":1,") != std::string::npos);
  CHECK(json.find("\"flag\":\"slow-reply\",\"turn\":1,\"points\":3,") != std::string::npos);
}

TEST_CASE("only feelings shown since the last reply count as missed, and echoing words is no acknowledgement") {
  empathy::Conversation c;
  c.turns = {{empathy::Role::customer, "I'm so worried, there are payments I didn't make!", {}},
             {empathy::Role::agent, "I'm so sorry, that must be frightening. I've blocked the card.", {}},
             {empathy::Role::customer, "Thanks so much, that's a relief.", {}},
             {empathy::Role::agent, "You're welcome, take care!", {}}};
  CHECK(empathy::score_conversation(model(), c).flags.empty());

  c.turns = {{empathy::Role::customer, "My husband died and I need to close his account.", {}},
             {empathy::Role::agent, "To close his account, send us the death certificate.", {}}};
  CHECK(empathy::score_conversation(model(), c).flags ==
        std::vector<std::string>{"missed-empathy", "missed-empathy-high-risk"});
}

TEST_CASE("a bot's replies are scored like an agent's") {
  empathy::Conversation c;
  c.turns = {{empathy::Role::customer, "This is ridiculous, my order is late again!", {}},
             {empathy::Role::bot, "Please calm down.", {}}};
  const auto r = empathy::score_conversation(model(), c);
  REQUIRE(r.turns.size() == 1);
  CHECK(r.turns[0].first == 1);
  CHECK(r.flags.front() == "missed-empathy");
}

TEST_CASE("a cache gives the same results and follows a changed history") {
  empathy::Cache cache;
  auto r = request({"I'm so worried about my account"}, "I'm sorry");
  for (const char* draft : {"I", "I'm so", "I'm so sorry", "I'm so sorry, let me check."}) {
    r.draft = draft;
    const auto plain = empathy::score(model(), r);
    const auto cached = empathy::score(model(), r, cache);
    CHECK(plain.score == cached.score);
    CHECK(plain.needs_empathy == cached.needs_empathy);
    CHECK(plain.behaviors.size() == cached.behaviors.size());
  }
  r.history[0].text = "What time do you open?";
  CHECK_FALSE(empathy::score(model(), r, cache).needs_empathy);
  r.history.push_back({empathy::Role::customer, "This is ridiculous!!", {}});
  CHECK(empathy::score(model(), r, cache).needs_empathy);
}

// Judged in context: a reply-only scorer (length, keywords, warmth everywhere) cannot pass these.
TEST_CASE("the same reply is right after a plain request and wrong after a bereavement") {
  const std::string reply = "Done, I've cancelled the subscription. You won't be charged again.";
  const auto plain = empathy::score(model(), request({"Can you cancel my streaming subscription please?"}, reply));
  const auto grief =
      empathy::score(model(), request({"My husband died last week. Please cancel his subscription."}, reply));
  CHECK(plain.score > grief.score + 20);
  CHECK_FALSE(plain.needs_empathy);
  CHECK(grief.needs_empathy);
}

TEST_CASE("two replies swap places between a neutral and a distressed customer") {
  const std::string efficient = "Sure, I've emailed your March invoice to you just now.";
  const std::string warm =
      "Oh no, I'm so sorry you've had to reach out! I completely understand how stressful billing can be. "
      "I've emailed your March invoice to you.";
  const std::string neutral = "can I get a copy of my last invoice?";
  const std::string upset = "I've been charged three times this month and I can't pay my rent now. I'm in tears.";
  const std::string kind =
      "I'm so sorry, being charged three times when rent is due is awful. I've refunded the two extra payments "
      "now and I'll stay on until you see them.";
  const std::string curt = "Sure, I've refunded the two extra payments now. Anything else?";
  CHECK(empathy::score(model(), request({neutral}, efficient)).score >
        empathy::score(model(), request({neutral}, warm)).score);
  CHECK(empathy::score(model(), request({upset}, kind)).score > empathy::score(model(), request({upset}, curt)).score);
}

TEST_CASE("a learned score gives each sentence's share of it") {
  const auto r = empathy::score(
      model(), request({"This is unacceptable, third time now!"}, "Please calm down. I'll look into it."));
  REQUIRE_FALSE(r.contributions.empty());
  CHECK(r.contributions.front().points < 0);  // "Please calm down." costs points
  CHECK(r.contributions.front().span.start == 0);
}

TEST_CASE("safety first: an action-first reply to an emergency outranks sympathy without action") {
  const std::vector<std::string> customer{"water is pouring through my ceiling!!! help"};
  const auto action = empathy::score(model(), request(customer,
                                                      "Turn off the stopcock under the kitchen sink now. I'm sending "
                                                      "an emergency plumber, they'll be with you within the hour."));
  const auto sympathy = empathy::score(
      model(),
      request(customer,
              "I'm so sorry to hear that, that sounds really stressful. I completely understand how you feel."));
  CHECK(action.score > sympathy.score);
}

namespace {
// One customer message and two replies to it: an unkind one and a kind one.
struct Twin {
  std::string customer, unkind, kind;
};
}  // namespace

TEST_CASE("sarcasm and mock praise read as dismissive, and the same friendly words said sincerely do not") {
  const std::vector<Twin> twins{
      {"I've waited three hours on hold and nobody can tell me where my parcel is.",
       "Wow, three whole hours? Thanks so much for your patience, you're a real hero.",
       "Three hours is far too long, thank you for your patience. Your parcel is at the depot and arrives tomorrow."},
      {"Why don't you just add a button to pause my subscription?",
       "Great idea. We'd never have thought of that ourselves, you're clearly a genius.",
       "Great idea, and you're not the only one asking. I've passed it to our product team today."},
      {"I set up the router myself but the light is still red.",
       "Congrats on plugging it in all by yourself. Have you tried turning it on?",
       "Congrats on setting it up yourself. A red light means no signal yet, so I'm checking the line now."},
  };
  const auto dismissive = static_cast<std::size_t>(Family::dismissive);
  for (const auto& t : twins) {
    CAPTURE(t.unkind);
    const auto mocking = empathy::score(model(), request({t.customer}, t.unkind));
    const auto sincere = empathy::score(model(), request({t.customer}, t.kind));
    REQUIRE(mocking.families[dismissive].probability);
    REQUIRE(sincere.families[dismissive].probability);
    CHECK(*mocking.families[dismissive].probability >= *sincere.families[dismissive].probability + 0.2);
    // The learned family predicts level / 2: below 0.25 the nearest level is 0, not shown.
    CHECK(*sincere.families[dismissive].probability < 0.25);
    CHECK(mocking.score < sincere.score);
  }
}

TEST_CASE("an insult scores low and is warned about, and the same help without it, or a kind 'not stupid', is not") {
  const std::vector<Twin> cases{
      {"Where do I change my delivery address?", "You're an idiot. It's under Settings.",
       "You'll find it under Settings, then Addresses."},
      {"I can't log in, it keeps saying my password is wrong.",
       "Learn to read, it says the password is case sensitive.",
       "Sorry it's locking you out. The password is case sensitive, so check Caps Lock is off."},
      {"I feel so stupid, I deleted all my photos by accident.", "Are you stupid? There's a trash folder.",
       "You're not stupid at all, it's an easy slip. They're in the trash folder for 30 days."},
  };
  for (const auto& c : cases) {
    CAPTURE(c.unkind);
    const auto insult = empathy::score(model(), request({c.customer}, c.unkind));
    const auto kind = empathy::score(model(), request({c.customer}, c.kind));
    CHECK(insult.score < 30);
    CHECK(insult.score + 30 < kind.score);
    CHECK(test::level(insult, Family::dismissive) == 2);
    CHECK(test::level(kind, Family::dismissive) == 0);
    CHECK(test::has_nudge(insult, "avoid-insults"));
    CHECK_FALSE(test::has_nudge(kind, "avoid-insults"));
  }
}
