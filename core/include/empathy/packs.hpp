// The language packs built into the native tools (library empathy_packs): Spanish,
// French, German and Portuguese models beside the default English one.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "empathy/empathy.hpp"

namespace empathy {

struct BuiltinPack {
  std::string_view language;  // ISO 639-1
  std::string_view json;      // the pack's model JSON (core/models/<language>.json)
};

// Each built-in pack.
std::vector<BuiltinPack> builtin_packs();

// Adds every built-in pack not in the base model's language to models, each compiled on
// the first request in its language (once per process, shared by every Models): an
// English-only input never pays for them. A pack that does not load leaves its language
// unsupported (tests/packs loads each one). overlay_json: the overlay the base model was
// loaded with; each pack takes its "packs".<language> part (load_pack).
void add_builtin_packs(Models& models, std::string_view overlay_json = {});

}  // namespace empathy
