// empathy_coach._core: the C++ engine for Python. A thin boundary: JSON text in, the same
// JSON text out as `empathy score` (the Python layer in empathy_coach/__init__.py turns it
// into dicts). Scoring releases the GIL; score_many scores on C++ threads.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "empathy/empathy.hpp"
#include "empathy/json.hpp"
#include "empathy/packs.hpp"

namespace py = pybind11;

namespace {

class Scorer {
 public:
  // model_json: a model's JSON (empty: the built-in English model); overlay_json: JSON
  // merged over it (empty: none); packs: the language packs' JSON (None: the built-in
  // ones). A bad model, overlay or pack raises ValueError naming the key.
  Scorer(const std::string& model_json, const std::string& overlay_json,
         const std::optional<std::vector<std::string>>& packs) {
    const std::string_view base = model_json.empty() ? empathy::default_model_json() : std::string_view(model_json);
    empathy::ModelLoad loaded =
        overlay_json.empty() ? empathy::load_model(base) : empathy::load_model(base, overlay_json);
    if (!loaded.model) throw py::value_error("model: " + loaded.error);
    models_.emplace(std::move(loaded.model));
    if (!packs) {
      empathy::add_builtin_packs(*models_, overlay_json);
      return;
    }
    for (std::size_t i = 0; i < packs->size(); ++i) {
      empathy::ModelLoad pack = empathy::load_pack((*packs)[i], overlay_json);
      if (!pack.model) throw py::value_error("packs[" + std::to_string(i) + "]: " + pack.error);
      models_->add(std::move(pack.model));  // refused (left out) when in the model's own language
    }
  }

  std::vector<std::string> languages() const { return models_->languages(); }

  // One request or conversation: (ok, result JSON or error JSON).
  std::pair<bool, std::string> score(const std::string& json_text) const {
    py::gil_scoped_release released;
    const empathy::JsonOutput out = empathy::score_json(*models_, json_text);
    return {out.ok, out.json};
  }

  // Many, on jobs threads (0: every core), each thread a contiguous share with its own
  // cache; results in input order.
  std::vector<std::pair<bool, std::string>> score_many(const std::vector<std::string>& texts, unsigned jobs) const {
    std::vector<std::pair<bool, std::string>> out(texts.size());
    {
      py::gil_scoped_release released;
      if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
      jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(texts.size(), 1)));
      const auto run = [&](std::size_t begin, std::size_t end) {
        empathy::Cache cache;
        for (std::size_t i = begin; i < end; ++i) {
          empathy::JsonOutput r = empathy::score_json(*models_, texts[i], std::nullopt, &cache);
          out[i] = {r.ok, std::move(r.json)};
        }
      };
      std::vector<std::thread> threads;
      const std::size_t share = (texts.size() + jobs - 1) / std::max(jobs, 1u);
      for (unsigned j = 1; j < jobs; ++j)
        threads.emplace_back(run, std::min(texts.size(), j * share), std::min(texts.size(), (j + 1) * share));
      run(0, std::min(texts.size(), share));
      for (auto& t : threads) t.join();
    }
    return out;
  }

 private:
  std::optional<empathy::Models> models_;  // set by the constructor
};

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "The empathy-coach C++ engine (use the empathy_coach package, not this module).";
  py::class_<Scorer>(m, "Scorer")
      .def(py::init<const std::string&, const std::string&, const std::optional<std::vector<std::string>>&>(),
           py::arg("model_json") = "", py::arg("overlay_json") = "", py::arg("packs") = py::none())
      .def_property_readonly("languages", &Scorer::languages)
      .def("score", &Scorer::score, py::arg("json_text"))
      .def("score_many", &Scorer::score_many, py::arg("texts"), py::arg("jobs") = 0);
  m.def("default_model_json", [] { return std::string(empathy::default_model_json()); });
}
