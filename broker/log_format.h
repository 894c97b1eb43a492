// The broker's log: one line per entry on stderr, and how those lines keep
// their level in journald.
//
// A line reads "<local time with UTC offset> <level> <text>". Under systemd
// with stderr connected to the journal (JOURNAL_STREAM, systemd.exec(5),
// names stderr's device and inode) every line starts with the sd-daemon
// priority "<N>" (sd-daemon(3): 2 critical, 3 error, 4 warning, 6 info,
// 7 debug and trace), which journald strips and keeps as the entry's
// priority, so `journalctl -p warning` shows the warnings. Elsewhere (a
// terminal, a file, a test's pipe) the lines are as before.
//
// Threads: StartBrokerLog() and ApplyLogLevel() before the broker's
// threads start (main()); the rest may be called from any thread.
#pragma once

#include <spdlog/common.h>
#include <spdlog/formatter.h>

#include <memory>
#include <string_view>

#include "broker/base/log_level.h"

namespace xinbao::broker {

// The sd-daemon priority of a line at `level`.
int JournalPriority(spdlog::level::level_enum level);

// Whether `journal_stream` (JOURNAL_STREAM's value, "<device>:<inode>" in
// decimal) names the file open on `fd`. False for an empty or malformed
// value or a closed fd.
bool IsJournalStream(std::string_view journal_stream, int fd);

// The formatter of the broker's lines; with `journal`, each starts "<N>".
std::unique_ptr<spdlog::formatter> LogLineFormatter(bool journal);

// spdlog's level for an operator's LogLevel.
spdlog::level::level_enum SpdlogLevel(LogLevel level);

// Makes the process's default logger: stderr (stdout is for the READY
// line), the line format above (the journal's priorities when the
// environment's JOURNAL_STREAM names stderr), level info.
void StartBrokerLog();

// From now on lines below `level` are not written.
void ApplyLogLevel(LogLevel level);

}  // namespace xinbao::broker
