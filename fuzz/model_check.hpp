// Shared by the model fuzz targets: whatever loads must score a few fixed requests
// within the contract (scores 0..100, spans inside the draft, at most three nudges).
#pragma once

#include <string_view>

#include "check.hpp"
#include "empathy/empathy.hpp"
#include "empathy/json.hpp"

namespace fuzz {

inline constexpr std::string_view kRequests[] = {
    R"({"history": [{"role": "customer", "text": "My order never arrived!! I'm SO angry, this is the third time.", "time": 1732780800000}, {"role": "agent", "text": "Hi, I'm Sam. Sorry for any inconvenience."}, {"role": "customer", "text": "My mother passed away and I can't pay the bill, I'm worried"}], "draft": "I'm so sorry for your loss. Let's sort it out together: what's not working for you? I'll fix it by 3pm, thanks for your patience, Dana.", "time": 1732780860000, "customer": {"name": "Dana"}})",
    R"({"history": [{"role": "customer", "text": "what are your opening hours?"}], "draft": "We open at 9am."})",
    R"({"history": [{"role": "customer", "text": "I was charged twice and I'm really annoyed!!"}], "draft": "CALM DOWN. As I said, there's nothing I can do, you should have read the policy. Just click the link."})",
    R"({"history": [{"role": "customer", "text": "hurry please, urgent, I need this now!!!"}], "draft": ""})",
    R"({"id": "c", "turns": [{"role": "customer", "text": "I'm so frustrated, the app keeps crashing", "time": 1}, {"role": "agent", "text": "We apologize for any inconvenience.", "time": 900000}, {"role": "customer", "text": "not happy. thinking of cancelling"}, {"role": "agent", "text": "We apologize for any inconvenience. I understand how frustrating the crashing app must be."}]})",
};

inline void check_model(const empathy::ModelLoad& loaded) {
  FUZZ_CHECK(!loaded.model == !loaded.error.empty(), "model %p with error '%s'",
             static_cast<const void*>(loaded.model.get()), loaded.error.c_str());
  if (!loaded.model) {
    FUZZ_CHECK(loaded.error.starts_with("model: ") || loaded.error.starts_with("overlay: "),
               "error '%s' names no file part", loaded.error.c_str());
    return;
  }
  for (std::string_view text : kRequests) {
    const empathy::Input in = empathy::parse_input(text);
    FUZZ_CHECK(in.error.empty(), "fixed request does not parse: %s", in.error.c_str());
    if (in.kind == empathy::Input::Kind::request) {
      const empathy::Result r = empathy::score(*loaded.model, in.request);
      FUZZ_CHECK(r.score >= 0 && r.score <= 100, "score %d", r.score);
      FUZZ_CHECK(r.nudges.size() <= 3, "%zu nudges", r.nudges.size());
      const std::size_t n = in.request.draft.size();
      for (const auto& b : r.behaviors)
        FUZZ_CHECK(b.span.start <= b.span.end && b.span.end <= n, "behavior %s span [%zu, %zu) in %zu bytes",
                   b.id.c_str(), b.span.start, b.span.end, n);
      for (const auto& u : r.nudges)
        if (u.span) FUZZ_CHECK(u.span->start <= u.span->end && u.span->end <= n, "nudge %s span", u.rule_id.c_str());
    }
    const empathy::JsonOutput out = empathy::score_json(*loaded.model, text);
    FUZZ_CHECK(out.ok, "a fixed request failed with a loaded model: %s", out.json.c_str());
  }
}

}  // namespace fuzz
