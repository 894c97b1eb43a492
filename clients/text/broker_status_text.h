// The broker's status and health (`xinbao status`, `xinbao health`) in
// plain Chinese, from its BrokerStatus answer: sizes in KB/MB/GB, times in
// the broker's time zone (BrokerStatus.time_zone).
//
// Threads: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "proto/time_zone.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

// "512 字节", "3.4 KB", "12.0 MB", "1.50 GB" (1 KB = 1024 bytes).
std::string ByteSizeText(uint64_t bytes);

// "3 天 4 小时", "2 小时 5 分", "1 天" (no zero part), "40 秒".
std::string DurationText(int64_t ms);

// The newest backup and the schedule, for the status lines.
std::string LastBackupText(const v1::BrokerStatus& status,
                           const TimeZone& zone);

// The link to the parent broker (逐级报送), for the status lines: not
// configured, or connected or not, reports waiting to go up and the oldest's
// wait, the last forwarded and the totals since start.
std::string UpstreamLinkText(const v1::BrokerStatus& status,
                             const TimeZone& zone);

// The status lines shown below `xinbao status`'s own: version and uptime,
// security mode, data directory, store and disk, the last batch and totals,
// refusals by code, open work, the feed and replays, this broker's
// place in the reporting tree (its id, the upstream link, its children),
// and health with its
// problems.
std::string BrokerStatusText(const v1::BrokerStatus& status);

// One line: "正常：…" or "异常：problem；problem" (`xinbao health`).
std::string HealthLine(const v1::BrokerStatus& status);

}  // namespace xinbao::client
