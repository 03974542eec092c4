// Nudges: the rules of the model's catalogue whose conditions hold, at most three,
// warnings before tips before praise, then by priority. While the agent types, the
// nudges on screen stay while their conditions hold, so a new one never pushes out one
// the agent is reading, and nothing flips between two nudges from keystroke to keystroke.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string_view>

#include "engine.hpp"

namespace empathy {

namespace {

constexpr std::size_t kMaxNudges = 3;

bool contains(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// One of 64 bits for an id, by its length and last byte: a set of ids as the OR of their
// bits holds an id only if the id's bit is set.
std::uint64_t id_bit(std::string_view id) {
  const unsigned last = id.empty() ? 0 : static_cast<unsigned char>(id.back());
  return std::uint64_t{1} << ((id.size() * 7 + last) & 63);
}

// The span of the first behaviour or signal with one of these ids, if any is present;
// present is the OR of the id_bit()s of the behaviours and signals (most rules' ids are
// absent, and their bits say so without comparing strings).
std::optional<Span> find_evidence(const Result& r, const std::vector<Signal>& signals,
                                  const std::vector<std::string>& ids, std::uint64_t present) {
  if (std::none_of(ids.begin(), ids.end(), [&](const std::string& id) { return (present & id_bit(id)) != 0; }))
    return std::nullopt;
  std::optional<Span> found;
  for (const auto& b : r.behaviors)
    if (contains(ids, b.id)) {
      found = b.span;
      break;
    }
  for (const auto& s : signals)
    if (contains(ids, s.id) && (!found || s.span.start < found->start)) {
      found = s.span;
      break;
    }
  return found;
}

bool shows_emotion(const Result& r, const NudgeRule& rule) {
  return std::any_of(r.customer.emotions.begin(), r.customer.emotions.end(), [&](const Emotion& e) {
    return e.intensity >= rule.min_intensity && contains(rule.emotion, e.id);
  });
}

bool has_risk(const Result& r, const std::vector<std::string>& risks) {
  return std::any_of(r.customer.risk.begin(), r.customer.risk.end(),
                     [&](const std::string& k) { return contains(risks, k); });
}

struct Candidate {
  const NudgeRule* rule;
  std::optional<Span> span;
  bool shown;  // on screen already
};

// Warnings, then tips, then praise; within a kind, higher priority first.
bool more_important(const Candidate& a, const Candidate& b) {
  if (a.rule->kind != b.rule->kind) return a.rule->kind < b.rule->kind;
  return a.rule->priority > b.rule->priority;
}

// The message with {span} replaced by the draft's words at span: spaces collapsed, the
// punctuation around them dropped, and a capital first letter when the quote opens the
// message.
std::string render_message(const std::string& message, std::string_view draft, const std::optional<Span>& span) {
  const std::size_t at = message.find(kSpanPlaceholder);
  if (at == std::string::npos || !span) return message;
  const std::size_t from = std::min(span->start, draft.size());
  std::string_view words = draft.substr(from, std::clamp(span->end, from, draft.size()) - from);
  const auto edge = [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || std::ispunct(static_cast<unsigned char>(c));
  };
  while (!words.empty() && edge(words.front())) words.remove_prefix(1);
  while (!words.empty() && edge(words.back())) words.remove_suffix(1);
  std::string quoted;
  for (char c : words) {
    const bool space = std::isspace(static_cast<unsigned char>(c));
    if (space && (quoted.empty() || quoted.back() == ' ')) continue;
    quoted += space ? ' ' : c;
  }
  // Opens the message: nothing before it but an opening quotation mark.
  static constexpr std::array<std::string_view, 6> kOpening{"", "\u201C", "\u00AB", "\u201E", "\u2018", "\""};
  const std::string_view before(message.data(), at);
  if (!quoted.empty() && std::find(kOpening.begin(), kOpening.end(), before) != kOpening.end())
    quoted[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(quoted[0])));
  std::string out = message;
  out.replace(at, kSpanPlaceholder.size(), text::sanitize_utf8(quoted));  // the draft's bytes may be broken
  return out;
}

// The rule's suggestion in words for this customer: worded for their first risk that has
// wording, else their strongest emotion that has, else the rule's own.
std::optional<std::string> worded_suggestion(const NudgeRule& rule, const CustomerState& customer) {
  if (!rule.suggestion) return std::nullopt;
  const auto find = [&](std::string_view key) -> const std::string* {
    for (const auto& [k, text] : rule.suggestion_for)
      if (k == key) return &text;
    return nullptr;
  };
  for (const auto& risk : customer.risk)
    if (const std::string* t = find(risk)) return *t;
  for (const auto& e : customer.emotions)
    if (const std::string* t = find(e.id)) return *t;
  return rule.suggestion;
}

}  // namespace

std::vector<Nudge> choose_nudges(const Model& model, const Request& request, const Result& r,
                                 const std::vector<Signal>& signals, const text::Analysis& draft,
                                 std::vector<std::string>& silenced) {
  std::vector<Candidate> fired;
  const bool empty = draft.tokens.empty();
  const auto level = [&](Family f) { return r.families[static_cast<std::size_t>(f)].level; };
  std::uint64_t present = 0;
  for (const auto& b : r.behaviors) present |= id_bit(b.id);
  for (const auto& s : signals) present |= id_bit(s.id);
  for (const auto& rule : model.nudges) {
    if (rule.draft_empty != empty) continue;
    if (static_cast<int>(draft.tokens.size()) < rule.min_words) continue;
    if (rule.needs_empathy && *rule.needs_empathy != r.needs_empathy) continue;
    if (rule.misses_need && *rule.misses_need != (r.needs_empathy && misses_need(model, r))) continue;
    if (!rule.emotion.empty() && !shows_emotion(r, rule)) continue;
    if (!rule.risk.empty() && !has_risk(r, rule.risk)) continue;
    if (has_risk(r, rule.no_risk)) continue;
    if (!rule.no_behavior.empty() && find_evidence(r, signals, rule.no_behavior, present)) continue;
    if (!std::all_of(rule.family_at_least.begin(), rule.family_at_least.end(),
                     [&](const auto& fl) { return level(fl.first) >= fl.second; }))
      continue;
    if (!std::all_of(rule.family_below.begin(), rule.family_below.end(),
                     [&](const auto& fl) { return level(fl.first) < fl.second; }))
      continue;
    std::optional<Span> span;
    if (!rule.behavior.empty()) {
      span = find_evidence(r, signals, rule.behavior, present);
      if (!span) continue;
    }
    if (contains(request.allow, rule.id)) silenced.push_back(rule.id);
    else fired.push_back({&rule, span, contains(request.shown, rule.id)});
  }
  // Praise next to a warning would contradict it; more than one praise is noise; of a
  // group of rules that say the same thing in different moments, one is enough.
  const bool warned =
      std::any_of(fired.begin(), fired.end(), [](const Candidate& c) { return c.rule->kind == NudgeKind::warning; });
  if (warned) std::erase_if(fired, [](const Candidate& c) { return c.rule->kind == NudgeKind::praise; });
  stable_sort_few(fired.begin(), fired.end(), [](const Candidate& a, const Candidate& b) {
    if (a.shown != b.shown) return a.shown;
    return more_important(a, b);
  });
  std::vector<std::string> groups;
  bool praised = false;
  std::erase_if(fired, [&](const Candidate& c) {
    if (c.rule->kind == NudgeKind::praise) {
      if (praised) return true;
      praised = true;
    }
    if (c.rule->group.empty()) return false;
    if (contains(groups, c.rule->group)) return true;
    groups.push_back(c.rule->group);
    return false;
  });

  // Nudges already on screen kept their places (sorted first); the rest had what was left.
  if (fired.size() > kMaxNudges) fired.resize(kMaxNudges);
  stable_sort_few(fired.begin(), fired.end(), more_important);

  // Where suggestions go: after the greeting, after the acknowledgements. Looked for only
  // when a nudge offers one (most keystrokes' nudges do not).
  std::optional<Span> greeting;
  std::vector<Span> acknowledgements;
  if (std::any_of(fired.begin(), fired.end(), [](const Candidate& c) { return c.rule->suggestion.has_value(); }))
    for (const auto& b : r.behaviors) {
      if (b.id == "greeting" && !greeting) greeting = b.span;
      if (b.polarity > 0 && (b.family == Family::emotional_reaction || b.family == Family::interpretation))
        acknowledgements.push_back(b.span);
    }
  std::vector<Nudge> out;
  for (const auto& c : fired) {
    Nudge n{c.rule->id,     c.rule->kind,
            c.rule->family, render_message(c.rule->message, request.draft, c.span),
            c.span,         worded_suggestion(*c.rule, r.customer),
            std::nullopt};
    if (n.suggestion)
      n.edit = plan_edit(request.draft, c.span, c.rule->place, *n.suggestion, greeting, acknowledgements);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace empathy
