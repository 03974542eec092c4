// Request parsing and result serialisation. Untrusted input is checked with find() and
// is_*() only: the core is built without exceptions, so nothing here may throw.
#include "empathy/json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "text.hpp"

namespace empathy {

namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

constexpr double kMaxTime = 8.64e15;  // the largest JavaScript Date, in ms

// Nesting deeper than kMaxJsonDepth is refused before parsing, in one pass.
bool too_deep(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

std::string read_time(const json& obj, const std::string& path, std::optional<std::int64_t>& out) {
  auto it = obj.find("time");
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_number() || !std::isfinite(it->get<double>()) || std::fabs(it->get<double>()) > kMaxTime)
    return path + "time: expected milliseconds since the epoch (a number)";
  out = static_cast<std::int64_t>(std::floor(it->get<double>()));
  return {};
}

std::string read_name(const json& obj, std::string& out) {
  auto it = obj.find("customer");
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_object()) return "customer: expected an object";
  auto name = it->find("name");
  if (name == it->end() || name->is_null()) return {};
  if (!name->is_string()) return "customer.name: expected a string";
  out = name->get<std::string>();
  return {};
}

std::string read_flag(const json& obj, const char* key, bool& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_boolean()) return std::string(key) + ": expected true or false";
  out = it->get<bool>();
  return {};
}

// An array of rule ids ("shown", "allow").
std::string read_ids(const json& obj, const char* key, std::vector<std::string>& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_array()) return std::string(key) + ": expected an array of rule ids";
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) return std::string(key) + "[" + std::to_string(i) + "]: expected a string";
    out.push_back((*it)[i].get<std::string>());
  }
  return {};
}

std::string read_turns(const json& obj, const char* key, std::vector<Turn>& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_array()) return std::string(key) + ": expected an array of turns";
  out.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& t = (*it)[i];
    const std::string path = std::string(key) + "[" + std::to_string(i) + "].";
    if (!t.is_object()) return path.substr(0, path.size() - 1) + ": expected an object with role and text";
    Turn turn;
    auto role = t.find("role");
    if (role == t.end() || !role->is_string()) return path + "role: expected \"customer\", \"agent\" or \"bot\"";
    const auto& r = role->get_ref<const std::string&>();
    if (r == "customer") turn.role = Role::customer;
    else if (r == "agent") turn.role = Role::agent;
    else if (r == "bot") turn.role = Role::bot;
    else return path + "role: expected \"customer\", \"agent\" or \"bot\", got \"" + r + "\"";
    auto text = t.find("text");
    if (text == t.end() || !text->is_string()) return path + "text: expected a string";
    turn.text = text->get<std::string>();
    if (auto e = read_time(t, path, turn.time); !e.empty()) return e;
    out.push_back(std::move(turn));
  }
  return {};
}

std::string read_meta(const json& obj, std::vector<std::pair<std::string, std::string>>& out) {
  auto it = obj.find("meta");
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_object()) return "meta: expected an object of strings";
  for (auto m = it->begin(); m != it->end(); ++m) {
    if (!m->is_string()) return "meta." + m.key() + ": expected a string";
    out.emplace_back(m.key(), m->get<std::string>());
  }
  return {};
}

Input parse_document(const json& doc) {
  Input in;
  if (!doc.is_object()) {
    in.error = "expected a JSON object: a request with \"draft\" or a conversation with \"turns\"";
    return in;
  }
  const bool has_draft = doc.contains("draft");
  const bool has_turns = doc.contains("turns");
  if (has_draft == has_turns) {
    in.error = has_draft ? "expected either \"draft\" (a request) or \"turns\" (a conversation), not both"
                         : "expected a request with \"draft\" or a conversation with \"turns\"";
    return in;
  }
  if (has_draft) {
    in.kind = Input::Kind::request;
    Request& r = in.request;
    const json& draft = doc["draft"];
    if (!draft.is_string()) {
      in.error = "draft: expected a string";
      return in;
    }
    r.draft = draft.get<std::string>();
    if ((in.error = read_turns(doc, "history", r.history)).empty() && (in.error = read_time(doc, "", r.time)).empty() &&
        (in.error = read_name(doc, r.customer_name)).empty() && (in.error = read_flag(doc, "typing", r.typing)).empty() &&
        (in.error = read_ids(doc, "shown", r.shown)).empty())
      in.error = read_ids(doc, "allow", r.allow);
    return in;
  }
  in.kind = Input::Kind::conversation;
  Conversation& c = in.conversation;
  if (auto id = doc.find("id"); id != doc.end() && !id->is_null()) {
    if (id->is_string()) c.id = id->get<std::string>();
    else if (id->is_number_integer()) c.id = id->dump();
    else {
      in.error = "id: expected a string";
      return in;
    }
  }
  if (!doc["turns"].is_array()) {
    in.error = "turns: expected an array of turns";
    return in;
  }
  if ((in.error = read_turns(doc, "turns", c.turns)).empty() && (in.error = read_meta(doc, c.meta)).empty())
    in.error = read_name(doc, c.customer_name);
  return in;
}

ordered spans_json(const std::vector<Span>& spans) {
  ordered a = ordered::array();
  for (const auto& s : spans) a.push_back({s.start, s.end});
  return a;
}

ordered components_json(const Components& c) {
  ordered o;
  o["activeListening"] = c.active_listening;
  o["emotionalRecognition"] = c.emotional_recognition;
  o["supportiveResponses"] = c.supportive_responses;
  o["genuineTone"] = c.genuine_tone;
  return o;
}

double round2(double x) { return std::round(x * 100.0) / 100.0; }

ordered result_json(const Result& r) {
  ordered o;
  o["score"] = r.score;
  o["band"] = band_name(r.band);
  o["needsEmpathy"] = r.needs_empathy;
  o["components"] = components_json(r.components);
  ordered families = ordered::object();
  for (std::size_t f = 0; f < kFamilyCount; ++f) {
    ordered fam;
    fam["level"] = r.families[f].level;
    fam["spans"] = spans_json(r.families[f].spans);
    families[std::string(family_name(static_cast<Family>(f)))] = std::move(fam);
  }
  o["families"] = std::move(families);
  ordered behaviors = ordered::array();
  for (const auto& b : r.behaviors) {
    ordered x;
    x["id"] = b.id;
    x["family"] = family_name(b.family);
    x["polarity"] = b.polarity;
    x["weight"] = round2(b.weight);
    x["start"] = b.span.start;
    x["end"] = b.span.end;
    behaviors.push_back(std::move(x));
  }
  o["behaviors"] = std::move(behaviors);
  ordered customer;
  ordered emotions = ordered::array();
  for (const auto& e : r.customer.emotions) {
    ordered x;
    x["id"] = e.id;
    x["intensity"] = round2(e.intensity);
    x["turn"] = e.turn;
    x["spans"] = spans_json(e.spans);
    emotions.push_back(std::move(x));
  }
  customer["emotions"] = std::move(emotions);
  customer["risk"] = r.customer.risk;
  customer["needsEmpathy"] = r.customer.needs_empathy;
  o["customer"] = std::move(customer);
  ordered nudges = ordered::array();
  for (const auto& n : r.nudges) {
    ordered x;
    x["ruleId"] = n.rule_id;
    x["kind"] = nudge_kind_name(n.kind);
    x["family"] = n.family ? ordered(family_name(*n.family)) : ordered(nullptr);
    x["message"] = n.message;
    x["start"] = n.span ? ordered(n.span->start) : ordered(nullptr);
    x["end"] = n.span ? ordered(n.span->end) : ordered(nullptr);
    x["suggestion"] = n.suggestion ? ordered(*n.suggestion) : ordered(nullptr);
    nudges.push_back(std::move(x));
  }
  o["nudges"] = std::move(nudges);
  return o;
}

std::string dump(const ordered& o) {
  // Replace, not throw, on text that is not UTF-8 (the core never produces it).
  return o.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace

Input parse_input(std::string_view json_text) {
  if (json_text.size() > kMaxInputBytes) {
    Input in;
    in.error = "input is larger than 16 MiB";
    return in;
  }
  if (too_deep(json_text)) {
    Input in;
    in.error = "JSON nested deeper than 64 levels";
    return in;
  }
  const std::string clean = text::sanitize_utf8(json_text);
  const json doc = json::parse(clean.begin(), clean.end(), nullptr, false);
  if (doc.is_discarded()) {
    Input in;
    in.error = "not valid JSON";
    return in;
  }
  return parse_document(doc);
}

void convert_to_utf16_spans(Result& r, std::string_view draft_text, const std::vector<Turn>& turns) {
  const text::Utf16Offsets draft(draft_text);
  auto convert = [](const text::Utf16Offsets& u, Span& s) {
    s.start = u(s.start);
    s.end = u(s.end);
  };
  for (auto& f : r.families)
    for (auto& s : f.spans) convert(draft, s);
  for (auto& b : r.behaviors) convert(draft, b.span);
  for (auto& n : r.nudges)
    if (n.span) convert(draft, *n.span);
  for (auto& e : r.customer.emotions) {
    if (e.turn < 0 || static_cast<std::size_t>(e.turn) >= turns.size()) continue;
    const text::Utf16Offsets turn(turns[static_cast<std::size_t>(e.turn)].text);
    for (auto& s : e.spans) convert(turn, s);
  }
}

std::string to_json(const Result& result) { return dump(result_json(result)); }

std::string to_json(const ConversationResult& r) {
  ordered o;
  o["id"] = r.id;
  o["score"] = r.score;
  o["band"] = band_name(r.band);
  o["needsEmpathy"] = r.needs_empathy;
  o["components"] = components_json(r.components);
  o["flags"] = r.flags;
  ordered turns = ordered::array();
  for (const auto& [index, result] : r.turns) {
    ordered t;
    t["index"] = index;
    ordered fields = result_json(result);
    for (auto& [k, v] : fields.items()) t[k] = std::move(v);
    turns.push_back(std::move(t));
  }
  o["turns"] = std::move(turns);
  ordered meta = ordered::object();
  for (const auto& [k, v] : r.meta) meta[k] = v;
  o["meta"] = std::move(meta);
  return dump(o);
}

std::string error_json(std::string_view message, std::optional<std::size_t> line) {
  ordered o;
  o["error"] = message;
  if (line) o["line"] = *line;
  return dump(o);
}

JsonOutput score_json(const Model& model, std::string_view json_text, std::optional<std::size_t> line) {
  Input in = parse_input(json_text);
  if (!in.error.empty()) return {error_json(in.error, line), false};
  if (in.kind == Input::Kind::request) {
    Result r = score(model, in.request);
    convert_to_utf16_spans(r, in.request.draft, in.request.history);
    return {to_json(r), true};
  }
  ConversationResult r = score_conversation(model, in.conversation);
  const auto& turns = in.conversation.turns;
  for (auto& [index, result] : r.turns) convert_to_utf16_spans(result, turns[index].text, turns);
  return {to_json(r), true};
}

}  // namespace empathy
