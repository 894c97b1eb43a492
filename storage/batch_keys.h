// The dedupe keys that the new reports of one Append have claimed, each
// with the position of the report that claimed it: a repeat later in the
// same batch stands or falls with that report. Private to storage/ (and
// its tests).
//
// Kept by the one writer and reused batch after batch, so that once warm
// it allocates nothing: an unordered_map of strings, a node and a copied
// key a report, was 3.5% of the writer's samples in an urgent run.
//
// Threads: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xinbao::storage {

class BatchKeys {
 public:
  // Forgets every key; room for `expected` without growing.
  void Clear(std::size_t expected);
  // The position `key` was added with, if it was.
  std::optional<std::size_t> Find(std::string_view key) const;
  // REQUIRES: Find(key) is empty.
  void Add(std::string_view key, std::size_t position);

 private:
  struct Entry {
    std::size_t at;  // in bytes_
    std::size_t size;
    std::size_t position;
    std::size_t hash;
  };
  std::string_view KeyOf(const Entry& entry) const {
    return std::string_view(bytes_).substr(entry.at, entry.size);
  }
  // Open addressing, linear probing: entries_ index + 1, 0 when empty;
  // a power of two, never more than half full.
  void Rebuild(std::size_t slots);

  std::string bytes_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> slots_;
};

}  // namespace xinbao::storage
