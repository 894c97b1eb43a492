// Writing protobuf fields by hand, for bytes that are already encoded:
// a report's wire bytes with the store's fields appended, a replay chunk
// of stored reports, a feed bundle of serialized items. Appending is
// what the wire format allows (a message's encoding is its fields'
// encodings one after another), and it saves parsing and serializing
// again.
//
// Threads: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace xinbao {

// Appends `value` as a base-128 varint.
void AppendVarint(std::string* out, uint64_t value);

// Appends one varint-typed field (wire type 0): tag, then value.
void AppendVarintField(std::string* out, uint32_t field_number, uint64_t value);

// Appends one length-delimited field (wire type 2): tag, length, bytes —
// a string, a bytes field or an embedded message already serialized.
void AppendBytesField(std::string* out, uint32_t field_number,
                      std::string_view bytes);

}  // namespace xinbao
