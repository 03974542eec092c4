// Values by integer key, for tables asked hundreds of times per keystroke: the learned
// models' weights by bucket, the matcher's trie edges by (node, word). Open addressing
// (linear probing, at most half full, a multiplicative hash's top bits pick the slot):
// a lookup reads one or two neighbouring slots, where std::unordered_map divides by a
// prime and then follows a pointer to a node elsewhere in memory.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace empathy {

// Key is std::uint32_t or std::uint64_t; its largest value cannot be stored (keys are held
// plus one, 0 marking an empty slot). Absent keys give Value{}.
template <typename Key, typename Value>
class SparseMap {
  static_assert(std::is_same_v<Key, std::uint32_t> || std::is_same_v<Key, std::uint64_t>);

 public:
  void set(Key key, Value value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t i = slot(key);
    while (slots_[i].key != 0 && slots_[i].key != key + 1) i = (i + 1) & mask_;
    if (slots_[i].key == 0) ++size_;
    slots_[i] = {key + 1, value};
  }
  Value get(Key key) const {
    if (slots_.empty()) return Value{};
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key + 1) return slots_[i].value;
      if (slots_[i].key == 0) return Value{};
    }
  }
  std::size_t size() const { return size_; }
  // each(key, value) for every key set, in the table's order.
  template <typename Each>
  void for_each(Each each) const {
    for (const Slot& s : slots_)
      if (s.key != 0) each(s.key - 1, s.value);
  }

 private:
  static constexpr int kBits = sizeof(Key) * 8;
  std::size_t slot(Key key) const {
    if constexpr (kBits == 32) return (key * 0x9E3779B1u) >> shift_;
    else return (key * 0x9E3779B97F4A7C15u) >> shift_;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const std::size_t capacity = old.empty() ? 16 : old.size() * 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    shift_ = kBits - std::countr_zero(capacity);
    size_ = 0;
    for (const Slot& s : old)
      if (s.key != 0) set(s.key - 1, s.value);
  }
  struct Slot {   // a key beside its value: a lookup that finds its key reads one cache line
    Key key = 0;  // key + 1; 0: an empty slot
    Value value{};
  };
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  int shift_ = kBits;
  std::size_t size_ = 0;
};

}  // namespace empathy
