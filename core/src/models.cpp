// A base model and its language packs: which model scores a request.
#include <algorithm>

#include "engine.hpp"

namespace empathy {

const std::string& model_language(const Model& model) { return model.language; }

Models::Models(std::shared_ptr<const Model> base) : base_(std::move(base)) {}

std::string Models::add(std::shared_ptr<const Model> pack) {
  if (pack->language == base_->language)
    return "the pack's language (" + pack->language + ") is the base model's";
  const auto same = std::find_if(packs_.begin(), packs_.end(),
                                 [&](const auto& p) { return p->language == pack->language; });
  if (same != packs_.end()) *same = std::move(pack);
  else packs_.push_back(std::move(pack));
  return {};
}

const Model& Models::for_request(const Request& request) const {
  if (packs_.empty()) return *base_;
  // The pack of the language a text clearly leaves the base model's for; null when it does
  // not, or no pack speaks that language (the base model then says it is not supported).
  const auto pack_for = [&](std::string_view text) -> const Model* {
    const LanguageGuess guess = identify_language(base_->language_id, text, base_->language);
    if (!leaves(*base_, guess)) return nullptr;
    for (const auto& p : packs_)
      if (p->language == guess.code) return p.get();
    return base_.get();
  };
  if (const Model* m = pack_for(request.draft)) return *m;
  // A draft too short to tell (or in the base language) after a customer clearly writing
  // another: most agents answer in the customer's language, and a pack reads a draft in
  // the base language as not its own.
  const Model* m = pack_for(latest_customer_text(request.history));
  return m ? *m : *base_;
}

std::vector<std::string> Models::languages() const {
  std::vector<std::string> out{base_->language};
  for (const auto& p : packs_) out.push_back(p->language);
  return out;
}

Result score(const Models& models, const Request& request) { return score(models.for_request(request), request); }

Result score(const Models& models, const Request& request, Cache& cache) {
  return score(models.for_request(request), request, cache);
}

}  // namespace empathy
