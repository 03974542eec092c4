#include "language.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstring>

#include "text.hpp"

namespace empathy {

namespace {

bool is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0x2000;  // Latin, Greek, Cyrillic and the like
}

// One FNV-1a step per UTF-8 byte of the code point c: hashing code points one after the
// other gives fnv1a() of their text.
inline std::uint32_t fnv_step(std::uint32_t h, char32_t c) {
  const auto byte = [&h](std::uint32_t b) {
    h ^= b & 0xFF;
    h *= 16777619u;
  };
  if (c < 0x80) {
    byte(c);
  } else if (c < 0x800) {
    byte(0xC0 | (c >> 6));
    byte(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    byte(0xE0 | (c >> 12));
    byte(0x80 | ((c >> 6) & 0x3F));
    byte(0x80 | (c & 0x3F));
  } else {
    byte(0xF0 | (c >> 18));
    byte(0x80 | ((c >> 12) & 0x3F));
    byte(0x80 | ((c >> 6) & 0x3F));
    byte(0x80 | (c & 0x3F));
  }
  return h;
}

constexpr std::uint32_t kFnvStart = 2166136261u;

// Calls f(bucket) for every n-gram of the padded word (see language_features()): the
// 1-, 2- and 3-grams from each position, each extending the shorter one's hash, and the
// whole word. n >= 3 (a space, one letter or more, a space); the spaces are no 1-grams.
// The first and the last two positions are taken apart, so that the loop between them
// tests nothing: every position there has all three.
template <typename F>
void word_features(const char32_t* padded, std::size_t n, std::uint32_t mask, F&& f) {
  // From the leading space: its 2- and 3-grams, the 3-gram extended to the whole word.
  std::uint32_t h = fnv_step(fnv_step(kFnvStart, padded[0]), padded[1]);
  f(h & mask);
  h = fnv_step(h, padded[2]);
  f(h & mask);
  if (n > 3) {  // the whole word, two letters or more
    for (std::size_t k = 3; k < n; ++k) h = fnv_step(h, padded[k]);
    f(h & mask);
  }
  for (std::size_t i = 1; i + 2 < n; ++i) {
    h = fnv_step(kFnvStart, padded[i]);
    f(h & mask);
    h = fnv_step(h, padded[i + 1]);
    f(h & mask);
    h = fnv_step(h, padded[i + 2]);
    f(h & mask);
  }
  // The last letter: its 1-gram and, with the trailing space, its 2-gram.
  h = fnv_step(kFnvStart, padded[n - 2]);
  f(h & mask);
  f(fnv_step(h, padded[n - 1]) & mask);
}

// The models' languages are all written in Latin letters: letters of other scripts are
// counted apart, Greek to Cyrillic and beyond (is_letter() takes them too), and kana,
// CJK and Hangul (which it does not).
bool other_script(char32_t c) {
  return (c >= 0x370 && c < 0x1E00) || (c >= 0x1F00 && c < 0x2000) || (c >= 0x3040 && c < 0xD7B0);
}

struct Read {
  std::size_t letters = 0, words = 0;
  std::size_t other = 0;          // letters of other scripts
  std::size_t other_letters = 0;  // of which is_letter() counts in letters
};

// Calls f(bucket) for every n-gram of text's words, reading at most kLanguageTextBytes;
// returns the letters and words read. A word longer than kLongestWord letters counts by
// its first ones. buckets is a power of two.
template <typename F>
Read for_each_feature(std::string_view text, std::uint32_t buckets, F&& f) {
  const std::uint32_t mask = buckets - 1;
  constexpr std::size_t kLongestWord = 30;
  text = text.substr(0, kLanguageTextBytes);
  char32_t word[kLongestWord + 2];
  std::size_t n = 0;  // letters of the word being read
  Read read;
  std::size_t i = 0;
  while (i <= text.size()) {
    const unsigned char byte = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
    const text::Decoded d = byte < 0x80 ? text::Decoded{byte, 1} : text::decode(text, i);  // ASCII inline
    if (d.code >= 0x370 && other_script(d.code)) {
      ++read.other;
      read.other_letters += d.code < 0x2000;
    }
    if (is_letter(d.code)) {
      if (n < kLongestWord)
        word[1 + n] = d.code < 0x80 ? (d.code >= 'A' && d.code <= 'Z' ? d.code + 32 : d.code) : text::fold_case(d.code);
      ++n;
      ++read.letters;
    } else if (n > 0) {
      const std::size_t len = std::min(n, kLongestWord);
      word[0] = U' ';
      word[1 + len] = U' ';
      word_features(word, len + 2, mask, f);
      ++read.words;
      n = 0;
    }
    i += d.length;
  }
  return read;
}

}  // namespace

void language_features(std::string_view text, std::uint32_t buckets, std::vector<std::uint32_t>& out) {
  if (!valid_buckets(buckets)) return;
  for_each_feature(text, buckets, [&](std::uint32_t b) { out.push_back(b); });
}

LanguageGuess identify_language(const LanguageModel& model, std::string_view text, std::string_view against) {
  LanguageGuess guess;
  const std::size_t languages = model.codes.size();
  if (languages == 0 || !valid_buckets(model.buckets)) return guess;
  // The weights are bucket-major, each bucket's row padded to model.stride: one n-gram
  // reads one run, which the compiler adds in vector registers.
  // 16-bit sums cannot overflow: kLanguageTextBytes gives at most about 1,100 n-grams of
  // weight at most 8.
  std::array<std::int16_t, kMaxLanguages> sums{};
  std::size_t n = 0;
  const std::size_t stride = model.stride;
#if defined(__SSE2__) || defined(__ARM_NEON)
  // Up to 16 languages, as the models have: two vectors of eight 16-bit lanes (GCC's and
  // Clang's vector extension; unsigned lanes wrap, to the same bits as 16-bit sums), which
  // stay in registers from one n-gram to the next. Only where the target has such vectors:
  // without them (wasm without SIMD) the extension is scalar code, larger than the loop.
  using Lanes = std::uint16_t __attribute__((vector_size(16)));
  Lanes low{}, high{};
  const Read read = for_each_feature(text, model.buckets, [&](std::uint32_t b) {
    const std::int16_t* w = model.weights.data() + static_cast<std::size_t>(b) * stride;
    if (stride == 16) {
      Lanes first, second;
      std::memcpy(&first, w, sizeof first);
      std::memcpy(&second, w + 8, sizeof second);
      low += first;
      high += second;
    } else {
      for (std::size_t l = 0; l < stride; ++l) sums[l] = static_cast<std::int16_t>(sums[l] + w[l]);
    }
    ++n;
  });
  if (stride == 16) {
    std::memcpy(sums.data(), &low, sizeof low);
    std::memcpy(sums.data() + 8, &high, sizeof high);
  }
#else
  const Read read = for_each_feature(text, model.buckets, [&](std::uint32_t b) {
    const std::int16_t* w = model.weights.data() + static_cast<std::size_t>(b) * stride;
    if (stride == 16) {  // up to 16 languages, as the models have: a fixed count, unrolled
      for (std::size_t k = 0; k < 16; ++k) sums[k] = static_cast<std::int16_t>(sums[k] + w[k]);
    } else {
      for (std::size_t l = 0; l < stride; ++l) sums[l] = static_cast<std::int16_t>(sums[l] + w[l]);
    }
    ++n;
  });
#endif
  guess.letters = read.letters;
  guess.words = read.words;
  if (read.other >= kLeastLetters && read.other > read.letters - read.other_letters) {
    guess.unknown_script = true;
    return guess;
  }
  if (read.letters < kLeastLetters) return guess;
  std::size_t best = 0;
  for (std::size_t l = 1; l < languages; ++l)
    if (sums[l] > sums[best]) best = l;
  int second = languages == 1 ? 0 : INT_MIN;
  for (std::size_t l = 0; l < languages; ++l)
    if (l != best) second = std::max(second, static_cast<int>(sums[l]));
  const double scale = 0.5 / std::sqrt(static_cast<double>(n));
  guess.margin = scale * (sums[best] - second);
  for (std::size_t l = 0; l < languages; ++l)
    if (model.codes[l] == against) guess.lead = scale * (sums[best] - sums[l]);
  if (guess.margin >= model.min_margin) guess.code = model.codes[best];
  return guess;
}

std::string strip_accents(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    const text::Decoded d = text::decode(in, i);
    const char32_t lower = text::fold_case(d.code);
    const std::string_view base = text::base_letters(lower);
    if (base.empty()) {
      out.append(in.substr(i, d.length));
    } else if (lower != d.code) {  // a capital keeps its case: "É" -> "E"
      for (char c : base) out += static_cast<char>(c - 'a' + 'A');
    } else {
      out += base;
    }
    i += d.length;
  }
  return out;
}

}  // namespace empathy
