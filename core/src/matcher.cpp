#include "matcher.hpp"

#include <algorithm>

namespace empathy {

namespace {

constexpr std::size_t kMaxExpansions = 512;
constexpr std::size_t kMaxPatternTokens = 16;
constexpr int kMaxBrackets = 8;  // nesting of ( and [ in one pattern

// Splits a pattern into "(", ")", "[", "]", "|" and words.
std::vector<std::string_view> lex(std::string_view p) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < p.size()) {
    const char c = p[i];
    if (c == ' ') {
      ++i;
    } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == '|') {
      out.push_back(p.substr(i, 1));
      ++i;
    } else {
      std::size_t j = i;
      while (j < p.size() && p[j] != ' ' && p[j] != '(' && p[j] != ')' && p[j] != '[' && p[j] != ']' && p[j] != '|')
        ++j;
      out.push_back(p.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

// Recursive descent over the lexemes, producing every word sequence the pattern means.
struct Expander {
  const std::vector<std::string_view>& lexemes;
  std::size_t pos = 0;
  std::string error;
  int depth = 0;

  using Seqs = std::vector<std::vector<std::string_view>>;

  Seqs sequence() {
    Seqs result{{}};
    while (pos < lexemes.size() && lexemes[pos] != ")" && lexemes[pos] != "]" && lexemes[pos] != "|") {
      Seqs item = this->item();
      if (!error.empty()) return {};
      Seqs next;
      for (const auto& a : result)
        for (const auto& b : item) {
          auto s = a;
          s.insert(s.end(), b.begin(), b.end());
          next.push_back(std::move(s));
          if (next.size() > kMaxExpansions) {
            error = "expands to more than 512 phrases";
            return {};
          }
        }
      result = std::move(next);
    }
    return result;
  }

  Seqs alternatives(std::string_view close) {
    Seqs all;
    while (true) {
      Seqs s = sequence();
      if (!error.empty()) return {};
      all.insert(all.end(), s.begin(), s.end());
      if (pos >= lexemes.size()) {
        error = "missing '" + std::string(close) + "'";
        return {};
      }
      if (lexemes[pos] == "|") {
        ++pos;
        continue;
      }
      if (lexemes[pos] != close) {
        error = "unexpected '" + std::string(lexemes[pos]) + "'";
        return {};
      }
      ++pos;
      return all;
    }
  }

  Seqs item() {
    const std::string_view l = lexemes[pos++];
    if ((l == "(" || l == "[") && ++depth > kMaxBrackets) {
      error = "is nested deeper than 8 brackets";
      return {};
    }
    struct Leave {
      int& d;
      bool on;
      ~Leave() { d -= on; }
    } leave{depth, l == "(" || l == "["};
    if (l == "(") return alternatives(")");
    if (l == "[") {
      Seqs s = alternatives("]");
      s.push_back({});
      return s;
    }
    return {{l}};
  }
};

}  // namespace

std::uint32_t Matcher::intern(std::string_view word) {
  vocabulary_.insert(word);
  return vocabulary_.index(word, fnv1a(word));
}

Matcher::Node Matcher::child(Node from, const Atom& atom) {
  if (accept_.empty()) {  // the root
    accept_.emplace_back();
    other_edges_.emplace_back();
  }
  if (atom.kind == Atom::word) {
    if (const Node to = word_edges_.get(key(from, atom.id)); to != 0) return to;
  } else {
    for (const auto& e : other_edges_[from])
      if (e.atom.kind == atom.kind && e.atom.id == atom.id && e.atom.text == atom.text) return e.to;
  }
  const auto node = static_cast<Node>(accept_.size());
  accept_.emplace_back();
  other_edges_.emplace_back();
  if (atom.kind == Atom::word) word_edges_.set(key(from, atom.id), node);
  else other_edges_[from].push_back({atom, node});
  return node;
}

std::string Matcher::add(std::string_view pattern, std::uint32_t entry,
                         const std::unordered_map<std::string, std::vector<std::string>>& classes) {
  const auto lexemes = lex(pattern);
  if (lexemes.empty()) return "is empty";
  Expander expander{lexemes, 0, {}, 0};
  auto sequences = expander.sequence();
  if (expander.error.empty() && expander.pos < lexemes.size())
    expander.error = "unexpected '" + std::string(lexemes[expander.pos]) + "'";
  if (!expander.error.empty()) return expander.error;

  // Resolve atoms first so that a bad class leaves the automaton untouched.
  std::vector<std::vector<Atom>> compiled;
  for (const auto& seq : sequences) {
    if (seq.empty()) return "can match nothing";
    if (seq.size() > kMaxPatternTokens) return "is longer than 16 words";
    std::vector<Atom> atoms;
    for (std::string_view w : seq) {
      Atom a;
      if (w == "*") {
        a.kind = Atom::any;
      } else if (w.front() == '@') {
        const std::string name(w.substr(1));
        auto c = classes.find(name);
        if (c == classes.end()) return "uses the undefined word class '@" + name + "'";
        auto [it, inserted] = class_index_.try_emplace(name, static_cast<std::uint32_t>(classes_.size()));
        if (inserted) {
          std::vector<bool>& members = classes_.emplace_back();
          for (const auto& word : c->second) {
            const std::uint32_t id = intern(text::fold_word(word));
            if (id >= members.size()) members.resize(id + 1);
            members[id] = true;
          }
        }
        a.kind = Atom::word_class;
        a.id = it->second;
      } else if (w.size() > 1 && w.back() == '*') {
        a.kind = Atom::prefix;
        a.text = text::fold_word(w.substr(0, w.size() - 1));
      } else {
        a.kind = Atom::word;
        a.id = intern(text::fold_word(w));
      }
      atoms.push_back(std::move(a));
    }
    compiled.push_back(std::move(atoms));
  }
  for (const auto& atoms : compiled) {
    Node node = 0;
    for (const auto& a : atoms) node = child(node, a);
    auto& acc = accept_[node];
    if (std::find(acc.begin(), acc.end(), entry) == acc.end()) acc.push_back(entry);
  }
  ++patterns_;
  return {};
}

std::vector<Match> Matcher::find(const std::vector<text::Token>& tokens) const {
  std::vector<Match> found;
  Buffers buffers;
  find(tokens, found, buffers);
  return found;
}

void Matcher::find(const std::vector<text::Token>& tokens, std::vector<Match>& found, Buffers& buffers) const {
  found.clear();
  if (accept_.empty()) return;
  auto& ids = buffers.ids;
  ids.assign(tokens.size(), 0);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    ids[i] = vocabulary_.index(tokens[i].norm, tokens[i].hash);
  }
  // From each start, walk the trie; a stack holds the (node, next token) states still alive.
  auto& stack = buffers.stack;
  // A few of each, reserved rather than grown by doubling: the stack holds the paths
  // alive from one start, found a handful of matches per sentence.
  stack.reserve(16);
  found.reserve(tokens.size() + 8);
  for (std::uint32_t start = 0; start < tokens.size(); ++start) {
    stack.clear();
    stack.push_back({0, start});
    while (!stack.empty()) {
      const State s = stack.back();
      stack.pop_back();
      if (s.node != 0)
        for (std::uint32_t e : accept_[s.node]) found.push_back({e, start, s.next, false});
      if (s.next >= tokens.size() || tokens[s.next].sentence != tokens[start].sentence) continue;
      if (ids[s.next] != 0)
        if (const Node to = word_edges_.get(key(s.node, ids[s.next])); to != 0) stack.push_back({to, s.next + 1});
      for (const auto& e : other_edges_[s.node]) {
        bool ok = false;
        switch (e.atom.kind) {
          case Atom::any: ok = true; break;
          case Atom::prefix: ok = tokens[s.next].norm.starts_with(e.atom.text); break;
          case Atom::word_class: {
            const std::vector<bool>& members = classes_[e.atom.id];
            ok = ids[s.next] < members.size() && members[ids[s.next]];  // id 0, no word, is in none
            break;
          }
          case Atom::word: break;
        }
        if (ok) stack.push_back({e.to, s.next + 1});
      }
    }
  }
  // Drop duplicates and matches strictly inside a longer match.
  std::sort(found.begin(), found.end(), [](const Match& a, const Match& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.last != b.last) return a.last > b.last;
    return a.entry < b.entry;
  });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const Match& a, const Match& b) {
                            return a.first == b.first && a.last == b.last && a.entry == b.entry;
                          }),
              found.end());
  // The matches kept, in place: each is written at or before where it was read.
  std::size_t kept = 0;
  std::uint32_t reach = 0;  // the furthest end of the matches kept so far
  std::uint32_t reach_first = 0;
  for (const Match& m : found) {
    const bool inside = kept != 0 && m.last <= reach && (m.first > reach_first || m.last < reach);
    if (inside) continue;
    if (m.last > reach || kept == 0) {
      reach = m.last;
      reach_first = m.first;
    }
    found[kept++] = m;
  }
  found.resize(kept);
}

}  // namespace empathy
