// Shared by the core tests: the default model, loaded once, and short request builders.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "empathy/empathy.hpp"

namespace test {

inline const empathy::Model& model() {
  static const auto loaded = empathy::load_model(empathy::default_model_json());
  if (!loaded.model) {
    std::fprintf(stderr, "the default model does not load: %s\n", loaded.error.c_str());
    std::abort();
  }
  return *loaded.model;
}

inline empathy::Request request(std::vector<std::string> customer, std::string draft) {
  empathy::Request r;
  for (auto& text : customer) r.history.push_back({empathy::Role::customer, std::move(text), {}});
  r.draft = std::move(draft);
  return r;
}

inline bool has_behavior(const empathy::Result& r, const std::string& id) {
  for (const auto& b : r.behaviors)
    if (b.id == id) return true;
  return false;
}

inline int level(const empathy::Result& r, empathy::Family f) { return r.families[static_cast<std::size_t>(f)].level; }

inline bool has_emotion(const empathy::Result& r, const std::string& id) {
  for (const auto& e : r.customer.emotions)
    if (e.id == id) return true;
  return false;
}

inline bool has_nudge(const empathy::Result& r, const std::string& rule) {
  for (const auto& n : r.nudges)
    if (n.rule_id == rule) return true;
  return false;
}

}  // namespace test
