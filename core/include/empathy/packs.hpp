// The language packs built into the native tools (library empathy_packs): Spanish,
// French, German and Portuguese models beside the default English one.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "empathy/empathy.hpp"

namespace empathy {

// Each built-in pack's model JSON (core/models/<code>.json).
std::vector<std::string_view> builtin_pack_jsons();

// Each built-in pack, loaded once on first use (one that fails to load is left out: the
// tests load each one and say why).
const std::vector<std::shared_ptr<const Model>>& builtin_packs();

}  // namespace empathy
