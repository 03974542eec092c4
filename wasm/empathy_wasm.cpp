// The wasm boundary, with Embind: one `Scorer` class that JS owns (web/empathy.js wraps
// it; wasm/README.md has the measurements behind each choice).
//
//   const s = new m.Scorer();                 // no model yet
//   s.setModel(modelJson, overlayJson);       // "" or the error ("" and "": the built-in model)
//   s.addPack(packJson, overlayJson);         // a language pack beside it (the same)
//   s.score(requestJson);                     // Uint8Array: the result's JSON (the CLI's bytes)
//   s.scoreConversation(conversationJson);    // the same for a whole conversation
//   s.scoreJson(json);                        // either, as the CLI scores a line
//   s.delete();
//
// A request crosses as JSON text; the result comes back as a view of its UTF-8 JSON in
// wasm memory (valid until the scorer's next call), which JS decodes with TextDecoder and
// parses into a plain object. Faster than building the object here with emscripten::val
// (one boundary call per property) and than Embind's std::string return (two byte loops
// in JS). Errors are values: every method returns, none throws or aborts on bad input.
// The scorer keeps the last request's history as read, so live typing re-reads only the
// draft.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "empathy/empathy.hpp"
#include "empathy/json.hpp"

namespace {

// The built-in model, compiled once and shared by every scorer that uses it while any
// of them is alive (compiling it takes tens of milliseconds and megabytes).
std::shared_ptr<const empathy::Model> builtin_model(std::string& error) {
  static std::weak_ptr<const empathy::Model> cache;
  if (auto model = cache.lock()) return model;
  empathy::ModelLoad loaded = empathy::load_model(empathy::default_model_json());
  if (!loaded.model) {
    error = "the built-in model: " + loaded.error;
    return nullptr;
  }
  cache = loaded.model;
  return std::move(loaded.model);
}

class Scorer {
 public:
  // Scores a request (it has "draft"): the result's JSON, or {"error": ...}.
  emscripten::val score(const std::string& json) { return run(json, empathy::Input::Kind::request); }

  // Scores a conversation (it has "turns"): the conversation result's JSON, or {"error": ...}.
  emscripten::val scoreConversation(const std::string& json) { return run(json, empathy::Input::Kind::conversation); }

  // Scores either, as the CLI scores a line.
  emscripten::val scoreJson(const std::string& json) { return run(json, std::nullopt); }

  // Replaces the model (empty model text: the built-in one; empty overlay: none). Returns
  // "" or the error; on error the previous model stays.
  std::string setModel(const std::string& model, const std::string& overlay) {
    std::shared_ptr<const empathy::Model> loaded;
    std::string error;
    if (model.empty() && overlay.empty()) {
      loaded = builtin_model(error);
    } else {
      const std::string_view base = model.empty() ? empathy::default_model_json() : std::string_view(model);
      empathy::ModelLoad load = overlay.empty() ? empathy::load_model(base) : empathy::load_model(base, overlay);
      loaded = std::move(load.model);
      error = std::move(load.error);
    }
    if (!loaded) return error.empty() ? std::string("the model did not load") : error;
    models_.emplace(std::move(loaded));
    for (const auto& pack : packs_) models_->add(pack);  // a pack in the model's language is left out
    cache_.clear();
    return {};
  }

  // Adds a language pack (model JSON such as core/models/es.json, and an overlay merged
  // over it) beside the model, replacing one of the same language: drafts and customers
  // in its language are scored by it from now on. Returns "" or the error.
  std::string addPack(const std::string& pack, const std::string& overlay) {
    empathy::ModelLoad load = overlay.empty() ? empathy::load_model(pack) : empathy::load_model(pack, overlay);
    if (!load.model) return "pack: " + load.error;
    if (!models_) return "pack: load a model first";
    if (std::string error = models_->add(load.model); !error.empty()) return "pack: " + error;
    const auto same = std::find_if(packs_.begin(), packs_.end(), [&](const auto& p) {
      return empathy::model_language(*p) == empathy::model_language(*load.model);
    });
    if (same != packs_.end()) *same = load.model;
    else packs_.push_back(load.model);
    cache_.clear();
    return {};
  }

 private:
  // The output's bytes, seen from JS as a Uint8Array over wasm memory.
  emscripten::val run(const std::string& json, std::optional<empathy::Input::Kind> kind) {
    output_ = models_ ? empathy::score_json(*models_, json, std::nullopt, &cache_, kind).json
                      : empathy::error_json("no model is loaded");
    return emscripten::val(
        emscripten::typed_memory_view(output_.size(), reinterpret_cast<const unsigned char*>(output_.data())));
  }

  std::optional<empathy::Models> models_;                     // the model and its packs; none until setModel succeeds
  std::vector<std::shared_ptr<const empathy::Model>> packs_;  // kept when the model is replaced
  empathy::Cache cache_;  // the last request's history as read: typing re-reads only the draft
  std::string output_;    // the last result's JSON, read by JS through the view (replaced, not grown, per call)
};

// The languages of the packs built beside this module (web/dist/packs/<code>.json), as
// "es,fr,de,pt".
std::string pack_languages() { return EMPATHY_PACK_LANGUAGES; }

// The built-in model's JSON text (core/models/en.json).
std::string default_model() { return std::string(empathy::default_model_json()); }

// Bytes of the heap in use (not part of the public JS API: the memory tests read it).
std::size_t heap_in_use() { return mallinfo().uordblks; }

}  // namespace

EMSCRIPTEN_BINDINGS(empathy_coach) {
  emscripten::class_<Scorer>("Scorer")
      .constructor<>()
      .function("score", &Scorer::score)
      .function("scoreConversation", &Scorer::scoreConversation)
      .function("scoreJson", &Scorer::scoreJson)
      .function("setModel", &Scorer::setModel)
      .function("addPack", &Scorer::addPack);
  emscripten::function("packLanguages", &pack_languages);
  emscripten::function("defaultModel", &default_model);
  emscripten::function("heapInUse", &heap_in_use);
}
