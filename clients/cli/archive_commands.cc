#include "clients/cli/archive_commands.h"

#include <cstdio>
#include <iostream>
#include <utility>

#include "clients/cli/query_call.h"
#include "clients/lib/archive_export.h"
#include "clients/text/local_time.h"
#include "proto/chain_hash.h"

namespace xinbao::client::cli {
namespace {

constexpr uint32_t kPageLinks = 2000;

// The [from, until) of --month (YYYY-MM) in `zone`; false if it does not
// read as a month.
bool MonthRange(const std::string& month, const TimeZone& zone, int64_t* from,
                int64_t* until) {
  int year = 0, number = 0;
  char rest = 0;
  if (std::sscanf(month.c_str(), "%4d-%2d%c", &year, &number, &rest) != 2 ||
      year < 2000 || year > 9999 || number < 1 || number > 12) {
    return false;
  }
  *from = zone.UnixMsOf({year, number, 1, 0, 0, 0});
  *until = zone.UnixMsOf({number == 12 ? year + 1 : year,
                          number == 12 ? 1 : number + 1, 1, 0, 0, 0});
  return true;
}

}  // namespace

ArchiveCommands::ArchiveCommands(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  verify_ = app.add_subcommand(
      "verify",
      "校验存证链（仅管理员）：服务器逐条核对库里的历史记录与哈希链，报告"
      "完好与链头，或第一个断点");
  verify_->alias("校验存证");
  export_ = app.add_subcommand(
      "export",
      "导出存证（仅管理员）：把一段时间（--month 或 --from/--to）的链节连同"
      "记录写成 DIR/records.jsonl 和 DIR/manifest.json，可离线核对");
  export_->alias("导出存证");
  AddPeriodFlags(export_, period_, "要导出的月份，如 2026-11（默认本月）");
  export_->add_option("--out", out_, "写到这个目录（须尚无导出）")->required();
  verify_export_ = app.add_subcommand(
      "verify-export",
      "离线核对一份存证导出（不需连服务器）：文件摘要、每个链节与记录、"
      "首尾哈希；--expect 再核对别处记下的链头");
  verify_export_->alias("核对导出");
  verify_export_->add_option("dir", dir_, "导出的目录")->required();
  verify_export_->add_option(
      "--expect", expect_,
      "早先记下的链头 链节序号:哈希（xinbao verify、备份或下月导出的 "
      "prev_hash），核对导出里的同一链节");
}

std::optional<int> ArchiveCommands::RunParsed() const {
  if (verify_->parsed()) return Verify();
  if (export_->parsed()) return Export();
  if (verify_export_->parsed()) return VerifyExport();
  return std::nullopt;
}

int ArchiveCommands::Verify() const {
  v1::Envelope request;
  request.mutable_verify_chain();
  const Outcome outcome =
      AskQuery(options_, options_.query_endpoint, std::move(request),
               v1::Reply::kChainCheck, kVerifyTimeoutSeconds);
  const int code = ShowAnswer(options_, outcome, [&](const v1::Reply& reply) {
    return ChainCheckText(reply.chain_check(), ZoneOf(reply, options_.zone));
  });
  if (code == kSettled && outcome.reply && outcome.reply->has_chain_check() &&
      !outcome.reply->chain_check().intact()) {
    return kChainBroken;
  }
  return code;
}

int ArchiveCommands::Export() const {
  const TimeZone& zone = options_.zone;
  ExportRange range;
  range.time_zone = zone.name();
  if (!period_.from.empty() || !period_.to.empty()) {
    Result<Period> period =
        ReadPeriod(period_, zone, NowIn(zone).now_ms, false);
    if (!period.ok()) {
      std::cerr << "错误: " << period.status().message() << std::endl;
      return kLocalError;
    }
    range.from_ms = period->from_ms;
    range.until_ms = period->to_ms;
    range.label = period_.from + " 至 " + period_.to;
  } else {
    range.label = period_.month.empty()
                      ? FormatTime(NowIn(zone).now_ms, zone, "%Y-%m")
                      : period_.month;
    if (!MonthRange(range.label, zone, &range.from_ms, &range.until_ms)) {
      std::cerr << "错误: --month 应写成 2026-11 这样的年-月" << std::endl;
      return kLocalError;
    }
  }
  Result<ExportWriter> writer = ExportWriter::Create(out_);
  if (!writer.ok()) {
    std::cerr << "错误: " << writer.status().message() << std::endl;
    return kLocalError;
  }
  v1::ChainHead head;
  uint64_t after = 0;
  while (true) {
    v1::Envelope request;
    v1::ExportChainRequest* ask = request.mutable_export_chain();
    ask->set_from_ms(range.from_ms);
    ask->set_until_ms(range.until_ms);
    ask->set_after_index(after);
    ask->set_limit(kPageLinks);
    const Outcome outcome = AskQuery(options_, options_.query_endpoint,
                                     std::move(request), v1::Reply::kChainPage);
    if (!outcome.reply || outcome.reply->has_error()) {
      return ShowAnswer(options_, outcome, [](const v1::Reply&) { return ""; });
    }
    const v1::ChainPage& page = outcome.reply->chain_page();
    const Status added = writer->Add(page);
    if (!added.ok()) {
      std::cerr << "错误: " << added.message() << std::endl;
      return kLocalError;
    }
    head = page.head();
    if (!page.more() || page.entries_size() == 0) break;
    after = page.entries(page.entries_size() - 1).link().index();
  }
  const Status finished =
      writer->Finish(range, head, NowIn(zone).now_ms);
  if (!finished.ok()) {
    std::cerr << "错误: " << finished.message() << std::endl;
    return kLocalError;
  }
  std::cout << "已导出 " << range.label << " 的 " << writer->links()
            << " 个链节及其记录到 " << out_ << "（" << kExportRecordsFile
            << "、" << kExportManifestFile << "）\n导出时服务器的链头："
            << ChainHeadText(head, zone)
            << "\n离线核对：xinbao verify-export " << out_ << "\n";
  return kSettled;
}

int ArchiveCommands::VerifyExport() const {
  Result<ExportCheck> check = client::VerifyExport(dir_, expect_);
  if (!check.ok()) {
    std::cerr << "错误: " << check.status().message() << std::endl;
    return kLocalError;
  }
  if (!check->intact) {
    std::cout << "存证导出 " << dir_ << " 未通过核对：" << check->problem
              << "\n";
    return kChainBroken;
  }
  std::cout << "存证导出 " << dir_ << "（" << check->label << "）完好："
            << check->links << " 个链节";
  if (check->links != 0) {
    std::cout << "（第 " << check->first_index << " 至第 "
              << check->last_index << " 个）";
  }
  std::cout << "，每条记录与链相符\n末尾哈希：" << check->last_hash_hex
            << "\n";
  if (expect_.empty()) return kSettled;
  if (!check->anchor_in_range) {
    std::cout << "--expect 的链节不在这份导出的范围内，无法比对\n";
    return kChainBroken;
  }
  std::cout << (check->anchor_matches
                    ? "与别处记下的链头一致\n"
                    : "与别处记下的链头不一致：历史被整体改写过\n");
  return check->anchor_matches ? kSettled : kChainBroken;
}

}  // namespace xinbao::client::cli
