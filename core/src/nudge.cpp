// Nudges: the rules of the model's catalogue whose conditions hold, at most three,
// warnings before tips before praise, then by priority.
#include <algorithm>

#include "engine.hpp"

namespace empathy {

namespace {

constexpr std::size_t kMaxNudges = 3;

const Behavior* find_behavior(const Result& r, const std::vector<std::string>& ids) {
  for (const auto& b : r.behaviors)
    if (std::find(ids.begin(), ids.end(), b.id) != ids.end()) return &b;
  return nullptr;
}

bool shows_emotion(const Result& r, const NudgeRule& rule) {
  for (const auto& e : r.customer.emotions)
    if (e.intensity >= rule.min_intensity && std::find(rule.emotion.begin(), rule.emotion.end(), e.id) != rule.emotion.end())
      return true;
  return false;
}

bool has_risk(const Result& r, const NudgeRule& rule) {
  for (const auto& k : r.customer.risk)
    if (std::find(rule.risk.begin(), rule.risk.end(), k) != rule.risk.end()) return true;
  return false;
}

}  // namespace

std::vector<Nudge> choose_nudges(const Model& model, const Result& r, const text::Analysis& draft) {
  struct Candidate {
    const NudgeRule* rule;
    std::optional<Span> span;
  };
  std::vector<Candidate> fired;
  const bool empty = draft.tokens.empty();
  for (const auto& rule : model.nudges) {
    if (rule.draft_empty != empty) continue;
    if (static_cast<int>(draft.tokens.size()) < rule.min_words) continue;
    if (rule.needs_empathy && *rule.needs_empathy != r.needs_empathy) continue;
    if (!rule.emotion.empty() && !shows_emotion(r, rule)) continue;
    if (!rule.risk.empty() && !has_risk(r, rule)) continue;
    if (!rule.no_behavior.empty() && find_behavior(r, rule.no_behavior)) continue;
    const auto level = [&](Family f) { return r.families[static_cast<std::size_t>(f)].level; };
    if (!std::all_of(rule.family_at_least.begin(), rule.family_at_least.end(),
                     [&](const auto& fl) { return level(fl.first) >= fl.second; }))
      continue;
    if (!std::all_of(rule.family_below.begin(), rule.family_below.end(),
                     [&](const auto& fl) { return level(fl.first) < fl.second; }))
      continue;
    std::optional<Span> span;
    if (!rule.behavior.empty()) {
      const Behavior* b = find_behavior(r, rule.behavior);
      if (!b) continue;
      span = b->span;
    }
    fired.push_back({&rule, span});
  }
  // Praise next to a warning would contradict it.
  const bool warned = std::any_of(fired.begin(), fired.end(), [](const Candidate& c) { return c.rule->kind == NudgeKind::warning; });
  if (warned) std::erase_if(fired, [](const Candidate& c) { return c.rule->kind == NudgeKind::praise; });
  std::stable_sort(fired.begin(), fired.end(), [](const Candidate& a, const Candidate& b) {
    if (a.rule->kind != b.rule->kind) return a.rule->kind < b.rule->kind;
    return a.rule->priority > b.rule->priority;
  });
  std::vector<Nudge> out;
  for (const auto& c : fired) {
    if (out.size() == kMaxNudges) break;
    out.push_back({c.rule->id, c.rule->kind, c.rule->family, c.rule->message, c.span, c.rule->suggestion});
  }
  return out;
}

}  // namespace empathy
