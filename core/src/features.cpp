// Behaviours: what the draft does, each with its family, polarity, weight and span.
// Lexicon matches first, then what phrases cannot see: reflection of the customer's
// words, specific apologies, open questions, repetition, length, capitals, the name.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "engine.hpp"

namespace empathy {

namespace {

constexpr std::size_t kApologyLookahead = 12;  // tokens after an apology that may name the problem

Span span_of(const text::Analysis& a, std::uint32_t first, std::uint32_t last) {
  return {a.tokens[first].start, a.tokens[last - 1].end};
}

Behavior make(std::string id, Family family, double weight, Span span) {
  return {std::move(id), family, is_negative(family) ? -1 : 1, weight, span};
}

// For each sentence, a bit per family with a behaviour inside that sentence: built in one
// pass, so that asking sentence by sentence stays linear in the draft. add_families_by_sentence
// adds the bits of more behaviours to bits.
void add_families_by_sentence(const text::Analysis& a, const std::vector<Behavior>& behaviors,
                              std::vector<std::uint8_t>& bits) {
  for (const auto& b : behaviors) {
    const auto t = std::lower_bound(a.tokens.begin(), a.tokens.end(), b.span.start,
                                    [](const text::Token& tok, std::size_t at) { return tok.start < at; });
    if (t == a.tokens.end() || t->start != b.span.start) continue;
    const auto& s = a.sentences[t->sentence];
    if (b.span.end <= s.end) bits[t->sentence] |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(b.family));
  }
}

// The same into bits (cleared first).
void families_by_sentence(const text::Analysis& a, const std::vector<Behavior>& behaviors,
                          std::vector<std::uint8_t>& bits) {
  bits.assign(a.sentences.size(), 0);
  add_families_by_sentence(a, behaviors, bits);
}

bool has_family(const std::vector<std::uint8_t>& bits, std::size_t sentence, Family family) {
  return (bits[sentence] >> static_cast<unsigned>(family)) & 1u;
}

// "apology" becomes "apology-specific" when the rest of its sentence names what went
// wrong: a word the customer used, or a word for a problem ("delay", "charge").
void specify_apologies(const Model& model, const Context& ctx, const text::Analysis& a, std::vector<Match>& matches,
                       std::vector<Behavior>& out) {
  // Span start -> index in out of the first "apology" there: a few pairs, searched in
  // order, kept from call to call on this thread (no allocation once grown).
  auto& apology_at = scratch().apology;
  apology_at.clear();
  const auto apology_index = [&](std::size_t start) {
    return std::find_if(apology_at.begin(), apology_at.end(), [&](const auto& p) { return p.first == start; });
  };
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i].id == "apology" && apology_index(out[i].span.start) == apology_at.end())
      apology_at.emplace_back(out[i].span.start, i);
  if (apology_at.empty()) return;
  for (const Match& m : matches) {
    const Entry& e = model.entries[m.entry];
    if (e.id != "apology") continue;
    const auto sentence = a.tokens[m.first].sentence;
    std::uint32_t named = 0;
    for (std::uint32_t i = m.last; i < a.tokens.size() && i < m.last + kApologyLookahead; ++i) {
      const auto& t = a.tokens[i];
      if (t.sentence != sentence) break;
      if (model.stopwords.count(t.norm, t.hash)) continue;
      if (model.problems.count(t.norm, t.hash) || ctx.customer_words.count(text::stem(t.norm))) named = i + 1;
    }
    if (named == 0) continue;
    const auto it = apology_index(a.tokens[m.first].start);
    if (it == apology_at.end()) continue;
    Behavior& b = out[it->second];
    b.id = "apology-specific";
    b.weight = model.thresholds.apology_specific_weight;
    b.span.end = a.tokens[named - 1].end;
  }
}

// A sentence that reuses the customer's own rarer words shows they were heard.
void find_reflection(const Model& model, const Context& ctx, const text::Analysis& a, std::vector<Behavior>& out) {
  if (ctx.customer_words.empty()) return;
  for (const auto& s : a.sentences) {
    const double shared = shared_rarity(model, ctx, a, s.first_token, s.end_token);
    if (shared >= model.thresholds.reflection_min && !s.question)
      out.push_back(make("reflection", Family::interpretation,
                         std::min(1.0, model.thresholds.reflection_weight * shared / model.thresholds.reflection_min),
                         {s.start, s.end}));
  }
}

// Questions that invite the customer to say more, told apart from procedural ones
// ("what's your account number?").
// A question that asks for data ("account", "number", "email") rather than about them.
bool procedural_question(const Model& model, const text::Analysis& a, const text::Sentence& s) {
  if (!s.question) return false;
  for (std::size_t i = s.first_token; i < s.end_token; ++i)
    if (model.procedural.count(a.tokens[i].norm, a.tokens[i].hash)) return true;
  return false;
}

void find_open_questions(const Model& model, const text::Analysis& a, std::vector<Behavior>& out) {
  // Most drafts ask nothing: then there is nothing to look for, nor to build.
  if (std::none_of(a.sentences.begin(), a.sentences.end(), [](const text::Sentence& s) { return s.question; })) return;
  auto& shown = scratch().shown;
  families_by_sentence(a, out, shown);
  for (std::size_t k = 0; k < a.sentences.size(); ++k) {
    const auto& s = a.sentences[k];
    if (!s.question || s.first_token == s.end_token || procedural_question(model, a, s)) continue;
    const Span span{s.start, s.end};
    if (has_family(shown, k, Family::exploration)) continue;
    bool addressed = false;
    const auto& first = a.tokens[s.first_token];
    bool opens = model.question_words.count(first.norm, first.hash) > 0;
    for (std::size_t i = s.first_token; i < s.end_token; ++i) {
      const auto& t = a.tokens[i];
      addressed = addressed || model.address_words.count(t.norm, t.hash) > 0;
      if (i > s.first_token && i < s.first_token + 3 && model.question_words.count(t.norm, t.hash)) opens = true;
    }
    if (opens && addressed)
      out.push_back(make("open-question", Family::exploration, model.thresholds.open_question_weight, span));
  }
}

// Writer-side signals of the trained classifier ("remorse", "curiosity"), sentence by
// sentence, for what the phrases missed: a sentence that already shows the family gets
// none, and a procedural question is no curiosity.
void find_writer_signals(const Model& model, const text::Analysis& a, const std::vector<Behavior>& negated,
                         std::vector<Behavior>& out) {
  if (model.writer.empty()) return;
  // The families shown in each sentence, or negated there ("I can't promise"): what the
  // phrases found before the signals below, which are appended after them.
  auto& taken = scratch().taken;
  families_by_sentence(a, out, taken);
  add_families_by_sentence(a, negated, taken);
  auto& f = scratch().sentence_features;  // one sentence's features at a time
  for (std::size_t k = 0; k < a.sentences.size(); ++k) {
    const auto& s = a.sentences[k];
    if (s.first_token == s.end_token || procedural_question(model, a, s)) continue;
    const Span span{s.start, s.end};
    Classifier::features(a.tokens, s.first_token, s.end_token, model.classifier.buckets(), model.negators, f);
    for (const auto& w : model.writer) {
      // A phrase of this family here was negated: the classifier may not undo that.
      if (has_family(taken, k, w.family)) continue;
      // At least even odds: a signal the agent sees highlighted must be more likely than not.
      const double floor = std::max(model.classifier.outputs()[w.output].threshold, 0.5);
      const auto& o = model.classifier.outputs()[w.output];
      // At a logit of 0 or less the probability is at most 0.5, not above the floor: no exp.
      const double x = model.classifier.logit(w.output, f);
      if (x <= 0) continue;
      const double p = sigmoid(x);  // as Classifier::probability
      if (p > floor) out.push_back(make("writer-" + o.id, w.family, w.weight * (p - floor) / (1 - floor), span));
    }
  }
}

// The same empathy phrase as in an earlier agent turn reads as a script.
void find_repeats(const Model& model, const Context& ctx, const text::Analysis& a, std::vector<Behavior>& out) {
  if (ctx.earlier_trigrams.empty()) return;
  std::vector<Behavior> repeats;
  const auto min_tokens =
      std::max<std::size_t>(3, static_cast<std::size_t>(model.thresholds.repeated_phrase_min_tokens));
  for (const auto& b : out) {
    if (b.polarity < 0 || b.id == "reflection" || b.family == Family::politeness) continue;
    // The tokens inside the span: tokens are in order of their start.
    const auto first =
        static_cast<std::size_t>(std::lower_bound(a.tokens.begin(), a.tokens.end(), b.span.start,
                                                  [](const text::Token& t, std::size_t at) { return t.start < at; }) -
                                 a.tokens.begin());
    std::size_t last = first;
    while (last < a.tokens.size() && a.tokens[last].end <= b.span.end && last - first <= kMaxPhraseTokens) ++last;
    const std::size_t n = last - first;
    if (n < min_tokens || n > kMaxPhraseTokens) continue;
    const auto places = ctx.earlier_trigrams.find(
        trigram_hash(a.tokens[first].norm, a.tokens[first + 1].norm, a.tokens[first + 2].norm));
    if (places == ctx.earlier_trigrams.end()) continue;
    const bool said = std::any_of(places->second.begin(), places->second.end(), [&](const auto& place) {
      const auto& words = ctx.earlier_tokens[place.first];
      if (place.second + n > words.size()) return false;
      for (std::size_t k = 0; k < n; ++k)
        if (words[place.second + k] != a.tokens[first + k].norm) return false;
      return true;
    });
    if (said)
      repeats.push_back(make("repeated-phrase", Family::scripted, model.thresholds.repeated_phrase_weight, b.span));
  }
  out.insert(out.end(), repeats.begin(), repeats.end());
}

}  // namespace

double shared_rarity(const Model& model, const Context& ctx, const text::Analysis& a, std::size_t first,
                     std::size_t last) {
  double shared = 0;
  if (ctx.customer_words.empty()) return shared;  // no customer words (no history): nothing to stem
  std::vector<std::string> seen;
  for (std::size_t i = first; i < last; ++i) {
    const auto& norm = a.tokens[i].norm;
    if (norm.size() < 3 || model.stopwords.count(norm, a.tokens[i].hash)) continue;
    std::string st = text::stem(norm);
    auto it = ctx.customer_words.find(st);
    if (it == ctx.customer_words.end() || std::find(seen.begin(), seen.end(), st) != seen.end()) continue;
    seen.push_back(std::move(st));
    shared += it->second;
  }
  return shared;
}

std::size_t settled_length(const Request& request) {
  // While the agent types, the trailing word is unfinished; a draft that ends in a space,
  // punctuation or an emoji is settled.
  return request.typing ? text::trailing_word_start(request.draft) : request.draft.size();
}

Features find_behaviors(const Model& model, const Request& request, const Context& ctx, const text::Analysis& a) {
  const Thresholds& th = model.thresholds;
  Features features;
  std::vector<Behavior>& out = features.behaviors;
  Scratch& scratch = empathy::scratch();
  auto& matches = scratch.matches;
  model.agent.find(a.tokens, matches, scratch.matcher);
  std::vector<Behavior> negated;  // what a negator cancelled, so that nothing brings it back
  {
    std::vector<Match> dropped;  // allocates only when a negator cancels a match
    drop_negated(model, a.tokens, matches, &dropped);
    for (const Match& m : dropped) {
      const Entry& e = model.entries[m.entry];
      if (e.family) negated.push_back(make(e.id, *e.family, e.weight, span_of(a, m.first, m.last)));
    }
  }
  out.reserve(matches.size() + 8);  // the matches and the few behaviours found below
  for (const Match& m : matches) {
    const Entry& e = model.entries[m.entry];
    if (e.family) out.push_back({e.id, *e.family, e.polarity, e.weight, span_of(a, m.first, m.last)});
    else if (e.signal) features.signals.push_back({e.id, span_of(a, m.first, m.last)});
    // else a mask: it only hides what it covers
  }
  specify_apologies(model, ctx, a, matches, out);
  find_reflection(model, ctx, a, out);
  find_open_questions(model, a, out);
  find_writer_signals(model, a, negated, out);
  find_repeats(model, ctx, a, out);

  // A long reply to a customer in a hurry: the preamble keeps them waiting.
  const std::size_t length = a.sentences.empty() ? 0 : a.sentences.back().end;
  if (ctx.urgency >= th.rushed_urgency && length > th.rushed_long_bytes && !a.sentences.empty())
    out.push_back(make("long-reply-to-rushed", Family::scripted, th.long_reply_weight,
                       {a.sentences.front().start, a.sentences.front().end}));

  // A draft in capitals shouts.
  if (a.letters >= th.shouting_min_letters &&
      static_cast<double>(a.capitals) >= th.shouting_ratio * static_cast<double>(a.letters))
    out.push_back(make("shouting", Family::dismissive, th.shouting_weight, {0, length}));

  // Using the customer's name.
  if (!request.customer_name.empty()) {
    const text::Analysis name = analyze(model, request.customer_name);
    if (!name.tokens.empty())
      for (const auto& t : a.tokens)
        if (t.norm == name.tokens.front().norm) {
          out.push_back(make("name-used", Family::politeness, th.name_used_weight, {t.start, t.end}));
          break;
        }
  }

  const auto in_order = [](const Behavior& x, const Behavior& y) {
    return x.span.start != y.span.start ? x.span.start < y.span.start : x.span.end > y.span.end;
  };
  if (out.size() > 16) std::stable_sort(out.begin(), out.end(), in_order);
  else stable_sort_few(out.begin(), out.end(), in_order);
  return features;
}

}  // namespace empathy
