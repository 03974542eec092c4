// The steps of scoring one message, each in its own file:
// customer.cpp (customer state) -> features.cpp (behaviours) -> score.cpp (families,
// scores) -> nudge.cpp (nudges). score.cpp holds the public score() that runs them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "empathy/empathy.hpp"
#include "model.hpp"
#include "text.hpp"

namespace empathy {

// std::stable_sort's order without the buffer it allocates: an insertion sort, for the
// few nudges or behaviours of one draft.
template <typename It, typename Less>
void stable_sort_few(It first, It last, Less less) {
  for (It i = first; i != last; ++i) {
    auto value = std::move(*i);
    It j = i;
    for (; j != first && less(value, *(j - 1)); --j) *j = std::move(*(j - 1));
    *j = std::move(value);
  }
}

// Turns of history read back from the draft (emotions, risk topics, repeated phrases).
inline constexpr std::size_t kContextTurns = 40;
inline constexpr std::size_t kMaxPhraseTokens = 24;  // longer phrases are not checked for repeats
inline constexpr std::size_t kTrigramPlaces = 16;    // places kept per run of three tokens

// FNV-1a over three words with a separator: the key of a run of three tokens.
inline std::uint64_t trigram_hash(std::string_view a, std::string_view b, std::string_view c) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::string_view w : {a, b, c}) {
    for (unsigned char ch : w) h = (h ^ ch) * 1099511628211ull;
    h = (h ^ 0xFFu) * 1099511628211ull;
  }
  return h;
}

// What the draft is read against: the customer's recent words, and earlier agent turns.
struct Context {
  CustomerState customer;
  std::unordered_map<std::string, double> customer_words;  // stem -> rarity weight
  double urgency = 0;                                      // customer urgency intensity
  double need = 0;    // probability that the moment needs empathy (0 or 1 without a learned model)
  double danger = 0;  // 1 when the customer is in danger or despair, or urgent; else 0
  // The earlier replies' normalised tokens, and where each run of three tokens starts
  // (at most kTrigramPlaces places per run): a phrase said again is found by its first
  // three tokens and checked token by token, whatever the replies' length.
  std::vector<std::vector<std::string>> earlier_tokens;
  std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> earlier_trigrams;
  LanguageGuess customer_language;  // of the customer's latest messages
};

// The language of a result: the draft's (the customer's while the draft is too short to
// tell, else "und"), and whether the model reads both the draft and the customer. A text leaves the
// model's language only when another is clearly ahead of it (languageId's leaveMargin
// and leaveLetters): a short "Get over it." stays English. A text mostly in another
// script ("Спасибо за ожидание") leaves it too, as "und": no model reads it.
struct Languages {
  std::string_view draft = "und";
  bool supported = true;
};
// score(model, request, cache) with the draft's language already read (or null).
Result score_cached(const Model& model, const Request& request, Cache& cache, const LanguageGuess* guess);

// guess: the draft's, when the caller has it already (against the model's language).
Languages read_languages(const Model& model, const Context& ctx, std::string_view draft,
                         const LanguageGuess* guess = nullptr);

// Whether a guess is clearly another language than the model's: a lead over the model's
// own of leave_margin or more, over leave_letters letters and leave_words words.
bool leaves(const Model& model, const LanguageGuess& guess);

// The customer's latest messages, most recent first, up to what language identification reads.
std::string latest_customer_text(const std::vector<Turn>& history);

// The summed rarity of the customer's words that tokens [first, last) of the draft use
// again, each stem once.
double shared_rarity(const Model& model, const Context& ctx, const text::Analysis& a, std::size_t first,
                     std::size_t last);

// Drops matches that a negator cancels ("not sorry"), unless their entry keeps them;
// dropped, when given, receives them in their order.
void drop_negated(const Model& model, const std::vector<text::Token>& tokens, std::vector<Match>& matches,
                  std::vector<Match>* dropped = nullptr);

Context read_context(const Model& model, const Request& request);

// A lexicon match that belongs to no family ("jargon"): not scored, but nudge rules see it.
struct Signal {
  std::string_view id;  // the model entry's id: valid while the model is
  Span span;
};

// What one score() call works in, kept from call to call on the same thread (scratch()):
// the vectors keep their capacity, so a call allocates none of them once they have grown
// to the longest draft seen. Each member has one user; none calls another's.
struct Scratch {
  text::Analysis draft;                                      // score_with(): the draft's reading
  std::vector<Feature> reply, words;                         // score_with(): the learned models' features
  std::vector<double> by_sentence;                           // score_with(): each sentence's share of the logit
  std::vector<Match> matches;                                // find_behaviors(): the lexicon's matches
  Matcher::Buffers matcher;                                  // find_behaviors(): Matcher::find()'s
  std::vector<std::pair<std::size_t, std::size_t>> apology;  // specify_apologies(): span start -> index
  std::vector<std::uint8_t> shown, taken;                    // families by sentence
  std::vector<std::uint32_t> sentence_features;              // find_writer_signals(): one sentence's

  // Gives back every buffer that grew past kKeep bytes, so a 1 MB draft's working memory
  // (about 30 MB) goes when its call ends, as the scorer's memory must stay flat; a reply
  // of a few thousand characters stays well under and keeps its buffers.
  static constexpr std::size_t kKeep = 256 * 1024;
  void release_large();
};
Scratch& scratch();  // this thread's

struct Features {
  std::vector<Behavior> behaviors;  // in order of their spans
  std::vector<Signal> signals;
};

// The length of the draft that counts: all of it, or while typing, up to the end of its
// last complete word ("Please calm do" counts as "Please calm ").
std::size_t settled_length(const Request& request);

Features find_behaviors(const Model& model, const Request& request, const Context& context,
                        const text::Analysis& draft);

// The reply would leave a need of the customer's unmet: it neither reacts to the feeling
// nor shows understanding beyond echoing words, and (with a learned score) it scores below
// learned.acknowledged. Whether the moment needs empathy is the caller's to ask. The
// conversation's missed-empathy flag and the nudges that say so share this one test.
bool misses_need(const Model& model, const Result& result);

// The reply reacts to the feeling or shows understanding beyond echoing words.
bool acknowledges_in_words(const Result& result);

// A conversation score's parts, as score_conversation finds them (explain.cpp words the
// penalties: which reply missed what the customer showed in messages first_customer..reply-1,
// naming the high risk that made it one when `risk` is not empty, or came late).
void add_reply(ConversationParts& parts, std::size_t turn, int score, double weight);
void add_missed(ConversationParts& parts, const CustomerState& now, std::string_view risk, std::size_t first_customer,
                std::size_t reply, double points);
void add_slow(ConversationParts& parts, std::int64_t waited_ms, double slow_ms, std::size_t reply, double points);

// The edit that puts a suggestion into the draft (edit.cpp): replacing the words at span,
// or, without one, where the rule places it: opening the reply after its greeting, after
// its opening acknowledgements (spans of the draft's positive emotional-reaction and
// interpretation behaviours), or ending it.
std::optional<Edit> plan_edit(std::string_view draft, const std::optional<Span>& span, Placement place,
                              std::string_view suggestion, const std::optional<Span>& greeting,
                              const std::vector<Span>& acknowledgements);

// The nudges of the draft (nudge.cpp), at most three; the rules of request.allow that
// would have fired go to silenced.
std::vector<Nudge> choose_nudges(const Model& model, const Request& request, const Result& result,
                                 const std::vector<Signal>& signals, const text::Analysis& draft,
                                 std::vector<std::string>& silenced);

}  // namespace empathy
