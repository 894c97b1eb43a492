// RefusalLog: which refused requests get a line of their own in the
// broker's log, so that a flood of refusals cannot flood the log.
//
// Refusals are of one kind when they come from the same source (a unit's
// name, or a peer's address) with the same error code. Of each kind the
// first `lines_per_second` refusals of a second get their own line; the
// rest are only counted, and when that second is over one summary line
// says how many were not written:
//   过去 1 秒又有 K 次同类拒绝（河口镇，INVALID_FIELD）未逐条记录
// A kind's second starts at its first refusal after the last one ended, so
// a lone refusal is always written, and a flood gives N lines and one
// summary per second, then a last summary when it stops.
//
// Times are milliseconds from a clock that does not go back (the frontend
// passes steady_clock's); they are given, never read, so tests need no
// sleeps. Should one go back anyway, a refusal before its kind's second
// began starts a new second.
// At most `max_kinds` kinds are tracked at once; further kinds are counted
// under the source "其他来源" (one per error code), so made-up sources can
// grow neither memory nor the log. A kind is forgotten once its second has
// ended and its summary is taken.
//
// Threads: not thread-safe; each socket-owning thread keeps its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// Refusals of one kind that got no line of their own.
struct RefusalSummary {
  std::string source;
  v1::ErrorCode code = v1::ERROR_CODE_UNSPECIFIED;
  uint64_t unwritten = 0;
  // Over how many seconds (1 unless the summaries were taken late).
  int64_t seconds = 1;

  // The summary line, e.g.
  // "过去 1 秒又有 37 次同类拒绝（河口镇，INVALID_FIELD）未逐条记录".
  std::string Text() const;
};

class RefusalLog {
 public:
  static constexpr std::size_t kDefaultMaxKinds = 1024;
  static constexpr std::string_view kOtherSources = "其他来源";

  // `lines_per_second` < 1 is taken as 1; `max_kinds` < 1 as 1.
  explicit RefusalLog(int lines_per_second,
                      std::size_t max_kinds = kDefaultMaxKinds);

  // Counts a refusal of `code` from `source` at `now_ms`. True: write its
  // own line. False: it is counted for a summary instead.
  [[nodiscard]] bool Admit(std::string_view source, v1::ErrorCode code,
                           int64_t now_ms);

  // The summaries due at `now_ms`: one per kind whose second has ended with
  // refusals not written, in order of source and code. Forgets the kinds
  // whose second has ended. Cheap when nothing is due, so the owner calls
  // it on every turn of its loop.
  std::vector<RefusalSummary> TakeSummaries(int64_t now_ms);

  // Kinds tracked now.
  std::size_t kinds() const { return kinds_.size(); }

 private:
  static constexpr int64_t kSecondMs = 1000;
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  struct Kind {
    int64_t second_began_ms = 0;
    int written = 0;          // lines written in the second under way
    uint64_t unwritten = 0;   // refusals counted in it
    uint64_t due = 0;         // counted in seconds ended, not yet summarised
    int64_t due_since_ms = 0;  // when the first of those seconds began
    int64_t due_until_ms = 0;  // when the last of them ended
  };
  using Key = std::pair<std::string, v1::ErrorCode>;

  static bool SecondOver(const Kind& kind, int64_t now_ms) {
    return now_ms >= kind.second_began_ms + kSecondMs ||
           now_ms < kind.second_began_ms;
  }
  // Moves the ended second's count to `due`.
  static void EndSecond(Kind* kind);

  const int lines_per_second_;
  const std::size_t max_kinds_;
  std::map<Key, Kind> kinds_;
  // No summary is due before this (kNever: none tracked).
  int64_t next_due_ms_ = kNever;
};

}  // namespace xinbao::broker
