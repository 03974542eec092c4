// Fuzzes the text layer over arbitrary bytes: sanitize_utf8, Utf16Offsets and analyze,
// checking the invariants the rest of the core relies on.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "text.hpp"

namespace t = empathy::text;

namespace {

bool is_invalid_at(std::string_view s, std::size_t i, const t::Decoded& d) {
  return d.code == 0xFFFD && d.length == 1 && static_cast<unsigned char>(s[i]) >= 0x80;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  // decode: every byte belongs to exactly one code point; count UTF-16 units on the way.
  bool valid = true;
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    const t::Decoded d = t::decode(text, i);
    FUZZ_CHECK(d.length >= 1 && d.length <= 4 && i + d.length <= text.size(), "decode length %zu at %zu", d.length, i);
    FUZZ_CHECK(d.code <= 0x10FFFF && !(d.code >= 0xD800 && d.code <= 0xDFFF), "decoded U+%X", unsigned(d.code));
    if (is_invalid_at(text, i, d)) valid = false;
    units += d.code >= 0x10000 ? 2 : 1;
    i += d.length;
  }

  // sanitize_utf8: valid text is unchanged; the output is valid and a fixed point.
  const std::string clean = t::sanitize_utf8(text);
  if (valid) FUZZ_CHECK(clean == text, "valid UTF-8 was changed");
  FUZZ_CHECK(clean.size() <= 3 * text.size(), "sanitised text grew to %zu from %zu", clean.size(), text.size());
  for (std::size_t i = 0; i < clean.size();) {
    const t::Decoded d = t::decode(clean, i);
    FUZZ_CHECK(!is_invalid_at(clean, i, d), "sanitised text is invalid at byte %zu", i);
    i += d.length;
  }
  FUZZ_CHECK(t::sanitize_utf8(clean) == clean, "sanitize_utf8 is not idempotent");

  // Utf16Offsets: starts at 0, monotonic, steps of at most 2, ends at the unit count.
  const t::Utf16Offsets utf16(text);
  FUZZ_CHECK(utf16(0) == 0, "utf16(0) = %zu", utf16(0));
  for (std::size_t b = 1; b <= text.size(); ++b) {
    const std::size_t prev = utf16(b - 1), cur = utf16(b);
    FUZZ_CHECK(cur >= prev && cur - prev <= 2, "utf16 offsets not monotonic at byte %zu: %zu -> %zu", b, prev, cur);
  }
  FUZZ_CHECK(utf16(text.size()) == units, "utf16(size) = %zu, expected %zu units", utf16(text.size()), units);
  FUZZ_CHECK(utf16(text.size() + 100) == units, "an offset past the end is not clamped");

  // analyze: token and sentence spans within the text, in order, consistent.
  const t::Analysis a = t::analyze(text);
  FUZZ_CHECK(a.capitals <= a.letters, "capitals %zu > letters %zu", a.capitals, a.letters);
  std::size_t prev_start = 0;
  std::uint32_t prev_sentence = 0, prev_clause = 0;
  for (std::size_t k = 0; k < a.tokens.size(); ++k) {
    const t::Token& tok = a.tokens[k];
    FUZZ_CHECK(tok.start < tok.end && tok.end <= text.size(), "token %zu span [%zu, %zu) in %zu bytes", k, tok.start,
               tok.end, text.size());
    FUZZ_CHECK(tok.start >= prev_start, "token %zu starts at %zu before %zu", k, tok.start, prev_start);
    FUZZ_CHECK(tok.sentence >= prev_sentence && tok.clause >= prev_clause, "token %zu sentence/clause goes back", k);
    FUZZ_CHECK(!tok.norm.empty(), "token %zu has an empty norm", k);
    FUZZ_CHECK(utf16(tok.start) < utf16(tok.end), "token %zu is empty in UTF-16", k);
    FUZZ_CHECK(tok.sentence < a.sentences.size(), "token %zu in sentence %u of %zu", k, tok.sentence,
               a.sentences.size());
    const t::Sentence& s = a.sentences[tok.sentence];
    FUZZ_CHECK(s.first_token <= k && k < s.end_token, "token %zu outside its sentence's token range", k);
    FUZZ_CHECK(s.start <= tok.start && tok.end <= s.end, "token %zu span outside its sentence's span", k);
    prev_start = tok.start;
    prev_sentence = tok.sentence;
    prev_clause = tok.clause;
    (void)t::stem(tok.norm);
  }
  std::size_t prev_end = 0, prev_end_token = 0;
  for (std::size_t k = 0; k < a.sentences.size(); ++k) {
    const t::Sentence& s = a.sentences[k];
    FUZZ_CHECK(s.start <= s.end && s.end <= text.size(), "sentence %zu span [%zu, %zu)", k, s.start, s.end);
    FUZZ_CHECK(s.start >= prev_end, "sentence %zu overlaps the one before", k);
    FUZZ_CHECK(s.first_token == prev_end_token && s.first_token <= s.end_token && s.end_token <= a.tokens.size(),
               "sentence %zu token range [%zu, %zu)", k, s.first_token, s.end_token);
    FUZZ_CHECK(s.exclamations >= 0, "sentence %zu exclamations", k);
    prev_end = s.end;
    prev_end_token = s.end_token;
  }
  FUZZ_CHECK(prev_end_token == a.tokens.size(), "tokens after the last sentence");
  return 0;
}
