#include "proto/wire_fields.h"

namespace xinbao {

void AppendVarint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

void AppendVarintField(std::string* out, uint32_t field_number,
                       uint64_t value) {
  AppendVarint(out, uint64_t{field_number} << 3);  // wire type 0
  AppendVarint(out, value);
}

void AppendBytesField(std::string* out, uint32_t field_number,
                      std::string_view bytes) {
  AppendVarint(out, (uint64_t{field_number} << 3) | 2);
  AppendVarint(out, bytes.size());
  out->append(bytes);
}

}  // namespace xinbao
