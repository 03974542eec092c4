// The Embind boundary: one long-lived Scorer that JS owns and frees with delete().
// Strings in, strings out (the JSON contract of core/include/empathy/json.hpp), so the
// bytes are those of the CLI and no C++ container ever reaches JS. Errors are values.
#include <emscripten/bind.h>

#include <string>

#include "empathy/empathy.hpp"
#include "empathy/json.hpp"

namespace {

class Scorer {
 public:
  Scorer() : model_(empathy::load_model(empathy::default_model_json()).model) {}

  // Replaces the model; on error returns the message and keeps the previous model.
  // An empty model_json means the built-in model; an empty overlay_json means none.
  std::string set_model(const std::string& model_json, const std::string& overlay_json) {
    const std::string_view base = model_json.empty() ? empathy::default_model_json() : model_json;
    empathy::ModelLoad loaded =
        overlay_json.empty() ? empathy::load_model(base) : empathy::load_model(base, overlay_json);
    if (!loaded.model) return loaded.error;
    model_ = std::move(loaded.model);
    return {};
  }

  // A request or a conversation as JSON in; its result, or {"error": ...}, as JSON out.
  std::string score(const std::string& input) const { return empathy::score_json(*model_, input).json; }

 private:
  std::shared_ptr<const empathy::Model> model_;
};

std::string default_model() { return std::string(empathy::default_model_json()); }

}  // namespace

EMSCRIPTEN_BINDINGS(empathy) {
  emscripten::class_<Scorer>("Scorer")
      .constructor<>()
      .function("setModel", &Scorer::set_model)
      .function("score", &Scorer::score);
  emscripten::function("defaultModel", &default_model);
}
