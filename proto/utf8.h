// UTF-8 checks for text that comes off the wire or the command line,
// shared by the broker and the clients (proto/report_rules.h counts lengths
// in characters with it).
//
// Threads: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace xinbao {

// The number of code points in `text`, or nullopt if it is not valid UTF-8
// (overlong forms, surrogates and code points past U+10FFFF are invalid).
std::optional<std::size_t> CountCodePoints(std::string_view text);

inline bool IsValidUtf8(std::string_view text) {
  return CountCodePoints(text).has_value();
}

}  // namespace xinbao
