#include "broker/log_format.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string>

namespace xinbao::broker {
namespace {

// Log times are the machine's local time, with its UTC offset.
constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e%z %^%l%$ %v";

// The pattern flag %* : "<N>", the line's sd-daemon priority.
class PriorityFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& out) override {
    const char prefix[] = {'<',
                           static_cast<char>('0' + JournalPriority(message.level)),
                           '>'};
    out.append(prefix, prefix + sizeof prefix);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PriorityFlag>();
  }
};

// A decimal number taking all of `text`.
bool ParseNumber(std::string_view text, unsigned long long* out) {
  if (text.empty()) return false;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

int JournalPriority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::critical:
      return 2;
    case spdlog::level::err:
      return 3;
    case spdlog::level::warn:
      return 4;
    case spdlog::level::info:
      return 6;
    default:  // debug, trace
      return 7;
  }
}

bool IsJournalStream(std::string_view journal_stream, int fd) {
  const std::size_t colon = journal_stream.find(':');
  if (colon == std::string_view::npos) return false;
  unsigned long long device = 0;
  unsigned long long inode = 0;
  if (!ParseNumber(journal_stream.substr(0, colon), &device) ||
      !ParseNumber(journal_stream.substr(colon + 1), &inode)) {
    return false;
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0) return false;
  return static_cast<unsigned long long>(status.st_dev) == device &&
         static_cast<unsigned long long>(status.st_ino) == inode;
}

std::unique_ptr<spdlog::formatter> LogLineFormatter(bool journal) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (!journal) {
    formatter->set_pattern(kPattern);
    return formatter;
  }
  formatter->add_flag<PriorityFlag>('*').set_pattern(std::string("%*") +
                                                     kPattern);
  return formatter;
}

spdlog::level::level_enum SpdlogLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

void StartBrokerLog() {
  spdlog::set_default_logger(spdlog::stderr_color_mt("xinbao-broker"));
  const char* stream = std::getenv("JOURNAL_STREAM");
  spdlog::set_formatter(LogLineFormatter(
      stream != nullptr && IsJournalStream(stream, STDERR_FILENO)));
  spdlog::set_level(spdlog::level::info);
}

void ApplyLogLevel(LogLevel level) { spdlog::set_level(SpdlogLevel(level)); }

}  // namespace xinbao::broker
