// A base model and its language packs: which model scores a request.
#include <algorithm>
#include <mutex>

#include "engine.hpp"

namespace empathy {

const std::string& model_language(const Model& model) { return model.language; }

// A pack: its language, and its model once loaded.
struct Models::Pack {
  std::string language;
  std::function<std::shared_ptr<const Model>()> load;
  std::once_flag once;
  std::shared_ptr<const Model> model;  // given, or loaded by load()
  const Model* get() {
    if (load) std::call_once(once, [&] { model = load(); });
    return model.get();
  }
};

Models::Models(std::shared_ptr<const Model> base) : base_(std::move(base)) {}

std::string Models::add(std::shared_ptr<const Model> pack) {
  auto p = std::make_shared<Pack>();
  p->language = pack->language;
  p->model = std::move(pack);
  return add(std::move(p));
}

std::string Models::add(std::string language, std::function<std::shared_ptr<const Model>()> load) {
  auto p = std::make_shared<Pack>();
  p->language = std::move(language);
  p->load = std::move(load);
  return add(std::move(p));
}

std::string Models::add(std::shared_ptr<Pack> pack) {
  if (pack->language == base_->language) return "the pack's language (" + pack->language + ") is the base model's";
  const auto same =
      std::find_if(packs_.begin(), packs_.end(), [&](const auto& p) { return p->language == pack->language; });
  if (same != packs_.end()) *same = std::move(pack);
  else packs_.push_back(std::move(pack));
  return {};
}

const Model& Models::for_request(const Request& request) const {
  LanguageGuess draft;
  return pick(request, draft);
}

const Model& Models::pick(const Request& request, LanguageGuess& draft) const {
  // The draft as scoring reads it (without an unfinished last word).
  const std::string_view settled = std::string_view(request.draft).substr(0, settled_length(request));
  draft = identify_language(base_->language_id, settled, base_->language);
  const LanguageModel& id = base_->language_id;
  // A decided draft of some length in the base language: what the customer writes cannot
  // change the pick (a pack reads such a draft as not its own), so it is not read.
  const bool clearly_base =
      draft.code == base_->language && draft.letters >= id.leave_letters && draft.words >= id.leave_words;
  if (packs_.empty() || clearly_base) return *base_;
  // The pack of the language a text clearly leaves the base model's for; null when it does
  // not, or no pack speaks that language (the base model then says it is not supported).
  const auto pack_for = [&](const LanguageGuess& guess) -> const Model* {
    if (!leaves(*base_, guess)) return nullptr;
    for (const auto& p : packs_)
      if (p->language == guess.code) {
        const Model* m = p->get();
        return m ? m : base_.get();
      }
    return base_.get();
  };
  if (const Model* m = pack_for(draft)) return *m;
  // A draft too short to tell (or not clearly another language) after a customer clearly
  // writing another: most agents answer in the customer's language, and a pack reads a
  // draft in the base language as not its own.
  const Model* m =
      pack_for(identify_language(base_->language_id, latest_customer_text(request.history), base_->language));
  return m ? *m : *base_;
}

std::vector<std::string> Models::languages() const {
  std::vector<std::string> out{base_->language};
  for (const auto& p : packs_) out.push_back(p->language);
  return out;
}

}  // namespace empathy
