// The compiled model: everything the engine knows that is data, not code.
// core/models/en.json is its source; load_model() validates and compiles it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "classifier.hpp"
#include "empathy/empathy.hpp"
#include "language.hpp"
#include "learned.hpp"
#include "matcher.hpp"

namespace empathy {

enum class Side { agent, customer };

// One lexicon entry: a behaviour (agent side) or an emotion or risk cue (customer side).
struct Entry {
  std::string id;
  Side side = Side::agent;
  std::optional<Family> family;  // agent side; none for masks
  int polarity = 1;
  double weight = 0;          // evidence (agent) or intensity contribution (customer)
  std::string emotion;        // customer side: an emotion id, or empty
  std::string risk;           // customer side: a risk id, or empty
  bool keep_negated = false;  // a negator before it does not cancel it
  bool signal = false;        // family "none" and not a mask: seen by nudge rules only
};

// 100 * sigmoid(bias + sum of weights[f] * evidence[f]) gives a 0..100 value.
struct Logistic {
  double bias = 0;
  std::array<double, kFamilyCount> families{};
};

// Two logistic models: one when the customer's state calls for empathy, one when not.
struct ByNeed {
  Logistic needed;
  Logistic not_needed;
  const Logistic& pick(bool needs_empathy) const { return needs_empathy ? needed : not_needed; }
};

struct Thresholds {
  double level_weak = 0.3;                                              // family evidence for level 1
  double level_strong = 1.0;                                            // family evidence for level 2
  std::array<std::pair<double, double>, kFamilyCount> family_levels{};  // per family (weak, strong)
  double evidence_cap = 2.0;                                 // family evidence counted at most this much in scores
  std::unordered_map<std::string, double> empathy_emotions;  // emotion -> intensity that needs empathy
  double reflection_min = 2.0;                               // summed rarity of shared words for a reflection
  double reflection_weight = 0.6;
  double apology_specific_weight = 1.0;
  double open_question_weight = 0.5;
  double repeated_phrase_weight = 0.8;
  int repeated_phrase_min_tokens = 3;
  double rushed_urgency = 0.4;  // customer urgency at which long replies hurt
  std::size_t rushed_long_bytes = 280;
  double long_reply_weight = 0.8;
  double shouting_ratio = 0.7;  // capitals / letters in a draft that shouts
  std::size_t shouting_min_letters = 12;
  double shouting_weight = 0.8;
  double name_used_weight = 0.3;
  int negation_window = 3;      // tokens before a match in which a negator cancels it
  double customer_decay = 0.5;  // weight of customer turns per agent turn since
  int customer_window = 3;      // agent turns back to read the customer's emotions
  double intensifier_boost = 1.4;
  double caps_boost = 1.3;
  double exclamation_boost = 1.3;
  double shouting_frustration = 0.5;  // added to frustration when a customer writes in capitals
  double emotion_min = 0.1;           // weaker emotions are not reported
};

struct ConversationWeights {
  double base = 1;             // weight of an agent turn
  double needed = 2;           // added when the moment needed empathy
  double risk = 1;             // added when a risk topic is present
  double missed_penalty = 10;  // points off per missed moment
  double missed_high_risk_penalty = 20;
  double slow_reply_ms = 300000;  // a reply later than this is slow
  double slow_reply_penalty = 3;
};

// In a nudge's message, the words of the draft its evidence matched (rules with
// when.behavior only), so that a message quotes only what the agent wrote.
inline constexpr std::string_view kSpanPlaceholder = "{span}";

// Where a suggestion goes when its nudge is not about words of the draft: an
// acknowledgement opens the reply (after a greeting), a reassurance comes next (after the
// acknowledgements that open it), a next step or a question ends it.
enum class Placement : std::uint8_t { start, next, end };

// A nudge rule: when every condition holds, the nudge is shown.
struct NudgeRule {
  std::string id;
  NudgeKind kind = NudgeKind::tip;
  std::optional<Family> family;
  double priority = 0;
  std::string message;
  std::optional<std::string> suggestion;
  // The suggestion in words for the customer's state: the first of these whose key (a risk
  // of the customer, in the customer's order, then an emotion, strongest first) is present.
  std::vector<std::pair<std::string, std::string>> suggestion_for;
  Placement place = Placement::start;    // rules without when.behavior; the others replace their span
  std::vector<std::string> behavior;     // any of these behaviours is present (span from it)
  std::vector<std::string> no_behavior;  // none of these is present
  std::vector<std::string> emotion;      // the customer shows any of these
  double min_intensity = 0;
  std::vector<std::string> risk;     // any of these risks is present
  std::vector<std::string> no_risk;  // none of these risks is present
  std::string group;                 // of the rules in one group, only the most important shows
  std::optional<bool> needs_empathy;
  std::vector<std::pair<Family, int>> family_at_least;
  std::vector<std::pair<Family, int>> family_below;
  bool draft_empty = false;  // fires only on an empty draft (else only on non-empty)
  int min_words = 0;
  std::optional<bool> misses_need;  // the draft leaves the customer's need unmet (see misses_need())
};

// How a writer-side classifier output ("caring") becomes a behaviour of the draft.
struct WriterSignal {
  std::size_t output = 0;  // index into the classifier's outputs
  Family family = Family::emotional_reaction;
  double weight = 0;  // evidence at probability 1, scaled down to 0 at the threshold
};

struct Context;

struct Model {
  int version = 0;
  std::string language;
  std::vector<Entry> entries;
  Matcher agent;
  Matcher customer;
  WordSet negators;
  WordSet intensifiers;
  WordSet stopwords;
  WordSet procedural;  // words that make a question procedural
  WordSet problems;    // words that name what went wrong
  WordSet question_words;
  WordSet address_words;  // words that address the customer ("you", "your"): an open question has one
  Thresholds thresholds;
  ByNeed score;
  std::array<ByNeed, 4> components;  // activeListening, emotionalRecognition, supportiveResponses, genuineTone
  ConversationWeights conversation;
  std::vector<NudgeRule> nudges;
  Classifier classifier;                 // customer emotions and writer-side signals, if trained
  double classifier_emotion_weight = 0;  // customer emotion evidence at probability 1
  std::vector<WriterSignal> writer;
  Learned learned;            // the learned judgement, if trained (learned.hpp)
  LanguageModel language_id;  // which language a text is in, if trained (language.hpp)
  // read_context() of a request without history, read once when the model loads: it
  // depends on the model alone, and most requests (a first reply, a benchmark) have none.
  std::shared_ptr<const Context> no_history;
};

// A text as this model reads it: English contractions are expanded for an English model
// only ("im" is a German word, "j'ai" one French token).
inline text::Analysis analyze(const Model& model, std::string_view text) {
  return text::analyze(text, model.language == "en");
}

}  // namespace empathy
