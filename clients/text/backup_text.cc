#include "clients/text/backup_text.h"

#include "clients/text/broker_status_text.h"
#include "clients/text/local_time.h"
#include "clients/text/text_table.h"
#include "proto/chain_hash.h"

namespace xinbao::client {

std::string BackupInfoText(const v1::BackupInfo& backup, const TimeZone& zone) {
  return "第 " + std::to_string(backup.backup_id()) + " 号，" +
         FormatLocalTime(backup.created_at_ms(), zone) + "，报告到第 " +
         std::to_string(backup.last_sequence()) + " 号，" +
         ByteSizeText(backup.size_bytes()) +
         (backup.note().empty() ? "" : "（" + backup.note() + "）");
}

std::string BackupResultText(const v1::BackupResult& result,
                             const TimeZone& zone) {
  std::string text = "已完成备份: " + BackupInfoText(result.made(), zone) + "\n";
  text += "备份时的存证链头: " + ChainHeadText(result.made().chain_head(), zone) +
          "\n";
  text += "备份目录（服务器上）: " + result.dir() + "\n";
  text += "保留的备份（共 " + std::to_string(result.kept_size()) + " 个）:\n";
  using Align = TextTable::Align;
  TextTable table({{"编号", Align::kRight},
                   {"时间"},
                   {"报告到", Align::kRight},
                   {"文件", Align::kRight},
                   {"大小", Align::kRight},
                   {"说明"}});
  table.SetFlexible(5, 8);
  for (const v1::BackupInfo& backup : result.kept()) {
    table.AddRow({std::to_string(backup.backup_id()),
                  FormatLocalTime(backup.created_at_ms(), zone),
                  "第 " + std::to_string(backup.last_sequence()) + " 号",
                  std::to_string(backup.files()),
                  ByteSizeText(backup.size_bytes()), backup.note()});
  }
  text += table.Render(100);
  text += "恢复: 停止服务后执行 xinbao-broker --config <配置文件> --restore " +
          result.dir() + " --backup-id <编号>（数据目录中不能已有报告库）\n";
  return text;
}

}  // namespace xinbao::client
