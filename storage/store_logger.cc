#include "storage/store_logger.h"

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace xinbao::storage {
namespace {

rocksdb::InfoLogLevel RocksLevel(StoreLogLevel least) {
  switch (least) {
    case StoreLogLevel::kDebug:
      return rocksdb::InfoLogLevel::DEBUG_LEVEL;
    case StoreLogLevel::kInfo:
      return rocksdb::InfoLogLevel::INFO_LEVEL;
    case StoreLogLevel::kWarning:
      return rocksdb::InfoLogLevel::WARN_LEVEL;
    case StoreLogLevel::kError:
      return rocksdb::InfoLogLevel::ERROR_LEVEL;
    case StoreLogLevel::kFatal:
      return rocksdb::InfoLogLevel::FATAL_LEVEL;
  }
  return rocksdb::InfoLogLevel::WARN_LEVEL;
}

const char* LevelName(StoreLogLevel level) {
  switch (level) {
    case StoreLogLevel::kDebug:
      return "debug";
    case StoreLogLevel::kInfo:
      return "info";
    case StoreLogLevel::kWarning:
      return "warning";
    case StoreLogLevel::kError:
      return "error";
    case StoreLogLevel::kFatal:
      return "fatal";
  }
  return "?";
}

void ToStderr(StoreLogLevel level, std::string_view line) {
  if (level < StoreLogLevel::kWarning) return;
  std::fprintf(stderr, "rocksdb: %s: %.*s\n", LevelName(level),
               static_cast<int>(line.size()), line.data());
}

// printf-style formatting into a string of any length.
std::string Format(const char* format, va_list ap) {
  char small[512];
  va_list again;
  va_copy(again, ap);
  const int n = std::vsnprintf(small, sizeof small, format, ap);
  std::string text;
  if (n < 0) {
    va_end(again);
    return text;
  }
  if (static_cast<std::size_t>(n) < sizeof small) {
    text.assign(small, static_cast<std::size_t>(n));
  } else {
    text.resize(static_cast<std::size_t>(n) + 1);
    std::vsnprintf(text.data(), text.size(), format, again);
    text.resize(static_cast<std::size_t>(n));
  }
  va_end(again);
  return text;
}

}  // namespace

StoreLogger::StoreLogger(StoreLogSink sink, StoreLogLevel least)
    : rocksdb::Logger(RocksLevel(least)),
      sink_(sink ? std::move(sink) : StoreLogSink(ToStderr)),
      least_(least) {}

void StoreLogger::Logv(const char* format, va_list ap) {
  // Lines without a level (RocksDB's headers among them) are information.
  Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
}

void StoreLogger::Logv(const rocksdb::InfoLogLevel level, const char* format,
                       va_list ap) {
  // HEADER (the version and options at open) is information too.
  const rocksdb::InfoLogLevel said =
      level == rocksdb::InfoLogLevel::HEADER_LEVEL
          ? rocksdb::InfoLogLevel::INFO_LEVEL
          : level;
  if (said < GetInfoLogLevel()) return;
  const StoreLogLevel ours = LevelOf(said);
  if (ours < least_) return;  // an error of a new store, now kDebug
  const std::string text = Format(format, ap);
  // Some entries (the periodic statistics, the options at open) span
  // several lines: the sink gets each on its own, blank ones left out.
  std::string_view rest(text);
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    if (!line.empty()) sink_(ours, line);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
}

StoreLogLevel StoreLogger::LevelOf(rocksdb::InfoLogLevel level) const {
  switch (level) {
    case rocksdb::InfoLogLevel::DEBUG_LEVEL:
      return StoreLogLevel::kDebug;
    case rocksdb::InfoLogLevel::WARN_LEVEL:
      return StoreLogLevel::kWarning;
    case rocksdb::InfoLogLevel::ERROR_LEVEL:
      return making_new_store_ ? StoreLogLevel::kDebug : StoreLogLevel::kError;
    case rocksdb::InfoLogLevel::FATAL_LEVEL:
      return StoreLogLevel::kFatal;
    default:
      return StoreLogLevel::kInfo;
  }
}

}  // namespace xinbao::storage
