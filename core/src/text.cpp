#include "text.hpp"

#include <algorithm>
#include <array>

namespace empathy::text {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool is_apostrophe(char32_t c) {
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x2032 || c == 0x0060;
}

bool is_emoji(char32_t c) { return (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF); }

// Letters of the scripts we fold, plus everything else outside ASCII punctuation
// blocks: accented words stay words.
bool is_word_char(char32_t c) {
  if (c < 0x80) return is_ascii_letter(c) || is_digit(c);
  if (c == kReplacement) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows, dingbats
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c == 0x00A0 || c == 0x00AB || c == 0x00BB || c == 0x00BF || c == 0x00A1) return false;
  if (c >= 0x00A2 && c <= 0x00BF) return false;  // Latin-1 symbols
  if (c == 0x00D7 || c == 0x00F7) return false;
  if (c >= 0xFE00 && c <= 0xFE0F) return false;  // variation selectors
  if ((c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
      (c >= 0xFF5B && c <= 0xFF65))
    return false;  // fullwidth punctuation
  if (is_emoji(c)) return false;
  return true;
}

bool is_upper(char32_t c) { return c < 0x80 ? c >= 'A' && c <= 'Z' : fold_case(c) != c; }

bool is_sentence_end(char32_t c) { return c == '.' || c == '!' || c == '?' || c == ';' || c == 0x2026; }
// Clause breaks end the scope of a negator: "hasn't arrived - that's awful" keeps "awful".
bool is_clause_break(char32_t c) {
  return c == ',' || c == ':' || c == '(' || c == ')' || c == '-' || c == 0x2013 || c == 0x2014 || c == '"' ||
         c == 0x201C || c == 0x201D;
}

// Contractions that tokenise to two words. The left part is what stays of the surface.
struct Expansion {
  std::string_view surface;
  std::string_view first;
  std::string_view second;
};
constexpr std::array<Expansion, 34> kWholeWords{{
    {"can't", "can", "not"},
    {"cannot", "can", "not"},
    {"won't", "will", "not"},
    {"shan't", "shall", "not"},
    {"ain't", "is", "not"},
    {"let's", "let", "us"},
    {"y'all", "you", "all"},
    {"dont", "do", "not"},
    {"didnt", "did", "not"},
    {"doesnt", "does", "not"},
    {"isnt", "is", "not"},
    {"wasnt", "was", "not"},
    {"arent", "are", "not"},
    {"cant", "can", "not"},
    {"couldnt", "could", "not"},
    {"wouldnt", "would", "not"},
    {"shouldnt", "should", "not"},
    {"havent", "have", "not"},
    {"hasnt", "has", "not"},
    {"hadnt", "had", "not"},
    {"werent", "were", "not"},
    {"im", "i", "am"},
    {"ive", "i", "have"},
    {"youre", "you", "are"},
    {"thats", "that", "is"},
    {"whats", "what", "is"},
    {"theyre", "they", "are"},
    {"youve", "you", "have"},
    {"weve", "we", "have"},
    {"theyve", "they", "have"},
    {"ill", "", ""},
    {"gonna", "going", "to"},
    {"wanna", "want", "to"},
    {"gotta", "got", "to"},
}};

// A word of at most eight bytes as one integer (words hold no NUL byte, so two words
// never pack alike, and none packs to 0): finding a word among kWholeWords is then one
// multiplication and a probe or two of a small hash table, not a comparison per entry.
constexpr std::uint64_t packed(std::string_view word) {
  std::uint64_t key = 0;
  for (char c : word) key = key << 8 | static_cast<unsigned char>(c);
  return key;
}
constexpr std::size_t kWholeWordSlots = 64;  // a power of two, a little over half full
constexpr std::size_t whole_word_slot(std::uint64_t key) {
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 58);  // the top six bits
}
struct WholeWordTable {
  std::array<std::uint64_t, kWholeWordSlots> keys{};  // packed surfaces; 0: an empty slot
  std::array<std::uint8_t, kWholeWordSlots> index{};  // into kWholeWords
};
constexpr WholeWordTable kWholeWordTable = [] {
  static_assert(kWholeWords.size() * 3 <= kWholeWordSlots * 2);
  WholeWordTable t;
  for (std::size_t i = 0; i < kWholeWords.size(); ++i) {
    const std::uint64_t key = packed(kWholeWords[i].surface);
    std::size_t slot = whole_word_slot(key);
    while (t.keys[slot] != 0) slot = (slot + 1) % kWholeWordSlots;
    t.keys[slot] = key;
    t.index[slot] = static_cast<std::uint8_t>(i);
  }
  return t;
}();

// The whole-word contraction a word of at most eight bytes is, or null.
const Expansion* whole_word(std::string_view word) {
  const std::uint64_t key = packed(word);
  for (std::size_t slot = whole_word_slot(key); kWholeWordTable.keys[slot] != 0; slot = (slot + 1) % kWholeWordSlots)
    if (kWholeWordTable.keys[slot] == key) return &kWholeWords[kWholeWordTable.index[slot]];
  return nullptr;
}

struct Suffix {
  std::string_view suffix;
  std::string_view word;
};
constexpr std::array<Suffix, 6> kSuffixes{{
    {"n't", "not"},
    {"'m", "am"},
    {"'re", "are"},
    {"'ll", "will"},
    {"'ve", "have"},
    {"'d", "would"},
}};

// Words after which "'s" means "is" rather than a possessive.
constexpr std::array<std::string_view, 19> kIsBefore{
    "it",   "that", "what",       "there",   "here",    "he",        "she",  "who",      "where", "how",
    "when", "why",  "everything", "nothing", "someone", "something", "this", "everyone", "one"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The norms one surface word expands to: at most two, each a part of the word or a
// literal, so that no string is built before the token that holds it.
struct Norms {
  std::array<std::string_view, 2> parts;
  std::size_t count = 0;
  void add(std::string_view part) { parts[count++] = part; }
};

// Expands one folded surface word into its tokens' norms (English contractions only when
// english is set). apostrophe: the word holds one ('\'', as folded).
Norms expand(std::string_view word, bool english, bool apostrophe) {
  Norms out;
  // Every whole-word contraction is short; "ill" is a word of its own, not "I'll".
  if (english && !word.empty() && word.size() <= 8) {
    if (const Expansion* e = whole_word(word); e && !e->first.empty()) {
      out.add(e->first);
      out.add(e->second);
      return out;
    }
  }
  if (!apostrophe) {
    out.add(word);
    return out;
  }
  for (const auto& s : kSuffixes) {
    if (english && word.size() > s.suffix.size() && ends_with(word, s.suffix)) {
      out.add(word.substr(0, word.size() - s.suffix.size()));
      out.add(s.word);
      return out;
    }
  }
  if (english && word.size() > 2 && ends_with(word, "'s")) {
    std::string_view base = word.substr(0, word.size() - 2);
    out.add(base);
    bool is = std::find(kIsBefore.begin(), kIsBefore.end(), base) != kIsBefore.end();
    out.add(is ? "is" : "'s");
    return out;
  }
  if (english && word.size() > 2 && ends_with(word, "s'")) {  // plural possessive: "customers'"
    out.add(word.substr(0, word.size() - 1));
    return out;
  }
  // Trim stray apostrophes ("'cause", "'em").
  std::size_t a = 0, b = word.size();
  while (a < b && word[a] == '\'') ++a;
  while (b > a && word[b - 1] == '\'') --b;
  if (a < b) out.add(word.substr(a, b - a));
  return out;
}

}  // namespace

Decoded decode(std::string_view text, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t len = 0;
  char32_t code = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, code = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, code = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, code = b0 & 0x07, min = 0x10000;
  } else {
    return {kReplacement, 1};
  }
  if (i + len > text.size()) return {kReplacement, 1};
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if (!is_continuation(b)) return {kReplacement, 1};
    code = (code << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return {kReplacement, 1};
  return {code, len};
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string sanitize_utf8(std::string_view text) {
  // Fast path: ASCII and valid UTF-8 come back as they are.
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const Decoded d = decode(text, i);
    if (d.code == kReplacement && d.length == 1) break;
    i += d.length;
  }
  if (i == text.size()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    Decoded d = decode(text, i);
    if (d.code == kReplacement && d.length == 1 && static_cast<unsigned char>(text[i]) >= 0x80) {
      append_utf8(out, kReplacement);
    } else {
      out.append(text.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

char32_t fold_case(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0) return c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  if (c >= 0x100 && c <= 0x17F) {  // Latin Extended-A: pairs, mostly even = upper
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;
    if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 32;                // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

namespace {

// The base letters of Latin-1 (U+00C0..U+00FF) and Latin Extended-A (U+0100..U+017F),
// one per code point, '#' for the two-letter ones; '\0' is no letter.
constexpr std::string_view kLatin1Base{"aaaaaa#ceeeeiiiidnooooo\0ouuuuy##aaaaaa#ceeeeiiiidnooooo\0ouuuuy#y", 64};
constexpr std::string_view kLatinExtendedABase{
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii##jjkkklllllllllln"
    "nnnnnnnnoooooo##rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs",
    128};
static_assert(kLatin1Base.size() == 64 && kLatinExtendedABase.size() == 128);

}  // namespace

std::string_view base_letters(char32_t c) {
  char base = 0;
  if (c >= 0xC0 && c <= 0xFF) base = kLatin1Base[c - 0xC0];
  else if (c >= 0x100 && c <= 0x17F) base = kLatinExtendedABase[c - 0x100];
  if (base == 0) return {};
  if (base != '#') return (c >= 0x100 ? kLatinExtendedABase.substr(c - 0x100, 1) : kLatin1Base.substr(c - 0xC0, 1));
  switch (c) {
    case 0xC6:
    case 0xE6: return "ae";
    case 0xDE:
    case 0xFE: return "th";
    case 0xDF: return "ss";
    case 0x132:
    case 0x133: return "ij";
    default: return "oe";  // U+0152, U+0153
  }
}

void append_folded(std::string& out, char32_t c) {
  if (c < 0x80) {  // ASCII, most of any text: no accent, no call
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return;
  }
  if (c >= 0x300 && c <= 0x36F) return;  // a combining accent: "e" + U+0301 is "e"
  const char32_t lower = fold_case(c);
  if (const std::string_view base = base_letters(lower); !base.empty()) out += base;
  else append_utf8(out, lower);
}

std::string fold_word(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size();) {
    const Decoded d = decode(word, i);
    if (is_apostrophe(d.code)) out += '\'';
    else append_folded(out, d.code);
    i += d.length;
  }
  return out;
}

Analysis analyze(std::string_view text, bool english) {
  Analysis a;
  analyze(text, english, a);
  return a;
}

void analyze(std::string_view text, bool english, Analysis& a) {
  a.tokens.clear();
  a.sentences.clear();
  a.letters = a.capitals = 0;
  std::uint32_t sentence = 0;
  std::uint32_t clause = 0;
  bool sentence_open = false;  // the current sentence has content
  Sentence current;
  std::string word;              // folded surface of the word being read
  bool word_apostrophe = false;  // it holds an apostrophe
  std::size_t word_start = 0, word_end = 0;
  std::size_t word_letters = 0, word_capitals = 0;
  bool word_initial_capital = false;
  // A hint, not a limit: most words take five bytes or more; a long text grows as it must.
  a.tokens.reserve(std::min<std::size_t>(text.size() / 4 + 1, 256));
  a.sentences.reserve(std::min<std::size_t>(text.size() / 16 + 1, 64));  // likewise, a sentence per 16 bytes

  auto flush_word = [&] {
    if (word.empty()) return;
    const Norms norms = expand(word, english, word_apostrophe);
    const bool caps = word_letters >= 2 && word_capitals == word_letters;
    for (std::size_t k = 0; k < norms.count; ++k) {
      Token& t = a.tokens.emplace_back();
      t.norm.assign(norms.parts[k]);
      t.hash = fnv1a(t.norm);
      t.start = word_start;
      t.end = word_end;
      t.sentence = sentence;
      t.clause = clause;
      t.caps = caps;
      t.capitalised = word_initial_capital;
    }
    word.clear();
    word_apostrophe = false;
    word_letters = word_capitals = 0;
  };
  auto open_sentence = [&](std::size_t at) {
    if (sentence_open) return;
    sentence_open = true;
    current = Sentence{};
    current.start = at;
    current.first_token = a.tokens.size();
  };
  auto close_sentence = [&](std::size_t end, char terminator) {
    if (!sentence_open) return;
    current.end = end;
    current.end_token = a.tokens.size();
    current.terminator = terminator;
    a.sentences.push_back(current);
    sentence_open = false;
    ++sentence;
    ++clause;
  };

  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (is_ascii_letter(byte) || is_digit(byte)) {
      // An ASCII letter or digit, most of any text: what the general branch below does
      // for a word character, without asking about apostrophes and decimal points.
      open_sentence(i);
      const bool upper = byte >= 'A' && byte <= 'Z';
      if (word.empty()) {
        word_start = i;
        word_initial_capital = upper;
      }
      if (!is_digit(byte)) {
        ++word_letters;
        ++a.letters;
        if (upper) {
          ++word_capitals;
          ++a.capitals;
        }
      }
      word += static_cast<char>(upper ? byte + 32 : byte);
      word_end = ++i;
      continue;
    }
    if (byte == ' ') {  // a space only ends the word: no test below holds for it
      flush_word();
      ++i;
      continue;
    }
    const Decoded d = byte < 0x80 ? Decoded{byte, 1} : decode(text, i);  // ASCII without a call
    const char32_t c = d.code;
    const bool apostrophe = is_apostrophe(c);
    const bool apostrophe_in_word =
        apostrophe && !word.empty() && i + d.length < text.size() && is_word_char(decode(text, i + d.length).code);
    const bool trailing_plural_apostrophe =  // "customers' " keeps its apostrophe
        apostrophe && !word.empty() && word.back() == 's' &&
        (i + d.length >= text.size() || !is_word_char(decode(text, i + d.length).code));
    const bool decimal_point = (c == '.' || c == ',') && !word.empty() &&
                               is_digit(static_cast<unsigned char>(word.back())) && i + 1 < text.size() &&
                               is_digit(static_cast<unsigned char>(text[i + 1]));
    if (is_word_char(c) || apostrophe_in_word || trailing_plural_apostrophe || decimal_point) {
      open_sentence(i);
      if (word.empty()) {
        word_start = i;
        word_initial_capital = is_upper(c);
      }
      if (apostrophe) {
        word += '\'';
        word_apostrophe = true;
      } else {
        if (c >= 0x80 || is_ascii_letter(c)) {
          ++word_letters;
          ++a.letters;
          if (is_upper(c)) {
            ++word_capitals;
            ++a.capitals;
          }
        }
        append_folded(word, c);
      }
      word_end = i + d.length;
      i += d.length;
      continue;
    }
    flush_word();
    if (is_emoji(c)) {  // an emoji is a token of its own: it can carry emotion
      open_sentence(i);
      Token t;
      t.norm.assign(text.substr(i, d.length));
      t.hash = fnv1a(t.norm);
      t.start = i;
      t.end = i + d.length;
      t.sentence = sentence;
      t.clause = clause;
      a.tokens.push_back(std::move(t));
      i += d.length;
      continue;
    }
    if (is_sentence_end(c) || c == '\n') {
      // A run of terminators ("?!", "!!!", "...") closes one sentence.
      std::size_t j = i;
      int exclamations = 0;
      bool question = false;
      char terminator = c == 0x2026 ? '.' : static_cast<char>(c);
      while (j < text.size()) {
        const Decoded e = decode(text, j);
        if (!(is_sentence_end(e.code) || e.code == '\n')) break;
        exclamations += e.code == '!';
        question = question || e.code == '?';
        if (e.code == '?' || e.code == '!') terminator = static_cast<char>(e.code);
        j += e.length;
      }
      if (sentence_open) {
        current.exclamations = exclamations;
        current.question = question;
        close_sentence(j, terminator);
      }
      i = j;
      continue;
    }
    if (is_clause_break(c)) ++clause;
    i += d.length;
  }
  flush_word();
  if (sentence_open) {
    // Trim trailing white space from the last sentence's span.
    std::size_t end = text.size();
    while (end > current.start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) --end;
    close_sentence(end, 0);
  }
}

std::size_t trailing_word_start(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0) {
    // The last code point before end; a byte of a broken sequence counts as one, no letter.
    std::size_t start = end - 1;
    while (start > 0 && end - start < 4 && is_continuation(static_cast<unsigned char>(text[start]))) --start;
    Decoded d = decode(text, start);
    if (start + d.length != end) {
      start = end - 1;
      d = {kReplacement, 1};
    }
    if (!is_word_char(d.code) && d.code != '\'' && d.code != 0x2019) break;  // as the widget's endsInWord()
    end = start;
  }
  return end;
}

Utf16Offsets::Utf16Offsets(std::string_view text) : table_(text.size() + 1, 0) {
  std::uint32_t units = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const Decoded d = decode(text, i);
    for (std::size_t k = 0; k < d.length; ++k) table_[i + k] = units;
    units += d.code >= 0x10000 ? 2 : 1;
    i += d.length;
  }
  table_[text.size()] = units;
}

std::size_t Utf16Offsets::operator()(std::size_t byte_offset) const {
  return table_[std::min(byte_offset, table_.size() - 1)];
}

std::string stem(std::string_view w) {
  std::string s(w);
  auto strip = [&](std::string_view suffix, std::size_t min_left) {
    if (s.size() >= suffix.size() + min_left && ends_with(s, suffix)) {
      s.resize(s.size() - suffix.size());
      return true;
    }
    return false;
  };
  if (strip("'s", 2)) return s;
  if (strip("ies", 3)) return s + "y";
  if (strip("ing", 3) || strip("ed", 3) || strip("ly", 3) || strip("es", 3) || strip("ment", 3)) {
    if (s.size() >= 2 && s[s.size() - 1] == s[s.size() - 2] && s.back() != 'l' && s.back() != 's') s.pop_back();
    if (!s.empty() && s.back() == 'e') s.pop_back();
    return s;
  }
  if (s.size() > 3 && s.back() == 's' && s[s.size() - 2] != 's') s.pop_back();
  if (!s.empty() && s.back() == 'e' && s.size() > 3) s.pop_back();
  return s;
}

}  // namespace empathy::text
