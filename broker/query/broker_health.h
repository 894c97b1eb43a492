// Whether the broker is healthy, and if not why, in plain Chinese: the
// judgement behind the status answer's `healthy` and `problems` (and so
// `xinbao health`'s exit code).
//
// Threads: pure functions of their arguments (DiskSpaceOf reads the
// filesystem once).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "broker/base/vitals.h"

namespace xinbao::broker {

// A filesystem's space (statvfs). known=false: statvfs failed.
struct DiskSpace {
  bool known = false;
  uint64_t free_bytes = 0;   // available to the broker's (unprivileged) user
  uint64_t total_bytes = 0;
};

DiskSpace DiskSpaceOf(const std::filesystem::path& dir);

// Requests have waited this long with the committer not turning: stalled.
inline constexpr int64_t kCommitterStallMs = 30'000;

// The problems, each one plain-Chinese sentence; empty: healthy.
//  - free disk below `min_free_disk_mb` (or its space unknown);
//  - the store refusing writes since vitals.store_failing_since_ms;
//  - requests waiting while the committer has not turned for
//    kCommitterStallMs.
std::vector<std::string> HealthProblems(const VitalsSnapshot& vitals,
                                        const DiskSpace& disk,
                                        int64_t min_free_disk_mb,
                                        int64_t now_ms);

// How long the committer's loop has not turned at `now_ms` (0 or more).
// It turns after every batch, and at least once per [events]
// check_interval_ms when idle; before its first turn, counted from
// vitals.started_at_ms. The systemd watchdog (broker/service_notify.h) is
// fed only while this stays short: a hung write path gets the broker
// restarted.
int64_t CommitterStillMs(const VitalsSnapshot& vitals, int64_t now_ms);

}  // namespace xinbao::broker
