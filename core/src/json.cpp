// Request parsing and result serialisation. Untrusted input is checked with find() and
// is_*() only: the core is built without exceptions, so nothing here may throw.
#include "empathy/json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "text.hpp"

namespace empathy {

namespace {

using json = nlohmann::json;

constexpr double kMaxTime = 8.64e15;  // the largest JavaScript Date, in ms

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
        (in.error = read_name(doc, r.customer_name)).empty() &&
        (in.error = read_flag(doc, "typing", r.typing)).empty() && (in.error = read_ids(doc, "shown", r.shown)).empty())
      in.error = read_ids(doc, "allow", r.allow);
    return in;
  }
  in.kind = Input::Kind::conversation;
  Conversation& c = in.conversation;
  if (auto id = doc.find("id"); id != doc.end() && !id->is_null()) {
    if (id->is_string()) c.id = id->get<std::string>();
    else if (id->is_number_unsigned()) c.id = std::to_string(id->get<std::uint64_t>());
    else if (id->is_number_integer()) c.id = std::to_string(id->get<std::int64_t>());
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

// Writes the result JSON directly: one pass, no intermediate tree, and the same bytes
// on every platform (numbers are integers or rounded to two decimals).
class Writer {
 public:
  std::string out;

  Writer& begin_object() { return open('{'); }
  Writer& end_object() { return close('}'); }
  Writer& begin_array() { return open('['); }
  Writer& end_array() { return close(']'); }

  Writer& key(std::string_view k) {
    comma();
    string_value(k);
    out += ':';
    fresh_ = true;
    return *this;
  }
  Writer& value(std::string_view s) {
    comma();
    string_value(s);
    return *this;
  }
  Writer& value(const char* s) { return value(std::string_view(s)); }
  Writer& value(bool b) {
    comma();
    out += b ? "true" : "false";
    return *this;
  }
  Writer& value(std::size_t n) {
    comma();
    out += std::to_string(n);
    return *this;
  }
  Writer& value(int n) {
    comma();
    out += std::to_string(n);
    return *this;
  }
  // A number rounded to two decimals, with at least one: 1.0, 0.9, 0.25, -0.5. Written
  // with integers: printf's floating-point code would cost the wasm a few kilobytes.
  Writer& value(double d) {
    comma();
    long long hundredths = std::llround(d * 100.0);
    if (hundredths < 0 || (hundredths == 0 && std::signbit(d))) {
      out += '-';
      hundredths = -hundredths;
    }
    out += std::to_string(hundredths / 100);
    out += '.';
    out += static_cast<char>('0' + hundredths % 100 / 10);
    if (hundredths % 10) out += static_cast<char>('0' + hundredths % 10);
    return *this;
  }
  Writer& null() {
    comma();
    out += "null";
    return *this;
  }

 private:
  bool fresh_ = true;  // no element yet at this level, or just after a key

  Writer& open(char c) {
    comma();
    out += c;
    fresh_ = true;
    return *this;
  }
  Writer& close(char c) {
    out += c;
    fresh_ = false;
    return *this;
  }
  void comma() {
    if (!fresh_) out += ',';
    fresh_ = false;
  }
  void string_value(std::string_view s) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    std::size_t run = 0;  // start of the run of characters that need no escape
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
      }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
  }
};

void write_spans(Writer& w, const std::vector<Span>& spans) {
  w.begin_array();
  for (const auto& s : spans) w.begin_array().value(s.start).value(s.end).end_array();
  w.end_array();
}

void write_components(Writer& w, const Components& c) {
  w.begin_object()
      .key("activeListening")
      .value(c.active_listening)
      .key("emotionalRecognition")
      .value(c.emotional_recognition)
      .key("supportiveResponses")
      .value(c.supportive_responses)
      .key("genuineTone")
      .value(c.genuine_tone)
      .end_object();
}

// score, band, needsEmpathy, language, supported and components: the head of a message's
// and a conversation's result. Unsupported: score, band and components are null.
void write_summary(Writer& w, int score, Band band, bool needs_empathy, std::string_view language, bool supported,
                   const Components& components) {
  w.key("score");
  if (supported) w.value(score).key("band").value(band_name(band));
  else w.null().key("band").null();
  w.key("needsEmpathy").value(needs_empathy);
  w.key("language").value(language);
  w.key("supported").value(supported);
  w.key("components");
  if (supported) write_components(w, components);
  else w.null();
}

// The fields of a result, inside an object the caller opened.
void write_result_fields(Writer& w, const Result& r) {
  write_summary(w, r.score, r.band, r.needs_empathy, r.language, r.supported, r.components);
  w.key("families").begin_object();
  for (std::size_t f = 0; f < kFamilyCount; ++f) {
    w.key(family_name(static_cast<Family>(f))).begin_object().key("level").value(r.families[f].level).key("spans");
    write_spans(w, r.families[f].spans);
    if (r.families[f].probability) w.key("probability").value(*r.families[f].probability);
    w.end_object();
  }
  w.end_object();
  w.key("behaviors").begin_array();
  for (const auto& b : r.behaviors)
    w.begin_object()
        .key("id")
        .value(b.id)
        .key("family")
        .value(family_name(b.family))
        .key("polarity")
        .value(b.polarity)
        .key("weight")
        .value(b.weight)
        .key("start")
        .value(b.span.start)
        .key("end")
        .value(b.span.end)
        .end_object();
  w.end_array();
  w.key("contributions").begin_array();
  for (const auto& c : r.contributions)
    w.begin_object()
        .key("start")
        .value(c.span.start)
        .key("end")
        .value(c.span.end)
        .key("points")
        .value(c.points)
        .end_object();
  w.end_array();
  w.key("customer").begin_object().key("emotions").begin_array();
  for (const auto& e : r.customer.emotions) {
    w.begin_object().key("id").value(e.id).key("intensity").value(e.intensity).key("turn").value(e.turn).key("spans");
    write_spans(w, e.spans);
    w.end_object();
  }
  w.end_array().key("risk").begin_array();
  for (const auto& k : r.customer.risk) w.value(k);
  w.end_array()
      .key("needsEmpathy")
      .value(r.customer.needs_empathy)
      .key("language")
      .value(r.customer.language)
      .end_object();
  w.key("nudges").begin_array();
  for (const auto& n : r.nudges) {
    w.begin_object().key("ruleId").value(n.rule_id).key("kind").value(nudge_kind_name(n.kind)).key("family");
    if (n.family) w.value(family_name(*n.family));
    else w.null();
    w.key("message").value(n.message).key("start");
    if (n.span) w.value(n.span->start).key("end").value(n.span->end);
    else w.null().key("end").null();
    w.key("suggestion");
    if (n.suggestion) w.value(*n.suggestion);
    else w.null();
    if (n.edit)
      w.key("edit")
          .begin_object()
          .key("start")
          .value(n.edit->span.start)
          .key("end")
          .value(n.edit->span.end)
          .key("text")
          .value(n.edit->text)
          .end_object();
    w.end_object();
  }
  w.end_array();
  if (!r.silenced.empty()) {
    w.key("silenced").begin_array();
    for (const auto& id : r.silenced) w.value(id);
    w.end_array();
  }
  if (r.unfinished.end > r.unfinished.start)
    w.key("unfinished")
        .begin_object()
        .key("start")
        .value(r.unfinished.start)
        .key("length")
        .value(r.unfinished.end - r.unfinished.start)
        .key("bytes")
        .value(r.unfinished_bytes)
        .end_object();
}

}  // namespace

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

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of a \uXXXX escape at s[i], or -1.
int escape_at(const std::string& s, std::size_t i) {
  if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return -1;
  int v = 0;
  for (std::size_t k = 2; k < 6; ++k) {
    const int h = hex_value(s[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// A lone surrogate escape ("\ud83d" from a half-typed emoji, as JSON.stringify writes it)
// becomes "\ufffd": the same length, and one UTF-16 unit as before, so spans still line up.
void replace_lone_surrogates(std::string& s) {
  for (std::size_t i = 0; i + 1 < s.size();) {
    if (s[i] != '\\') {
      ++i;
      continue;
    }
    const int unit = escape_at(s, i);
    if (unit < 0) {
      i += 2;  // another escape, such as \\ or \"
      continue;
    }
    const bool high = unit >= 0xD800 && unit <= 0xDBFF, low = unit >= 0xDC00 && unit <= 0xDFFF;
    if (high) {
      const int next = escape_at(s, i + 6);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        i += 12;  // a proper pair
        continue;
      }
    }
    if (high || low) s.replace(i, 6, "\\ufffd");
    i += 6;
  }
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
  std::string clean = text::sanitize_utf8(json_text);
  if (clean.find("\\u") != std::string::npos) replace_lone_surrogates(clean);
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
  for (auto& c : r.contributions) convert(draft, c.span);
  for (auto& n : r.nudges) {
    if (n.span) convert(draft, *n.span);
    if (n.edit) convert(draft, n.edit->span);
  }
  convert(draft, r.unfinished);
  for (auto& e : r.customer.emotions) {
    if (e.turn < 0 || static_cast<std::size_t>(e.turn) >= turns.size()) continue;
    const text::Utf16Offsets turn(turns[static_cast<std::size_t>(e.turn)].text);
    for (auto& s : e.spans) convert(turn, s);
  }
}

std::string to_json(const Result& result) {
  Writer w;
  w.begin_object();
  write_result_fields(w, result);
  w.end_object();
  return std::move(w.out);
}

std::string to_json(const ConversationResult& r) {
  Writer w;
  w.begin_object();
  w.key("id").value(r.id);
  write_summary(w, r.score, r.band, r.needs_empathy, r.language, r.supported, r.components);
  w.key("flags").begin_array();
  for (const auto& f : r.flags) w.value(f);
  w.end_array();
  w.key("turns").begin_array();
  for (const auto& [index, result] : r.turns) {
    w.begin_object().key("index").value(index);
    write_result_fields(w, result);
    w.end_object();
  }
  w.end_array();
  w.key("meta").begin_object();
  for (const auto& [k, v] : r.meta) w.key(k).value(v);
  w.end_object();
  w.key("parts").begin_object().key("replies").begin_array();
  for (const auto& p : r.parts.replies)
    w.begin_object().key("turn").value(p.turn).key("score").value(p.score).key("weight").value(p.weight).end_object();
  w.end_array().key("mean");
  if (r.parts.replies.empty()) w.null();
  else w.value(r.parts.mean);
  w.key("penalties").begin_array();
  for (const auto& p : r.parts.penalties)
    w.begin_object()
        .key("flag")
        .value(p.flag)
        .key("turn")
        .value(p.turn)
        .key("points")
        .value(p.points)
        .key("reason")
        .value(p.reason)
        .end_object();
  w.end_array().end_object();
  w.end_object();
  return std::move(w.out);
}

std::string error_json(std::string_view message, std::optional<std::size_t> line) {
  Writer w;
  w.begin_object().key("error").value(message);
  if (line) w.key("line").value(*line);
  w.end_object();
  return std::move(w.out);
}

JsonOutput score_json(const Models& models, std::string_view json_text, std::optional<std::size_t> line, Cache* cache,
                      std::optional<Input::Kind> only) {
  Input in = parse_input(json_text);
  if (!in.error.empty()) return {error_json(in.error, line), false};
  if (only && in.kind != *only) {
    return {error_json(*only == Input::Kind::request ? "expected a request (\"draft\"), not a conversation (\"turns\")"
                                                     : "expected a conversation (\"turns\"), not a request (\"draft\")",
                       line),
            false};
  }
  if (in.kind == Input::Kind::request) {
    Result r = cache ? score(models, in.request, *cache) : score(models, in.request);
    convert_to_utf16_spans(r, in.request.draft, in.request.history);
    return {to_json(r), true};
  }
  ConversationResult r = score_conversation(models, in.conversation);
  const auto& turns = in.conversation.turns;
  for (auto& [index, result] : r.turns) convert_to_utf16_spans(result, turns[index].text, turns);
  return {to_json(r), true};
}

JsonOutput score_json(const Model& model, std::string_view json_text, std::optional<std::size_t> line, Cache* cache) {
  // A Models that does not own the model: the caller keeps it alive for the call.
  return score_json(Models(std::shared_ptr<const Model>(std::shared_ptr<const Model>(), &model)), json_text, line,
                    cache);
}

}  // namespace empathy
