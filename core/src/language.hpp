// Language identification: which language a text is written in, from hashed character
// n-grams of its words (a naive Bayes model that `empathy train --langid` fits).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace empathy {

inline constexpr std::size_t kMaxLanguages = 64;  // a multiple of 16
inline constexpr std::size_t language_stride(std::size_t languages) { return (languages + 15) / 16 * 16; }

// Buckets are a power of two (a mask, not a division, picks one), at most 65,536.
inline constexpr bool valid_buckets(std::uint32_t b) { return b > 0 && b <= (1u << 16) && (b & (b - 1)) == 0; }

struct LanguageModel {
  std::uint32_t buckets = 0;
  std::vector<std::string> codes;  // ISO 639-1, in the model's order; at most kMaxLanguages
  std::size_t stride = 0;          // codes.size() rounded up to a multiple of 16
  // weights[bucket * stride + language] (0 past the languages): log-probabilities in half
  // units, centred over the languages, -8..7. Held in 16 bits as they are summed, so that
  // an n-gram adds its row without widening each weight first.
  std::vector<std::int16_t> weights;
  double min_margin = 1.0;         // the least margin of a decided guess
  double leave_margin = 2.0;       // the least lead over the model's own language to call a text another one
  std::size_t leave_letters = 12;  // and the least letters
  std::size_t leave_words = 3;     // and words: one long word is no language
  bool empty() const { return codes.empty(); }
};

// The language of a text, or "und" when the text is too short or too mixed to tell.
struct LanguageGuess {
  std::string_view code = "und";
  double margin = 0;  // best minus second-best log-likelihood per sqrt(n-gram): how sure
  double lead = 0;    // best minus the `against` language's (identify_language()), the same way
  std::size_t letters = 0;
  std::size_t words = 0;
  // Most of its letters (at least kLeastLetters) are in a script no language of the model
  // is written in (Cyrillic, Greek, Arabic, Hebrew, Indic, CJK, Hangul…): a language the
  // model does not know, so "und", and no model's to score.
  bool unknown_script = false;
  bool decided() const { return code != "und"; }
};

// Appends the bucket of every n-gram of text's words: each word padded with a space on
// both sides, its 1- to 3-grams of code points (case folded) and the whole padded word.
// Reads at most the first kLanguageTextBytes bytes.
inline constexpr std::size_t kLanguageTextBytes = 240;
void language_features(std::string_view text, std::uint32_t buckets, std::vector<std::uint32_t>& out);

// A text of fewer letters is "und" whatever its margin ("ok", "Ja", "No").
inline constexpr std::size_t kLeastLetters = 4;

// against: a language whose distance from the best the guess measures (lead), or "".
LanguageGuess identify_language(const LanguageModel& model, std::string_view text, std::string_view against = "");

// Latin letters without their accents ("ação" -> "acao", "ß" -> "ss"): how many customers
// type. The trainer learns both spellings of every word.
std::string strip_accents(std::string_view text);

}  // namespace empathy
