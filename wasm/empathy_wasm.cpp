// The wasm boundary: a plain C ABI over one long-lived scorer that JS owns
// (web/empathy.js wraps it; wasm/README.md says why a C ABI and not Embind).
//
//   Scorer* s = empathy_scorer_new();                 // no model yet
//   char* in = empathy_input(s, n);                   // JS writes n bytes of UTF-8 here
//   size_t e = empathy_set_model(s, model_n, overlay_n);  // 0, or the error's length
//   size_t p = empathy_add_pack(s, pack_n, overlay_n); // a language pack beside it (the same)
//   size_t r = empathy_score(s, n);                   // result JSON at empathy_output(s)
//   empathy_scorer_delete(s);
//
// Strings cross as UTF-8 bytes in two buffers the scorer owns and reuses (input and
// output), so a call allocates nothing that JS must free and no C++ container reaches
// JS. The JSON is that of core/include/empathy/json.hpp: the bytes of the CLI. Errors are
// values: every function returns, none throws or aborts on bad input.
#include <emscripten/emscripten.h>
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

// A buffer that grew past this (a 1 MB draft, a model) is freed after the call, so one
// big input does not pin its memory for the life of the scorer.
constexpr std::size_t kKeptBufferBytes = 256 * 1024;

struct Scorer {
  std::optional<empathy::Models> models;  // the model and its packs; none until empathy_set_model succeeds
  std::vector<std::shared_ptr<const empathy::Model>> packs;  // kept when the model is replaced
  empathy::Cache cache;  // the last request's history as read: typing re-reads only the draft
  std::string input;     // UTF-8 that JS wrote
  std::string output;    // UTF-8 that JS reads
};

// The model with the scorer's packs beside it (a pack in the model's language is left out).
empathy::Models with_packs(std::shared_ptr<const empathy::Model> model,
                           const std::vector<std::shared_ptr<const empathy::Model>>& packs) {
  empathy::Models models(std::move(model));
  for (const auto& pack : packs) models.add(pack);
  return models;
}

void release_if_large(std::string& buffer) {
  if (buffer.capacity() > kKeptBufferBytes) std::string().swap(buffer);
}

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

}  // namespace

extern "C" {

// A scorer without a model: call empathy_set_model before scoring.
EMSCRIPTEN_KEEPALIVE Scorer* empathy_scorer_new() { return new Scorer(); }

EMSCRIPTEN_KEEPALIVE void empathy_scorer_delete(Scorer* scorer) { delete scorer; }

// Makes the input buffer `size` bytes long and returns it, for JS to fill.
EMSCRIPTEN_KEEPALIVE char* empathy_input(Scorer* scorer, std::size_t size) {
  scorer->input.resize(size);
  return scorer->input.data();
}

// The output of the last call (its length is what that call returned).
EMSCRIPTEN_KEEPALIVE const char* empathy_output(const Scorer* scorer) { return scorer->output.data(); }

// Scores the first `size` bytes of the input (a request or a conversation, JSON) and
// returns the length of the output: the result, or {"error": ...}.
EMSCRIPTEN_KEEPALIVE std::size_t empathy_score(Scorer* scorer, std::size_t size) {
  const std::string_view json(scorer->input.data(), size);
  if (!scorer->models) {
    scorer->output = empathy::error_json("no model is loaded");
  } else {
    scorer->output = empathy::score_json(*scorer->models, json, std::nullopt, &scorer->cache).json;
  }
  release_if_large(scorer->input);
  return scorer->output.size();
}

// Replaces the model with the one in the input: `model_size` bytes of model JSON (none:
// the built-in model), then `overlay_size` bytes of overlay JSON (none: no overlay).
// Returns 0, or the length of the error message in the output; on error the previous
// model stays.
EMSCRIPTEN_KEEPALIVE std::size_t empathy_set_model(Scorer* scorer, std::size_t model_size, std::size_t overlay_size) {
  const std::string_view model(scorer->input.data(), model_size);
  const std::string_view overlay(scorer->input.data() + model_size, overlay_size);
  std::shared_ptr<const empathy::Model> loaded;
  std::string error;
  if (model.empty() && overlay.empty()) {
    loaded = builtin_model(error);
  } else {
    const std::string_view base = model.empty() ? empathy::default_model_json() : model;
    empathy::ModelLoad load = overlay.empty() ? empathy::load_model(base) : empathy::load_model(base, overlay);
    loaded = std::move(load.model);
    error = std::move(load.error);
  }
  release_if_large(scorer->input);
  if (!loaded) {
    scorer->output = error.empty() ? std::string("the model did not load") : std::move(error);
    return scorer->output.size();
  }
  scorer->models = with_packs(std::move(loaded), scorer->packs);
  scorer->cache.clear();
  scorer->output.clear();
  release_if_large(scorer->output);
  return 0;
}

// Adds a language pack (`pack_size` bytes of model JSON in the input, such as
// core/models/es.json, then `overlay_size` bytes of overlay JSON merged over it) beside the model, replacing one of the
// same language: drafts and customers in its language are scored by it from now on. Returns 0, or the length of the
// error message in the output.
EMSCRIPTEN_KEEPALIVE std::size_t empathy_add_pack(Scorer* scorer, std::size_t pack_size, std::size_t overlay_size) {
  const std::string_view pack(scorer->input.data(), pack_size);
  const std::string_view overlay(scorer->input.data() + pack_size, overlay_size);
  empathy::ModelLoad load = overlay.empty() ? empathy::load_model(pack) : empathy::load_model(pack, overlay);
  release_if_large(scorer->input);
  if (!load.model) {
    scorer->output = "pack: " + load.error;
    return scorer->output.size();
  }
  if (!scorer->models) {
    scorer->output = "pack: load a model first";
    return scorer->output.size();
  }
  if (std::string error = scorer->models->add(load.model); !error.empty()) {
    scorer->output = "pack: " + error;
    return scorer->output.size();
  }
  const auto same = std::find_if(scorer->packs.begin(), scorer->packs.end(), [&](const auto& p) {
    return empathy::model_language(*p) == empathy::model_language(*load.model);
  });
  if (same != scorer->packs.end()) *same = load.model;
  else scorer->packs.push_back(load.model);
  scorer->cache.clear();
  scorer->output.clear();
  return 0;
}

// The languages of the packs built beside this module (web/dist/packs/<code>.json), as
// "es,fr,de,pt", not NUL-terminated.
EMSCRIPTEN_KEEPALIVE const char* empathy_pack_languages() { return EMPATHY_PACK_LANGUAGES; }
EMSCRIPTEN_KEEPALIVE std::size_t empathy_pack_languages_size() { return sizeof(EMPATHY_PACK_LANGUAGES) - 1; }

// The built-in model's JSON text (core/models/en.json), not NUL-terminated.
EMSCRIPTEN_KEEPALIVE const char* empathy_default_model() { return empathy::default_model_json().data(); }
EMSCRIPTEN_KEEPALIVE std::size_t empathy_default_model_size() { return empathy::default_model_json().size(); }

// Bytes of the heap in use (not part of the public JS API: the memory tests read it).
EMSCRIPTEN_KEEPALIVE std::size_t empathy_heap_in_use() { return mallinfo().uordblks; }

}  // extern "C"
