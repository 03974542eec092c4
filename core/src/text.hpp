// Text layer: UTF-8 decoding, case folding, quote variants, contractions, tokens and
// sentences with byte spans, and the one step that turns byte offsets into UTF-16 units.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace empathy {

// FNV-1a over the bytes of s (unsigned, so the same on every platform), continuing from h:
// the hash of every hashed feature and of the CX corpus's split. Inline and constexpr: it
// runs for every word of every feature, and a constant name hashes when compiled.
constexpr std::uint32_t fnv1a(std::string_view s, std::uint32_t h = 2166136261u) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

// A hash's bucket of buckets (> 0): hash % buckets, by a mask when buckets is a power of two,
// as the models' are (a division costs tens of cycles, and features are bucketed hundreds
// of times per keystroke).
constexpr std::uint32_t bucket_of(std::uint32_t hash, std::uint32_t buckets) {
  return (buckets & (buckets - 1)) == 0 ? hash & (buckets - 1) : hash % buckets;
}

// A set of words (a model's negators, stopwords and other lists), asked about once or
// more per token of every message: open addressing over each word's FNV-1a hash, the
// bytes compared only when the hashes agree. Faster to ask than a
// std::unordered_set<std::string>, which hashes every query with a slower hash and walks a
// linked bucket.
class WordSet {
 public:
  WordSet() = default;
  WordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) insert(w);
  }
  void insert(std::string_view word) {
    if (count(word)) return;
    if ((words_.size() + 1) * 2 > slots_.size()) grow();
    words_.emplace_back(word);
    place(static_cast<std::uint32_t>(words_.size()));
  }
  std::size_t count(std::string_view word) const { return index(word, fnv1a(word)) != 0; }
  // hash: fnv1a(word), as a token holds it, so that a token's word is hashed once.
  std::size_t count(std::string_view word, std::uint32_t hash) const { return index(word, hash) != 0; }
  // The word's place in the order of insertion, from 1; 0 when absent.
  std::uint32_t index(std::string_view word, std::uint32_t hash) const {
    if (slots_.empty()) return 0;
    for (std::size_t i = hash & mask(); slots_[i] != 0; i = (i + 1) & mask())
      if (hashes_[i] == hash && words_[slots_[i] - 1] == word) return slots_[i];
    return 0;
  }
  bool empty() const { return words_.empty(); }
  std::size_t size() const { return words_.size(); }

 private:
  std::size_t mask() const { return slots_.size() - 1; }
  void place(std::uint32_t index) {  // words_[index - 1] into its slot
    const std::uint32_t h = fnv1a(words_[index - 1]);
    std::size_t i = h & mask();
    while (slots_[i] != 0) i = (i + 1) & mask();
    slots_[i] = index;
    hashes_[i] = h;
  }
  void grow() {
    slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, 0);
    hashes_.assign(slots_.size(), 0);
    for (std::uint32_t k = 1; k <= words_.size(); ++k) place(k);
  }
  std::vector<std::string> words_;
  std::vector<std::uint32_t> slots_;   // index into words_ + 1, or 0 for none; a power of two, at most half full
  std::vector<std::uint32_t> hashes_;  // each slot's word's hash
};

}  // namespace empathy

namespace empathy::text {

// One word token. A contraction yields several tokens sharing the surface span
// ("can't" -> "can", "not").
struct Token {
  std::string norm;       // case-folded, accents removed, apostrophes straightened, contraction expanded
  std::size_t start = 0;  // surface span, UTF-8 bytes
  std::size_t end = 0;
  std::uint32_t sentence = 0;  // index of the sentence (. ! ? ; … and line breaks end one)
  std::uint32_t clause = 0;    // index of the clause (sentence ends, commas, colons, dashes)
  std::uint32_t hash = 0;      // fnv1a(norm): word sets, the matcher and the classifier look the word up by it
  bool caps = false;           // the surface was written in capitals (two letters or more)
  bool capitalised = false;    // the surface began with a capital letter
};

struct Sentence {
  std::size_t start = 0;  // bytes, first to last non-space character
  std::size_t end = 0;
  std::size_t first_token = 0;  // token range [first_token, end_token)
  std::size_t end_token = 0;
  char terminator = 0;    // '.', '!', '?', ';', '\n' or 0 at the end of the text
  int exclamations = 0;   // '!' in the terminating run ("!!" = 2)
  bool question = false;  // the terminating run contains '?'
};

struct Analysis {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::size_t letters = 0;   // letters in the text
  std::size_t capitals = 0;  // upper-case letters in the text
};

// Decodes one code point at text[i]; invalid or truncated sequences decode as
// U+FFFD of length 1, so every byte belongs to exactly one code point.
struct Decoded {
  char32_t code = 0;
  std::size_t length = 1;
};
Decoded decode(std::string_view text, std::size_t i);

// Where the word the text ends in starts: text.size() when it ends in anything but a
// letter, a digit, a combining mark or an apostrophe (' or ’): a space, "…", "—", "»", an
// emoji. While the agent types, what follows is the unfinished word: the result reports
// it as `unfinished`, and the widget reads it once the agent pauses.
std::size_t trailing_word_start(std::string_view text);

// Replaces every invalid byte with U+FFFD; valid text comes back unchanged.
std::string sanitize_utf8(std::string_view text);

// Lower-cases a code point (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic basics).
char32_t fold_case(char32_t c);

void append_utf8(std::string& out, char32_t c);

// The base letters of a lower-case Latin letter with an accent or diacritic
// (U+00C0..U+017F): "a" for "á", "ss" for "ß", "oe" for "œ"; empty for any other code point.
std::string_view base_letters(char32_t c);

// Appends a code point as a token's norm holds it: lower case, accents and diacritics
// removed ("é" -> "e", "ß" -> "ss", "œ" -> "oe"), combining accents dropped, so that
// "está" and "esta" are one word, as customers type them.
void append_folded(std::string& out, char32_t c);

// A word as a token's norm holds it (append_folded() on each code point, apostrophes
// straightened): how the model's lexicon and word lists are read.
std::string fold_word(std::string_view word);

// english: expand English contractions ("can't" -> "can", "not"; "im" -> "i", "am"); off
// for other languages, where "im" is a German word and "j'ai" one French token.
Analysis analyze(std::string_view text, bool english = true);
// The same into a (cleared first): a caller that keeps it keeps its vectors' capacity.
void analyze(std::string_view text, bool english, Analysis& a);

// The UTF-16 offset of each UTF-8 byte offset in text, as one reusable table:
// utf16[b] for b in 0..text.size(). Offsets inside a code point map to its start.
class Utf16Offsets {
 public:
  explicit Utf16Offsets(std::string_view text);
  std::size_t operator()(std::size_t byte_offset) const;

 private:
  std::vector<std::uint32_t> table_;
};

// Light stemming for overlap: "refunds" -> "refund", "charged" -> "charg", "charging" -> "charg".
std::string stem(std::string_view word);

}  // namespace empathy::text
