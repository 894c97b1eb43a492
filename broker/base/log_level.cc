#include "broker/base/log_level.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace xinbao::broker {
namespace {

constexpr std::array<std::pair<std::string_view, LogLevel>, 6> kNames = {{
    {"trace", LogLevel::kTrace},
    {"debug", LogLevel::kDebug},
    {"info", LogLevel::kInfo},
    {"warn", LogLevel::kWarn},
    {"warning", LogLevel::kWarn},
    {"error", LogLevel::kError},
}};

}  // namespace

Result<LogLevel> ParseLogLevel(std::string_view text, std::string_view field) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  for (const auto& [name, level] : kNames) {
    if (lower == name) return level;
  }
  return Result<LogLevel>(
      v1::ERROR_CODE_INVALID_FIELD,
      "日志级别 \"" + std::string(text) +
          "\" 不认识；应为 trace（最详细）、debug、info（默认）、warn、"
          "error（只记错误）之一",
      std::string(field));
}

std::string_view LogLevelName(LogLevel level) {
  for (const auto& [name, named] : kNames) {
    if (named == level) return name;
  }
  return "info";
}

}  // namespace xinbao::broker
