// ZipEntries: the files inside a .zip (an .xlsx is one), read with zlib
// from the central directory — for tests that must see what a workbook
// holds without trusting the library that wrote it.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace xinbao::testing {

inline uint32_t Le(std::string_view bytes, std::size_t at, int size) {
  uint32_t value = 0;
  for (int i = size - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes.at(at + i));
  }
  return value;
}

// Name → contents of every entry (stored or deflated). Empty when `zip`
// is not a zip file or an entry does not inflate.
inline std::map<std::string, std::string> ZipEntries(std::string_view zip) {
  std::map<std::string, std::string> entries;
  const std::size_t end = zip.rfind(std::string_view("PK\x05\x06", 4));
  if (zip.size() < 22 || end == std::string_view::npos) return {};
  const uint32_t count = Le(zip, end + 10, 2);
  std::size_t at = Le(zip, end + 16, 4);
  for (uint32_t i = 0; i < count; ++i) {
    if (zip.substr(at, 4) != std::string_view("PK\x01\x02", 4)) return {};
    const uint32_t method = Le(zip, at + 10, 2);
    const uint32_t packed = Le(zip, at + 20, 4);
    const uint32_t size = Le(zip, at + 24, 4);
    const uint32_t name_length = Le(zip, at + 28, 2);
    const uint32_t extra = Le(zip, at + 30, 2);
    const uint32_t comment = Le(zip, at + 32, 2);
    const uint32_t local = Le(zip, at + 42, 4);
    const std::string name(zip.substr(at + 46, name_length));
    at += 46 + name_length + extra + comment;
    const std::size_t data = local + 30 + Le(zip, local + 26, 2) + Le(zip, local + 28, 2);
    const std::string_view raw = zip.substr(data, packed);
    if (method == 0) {
      entries[name] = std::string(raw);
      continue;
    }
    std::string out(size, '\0');
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return {};
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    stream.avail_in = static_cast<uInt>(raw.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = inflate(&stream, Z_FINISH);
    inflateEnd(&stream);
    if (result != Z_STREAM_END || stream.total_out != size) return {};
    entries[name] = std::move(out);
  }
  return entries;
}

}  // namespace xinbao::testing
