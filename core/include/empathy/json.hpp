// The JSON contract (SPEC §2.1), shared by the CLI, the wasm boundary and the golden
// files, so that every interface gives the same bytes for the same input.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "empathy/empathy.hpp"

namespace empathy {

// One parsed input line: a request (it has "draft") or a conversation (it has "turns").
struct Input {
  enum class Kind { request, conversation } kind = Kind::request;
  Request request;
  Conversation conversation;
  std::string error;  // names the field: "history[2].role: expected \"customer\", \"agent\" or \"bot\""
};

// Limits on what one input may hold; beyond them the input is refused with an error.
inline constexpr std::size_t kMaxInputBytes = 16 * 1024 * 1024;
inline constexpr int kMaxJsonDepth = 64;

// True when JSON text nests arrays and objects deeper than kMaxJsonDepth (one pass, no
// parse): such text is refused before a recursive parser or merge sees it.
bool too_deep(std::string_view json_text);

// Parses one JSON text. Invalid UTF-8 bytes become U+FFFD first.
Input parse_input(std::string_view json_text);

// Converts every span in a result from UTF-8 bytes to UTF-16 code units of the text it
// refers to: the draft, or for emotions the customer's turn turns[emotion.turn].
void convert_to_utf16_spans(Result& result, std::string_view draft, const std::vector<Turn>& turns);

std::string to_json(const Result& result);  // spans as they are: convert first
std::string to_json(const ConversationResult& result);
std::string error_json(std::string_view message, std::optional<std::size_t> line = std::nullopt);

// Parse, score and serialise one JSON text: the whole contract in one call. The JSON
// is a result, a conversation result, or {"error": ..., "line": line} (ok is false).
struct JsonOutput {
  std::string json;
  bool ok = true;
};
// With a cache, a request whose history is that of the previous request reads it once.
// With `only`, an input of the other kind is refused with an error.
JsonOutput score_json(const Model& model, std::string_view json_text, std::optional<std::size_t> line = std::nullopt,
                      Cache* cache = nullptr);
JsonOutput score_json(const Models& models, std::string_view json_text, std::optional<std::size_t> line = std::nullopt,
                      Cache* cache = nullptr, std::optional<Input::Kind> only = std::nullopt);

}  // namespace empathy
