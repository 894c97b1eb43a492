// The `time_zone` field every reply carries (Reply.time_zone, field 2), as
// wire bytes to append to a serialized Reply: protobuf reads fields in any
// order, so appending it after the body costs one copy of a few bytes and
// reaches every reply a socket sends, replay chunks and refusals included.
//
// Threads: pure.
#pragma once

#include <cstdint>
#include <string>

#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// Tag, length (varint) and bytes of Reply.time_zone = `zone_name`.
inline std::string ZoneField(const std::string& zone_name) {
  std::string out;
  out.push_back(static_cast<char>(v1::Reply::kTimeZoneFieldNumber << 3 | 2));
  uint64_t length = zone_name.size();
  while (length >= 0x80) {
    out.push_back(static_cast<char>((length & 0x7f) | 0x80));
    length >>= 7;
  }
  out.push_back(static_cast<char>(length));
  out += zone_name;
  return out;
}

}  // namespace xinbao::broker
