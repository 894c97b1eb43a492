// UTF-8 checks for text that comes off the wire or the command line,
// shared by the broker and the clients (proto/report_rules.h counts lengths
// in characters with it).
//
// Threads: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace xinbao {

// The number of code points in `text`, or nullopt if it is not valid UTF-8
// (overlong forms, surrogates and code points past U+10FFFF are invalid).
std::optional<std::size_t> CountCodePoints(std::string_view text);

// The number of code points in `text`, which must be valid UTF-8 — a
// string field protobuf parsed, which refuses one that is not: its bytes
// less its continuation bytes, counted eight at a time. Nothing is
// checked; for text not known to be valid use CountCodePoints.
std::size_t CountCodePointsOfValid(std::string_view text);

inline bool IsValidUtf8(std::string_view text) {
  return CountCodePoints(text).has_value();
}

// `text` with each byte that does not belong to a valid sequence replaced
// by U+FFFD (�): for quoting untrusted text in a message that must be
// UTF-8 (an Error on the wire, JSON to a page). Valid text is unchanged.
std::string ValidUtf8(std::string_view text);

}  // namespace xinbao
