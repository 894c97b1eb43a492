// Backups in words (`xinbao backup`, `xinbao status`): times in the
// broker's zone whatever the machine's, the schedule, the kept table.
#include "clients/text/backup_text.h"

#include <gtest/gtest.h>

#include "clients/text/broker_status_text.h"
#include "clients/text/local_time.h"

namespace xinbao::client {
namespace {

// 2026-12-02 02:00:03 in Beijing (18:00:03 UTC the day before).
constexpr int64_t kNightly = 1'796'148'003'000;

v1::BackupInfo Backup(uint32_t id, uint64_t last, const std::string& note) {
  v1::BackupInfo info;
  info.set_backup_id(id);
  info.set_created_at_ms(kNightly);
  info.set_last_sequence(last);
  info.set_size_bytes(10u * 1024 * 1024);
  info.set_files(17);
  info.set_note(note);
  return info;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(BackupText, OneBackupInTheBrokersZone) {
  const TimeZone beijing = ZoneNamed("Asia/Shanghai", TimeZone());
  EXPECT_EQ(BackupInfoText(Backup(3, 18234, "升级前"), beijing),
            "第 3 号，2026-12-02 02:00:03，报告到第 18234 号，10.0 MB（升级前）");
  EXPECT_EQ(BackupInfoText(Backup(4, 1, ""), beijing),
            "第 4 号，2026-12-02 02:00:03，报告到第 1 号，10.0 MB");
}

TEST(BackupText, TheResultListsWhatIsKeptAndHowToRestore) {
  v1::BackupResult result;
  *result.mutable_made() = Backup(12, 1490, "scheduled");
  *result.add_kept() = Backup(11, 1400, "scheduled");
  *result.add_kept() = Backup(12, 1490, "scheduled");
  result.set_dir("/var/lib/xinbao/backups");
  const std::string text =
      BackupResultText(result, ZoneNamed("Asia/Shanghai", TimeZone()));
  EXPECT_TRUE(Has(text, "已完成备份: 第 12 号，2026-12-02 02:00:03，报告到第 1490 号"))
      << text;
  EXPECT_TRUE(Has(text, "备份目录（服务器上）: /var/lib/xinbao/backups\n")) << text;
  EXPECT_TRUE(Has(text, "保留的备份（共 2 个）")) << text;
  EXPECT_TRUE(Has(text, "第 1400 号")) << text;
  EXPECT_TRUE(Has(text, "--restore /var/lib/xinbao/backups --backup-id <编号>"))
      << text;
}

TEST(BackupText, TheStatusLineSaysTheNewestAndTheSchedule) {
  const TimeZone beijing = ZoneNamed("Asia/Shanghai", TimeZone());
  v1::BrokerStatus status;
  EXPECT_EQ(LastBackupText(status, beijing),
            "尚无备份；未设定时备份，只在管理员执行 xinbao backup 时备份");
  *status.mutable_last_backup() = Backup(12, 1490, "scheduled");
  status.set_backup_every_ms(86'400'000);
  EXPECT_EQ(LastBackupText(status, beijing),
            "最近 第 12 号，2026-12-02 02:00:03，报告到第 1490 号，10.0 MB"
            "（scheduled）；每 1 天一次");
}

}  // namespace
}  // namespace xinbao::client
