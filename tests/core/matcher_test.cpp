#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

#include "matcher.hpp"

using empathy::Matcher;

namespace {
const std::unordered_map<std::string, std::vector<std::string>> kClasses{{"intens", {"so", "really"}}};

std::vector<empathy::Match> run(const Matcher& m, std::string_view text) {
  return m.find(empathy::text::analyze(text).tokens);
}
}  // namespace

TEST_CASE("alternatives, optional words, classes, prefixes and wildcards all match") {
  Matcher m;
  REQUIRE(m.add("i am [@intens] sorry", 0, kClasses).empty());
  REQUIRE(m.add("(refund|credit) * (today|tomorrow)", 1, kClasses).empty());
  REQUIRE(m.add("frustrat*", 2, kClasses).empty());
  CHECK(run(m, "I'm so sorry").size() == 1);
  CHECK(run(m, "I am sorry").size() == 1);
  CHECK(run(m, "I am very sorry").empty());
  CHECK(run(m, "credit it tomorrow").size() == 1);
  CHECK(run(m, "so frustrating").size() == 1);
}

TEST_CASE("a longer match hides the shorter one inside it") {
  Matcher m;
  REQUIRE(m.add("sorry", 0, kClasses).empty());
  REQUIRE(m.add("sorry for any inconvenience", 1, kClasses).empty());
  const auto found = run(m, "Sorry for any inconvenience.");
  REQUIRE(found.size() == 1);
  CHECK(found[0].entry == 1);
}

TEST_CASE("matches never cross a sentence end") {
  Matcher m;
  REQUIRE(m.add("sorry i", 0, kClasses).empty());
  CHECK(run(m, "Sorry. I will fix it").empty());
  CHECK(run(m, "Sorry, I will fix it").size() == 1);
}

TEST_CASE("bad patterns are refused with a reason") {
  Matcher m;
  CHECK(m.add("(a|b", 0, kClasses) == "missing ')'");
  CHECK(m.add("a ]", 0, kClasses) == "unexpected ']'");
  CHECK(m.add("@nope", 0, kClasses) == "uses the undefined word class '@nope'");
  CHECK(m.add("[a]", 0, kClasses) == "can match nothing");
  CHECK(m.add("", 0, kClasses) == "is empty");
  CHECK(m.add("(a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h) (a|b|c|d|e|f|g|h)", 0, kClasses) ==
        "expands to more than 512 phrases");
}

TEST_CASE("matching time grows linearly with the text") {
  // Wildcards at the start are the worst case: from every word, four steps of "*". Twice
  // the text must take about twice the time (a quadratic matcher takes four times).
  Matcher m;
  REQUIRE(m.add("* * * * sorry", 0, kClasses).empty());
  const auto text = [](int words) {
    std::string t;
    for (int i = 0; i < words; ++i) t += "word ";
    return t + "a b c d sorry";  // one match, at the very end
  };
  // The fastest of five runs each, taken in turns, so that other work on the machine
  // slows both lengths alike.
  const std::string short_text = text(40000), long_text = text(80000);
  const auto time = [&](const std::string& t) {
    const auto start = std::chrono::steady_clock::now();
    CHECK(run(m, t).size() == 1);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  double one = 1e300, two = 1e300;
  for (int k = 0; k < 5; ++k) {
    one = std::min(one, time(short_text));
    two = std::min(two, time(long_text));
  }
  CAPTURE(one);
  CAPTURE(two);
  CHECK(two < 3.0 * one);
}

// The table under the trie's edges (and the learned models' weights).
TEST_CASE("SparseMap keeps every key apart through growth, 64-bit keys too") {
  empathy::SparseMap<std::uint64_t, std::uint32_t> edges;
  CHECK(edges.get(7) == 0);  // empty: absent
  // Keys that agree in their low 32 bits (one word after many nodes), and key 0 (the root
  // before word 0), are told apart; the table grows from 16 slots to 8,192 on the way.
  for (std::uint32_t node = 0; node < 3000; ++node) edges.set((std::uint64_t{node} << 32) | 42u, node + 1);
  edges.set(5, 9);
  edges.set(5, 10);  // set again: replaced, not added
  CHECK(edges.size() == 3001);
  for (std::uint32_t node = 0; node < 3000; ++node) REQUIRE(edges.get((std::uint64_t{node} << 32) | 42u) == node + 1);
  CHECK(edges.get(5) == 10);
  CHECK(edges.get((std::uint64_t{3000} << 32) | 42u) == 0);
  CHECK(edges.get(43) == 0);
  std::size_t seen = 0;
  edges.for_each([&](std::uint64_t, std::uint32_t) { ++seen; });
  CHECK(seen == 3001);
}
