// Suggestions as edits (core/src/edit.cpp): exact edits for the ways a suggestion joins a
// draft, then the property that matters to the agent, over the project's CX corpus in
// every language: applying any suggestion leaves a reply that is no worse formed than the
// draft was, and the nudge that offered it is gone.
#include <doctest/doctest.h>

#include <array>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "engine.hpp"
#include "helpers.hpp"

using test::has_nudge;
using test::model;
using test::request;

namespace {

std::string with_edit(const std::string& draft, const empathy::Edit& e) {
  return draft.substr(0, e.span.start) + e.text + draft.substr(e.span.end);
}

// The draft after applying the suggestion of the nudge of this rule.
std::string applied(const std::vector<std::string>& customer, const std::string& draft, const std::string& rule) {
  const auto r = empathy::score(model(), request(customer, draft));
  for (const auto& n : r.nudges)
    if (n.rule_id == rule) {
      REQUIRE(n.edit);
      return with_edit(draft, *n.edit);
    }
  FAIL("no nudge " << rule << " for \"" << draft << "\"");
  return {};
}

std::string plan(std::string_view draft, std::optional<empathy::Span> span, empathy::Placement place,
                 std::string_view suggestion, std::optional<empathy::Span> greeting = {},
                 std::vector<empathy::Span> acks = {}) {
  const auto e = empathy::plan_edit(draft, span, place, suggestion, greeting, acks);
  REQUIRE(e);
  return with_edit(std::string(draft), *e);
}

// Ways a reply can be badly formed, each counted: an edit may not add any.
struct Defects {
  static constexpr std::array<const char*, 7> kNames{
      "space before a mark",        "two marks",          "double space", "sentence starts in lower case",
      "reply starts in lower case", "space at the start", "stray stop"};
  std::array<int, kNames.size()> counts{};
};

Defects defects(const std::string& s) {
  static const std::array<std::regex, 3> kPatterns{
      std::regex(R"( [,.](\s|$))"), std::regex(R"([,;:][,.;:!?]|[.!?][,;:]|\. \.)"), std::regex(R"(  )")};
  static const std::regex kLowerStart(R"([.!?] +[a-z])");
  static const std::regex kStray(R"((^|[^.])\.\.($|[^.]))");
  Defects d;
  for (std::size_t i = 0; i < kPatterns.size(); ++i)
    d.counts[i] = static_cast<int>(std::distance(std::sregex_iterator(s.begin(), s.end(), kPatterns[i]), {}));
  d.counts[3] = static_cast<int>(std::distance(std::sregex_iterator(s.begin(), s.end(), kLowerStart), {}));
  d.counts[4] = !s.empty() && std::islower(static_cast<unsigned char>(s[0]));
  d.counts[5] = !s.empty() && std::isspace(static_cast<unsigned char>(s[0]));
  d.counts[6] = static_cast<int>(std::distance(std::sregex_iterator(s.begin(), s.end(), kStray), {}));
  return d;
}

std::string lower_first(std::string s) {
  if (!s.empty() && !(s[0] == 'I' && (s.size() == 1 || !std::isalpha(static_cast<unsigned char>(s[1])))))
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string folded(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Example {
  std::vector<std::string> customer;
  std::string draft;
};

std::vector<Example> corpus(const std::string& folder) {
  std::vector<Example> out;
  for (int i = 1; i <= 10; ++i) {
    std::ifstream in(std::string(EMPATHY_CX_DATA) + "/" + folder + "/replies-" + std::to_string(i) + ".jsonl");
    for (std::string line; std::getline(in, line);) {
      const auto j = nlohmann::json::parse(line);
      Example e;
      for (const auto& t : j["history"])
        if (t["role"] == "customer") e.customer.push_back(t["text"]);
      e.draft = j["draft"];
      out.push_back(std::move(e));
    }
  }
  return out;
}

// Every suggestion of every draft (and of the draft with common faults put in) applied:
// returns how many edits were checked; every failure is reported.
// Under the sanitizers (ten times slower) every eighth example; natively every one.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kStride = 8;
#else
constexpr std::size_t kStride = 1;
#endif

int check_corpus(const empathy::Model& m, const std::string& folder, const std::string& calm_down) {
  auto examples = corpus(folder);
  REQUIRE(examples.size() >= 200);
  std::vector<Example> sample;
  for (std::size_t i = 0; i < examples.size(); i += kStride) sample.push_back(std::move(examples[i]));
  examples = std::move(sample);
  int edits = 0;
  int failures = 0;
  std::map<std::string, int> tally;  // rule: what went wrong -> how often
  for (const auto& ex : examples) {
    std::string bare = ex.draft;
    while (!bare.empty() && (bare.back() == '.' || bare.back() == '!')) bare.pop_back();
    const std::array<std::string, 4> drafts{ex.draft, bare, calm_down + ", " + lower_first(ex.draft),
                                            "Ok " + lower_first(calm_down) + ". " + ex.draft};
    for (const auto& draft : drafts) {
      auto req = request(ex.customer, draft);
      const auto r = empathy::score(m, req);
      for (const auto& n : r.nudges) {
        if (!n.suggestion) continue;
        ++edits;
        if (!n.edit) {
          ++failures;
          FAIL_CHECK(n.rule_id << " offers a suggestion and no edit for \"" << draft << "\"");
          continue;
        }
        req.draft = with_edit(draft, *n.edit);
        const Defects before = defects(draft);
        const Defects after = defects(req.draft);
        const auto fail = [&](const std::string& what) {
          if (tally[n.rule_id + ": " + what]++ < 3)
            FAIL_CHECK(what << " after " << n.rule_id << ":\n  " << draft << "\n  " << req.draft);
        };
        for (std::size_t k = 0; k < Defects::kNames.size(); ++k)
          if (after.counts[k] > before.counts[k]) fail(Defects::kNames[k]);
        // Offered again only for other words the agent wrote ("Calm down, please calm down").
        for (const auto& again : empathy::score(m, req).nudges) {
          if (again.rule_id != n.rule_id) continue;
          const bool other_words =
              again.span && n.span &&
              folded(draft).find(folded(req.draft.substr(again.span->start, again.span->end - again.span->start)),
                                 n.span->end) != std::string::npos;
          if (!other_words) fail("offered again");
        }
      }
    }
  }
  for (const auto& [what, count] : tally) {
    MESSAGE(folder << ": " << what << " (" << count << ")");
    failures += count;
  }
  CHECK(failures == 0);
  return edits;
}

}  // namespace

TEST_CASE("a warning's suggestion replaces its words and joins the sentence around them") {
  const std::vector<std::string> angry{"This is the third time I've asked and nobody has helped me!!"};
  // The issue's broken text: "I can hear how upsetting this is., as I said…".
  CHECK(applied(angry, "Calm down, as I said, the refund takes 5 days.", "avoid-calm-down") ==
        "I can hear how frustrating this is. As I said, the refund takes 5 days.");
  CHECK(applied(angry, "Calm down, as I said, the refund takes 5 days.", "avoid-as-i-said") ==
        "Calm down, to put it another way, the refund takes 5 days.");
  CHECK(applied(angry, "Please calm down!! We're looking at it", "avoid-calm-down") ==
        "I can hear how frustrating this is. We're looking at it");
  CHECK(applied(angry, "As I said.", "avoid-as-i-said") == "To put it another way.");
  // In the middle of a sentence, the words before end theirs; a connective goes.
  CHECK(plan("Sure, but calm down and wait.", empathy::Span{10, 19}, empathy::Placement::start,
             "I can hear how upsetting this is.") == "Sure. I can hear how upsetting this is. And wait.");
  CHECK(plan("Well, as I said the fee stays", empathy::Span{6, 15}, empathy::Placement::start,
             "To put it another way,") == "Well, to put it another way, the fee stays");
  CHECK(plan("Bon, comme je l'ai dit", empathy::Span{5, 22}, empathy::Placement::start, "Pour le dire autrement,") ==
        "Bon, pour le dire autrement");
}

TEST_CASE("an acknowledgement opens the reply, after its greeting, and the draft's first word is capitalised") {
  const std::vector<std::string> bereaved{"My father passed away last week and I need to close his account."};
  CHECK(applied(bereaved, "I'll sort this out for you now. Please send the death certificate", "condolence-first") ==
        "I’m so sorry for your loss. I'll sort this out for you now. Please send the death certificate");
  CHECK(applied(bereaved, "Hi Dana, please send the death certificate", "condolence-first") ==
        "Hi Dana, I’m so sorry for your loss. Please send the death certificate");
  CHECK(applied(bereaved, "Hi Dana I'll need the death certificate", "condolence-first") ==
        "Hi Dana, I’m so sorry for your loss. I'll need the death certificate");
  CHECK(plan("", {}, empathy::Placement::start, "I’m so sorry for your loss.") == "I’m so sorry for your loss.");
  CHECK(plan("Hello!", empathy::Span{0, 5}, empathy::Placement::start, "ok.", empathy::Span{0, 5}) == "Ok.");
  CHECK(plan("Hello! ", {}, empathy::Placement::start, "ok.", empathy::Span{0, 5}) == "Hello! Ok.");
  CHECK(plan("élan vital", {}, empathy::Placement::start, "Bien.") == "Bien. Élan vital");
}

TEST_CASE("a reassurance follows the acknowledgement, and a next step or a question ends the reply") {
  const std::vector<std::string> fraud{
      "I'm really scared, someone took money from my account and I don't know what to do"};
  CHECK(applied(fraud, "Hi, I'm so sorry this happened to you. What is your card number?", "reassure-fraud") ==
        "Hi, I'm so sorry this happened to you. Let me block your card now so no more payments can go out, and I’ll "
        "stay with you until this is sorted. What is your card number?");
  CHECK(plan("Sorry about that. Thanks", {}, empathy::Placement::next, "Done.", {}, {{0, 5}}) ==
        "Sorry about that. Done. Thanks");
  CHECK(plan("I'm sorry, that is disappointing", {}, empathy::Placement::end, "what would help?") ==
        "I'm sorry, that is disappointing. What would help?");
  CHECK(plan("I'm sorry, that is disappointing! ", {}, empathy::Placement::end, "What would help?") ==
        "I'm sorry, that is disappointing! What would help?");
  CHECK(plan("I'm sorry about that,", {}, empathy::Placement::end, "What would help?") ==
        "I'm sorry about that. What would help?");
  CHECK(plan("Sorry about that \xF0\x9F\x99\x8F", {}, empathy::Placement::end, "What would help?") ==
        "Sorry about that \xF0\x9F\x99\x8F What would help?");
}

TEST_CASE("a suggestion is worded for the customer's emotion and risk, not 'frustrating' for everyone") {
  const auto say = [](const std::string& customer, const std::string& draft, const std::string& rule) {
    const auto r = empathy::score(model(), request({customer}, draft));
    for (const auto& n : r.nudges)
      if (n.rule_id == rule) return n.suggestion.value_or("");
    return std::string("(no ") + rule + ")";
  };
  CHECK(say("This is the third time I've asked!!", "Please calm down.", "avoid-calm-down") ==
        "I can hear how frustrating this is.");
  CHECK(say("I'm really scared, someone took money from my account", "Please calm down.", "avoid-calm-down") ==
        "I’m so sorry this has happened to you; I can hear how worrying it is.");
  CHECK(say("I'm so worried my exam results won't arrive in time", "The results are posted on Monday.",
            "acknowledge-feelings") == "I’m sorry, I can hear how worrying this is.");
}

TEST_CASE("every suggestion of the English CX corpus applies as a well-formed edit that removes its nudge") {
  const int edits = check_corpus(model(), "cx", "Calm down");
  MESSAGE(edits << " edits checked");
  CHECK(edits >= static_cast<int>(20000 / kStride));
}

TEST_CASE("every suggestion of each language pack's CX corpus applies as a well-formed edit that removes its nudge") {
  const std::map<std::string, std::string> calm{
      {"es", "Cálmese"}, {"fr", "Calmez-vous"}, {"de", "Beruhigen Sie sich"}, {"pt", "Acalme-se"}};
  for (const auto& [code, calm_down] : calm) {
    CAPTURE(code);
    std::ifstream in(std::string(EMPATHY_MODELS) + "/" + code + ".json");
    std::stringstream text;
    text << in.rdbuf();
    const auto loaded = empathy::load_pack(text.str(), "");
    REQUIRE(loaded.model);
    const int edits = check_corpus(*loaded.model, "cx-" + code, calm_down);
    MESSAGE(code << ": " << edits << " edits checked");
    CHECK(edits >= static_cast<int>(2000 / kStride));
  }
}
