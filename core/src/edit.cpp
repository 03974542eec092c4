// Suggestions as edits: where a nudge's suggested words go in the draft, and how they join
// the words around them, so that applying the edit leaves one well-formed reply. Words the
// draft should not have are replaced where they stand; an acknowledgement opens the reply,
// after its greeting; a reassurance follows the acknowledgement; a next step or a question
// ends it. Punctuation, spaces and capitals are joined at both ends of the edit.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "engine.hpp"
#include "text.hpp"

namespace empathy {

namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool full_stop(char c) { return c == '.' || c == '!' || c == '?'; }
bool joiner(char c) { return c == ',' || c == ';' || c == ':'; }

// Ends a sentence: . ! ? or an ellipsis.
bool ends_sentence(std::string_view s) { return !s.empty() && (full_stop(s.back()) || s.ends_with("\u2026")); }

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && space(s[i])) ++i;
  return i;
}

std::size_t trim_end(std::string_view s, std::size_t end) {
  while (end > 0 && space(s[end - 1])) --end;
  return end;
}

// Upper case of a lower-case letter of ASCII or Latin-1; any other code point unchanged.
char32_t upper(char32_t c) {
  if (c >= U'a' && c <= U'z') return c - 32;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  return c;
}

// The first letter of s in upper or lower case, after any opening punctuation ("¿", "“").
// A lone "I" stays a capital.
std::string with_first_letter(std::string_view s, bool capital) {
  std::size_t i = 0;
  while (i < s.size()) {
    const text::Decoded d = text::decode(s, i);
    const char32_t lower = text::fold_case(d.code);
    const bool letter = lower != upper(lower) || lower != d.code;
    if (!letter) {
      if (d.code < 0x80 && std::isalnum(static_cast<unsigned char>(d.code))) break;  // a digit: leave it
      i += d.length;
      continue;
    }
    const bool pronoun_i = d.code == U'I' && (i + 1 == s.size() || !std::isalpha(static_cast<unsigned char>(s[i + 1])));
    const char32_t want = capital ? upper(lower) : pronoun_i ? d.code : lower;
    if (want == d.code) break;
    std::string out(s.substr(0, i));
    text::append_utf8(out, want);
    out += s.substr(i + d.length);
    return out;
  }
  return std::string(s);
}

// Words that join a clause to what follows: dropped from a clause that now ends a sentence.
constexpr std::array<std::string_view, 18> kConnectives{"and",  "but",  "so",   "or",   "then", "y",
                                                        "pero", "et",   "mais", "donc", "und",  "aber",
                                                        "oder", "also", "e",    "mas",  "ou",   "o"};

// draft[0, end) made to end a sentence: joining punctuation and a trailing connective
// dropped, a full stop added when the text ends in a word. Returns the new end and what
// to write from there.
std::pair<std::size_t, std::string> close_sentence(std::string_view draft, std::size_t end) {
  end = trim_end(draft, end);
  while (end > 0 && (joiner(draft[end - 1]) || draft[end - 1] == '-')) end = trim_end(draft, end - 1);
  std::size_t word = end;
  while (word > 0 && std::isalpha(static_cast<unsigned char>(draft[word - 1]))) --word;
  if (word < end && (word == 0 || space(draft[word - 1]) || joiner(draft[word - 1]))) {
    const std::string w = text::fold_word(draft.substr(word, end - word));
    for (std::string_view c : kConnectives)
      if (w == c) {
        end = trim_end(draft, word);
        while (end > 0 && joiner(draft[end - 1])) end = trim_end(draft, end - 1);
        break;
      }
  }
  if (end == 0) return {0, ""};
  return {end, ends_sentence(draft.substr(0, end)) ? " " : ". "};
}

// Whether draft[0, at) leaves the next word at the start of a sentence.
bool at_sentence_start(std::string_view draft, std::size_t at) {
  const std::size_t end = trim_end(draft, at);
  return end == 0 || ends_sentence(draft.substr(0, end)) || draft[end - 1] == '\n' ||
         (end < at && draft.substr(end, at - end).find('\n') != std::string_view::npos);
}

// Appends the first letter of draft[from..] in capitals when it is not one already,
// extending the edit over it. Returns the new end of the edit.
std::size_t capitalise_next(std::string_view draft, std::size_t from, std::string& text) {
  if (from >= draft.size()) return from;
  const text::Decoded d = text::decode(draft, from);
  const char32_t cap = upper(d.code);
  if (cap == d.code) return from;
  text::append_utf8(text, cap);
  return from + d.length;
}

// Replaces the words at span with the suggestion.
Edit replace(std::string_view draft, Span span, std::string_view suggestion) {
  // The span as words: no spaces or joining punctuation at its ends.
  std::size_t start = std::min(span.start, draft.size());
  std::size_t end = std::clamp(span.end, start, draft.size());
  while (start < end && (space(draft[start]) || joiner(draft[start]))) ++start;
  end = std::max(start, trim_end(draft, end));
  while (end > start && joiner(draft[end - 1])) end = trim_end(draft, end - 1);

  const bool sentence = ends_sentence(suggestion);
  const bool phrase = !suggestion.empty() && joiner(suggestion.back());
  std::string text;
  if (at_sentence_start(draft, start)) {
    text = with_first_letter(suggestion, true);
  } else if (sentence) {
    // A whole sentence in the middle of one: the words before it end their own sentence.
    auto [before_end, glue] = close_sentence(draft, start);
    start = before_end;
    text = glue + with_first_letter(suggestion, true);
  } else {
    if (start > 0 && !space(draft[start - 1])) text = ' ';  // a space after the word before
    text += with_first_letter(suggestion, false);
  }

  const std::size_t next = skip_spaces(draft, end);
  const std::string_view rest = draft.substr(next);
  if (sentence) {
    // Our sentence ends here: the draft's own stop or joining mark goes, and what follows
    // starts a sentence of its own.
    if (rest.empty()) return {{start, end}, text};
    std::size_t after = next;
    while (after < draft.size() && (full_stop(draft[after]) || joiner(draft[after]))) ++after;
    while (draft.substr(after).starts_with("\u2026")) after += 3;
    after = skip_spaces(draft, after);
    if (after >= draft.size()) return {{start, draft.size()}, text};
    text += ' ';
    return {{start, capitalise_next(draft, after, text)}, text};
  }
  if (phrase) {
    // A lead-in ("To put it another way,"): its mark replaces the draft's; before a full
    // stop or at the end, it has none.
    if (rest.empty() || full_stop(rest.front())) {
      text.pop_back();
      return {{start, next}, text};
    }
    if (joiner(rest.front())) {
      const std::size_t after = skip_spaces(draft, next + 1);
      return {{start, after}, text + (after < draft.size() ? " " : "")};
    }
    return {{start, next}, text + ' '};
  }
  if (!rest.empty() && end == next && !full_stop(rest.front()) && !joiner(rest.front())) text += ' ';
  return {{start, end}, text};
}

// Where an acknowledgement opens the reply: after a greeting that opens it ("Hi Dana, "),
// else at its start. A reassurance (Placement::next) goes after the sentences that open the
// reply by acknowledging the customer, so that the feeling still comes first.
Edit open_with(std::string_view draft, std::string_view suggestion, const std::optional<Span>& greeting,
               const std::vector<Span>& acknowledgements, bool after_acknowledgements) {
  const std::size_t first = skip_spaces(draft, 0);
  std::size_t at = first;
  std::string text;
  if (greeting && greeting->start <= first + 1 && greeting->end <= draft.size()) {
    // The greeting's clause: up to its first mark, if that comes soon ("Hi there Dana,").
    constexpr std::size_t kReach = 40;
    std::size_t mark = greeting->end;
    while (mark < draft.size() && mark < greeting->end + kReach && !joiner(draft[mark]) && !full_stop(draft[mark]) &&
           draft[mark] != '\n')
      ++mark;
    if (mark < draft.size() && mark < greeting->end + kReach) {
      while (mark < draft.size() && (joiner(draft[mark]) || full_stop(draft[mark]))) ++mark;
      at = mark;
      text = " ";
    } else {
      // No mark: the greeting and a name after it ("Hi Dana I'll ...") get a comma.
      at = greeting->end;
      const std::size_t name = skip_spaces(draft, at);
      std::size_t word = name;
      while (word < draft.size() && !space(draft[word]) && !joiner(draft[word]) && !full_stop(draft[word])) ++word;
      const bool capital = name < draft.size() && std::isupper(static_cast<unsigned char>(draft[name]));
      const bool pronoun = draft.substr(name, word - name) == "I" || draft.substr(name).starts_with("I'") ||
                           draft.substr(name).starts_with("I\u2019");
      if (capital && !pronoun && word < draft.size()) at = word;
      text = ", ";
    }
  }
  if (after_acknowledgements) {
    for (std::size_t from = skip_spaces(draft, at);;) {
      std::size_t stop = from;
      while (stop < draft.size() && !full_stop(draft[stop]) && draft[stop] != '\n') ++stop;
      while (stop < draft.size() && full_stop(draft[stop])) ++stop;
      const bool acknowledges = std::any_of(acknowledgements.begin(), acknowledgements.end(),
                                            [&](const Span& s) { return s.start >= from && s.start < stop; });
      if (!acknowledges || stop == from) break;
      at = stop;
      text = ends_sentence(draft.substr(0, stop)) ? " " : ". ";
      from = skip_spaces(draft, stop);
    }
  }
  text += with_first_letter(suggestion, true);
  const std::size_t next = skip_spaces(draft, at);
  if (next >= draft.size()) return {{at, draft.size()}, text};
  text += ' ';
  const std::size_t end = ends_sentence(suggestion) ? capitalise_next(draft, next, text) : next;
  return {{at, end}, text};
}

// Where a next step or a question ends the reply: after its last sentence.
Edit close_with(std::string_view draft, std::string_view suggestion) {
  std::size_t end = trim_end(draft, draft.size());
  if (end == 0) return {{0, draft.size()}, with_first_letter(suggestion, true)};
  std::string text;
  const std::size_t last = end;
  while (end > 0 && joiner(draft[end - 1])) --end;
  const std::string_view kept = draft.substr(0, end);
  const auto last_byte = static_cast<unsigned char>(kept.empty() ? ' ' : kept.back());
  // A word, a digit or a closing bracket ends without a stop: add one. An emoji or other
  // symbol already closes the sentence as agents write it.
  if (!ends_sentence(kept) && (std::isalnum(last_byte) || last_byte == ')' || last_byte == '"' || last_byte == '\'' ||
                               end < last || kept.ends_with("\u2019")))
    text = ".";
  text += ' ';
  text += with_first_letter(suggestion, true);
  return {{end, draft.size()}, text};
}

}  // namespace

std::optional<Edit> plan_edit(std::string_view draft, const std::optional<Span>& span, Placement place,
                              std::string_view suggestion, const std::optional<Span>& greeting,
                              const std::vector<Span>& acknowledgements) {
  if (suggestion.empty()) return std::nullopt;
  if (span) return replace(draft, *span, suggestion);
  if (place == Placement::end) return close_with(draft, suggestion);
  return open_with(draft, suggestion, greeting, acknowledgements, place == Placement::next);
}

}  // namespace empathy
