// Fuzzes load_model(text): any bytes give a model or an error naming the key path,
// never a crash; a model that loads must score within the contract.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::check_model(empathy::load_model(std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
