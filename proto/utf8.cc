#include "proto/utf8.h"

#include <cstdint>
#include <cstring>

namespace xinbao {
namespace {

// The length of the valid UTF-8 sequence that starts at text[i], or 0 if
// none does. REQUIRES: i < text.size().
std::size_t SequenceAt(std::string_view text, std::size_t i) {
  const auto lead = static_cast<uint8_t>(text[i]);
  std::size_t length;
  uint32_t code;
  if (lead < 0x80) {
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<uint8_t>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3F);
  }
  static constexpr uint32_t kMinimum[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinimum[length] || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return length;
}

}  // namespace

// Every report's text is checked here, most of it Chinese: ASCII is taken
// eight bytes at a time and a three-byte sequence (the CJK planes) checked
// inline; anything else by SequenceAt. The same rules either way.
std::optional<std::size_t> CountCodePoints(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const std::size_t size = text.size();
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < size) {
    while (i + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
      count += 8;
    }
    if (i >= size) break;
    const uint8_t lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      ++count;
      continue;
    }
    if ((lead & 0xF0) == 0xE0 && i + 3 <= size) {
      const uint8_t second = bytes[i + 1];
      const uint8_t third = bytes[i + 2];
      if ((second & 0xC0) != 0x80 || (third & 0xC0) != 0x80) return std::nullopt;
      if (lead == 0xE0 && second < 0xA0) return std::nullopt;   // overlong (< U+0800)
      if (lead == 0xED && second >= 0xA0) return std::nullopt;  // a surrogate
      i += 3;
      ++count;
      continue;
    }
    const std::size_t length = SequenceAt(text, i);
    if (length == 0) return std::nullopt;
    i += length;
    ++count;
  }
  return count;
}

std::size_t CountCodePointsOfValid(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const std::size_t size = text.size();
  std::size_t continuations = 0;
  std::size_t i = 0;
  // A continuation byte is 10xxxxxx: its top bit set and the next one
  // clear (shifted left by one, each byte's second bit lands on its top).
  // The eight flags, moved down to bit 0 of their bytes, are summed into
  // the top byte by one multiplication. (std::popcount would be a call
  // into libgcc: the build targets plain x86-64, without POPCNT.)
  constexpr uint64_t kTops = 0x8080808080808080ULL;
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + i, 8);
    const uint64_t flags = (word & ~(word << 1) & kTops) >> 7;
    continuations += (flags * kOnes) >> 56;
  }
  for (; i < size; ++i) continuations += (bytes[i] & 0xC0) == 0x80;
  return size - continuations;
}

std::string ValidUtf8(std::string_view text) {
  std::string valid;
  valid.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = SequenceAt(text, i);
    if (length == 0) {
      valid += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      valid.append(text.substr(i, length));
      i += length;
    }
  }
  return valid;
}

}  // namespace xinbao
