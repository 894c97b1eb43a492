// Backups of the broker's store (`xinbao backup`, `xinbao status`) in plain
// Chinese: times in the broker's zone, sizes in KB/MB/GB.
//
// Threads: pure functions.
#pragma once

#include <string>

#include "proto/time_zone.h"
#include "xinbao/v1/backup.pb.h"

namespace xinbao::client {

// "第 3 号，2026-12-02 18:50:01，报告到第 1234 号，1.2 MB（说明）".
std::string BackupInfoText(const v1::BackupInfo& backup, const TimeZone& zone);

// What `xinbao backup` prints: the backup made, the folder, and the
// backups kept there as a table.
std::string BackupResultText(const v1::BackupResult& result,
                             const TimeZone& zone);

}  // namespace xinbao::client
