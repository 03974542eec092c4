// empathy-coach: scores a customer-service agent's reply for empathy, in the
// context of the conversation before it, and says why.
//
// Usage:
//   auto loaded = empathy::load_model(empathy::default_model_json());
//   if (!loaded.error.empty()) { /* the model file is bad: loaded.error names the key */ }
//   empathy::Request request;
//   request.history.push_back({empathy::Role::customer, "My order never arrived!!", {}});
//   request.draft = "I'm sorry it hasn't arrived. Let me check where it is.";
//   empathy::Result result = empathy::score(*loaded.model, request);
//   // result.score (0..100), result.families, result.behaviors, result.nudges ...
//
// Everything here is pure: no I/O, no global state, no exceptions. Spans are byte
// offsets into UTF-8 text; json.hpp converts them to UTF-16 code units for JS.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace empathy {

enum class Role { customer, agent, bot };

// One message of a conversation. time: milliseconds since the Unix epoch, if known.
struct Turn {
  Role role = Role::customer;
  std::string text;
  std::optional<std::int64_t> time;
};

// A draft (or sent) agent message to score, with the conversation before it.
struct Request {
  std::vector<Turn> history;
  std::string draft;
  std::optional<std::int64_t> time;  // when the draft is (to be) sent, ms since epoch
  std::string customer_name;         // empty when unknown

  // For live coaching while the agent types:
  bool typing = false;             // the draft is being typed: its unfinished last word is ignored
  std::vector<std::string> shown;  // ruleIds of the nudges on screen: kept while they still hold
  std::vector<std::string> allow;  // ruleIds the agent or team silenced (as in alex's allow)
};

// A whole conversation; every agent turn is scored against the turns before it.
struct Conversation {
  std::string id;
  std::vector<std::pair<std::string, std::string>> meta;  // team, channel, shift, agent ...
  std::vector<Turn> turns;
  std::string customer_name;
};

// [start, end) in UTF-8 bytes of the text it refers to (UTF-16 units once converted).
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

// The eight behaviour families of SPEC §1.1, in their fixed order.
enum class Family {
  emotional_reaction,
  interpretation,
  exploration,
  reassurance,
  inclusive,
  politeness,
  dismissive,
  scripted,
};
inline constexpr std::size_t kFamilyCount = 8;
std::string_view family_name(Family family);  // "emotional-reaction", ...
std::optional<Family> family_from_name(std::string_view name);
bool is_negative(Family family);  // dismissive and scripted

// One thing the draft does, with the evidence for it.
struct Behavior {
  std::string id;  // e.g. "apology-specific", "calm-down"
  Family family = Family::politeness;
  int polarity = 1;   // +1 helps empathy, -1 hurts it
  double weight = 0;  // evidence strength of this one occurrence, 0..1
  Span span;          // in the draft
};

struct FamilyResult {
  int level = 0;  // 0 none, 1 weak, 2 strong
  std::vector<Span> spans;
  std::optional<double> probability;  // how strongly the whole reply shows it, 0..1, by the learned
                                      // family model (absent without one); level is the lexicon's
};

// An emotion of the customer's, found in one of their recent messages.
struct Emotion {
  std::string id;        // frustration, anxiety, confusion, sadness, urgency, gratitude
  double intensity = 0;  // 0..1
  int turn = -1;         // index into the history of the message the spans refer to
  std::vector<Span> spans;
};

struct CustomerState {
  std::vector<Emotion> emotions;  // strongest first
  std::vector<std::string> risk;  // bereavement, health, financial-hardship, ...
  bool needs_empathy = false;
  std::string language = "und";  // of the customer's latest messages (ISO 639-1), or "und"
};

// The four components of empathetic service, each 0..100.
struct Components {
  int active_listening = 0;
  int emotional_recognition = 0;
  int supportive_responses = 0;
  int genuine_tone = 0;
};

enum class Band { low, fair, good };
std::string_view band_name(Band band);
Band band_of(int score);  // low < 40 <= fair < 70 <= good

enum class NudgeKind { warning, tip, praise };
std::string_view nudge_kind_name(NudgeKind kind);

// A change to the draft: replace draft[span.start, span.end) with text. Bytes in the core,
// UTF-16 code units in JSON, like every span.
struct Edit {
  Span span;
  std::string text;
};

// What the agent sees: a warning, a tip or praise, about a span of the draft if any.
struct Nudge {
  std::string rule_id;
  NudgeKind kind = NudgeKind::tip;
  std::optional<Family> family;
  std::string message;
  std::optional<Span> span;
  std::optional<std::string> suggestion;
  // The suggestion as an edit of the draft that leaves one well-formed reply (SPEC §2.1).
  std::optional<Edit> edit;
};

// What one sentence of the draft adds to the learned score: the score with the sentence's
// words, bigrams and behaviours, minus the score without them, in points (may be negative).
struct Contribution {
  Span span;  // the sentence
  int points = 0;
};

// The result of scoring one message (SPEC §2.1).
struct Result {
  int score = 0;  // 0..100
  Band band = Band::low;
  bool needs_empathy = false;
  std::string language = "und";  // ISO 639-1 code of the draft (of the customer while the draft is too short), or "und"
  // False when the draft's or the customer's language is not the model's: then the result
  // says only that (and the languages); score, band, components and nudges are not given.
  bool supported = true;
  Components components;
  std::array<FamilyResult, kFamilyCount> families{};
  std::vector<Behavior> behaviors;          // in order of their spans
  std::vector<Contribution> contributions;  // per sentence, with a learned score; in order
  CustomerState customer;
  std::vector<Nudge> nudges;  // at most three, most important first
  // Rules of request.allow whose conditions held: silenced, not shown (the caller may say so).
  std::vector<std::string> silenced;
  // While the agent types: the unfinished last word scoring ignored ("Please calm dow"),
  // empty (at the draft's end) when the draft was read whole.
  Span unfinished;
  std::size_t unfinished_bytes = 0;  // its length in UTF-8 bytes (the span turns to UTF-16 in JSON)
};

// One reason a conversation scores less than its replies' weighted mean.
struct Penalty {
  std::string_view flag;  // missed-empathy, missed-empathy-high-risk or slow-reply (static text)
  std::size_t turn = 0;   // the reply it is taken for
  int points = 0;
  std::string reason;  // in words, for the person reading the score
};

// How a conversation's score is made (README, "How the score works"): each reply the model
// reads counts with a weight; the score is their weighted mean minus the penalties,
// rounded and kept within 0..100.
struct ConversationParts {
  struct Reply {
    std::size_t turn = 0;
    int score = 0;
    double weight = 0;  // base, + needed when the moment needed empathy, + risk
  };
  std::vector<Reply> replies;
  double mean = 0;  // the weighted mean of the replies' scores (0 without replies)
  std::vector<Penalty> penalties;
};

struct ConversationResult {
  std::string id;
  int score = 0;
  Band band = Band::low;
  bool needs_empathy = false;
  std::string language = "und";  // the language most of its replies are in, or "und"
  bool supported = true;         // false when no reply was in a language the model speaks
  Components components;
  std::vector<std::string> flags;                     // missed-empathy, missed-empathy-high-risk, slow-reply
  std::vector<std::pair<std::size_t, Result>> turns;  // index of each agent turn, its result
  std::vector<std::pair<std::string, std::string>> meta;
  ConversationParts parts;  // why it scores what it does
};

// A compiled model: lexicon automata, weights, thresholds, nudge catalogue. Immutable.
struct Model;
struct LanguageGuess;  // internal: what language identification read of a text

struct ModelLoad {
  std::shared_ptr<const Model> model;  // null when error is set
  std::string error;                   // names the key path and what was expected
};

// Parses, validates and compiles a model file (JSON text).
ModelLoad load_model(std::string_view json_text);

// Merges an overlay (a JSON object) over a base model's JSON, then loads the result.
// An overlay's "packs" key is left out: {"packs": {"es": {...}}} is for the Spanish pack.
ModelLoad load_model(std::string_view base_json, std::string_view overlay_json);

// Loads a language pack with the part of an overlay written for its language (the
// overlay's "packs".<language>, merged the same way), or as it is when there is none.
ModelLoad load_pack(std::string_view pack_json, std::string_view overlay_json);

// The default English model (core/models/en.json), built into the library.
std::string_view default_model_json();

Result score(const Model& model, const Request& request);

// What scoring read from a conversation's history, kept for the next draft: while an
// agent types, every keystroke's request has the same history, and reading it (the
// customer's emotions, risks and words, the earlier replies) is most of the work. A
// cache belongs to one caller (one scorer handle); results are the same with or without.
class Cache {
 public:
  Cache();
  ~Cache();
  Cache(Cache&&) noexcept;
  Cache& operator=(Cache&&) noexcept;
  void clear();  // call when the model changes (a new model may reuse the old one's address)

 private:
  friend Result score_cached(const Model&, const Request&, Cache&, const LanguageGuess*);
  struct Entry;
  std::unique_ptr<Entry> entry_;
};

Result score(const Model& model, const Request& request, Cache& cache);
ConversationResult score_conversation(const Model& model, const Conversation& conversation);

// The language a model reads (ISO 639-1): "en" for the default model.
const std::string& model_language(const Model& model);

// A base model and the language packs beside it (models of other languages, such as
// core/models/es.json). Each request is scored by the pack of the language its draft is
// clearly in (or, while the draft is too short to tell, its customer's latest messages),
// as the base model's language identification reads it; every other request by the base
// model. Without packs, exactly the base model.
class Models {
 public:
  explicit Models(std::shared_ptr<const Model> base);
  // Adds a pack, replacing one of the same language. Returns an error (and adds nothing)
  // when the pack is in the base model's language.
  std::string add(std::shared_ptr<const Model> pack);
  // Adds a pack of a language that is loaded on first use, by load() (once, thread-safe;
  // a null model leaves that language unsupported): a pack costs nothing until a request
  // in its language arrives. Copies of this Models share the loaded pack.
  std::string add(std::string language, std::function<std::shared_ptr<const Model>()> load);
  const Model& base() const { return *base_; }
  const Model& for_request(const Request& request) const;
  // The languages spoken: the base model's, then each pack's.
  std::vector<std::string> languages() const;

 private:
  // for_request(), and what it read of the draft's language (against the base model's).
  const Model& pick(const Request& request, LanguageGuess& draft) const;
  friend Result score(const Models&, const Request&);
  friend Result score(const Models&, const Request&, Cache&);
  friend ConversationResult score_conversation(const Models&, const Conversation&);
  struct Pack;
  std::string add(std::shared_ptr<Pack> pack);
  std::shared_ptr<const Model> base_;
  std::vector<std::shared_ptr<Pack>> packs_;
};

Result score(const Models& models, const Request& request);
Result score(const Models& models, const Request& request, Cache& cache);
// Each reply by the model for_request() picks for it: a conversation may change language.
ConversationResult score_conversation(const Models& models, const Conversation& conversation);

}  // namespace empathy
