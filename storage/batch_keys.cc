#include "storage/batch_keys.h"

#include <algorithm>
#include <functional>

namespace xinbao::storage {

namespace {

std::size_t SlotsFor(std::size_t keys) {
  std::size_t slots = 16;
  while (slots < 2 * keys) slots *= 2;
  return slots;
}

}  // namespace

void BatchKeys::Clear(std::size_t expected) {
  bytes_.clear();
  entries_.clear();
  const std::size_t slots = SlotsFor(expected);
  if (slots_.size() < slots) {
    slots_.assign(slots, 0);
  } else {
    std::fill(slots_.begin(), slots_.end(), 0);
  }
}

std::optional<std::size_t> BatchKeys::Find(std::string_view key) const {
  if (slots_.empty()) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  const std::size_t hash = std::hash<std::string_view>{}(key);
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const uint32_t at = slots_[slot];
    if (at == 0) return std::nullopt;
    const Entry& entry = entries_[at - 1];
    if (entry.hash == hash && KeyOf(entry) == key) return entry.position;
  }
}

void BatchKeys::Add(std::string_view key, std::size_t position) {
  if (2 * (entries_.size() + 1) > slots_.size()) {
    Rebuild(SlotsFor(entries_.size() + 1));
  }
  const std::size_t hash = std::hash<std::string_view>{}(key);
  entries_.push_back(Entry{bytes_.size(), key.size(), position, hash});
  bytes_.append(key);
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = hash & mask;
  while (slots_[slot] != 0) slot = (slot + 1) & mask;
  slots_[slot] = static_cast<uint32_t>(entries_.size());
}

void BatchKeys::Rebuild(std::size_t slots) {
  slots_.assign(slots, 0);
  const std::size_t mask = slots - 1;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    std::size_t slot = entries_[i].hash & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<uint32_t>(i + 1);
  }
}

}  // namespace xinbao::storage
