// The phrase matcher: a lexicon of token patterns compiled once into a trie automaton,
// run over a text's tokens in time linear in the number of tokens.
//
// Pattern language (one pattern = words separated by spaces, written the way the text
// layer normalises text: lower case, contractions expanded):
//   word       that word            word*   any token starting with "word"
//   @name      any word of class    *       any one token
//   (a|b c)    one alternative      [a|b c] optional alternative
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sparse_map.hpp"
#include "text.hpp"

namespace empathy {

// One match of one lexicon entry over tokens [first, last).
struct Match {
  std::uint32_t entry = 0;
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  bool negated = false;  // a negator stands just before it in the same clause
};

class Matcher {
 public:
  // Compiles pattern for entry; returns an error message (empty on success).
  std::string add(std::string_view pattern, std::uint32_t entry,
                  const std::unordered_map<std::string, std::vector<std::string>>& classes);

  // All matches, longest first at each start; overlapping matches strictly inside a
  // longer one are removed (so "not bad" hides "bad", "sorry for any inconvenience"
  // hides "sorry"). Matches never cross a sentence end.
  std::vector<Match> find(const std::vector<text::Token>& tokens) const;

  // A walk's state: a trie node and the next token.
  struct State {
    std::uint32_t node;
    std::uint32_t next;
  };
  // What find() works in: a caller that keeps them (and found) from call to call
  // allocates nothing once they have grown.
  struct Buffers {
    std::vector<std::uint32_t> ids;  // each token's word id
    std::vector<State> stack;        // the states still alive from one start
  };
  // The same into found (cleared first).
  void find(const std::vector<text::Token>& tokens, std::vector<Match>& found, Buffers& buffers) const;

  std::size_t pattern_count() const { return patterns_; }
  std::size_t node_count() const { return accept_.size(); }

 private:
  using Node = std::uint32_t;
  struct Atom {
    enum Kind : std::uint8_t { word, prefix, word_class, any } kind = word;
    std::uint32_t id = 0;  // word id, or class index
    std::string text;      // prefix text
  };
  Node child(Node from, const Atom& atom);
  std::uint32_t intern(std::string_view word);

  static std::uint64_t key(Node node, std::uint32_t word) { return (static_cast<std::uint64_t>(node) << 32) | word; }

  WordSet vocabulary_;                         // a word's id is its index in it
  SparseMap<std::uint64_t, Node> word_edges_;  // key(from, word) -> to; 0 (the root, no one's child): none
  struct Edge {
    Atom atom;
    Node to = 0;
  };
  std::vector<std::vector<Edge>> other_edges_;      // prefix, class and wildcard edges per node
  std::vector<std::vector<std::uint32_t>> accept_;  // entries accepted at each node
  std::vector<std::vector<bool>> classes_;          // per class, by word id: the word is in it
  std::unordered_map<std::string, std::uint32_t> class_index_;
  std::size_t patterns_ = 0;
};

}  // namespace empathy
