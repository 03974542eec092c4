// A conversation score's penalties in words (ConversationParts). Compiled for size in the
// wasm build (wasm/CMakeLists.txt): strings built once per penalty, never per keystroke.
#include <algorithm>
#include <cmath>
#include <string>

#include "engine.hpp"

namespace empathy {

// A penalty's reason in words: what the customer showed, where, and which reply missed it.
// Messages are counted from 1 here, as a person counts them (the fields count from 0).
namespace {

std::string missed_reason(const CustomerState& now, std::string_view risk, std::size_t first_customer,
                          std::size_t reply) {
  std::string what(risk);
  if (what.empty()) {
    for (const auto& e : now.emotions)  // strongest first; thanks are not a need
      if (e.id != "gratitude") {
        what = e.id;
        break;
      }
  }
  std::replace(what.begin(), what.end(), '-', ' ');
  std::string out = "The reply (message " + std::to_string(reply + 1) + ") did not acknowledge ";
  out += what.empty() ? "what the customer felt" : "the customer's " + what;
  out += reply - first_customer > 1
             ? " (messages " + std::to_string(first_customer + 1) + "-" + std::to_string(reply) + ")"
             : " (message " + std::to_string(first_customer + 1) + ")";
  out += risk.empty() ? "." : ", a high-risk moment.";
  return out;
}

// A wait as minutes and seconds: "7:05".
std::string clock(double ms) {
  const auto s = static_cast<long long>(ms / 1000);
  return std::to_string(s / 60) + (s % 60 < 10 ? ":0" : ":") + std::to_string(s % 60);
}

std::string slow_reason(std::int64_t waited_ms, double slow_ms, std::size_t reply) {
  return "The reply (message " + std::to_string(reply + 1) + ") came " + clock(static_cast<double>(waited_ms)) +
         " after the customer wrote (slow after " + clock(slow_ms) + ").";
}

}  // namespace

void add_reply(ConversationParts& parts, std::size_t turn, int score, double weight) {
  parts.replies.push_back({turn, score, weight});
}

void add_missed(ConversationParts& parts, const CustomerState& now, std::string_view risk, std::size_t first_customer,
                std::size_t reply, double points) {
  parts.penalties.push_back({risk.empty() ? "missed-empathy" : "missed-empathy-high-risk", reply,
                             static_cast<int>(std::lround(points)), missed_reason(now, risk, first_customer, reply)});
}

void add_slow(ConversationParts& parts, std::int64_t waited_ms, double slow_ms, std::size_t reply, double points) {
  parts.penalties.push_back(
      {"slow-reply", reply, static_cast<int>(std::lround(points)), slow_reason(waited_ms, slow_ms, reply)});
}

}  // namespace empathy
