#include "broker/query/broker_health.h"

#include <sys/statvfs.h>

#include <algorithm>

namespace xinbao::broker {
namespace {

std::string Seconds(int64_t ms) { return std::to_string(ms / 1000) + " 秒"; }

}  // namespace

DiskSpace DiskSpaceOf(const std::filesystem::path& dir) {
  struct statvfs info {};
  if (::statvfs(dir.c_str(), &info) != 0) return DiskSpace{};
  return DiskSpace{true,
                   static_cast<uint64_t>(info.f_bavail) * info.f_frsize,
                   static_cast<uint64_t>(info.f_blocks) * info.f_frsize};
}

std::vector<std::string> HealthProblems(const VitalsSnapshot& vitals,
                                        const DiskSpace& disk,
                                        int64_t min_free_disk_mb,
                                        int64_t now_ms) {
  std::vector<std::string> problems;
  const uint64_t min_free_bytes =
      static_cast<uint64_t>(min_free_disk_mb) * 1024 * 1024;
  if (!disk.known) {
    problems.push_back("无法读取数据目录所在磁盘的剩余空间");
  } else if (disk.free_bytes < min_free_bytes) {
    problems.push_back("数据目录所在磁盘剩余 " +
                       std::to_string(disk.free_bytes / (1024 * 1024)) +
                       " MB，少于设定的下限 " +
                       std::to_string(min_free_disk_mb) +
                       " MB（[limits] min_free_disk_mb）：请清理磁盘或扩容");
  }
  if (vitals.store_failing_since_ms != 0) {
    problems.push_back("存储自 " +
                       Seconds(now_ms - vitals.store_failing_since_ms) +
                       "前起拒绝写入：新报告无法保存（已读取的仍可查询），"
                       "请检查磁盘和服务日志");
  }
  if (vitals.waiting_requests > 0 && vitals.committer_seen_ms != 0 &&
      now_ms - vitals.committer_seen_ms >= kCommitterStallMs) {
    problems.push_back("有 " + std::to_string(vitals.waiting_requests) +
                       " 个请求在等待写入，但写入线程已 " +
                       Seconds(now_ms - vitals.committer_seen_ms) +
                       "没有运转");
  }
  return problems;
}

int64_t CommitterStillMs(const VitalsSnapshot& vitals, int64_t now_ms) {
  const int64_t last = std::max(vitals.committer_seen_ms, vitals.started_at_ms);
  return std::max<int64_t>(0, now_ms - last);
}

}  // namespace xinbao::broker
