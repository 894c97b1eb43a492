#include "clients/text/broker_status_text.h"

#include <cstdio>

#include "clients/text/backup_text.h"
#include "clients/text/event_words.h"
#include "clients/text/local_time.h"
#include "proto/chain_hash.h"

namespace xinbao::client {
namespace {

std::string Fixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string Count(uint64_t n) { return std::to_string(n); }

std::string Problems(const v1::BrokerStatus& status) {
  std::string text;
  for (const std::string& problem : status.problems()) {
    text += (text.empty() ? "" : "；") + problem;
  }
  return text;
}

}  // namespace

std::string ByteSizeText(uint64_t bytes) {
  constexpr double kKb = 1024.0;
  if (bytes < 1024) return std::to_string(bytes) + " 字节";
  if (bytes < 1024 * 1024) return Fixed(bytes / kKb, 1) + " KB";
  if (bytes < 1024ull * 1024 * 1024) return Fixed(bytes / kKb / kKb, 1) + " MB";
  return Fixed(bytes / kKb / kKb / kKb, 2) + " GB";
}

std::string DurationText(int64_t ms) {
  const int64_t seconds = ms < 0 ? 0 : ms / 1000;
  // The larger unit, and the next one down unless it is 0 ("1 天", not
  // "1 天 0 小时").
  auto two = [](int64_t big, const char* big_unit, int64_t small,
                const char* small_unit) {
    std::string text = std::to_string(big) + " " + big_unit;
    if (small > 0) text += " " + std::to_string(small) + " " + small_unit;
    return text;
  };
  if (seconds >= 86400) return two(seconds / 86400, "天", seconds % 86400 / 3600, "小时");
  if (seconds >= 3600) return two(seconds / 3600, "小时", seconds % 3600 / 60, "分");
  if (seconds >= 60) return two(seconds / 60, "分", seconds % 60, "秒");
  return std::to_string(seconds) + " 秒";
}

std::string LastBackupText(const v1::BrokerStatus& status,
                           const TimeZone& zone) {
  const std::string schedule =
      status.backup_every_ms() == 0
          ? "未设定时备份，只在管理员执行 xinbao backup 时备份"
          : "每 " + DurationText(status.backup_every_ms()) + "一次";
  if (status.last_backup().backup_id() == 0) {
    return "尚无备份；" + schedule;
  }
  return "最近 " + BackupInfoText(status.last_backup(), zone) + "；" + schedule;
}

std::string UpstreamLinkText(const v1::BrokerStatus& status,
                             const TimeZone& zone) {
  if (!status.has_upstream_link()) return "无（未配置 [upstream]，本级不向上转报）";
  const v1::UpstreamLink& link = status.upstream_link();
  std::string text = link.endpoint() + (link.connected() ? " 已连接" : " 未连接");
  text += "；待转报 " + Count(link.queued()) + " 份";
  if (link.queued() > 0) {
    text += "（最早一份已等 " + DurationText(link.oldest_queued_ms()) + "）";
  }
  if (link.last_forwarded_at_ms() == 0) {
    text += "；启动以来尚未转报";
  } else {
    text += "；最近转报 " + FormatLocalTime(link.last_forwarded_at_ms(), zone) +
            "（本级序号 " + Count(link.last_forwarded_sequence()) + " → 上级序号 " +
            Count(link.parent_sequence()) + "）";
  }
  text += "；启动以来转报 " + Count(link.forwarded()) + " 份";
  if (link.refused() > 0) text += "，被上级拒收 " + Count(link.refused()) + " 份";
  if (!link.problem().empty()) text += "；" + link.problem();
  return text;
}

std::string BrokerStatusText(const v1::BrokerStatus& status) {
  const TimeZone zone = ZoneNamed(status.time_zone(), TimeZone());
  std::string text;
  text += "运行: 自 " + FormatLocalTime(status.started_at_ms(), zone) +
          " 起，已运行 " + DurationText(status.uptime_ms()) + "；安全模式 " +
          (status.security_mode() == "curve" ? "CURVE 加密认证"
                                             : "不安全（未加密、未认证）") +
          "\n";
  text += "数据目录: " + status.data_dir() + "\n";
  text += "存储: 共 " + ByteSizeText(status.store_bytes()) + "（数据文件 " +
          ByteSizeText(status.store_sst_bytes()) + "，内存表 " +
          ByteSizeText(status.store_memtable_bytes()) + "，预写日志 " +
          ByteSizeText(status.store_wal_bytes()) + "）\n";
  text += "磁盘: 剩余 " + ByteSizeText(status.disk_free_bytes()) + " / 共 " +
          ByteSizeText(status.disk_total_bytes()) + "\n";
  const v1::BatchFigures& last = status.last_batch();
  if (last.at_ms() == 0) {
    text += "最近一次写入: 启动以来尚无\n";
  } else {
    text += "最近一次写入: " + FormatLocalTime(last.at_ms(), zone) + "，报告 " +
            Count(last.reports()) + " 份、其他记录 " + Count(last.records()) +
            " 条，落盘用时 " + Fixed(last.write_us() / 1000.0, 2) + " 毫秒" +
            (last.failed() ? "（失败）" : "") + "\n";
  }
  if (status.store_resumes() > 0) {
    text += "存储恢复写入: 启动以来 " + Count(status.store_resumes()) +
            " 次，最近一次 " + FormatLocalTime(status.store_resumed_at_ms(), zone) +
            "\n";
  }
  text += "备份: " + LastBackupText(status, zone) + "\n";
  text += "存证链头: " + ChainHeadText(status.chain_head(), zone) + "\n";
  text += "启动以来: 写入 " + Count(status.batches()) + " 批，存入新报告 " +
          Count(status.reports_stored()) + " 份；等待写入的请求 " +
          Count(status.waiting_requests()) + " 个\n";
  if (status.refusals_size() > 0) {
    std::string refusals;
    for (const v1::RefusalCount& refusal : status.refusals()) {
      refusals += (refusals.empty() ? "" : "，") + refusal.name() + " " +
                  Count(refusal.count());
    }
    text += "拒绝（按错误码）: " + refusals + "\n";
  } else {
    text += "拒绝（按错误码）: 无\n";
  }
  text += "未结: 事件 " + Count(status.open_events()) + " 起，督办事项 " +
          Count(status.open_duban_items()) + " 项，约稿 " +
          Count(status.open_commissions()) + " 项，待签发简报 " +
          Count(status.draft_issues()) + " 期\n";
  if (status.open_alarms_size() > 0) {
    std::string alarms;
    for (const v1::OpenAlarmCount& count : status.open_alarms()) {
      alarms += (alarms.empty() ? "" : "，") + AlarmKindName(count.kind()) +
                " " + Count(count.count());
    }
    text += "未消警报: " + alarms + "\n";
  } else {
    text += "未消警报: 无\n";
  }
  text += "推送: 订阅 " + Count(status.feed_subscriptions()) +
          " 个；进行中的回放 " + Count(status.active_replays()) + " 个\n";
  text += "本级: " +
          (status.broker_id().empty()
               ? std::string("未命名（未设 [tree] id）")
               : status.broker_name() + "（" + status.broker_id() + "）") +
          "\n";
  text += "上级连接: " + UpstreamLinkText(status, zone) + "\n";
  if (status.has_upstream_link()) {
    const v1::UpstreamLink& link = status.upstream_link();
    text += "上级下发: " +
            (link.down_endpoint().empty()
                 ? std::string("未配置上级查询地址（[upstream] query_endpoint），不取下发")
                 : "已收到第 " + Count(link.down_received()) + " 条（越级抄送本级此前未收到的 " +
                       Count(link.copies_new()) + " 份，登记上级采用 " +
                       Count(link.adoptions_new()) + " 条）") +
            "\n";
    if (!link.down_endpoint().empty()) {
      text += "上级督办: 启动以来收到上级交办 " + Count(link.duban_items()) +
              " 次；本级答复已排 " + Count(link.steps_queued()) + " 步，上级已答 " +
              Count(link.steps_answered()) + " 步" +
              (link.steps_refused() > 0 ? "（拒收 " + Count(link.steps_refused()) + " 步）"
                                        : std::string()) +
              "\n";
    }
  }
  for (const v1::ChildLink& child : status.children()) {
    const std::string who =
        child.broker_id().empty()
            ? "本级单位 " + child.unit_id() + "（启动以来未转来报告）"
            : child.broker_id() + "（用户 " + child.user() + "，本级单位 " +
                  child.unit_id() + "）启动以来转来 " + Count(child.received()) +
                  " 份，重发 " + Count(child.repeats()) + " 份，最近 " +
                  FormatLocalTime(child.last_report_at_ms(), zone);
    const std::string down =
        child.down_queued() == 0
            ? ""
            : "；下发 " + Count(child.down_queued()) + " 条，已取 " +
                  Count(child.down_fetched()) + " 条";
    text += "下级: " + who + down + "\n";
  }
  text += "健康: " + (status.healthy() ? std::string("正常")
                                       : "异常 — " + Problems(status)) +
          "\n";
  return text;
}

std::string HealthLine(const v1::BrokerStatus& status) {
  if (!status.healthy()) return "异常：" + Problems(status);
  return "正常：已运行 " + DurationText(status.uptime_ms()) + "，磁盘剩余 " +
         ByteSizeText(status.disk_free_bytes()) + "，存储 " +
         ByteSizeText(status.store_bytes());
}

}  // namespace xinbao::client
