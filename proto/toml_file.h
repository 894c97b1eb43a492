// Reading a TOML file people write (the broker's config and user registry,
// a client's profiles) with a plain-Chinese refusal that names the file and
// the place where it stops making sense. Header-only: a target including it
// links tomlplusplus::tomlplusplus itself.
#pragma once

#include <toml++/toml.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "proto/durable_file.h"
#include "proto/status.h"

namespace xinbao {

// Far more than any configuration, registry or profile file people write.
inline constexpr std::size_t kMaxTomlFileBytes = 16u << 20;

// TOML `text` that came from `source` (a path, or a name such as "内置"
// for text built into the program), refused as ParseTomlFile refuses a
// file that does not parse; `source` is the refusal's field.
inline Result<toml::table> ParseTomlText(std::string_view text,
                                         const std::string& source,
                                         const std::string& what) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    std::ostringstream where;
    where << error.source().begin;
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  what + " " + source + " 无法解析 (" + where.str() +
                      "): " + std::string(error.description()),
                  source);
  }
}

// The integer `node` holds: a TOML integer, or a float with an integral
// value inside int64_t's range (2026.0); nullopt for anything else. Use it
// instead of toml++'s value<int64_t>(), which converts a float to int64_t
// before checking its range — undefined behaviour for year = 1e30, which
// tests/fuzz found in the calendar file.
inline std::optional<int64_t> TomlInteger(const toml::node& node) {
  if (const toml::value<int64_t>* integer = node.as_integer()) {
    return integer->get();
  }
  if (const toml::value<double>* floating = node.as_floating_point()) {
    const double value = floating->get();
    constexpr double kTwoTo63 = 9223372036854775808.0;  // exact in a double
    if (std::isfinite(value) && value >= -kTwoTo63 && value < kTwoTo63 &&
        std::trunc(value) == value) {
      return static_cast<int64_t>(value);
    }
  }
  return std::nullopt;
}

// `what` names the file for the officer: "配置文件", "用户名录",
// "客户端配置文件".
// A file that is missing or that this user may not read is refused as
// such ("无法读取用户名录 <path>：权限不足"), before any parsing.
inline Result<toml::table> ParseTomlFile(const std::filesystem::path& path,
                                         const std::string& what) {
  Result<std::string> text = ReadWholeFile(path, kMaxTomlFileBytes, what);
  if (!text.ok()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, text.status().message(),
                  path.string());
  }
  return ParseTomlText(*text, path.string(), what);
}

}  // namespace xinbao
