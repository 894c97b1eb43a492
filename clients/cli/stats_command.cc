#include "clients/cli/stats_command.h"

#include <iostream>
#include <utility>

#include "clients/cli/query_call.h"
#include "proto/durable_file.h"
#include "clients/text/local_time.h"
#include "clients/text/report_lines.h"
#include "clients/text/stats_text.h"

namespace xinbao::client::cli {
namespace {

// Answering reads every report of the period: give it longer than a
// lookup.
constexpr double kStatsTimeoutSeconds = 30;

}  // namespace

StatsCommand::StatsCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  stats_ = app.add_subcommand("stats",
                              "考核统计：各单位某月（或某段时间）的报送、时效、"
                              "迟报漏报瞒报和得分（中心）");
  stats_->alias("考核统计");
  AddPeriodFlags(stats_, period_, "月份 YYYY-MM（默认本月）");
  CLI::Option* csv = stats_->add_flag("--csv", csv_, "输出 CSV（UTF-8）");
  stats_->add_flag("--bom", bom_, "CSV 以 UTF-8 BOM 开头（便于 Excel 打开）")
      ->needs(csv);
  stats_->add_option("--output", output_, "写入此文件，而不是显示");
}

std::optional<int> StatsCommand::RunParsed() const {
  if (!stats_->parsed()) return std::nullopt;
  return Run();
}

Result<v1::StatsRequest> StatsCommand::Request() const {
  Result<Period> period =
      ReadPeriod(period_, options_.zone, NowIn(options_.zone).now_ms, true);
  if (!period.ok()) return period.status();
  v1::StatsRequest request;
  SetPeriod(*period, &request);
  return request;
}

int StatsCommand::Run() const {
  if (options_.json && csv_) {
    return Fail(Status(v1::ERROR_CODE_INVALID_FIELD,
                       "--json 与 --csv 只能选一个", "--csv"));
  }
  Result<v1::StatsRequest> request = Request();
  if (!request.ok()) return Fail(request.status());
  v1::Envelope envelope;
  *envelope.mutable_stats() = std::move(request).value();
  const Outcome outcome =
      AskQuery(options_, options_.query_endpoint, std::move(envelope),
               v1::Reply::kStats, kStatsTimeoutSeconds);
  // No answer, or a refusal: shown as every query command shows them.
  if (!outcome.reply || outcome.reply->has_error()) {
    return ShowAnswer(options_, outcome, nullptr);
  }
  const v1::Reply* reply = &*outcome.reply;
  const v1::StatsTable& table = reply->stats();
  if (options_.json) return Emit(MessageJson(table) + "\n");
  if (csv_) return Emit(StatsCsv(table, bom_));
  return Emit(StatsTableText(table, ZoneOf(*reply, options_.zone)));
}

int StatsCommand::Emit(const std::string& text) const {
  if (output_.empty()) {
    std::cout << text << std::flush;
    return kSettled;
  }
  if (Status written = WriteFileDurably(output_, text); !written.ok()) {
    return Fail(written);
  }
  if (!options_.json) std::cout << "已写入 " << output_ << std::endl;
  return kSettled;
}

}  // namespace xinbao::client::cli
