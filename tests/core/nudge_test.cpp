#include <doctest/doctest.h>

#include <cctype>

#include "helpers.hpp"
#include "text.hpp"

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
  CHECK(
      has_nudge(empathy::score(model(), request({"This is unacceptable, third time now!"}, "Your order ships Monday.")),
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
  CHECK_FALSE(
      has_nudge(empathy::score(model(), request({customer}, "I'm so sorry for your loss.")), "condolence-first"));
}

TEST_CASE("an upset customer gets a proactive tip before the agent types") {
  CHECK(
      has_nudge(empathy::score(model(), request({"I'm so worried, my card was stolen"}, "")), "proactive-acknowledge"));
}

TEST_CASE("a good acknowledgement is praised, but never next to a warning") {
  const std::vector<std::string> customer{"I'm really upset about this"};
  CHECK(has_nudge(empathy::score(model(), request(customer, "I'm so sorry, that sounds really upsetting.")),
                  "praise-acknowledged"));
  const auto mixed =
      empathy::score(model(), request(customer, "I'm so sorry, that sounds really upsetting. Calm down."));
  CHECK_FALSE(has_nudge(mixed, "praise-acknowledged"));
}

TEST_CASE("at most three nudges, warnings first") {
  const auto r = empathy::score(
      model(),
      request({"This is a joke!!"},
              "Calm down. As I said, you should have read it. There is nothing I can do. You people never listen."));
  CHECK(r.nudges.size() == 3);
  for (const auto& n : r.nudges) CHECK(n.kind == empathy::NudgeKind::warning);
}

// ---- The scenario table: tests/data/nudge-scenarios.txt ----

#include <fstream>
#include <sstream>

namespace {

struct Scenario {
  std::string name;
  empathy::Request request;
  std::string expect;
};

std::vector<Scenario> read_scenarios() {
  std::ifstream in(EMPATHY_TEST_DATA "/nudge-scenarios.txt");
  std::vector<Scenario> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      out.push_back({line.substr(1, line.size() - 2), {}, {}});
      continue;
    }
    const auto colon = line.find(": ");
    const std::string key = line.substr(0, line.find(':'));
    const std::string value = colon == std::string::npos ? "" : line.substr(colon + 2);
    auto& s = out.back();
    if (key == "customer") s.request.history.push_back({empathy::Role::customer, value, {}});
    else if (key == "agent") s.request.history.push_back({empathy::Role::agent, value, {}});
    else if (key == "draft") s.request.draft = value;
    else if (key == "expect") s.expect = value;
  }
  return out;
}

// "warning avoid-calm-down \"calm down\" | tip acknowledge-feelings", or "(none)".
std::string render(const empathy::Result& r, const std::string& draft, bool spans = true) {
  std::string out;
  for (const auto& n : r.nudges) {
    if (!out.empty()) out += " | ";
    out += std::string(empathy::nudge_kind_name(n.kind)) + " " + n.rule_id;
    if (spans && n.span) out += " \"" + draft.substr(n.span->start, n.span->end - n.span->start) + "\"";
  }
  return out.empty() ? "(none)" : out;
}

bool word_char(unsigned char c) { return std::isalnum(c) || c == '\'' || c >= 0x80; }

}  // namespace

TEST_CASE("every nudge scenario gives exactly the nudges expected") {
  const auto scenarios = read_scenarios();
  REQUIRE(scenarios.size() >= 60);
  for (const auto& s : scenarios) {
    CAPTURE(s.name);
    CHECK(render(empathy::score(model(), s.request), s.request.draft) == s.expect);
  }
}

TEST_CASE("typing a draft one character at a time changes nudges only at word ends, without flip-flops") {
  constexpr std::size_t kMinKeystrokes = 3;  // a list that came back sooner than this flickered
  for (const auto& s : read_scenarios()) {
    CAPTURE(s.name);
    empathy::Request r = s.request;
    r.typing = true;
    std::string current, previous;  // the list on screen, and the one before it
    std::size_t changed_at = 0;     // keystroke of the last change
    std::size_t keystroke = 0;
    for (std::size_t i = 1; i <= s.request.draft.size(); ++i) {
      if (i < s.request.draft.size() && (static_cast<unsigned char>(s.request.draft[i]) & 0xC0) == 0x80) continue;
      ++keystroke;
      r.draft = s.request.draft.substr(0, i);
      const auto result = empathy::score(model(), r);
      r.shown.clear();
      for (const auto& n : result.nudges) r.shown.push_back(n.rule_id);
      const std::string list = render(result, r.draft, false);
      if (keystroke > 1 && list != current) {
        CAPTURE(r.draft);
        // Only a space or punctuation completes a word, so only they may change the list.
        CHECK_FALSE(word_char(static_cast<unsigned char>(r.draft.back())));
        // A list never comes straight back (A -> B -> A within a few keystrokes).
        CHECK_FALSE((list == previous && keystroke - changed_at < kMinKeystrokes));
        previous = current;
        changed_at = keystroke;
      }
      current = list;
    }
  }
}

TEST_CASE("an allowed rule is silenced and frees its place") {
  auto r = request({"This is a joke!!"}, "Calm down. As I said, you should have read it. You people never listen.");
  r.allow = {"avoid-calm-down"};
  const auto result = empathy::score(model(), r);
  CHECK_FALSE(has_nudge(result, "avoid-calm-down"));
  CHECK(result.nudges.size() == 3);
}

TEST_CASE("a nudge on screen keeps its place while its condition holds") {
  auto r = request({"This is a joke!!"}, "Calm down. As I said, you should have read it. There is nothing I can do.");
  const auto fresh = empathy::score(model(), r);
  REQUIRE(fresh.nudges.size() == 3);
  CHECK_FALSE(has_nudge(fresh, "avoid-stonewalling"));
  r.shown = {"avoid-stonewalling"};
  CHECK(has_nudge(empathy::score(model(), r), "avoid-stonewalling"));
}

TEST_CASE("while typing, the unfinished last word is ignored") {
  auto r = request({"Where is it?!"}, "Please calm dow");
  r.typing = true;
  CHECK_FALSE(has_nudge(empathy::score(model(), r), "avoid-calm-down"));
  r.draft = "Please calm down";
  CHECK_FALSE(has_nudge(empathy::score(model(), r), "avoid-calm-down"));
  r.draft = "Please calm down ";
  CHECK(has_nudge(empathy::score(model(), r), "avoid-calm-down"));
  r.typing = false;
  r.draft = "Please calm down";
  CHECK(has_nudge(empathy::score(model(), r), "avoid-calm-down"));
}

TEST_CASE("while typing, a draft that ends in punctuation or an emoji is settled, as the widget sees it") {
  // The widget re-scores without `typing` only after a letter, a digit or an apostrophe.
  for (const char* end : {"\u2026", "\u2014", "\u00BB", "!", "?\"", "\U0001F642", " \U0001F44D", ")"}) {
    auto r = request({"Where is it?!"}, std::string("Please calm down") + end);
    r.typing = true;
    CAPTURE(r.draft);
    CHECK(has_nudge(empathy::score(model(), r), "avoid-calm-down"));
  }
}

// ---- Messages quote only what the agent wrote (issue 16) ----

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
// The first “quoted” words of a message, or "" when it quotes nothing.
std::string first_quote(const std::string& message) {
  const std::string open = "\u201C", close = "\u201D";
  const auto a = message.find(open);
  if (a == std::string::npos) return "";
  const auto b = message.find(close, a + open.size());
  return b == std::string::npos ? "" : message.substr(a + open.size(), b - a - open.size());
}
}  // namespace

TEST_CASE("a message quotes the words of its own span, never words the agent did not write") {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"Please read the FAQ before contacting us again.", "read the faq"},
      {"Sorry you feel that way.", "sorry you feel that way"},
      {"We apologise for any inconvenience caused.", "apologise for any inconvenience caused"},
      {"There's no need to panic, it happens.", "no need to panic"},
      {"Like I told you, the refund takes five days.", "like i told you"},
      {"All you have to do is restart it.", "all you have to do is"},
      {"I understand your frustration, however the fee stands.", "however"},
  };
  for (const auto& [draft, words] : cases) {
    CAPTURE(draft);
    const auto r = empathy::score(model(), request({"This is the third time I've asked!!"}, draft));
    bool quoted = false;
    for (const auto& n : r.nudges) {
      const std::string q = first_quote(n.message);
      if (q.empty() || !n.span) continue;
      CAPTURE(n.message);
      CHECK(lower(draft).find(lower(q)) != std::string::npos);  // the quote is the draft's own words
      quoted = quoted || lower(q).find(words) != std::string::npos;
    }
    CHECK(quoted);
  }
}

TEST_CASE("a quoted span opens the message with a capital and has its spaces collapsed") {
  const auto r = empathy::score(model(), request({"This is a joke!!"}, "ok   calm   down."));
  REQUIRE(has_nudge(r, "avoid-calm-down"));
  CHECK(r.nudges[0].message == "Avoid \u201Ccalm down\u201D: it tells them their feelings are wrong.");
  const auto as_said = empathy::score(model(), request({"Why is it late?"}, "as i said, it ships monday."));
  for (const auto& n : as_said.nudges)
    if (n.rule_id == "avoid-as-i-said") CHECK(n.message.rfind("\u201CAs i said\u201D", 0) == 0);
}

TEST_CASE("a model whose message quotes {span} without evidence to quote does not load") {
  const auto loaded = empathy::load_model(
      empathy::default_model_json(),
      R"({"nudges": {"quote-nothing": {"kind": "tip", "message": "\u201C{span}\u201D?", "when": {"needsEmpathy": true}}}})");
  CHECK_FALSE(loaded.model);
  CHECK(loaded.error.find("nudges.quote-nothing.message") != std::string::npos);
}

TEST_CASE("a quoted span with broken UTF-8 between its words is quoted as valid text") {
  // The C++ API takes bytes as they come (the JSON boundary cleans them first).
  const auto r = empathy::score(model(), request({"This is a joke!!"}, "calm\xFF down"));
  REQUIRE(has_nudge(r, "avoid-calm-down"));
  for (const auto& n : r.nudges) {
    CAPTURE(n.message);
    CHECK(empathy::text::sanitize_utf8(n.message) == n.message);
  }
}
