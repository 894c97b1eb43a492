// LogLevel: how much the broker writes to its log, as an operator names it
// (`--log-level`, `[log] level`). Each level shows itself and everything
// more serious: trace ⊃ debug ⊃ info ⊃ warn ⊃ error.
#pragma once

#include <string_view>

#include "proto/status.h"

namespace xinbao::broker {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };

// "trace", "debug", "info", "warn" or "error" (also "warning"), any case.
// Anything else: INVALID_FIELD naming `field`, with a plain-Chinese message
// that lists the five.
Result<LogLevel> ParseLogLevel(std::string_view text, std::string_view field);

// The name ParseLogLevel reads back ("info").
std::string_view LogLevelName(LogLevel level);

}  // namespace xinbao::broker
