// Fuzzes the whole contract with the default model: score_json (parse, score,
// serialise one JSON line), checking that the output is a valid result or error whose
// spans lie inside the text they refer to. The same bytes are also scored directly as
// a conversation (pieces split at U+001E: history turns, customer and agent or bot in turn,
// then the draft; "typing" when the first byte is odd), which reaches the scoring engine
// without the JSON layer in the way.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "empathy/empathy.hpp"
#include "empathy/json.hpp"
#include "text.hpp"

namespace {

using json = nlohmann::json;

const empathy::Model& model() {
  static const auto loaded = empathy::load_model(empathy::default_model_json());
  FUZZ_CHECK(loaded.model, "the default model does not load: %s", loaded.error.c_str());
  return *loaded.model;
}

std::size_t utf16_length(std::string_view s) { return empathy::text::Utf16Offsets(s)(s.size()); }

void check_span(const json& start, const json& end, std::size_t length, const char* what) {
  if (start.is_null() && end.is_null()) return;
  FUZZ_CHECK(start.is_number_unsigned() && end.is_number_unsigned(), "%s: span is not two numbers", what);
  const auto s = start.get<std::size_t>(), e = end.get<std::size_t>();
  FUZZ_CHECK(s <= e && e <= length, "%s: span [%zu, %zu) outside %zu UTF-16 units", what, s, e, length);
}

// One result (SPEC §2.1) about draft, with emotions pointing into turns.
void check_result(const json& r, std::string_view draft, const std::vector<empathy::Turn>& turns) {
  FUZZ_CHECK(r.is_object(), "result is not an object");
  FUZZ_CHECK(r.at("language").is_string() && r.at("customer").at("language").is_string(), "languages are not strings");
  if (!r.at("supported").get<bool>()) {  // another language: nothing but that
    FUZZ_CHECK(r.at("score").is_null() && r.at("band").is_null() && r.at("components").is_null(),
               "unsupported with a score");
    FUZZ_CHECK(r.at("behaviors").empty() && r.at("nudges").empty() && r.at("customer").at("emotions").empty(),
               "unsupported with behaviours, nudges or emotions");
    return;
  }
  const std::size_t n = utf16_length(draft);
  const int score = r.at("score").get<int>();
  FUZZ_CHECK(score >= 0 && score <= 100, "score %d", score);
  const std::string band = r.at("band").get<std::string>();
  FUZZ_CHECK(band == empathy::band_name(empathy::band_of(score)), "band %s for score %d", band.c_str(), score);
  for (const char* c : {"activeListening", "emotionalRecognition", "supportiveResponses", "genuineTone"}) {
    const int v = r.at("components").at(c).get<int>();
    FUZZ_CHECK(v >= 0 && v <= 100, "component %s = %d", c, v);
  }
  FUZZ_CHECK(r.at("families").size() == empathy::kFamilyCount, "%zu families", r.at("families").size());
  for (const auto& [name, f] : r.at("families").items()) {
    const int level = f.at("level").get<int>();
    FUZZ_CHECK(level >= 0 && level <= 2, "family %s level %d", name.c_str(), level);
    for (const auto& s : f.at("spans")) check_span(s.at(0), s.at(1), n, "family span");
  }
  std::size_t prev = 0;
  for (const auto& b : r.at("behaviors")) {
    check_span(b.at("start"), b.at("end"), n, "behavior");
    FUZZ_CHECK(b.at("start").get<std::size_t>() >= prev, "behaviors out of order");
    prev = b.at("start").get<std::size_t>();
    const int p = b.at("polarity").get<int>();
    FUZZ_CHECK(p == 1 || p == -1, "polarity %d", p);
  }
  FUZZ_CHECK(r.at("nudges").size() <= 3, "%zu nudges", r.at("nudges").size());
  for (const auto& u : r.at("nudges")) {
    check_span(u.at("start"), u.at("end"), n, "nudge");
    FUZZ_CHECK(u.at("message").is_string(), "nudge message is not a string");
  }
  for (const auto& e : r.at("customer").at("emotions")) {
    const double intensity = e.at("intensity").get<double>();
    FUZZ_CHECK(intensity > 0 && intensity <= 1, "intensity %f", intensity);
    const int turn = e.at("turn").get<int>();
    FUZZ_CHECK(turn >= 0 && static_cast<std::size_t>(turn) < turns.size(), "emotion turn %d of %zu", turn,
               turns.size());
    FUZZ_CHECK(turns[static_cast<std::size_t>(turn)].role == empathy::Role::customer,
               "emotion from a non-customer turn");
    const std::size_t m = utf16_length(turns[static_cast<std::size_t>(turn)].text);
    for (const auto& s : e.at("spans")) check_span(s.at(0), s.at(1), m, "emotion span");
  }
}

// Byte spans straight from score(), before any conversion.
void check_bytes(const empathy::Result& r, std::size_t draft_bytes) {
  FUZZ_CHECK(r.score >= 0 && r.score <= 100, "score %d", r.score);
  FUZZ_CHECK(r.nudges.size() <= 3, "%zu nudges", r.nudges.size());
  for (const auto& b : r.behaviors)
    FUZZ_CHECK(b.span.start <= b.span.end && b.span.end <= draft_bytes, "behavior %s span [%zu, %zu) in %zu bytes",
               b.id.c_str(), b.span.start, b.span.end, draft_bytes);
  for (const auto& f : r.families)
    for (const auto& s : f.spans)
      FUZZ_CHECK(s.start <= s.end && s.end <= draft_bytes, "family span [%zu, %zu) in %zu bytes", s.start, s.end,
                 draft_bytes);
  for (const auto& n : r.nudges)
    if (n.span)
      FUZZ_CHECK(n.span->start <= n.span->end && n.span->end <= draft_bytes, "nudge %s span [%zu, %zu) in %zu bytes",
                 n.rule_id.c_str(), n.span->start, n.span->end, draft_bytes);
}

void fuzz_json(std::string_view text) {
  constexpr std::size_t kLine = 7;
  const empathy::JsonOutput out = empathy::score_json(model(), text, kLine);
  const json doc = json::parse(out.json, nullptr, false);
  FUZZ_CHECK(!doc.is_discarded() && doc.is_object(), "score_json printed invalid JSON: %.200s", out.json.c_str());
  const empathy::Input in = empathy::parse_input(text);
  FUZZ_CHECK(out.ok == in.error.empty(), "ok=%d but parse_input error '%s'", out.ok, in.error.c_str());
  if (!out.ok) {
    FUZZ_CHECK(doc.size() == 2 && doc.at("error").is_string() && !doc.at("error").get<std::string>().empty() &&
                   doc.at("line") == kLine,
               "bad error object: %.200s", out.json.c_str());
    return;
  }
  if (in.kind == empathy::Input::Kind::request) {
    check_result(doc, in.request.draft, in.request.history);
    return;
  }
  const auto& turns = in.conversation.turns;
  // No reply in a language the model speaks: the conversation has no score (SPEC §2.1).
  FUZZ_CHECK(doc.at("supported").is_boolean(), "conversation supported is not a boolean");
  if (doc.at("supported").get<bool>()) {
    FUZZ_CHECK(doc.at("score").is_number_integer(), "supported conversation without a score");
    const int score = doc.at("score").get<int>();
    FUZZ_CHECK(score >= 0 && score <= 100, "conversation score %d", score);
  } else {
    FUZZ_CHECK(doc.at("score").is_null() && doc.at("band").is_null(), "unsupported conversation with a score");
  }
  // Agent and bot turns speak for the company: each gets a result, in order.
  std::size_t replies = 0;
  for (const auto& t : turns) replies += t.role != empathy::Role::customer;
  FUZZ_CHECK(doc.at("turns").size() == replies, "%zu turn results for %zu agent and bot turns", doc.at("turns").size(),
             replies);
  std::size_t next = 0;
  for (const auto& t : doc.at("turns")) {
    const auto index = t.at("index").get<std::size_t>();
    FUZZ_CHECK(index < turns.size() && index >= next && turns[index].role != empathy::Role::customer, "turn index %zu",
               index);
    next = index + 1;
    check_result(t, turns[index].text, turns);
  }
}

void fuzz_direct(std::string_view text) {
  std::vector<std::string_view> pieces;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == '\x1e') {
      pieces.push_back(text.substr(from, i - from));
      from = i + 1;
    }
  empathy::Request request;
  for (std::size_t i = 0; i + 1 < pieces.size(); ++i)
    request.history.push_back({i % 2 == 0   ? empathy::Role::customer
                               : i % 4 == 3 ? empathy::Role::bot
                                            : empathy::Role::agent,
                               std::string(pieces[i]),
                               {}});
  request.draft = std::string(pieces.back());
  request.typing = !text.empty() && (text[0] & 1);  // the unfinished last word is left out
  if (request.history.size() > 2) request.customer_name = request.history[0].text.substr(0, 8);
  empathy::Result r = empathy::score(model(), request);
  check_bytes(r, request.draft.size());
  empathy::convert_to_utf16_spans(r, request.draft, request.history);
  const json doc = json::parse(empathy::to_json(r), nullptr, false);
  FUZZ_CHECK(!doc.is_discarded(), "to_json printed invalid JSON");
  check_result(doc, request.draft, request.history);

  empathy::Conversation c;
  c.turns = request.history;
  c.turns.push_back({empathy::Role::agent, request.draft, {}});
  const empathy::ConversationResult cr = empathy::score_conversation(model(), c);
  FUZZ_CHECK(cr.score >= 0 && cr.score <= 100, "conversation score %d", cr.score);
  for (const auto& [index, result] : cr.turns) {
    FUZZ_CHECK(index < c.turns.size(), "turn index %zu", index);
    check_bytes(result, c.turns[index].text.size());
    for (const auto& e : result.customer.emotions)
      FUZZ_CHECK(e.turn >= 0 && static_cast<std::size_t>(e.turn) < index, "emotion turn %d for agent turn %zu", e.turn,
                 index);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    fuzz_json(text);
    fuzz_direct(text);
  } catch (const std::exception& e) {  // the engine's or these checks' own: either is a bug to see
    FUZZ_CHECK(false, "exception: %s", e.what());
  }
  return 0;
}
