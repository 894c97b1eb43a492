#include "clients/cli/score_command.h"

#include <iostream>
#include <utility>

#include "clients/cli/query_call.h"
#include "clients/print/standing_notice.h"
#include "clients/print/standing_notice_table.h"
#include "clients/text/local_time.h"
#include "clients/text/report_lines.h"
#include "clients/text/score_text.h"
#include "proto/durable_file.h"

namespace xinbao::client::cli {
namespace {

// Answering reads every report of the period.
constexpr double kScoreTimeoutSeconds = 30;

}  // namespace

ScoreCommand::ScoreCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  score_ = app.add_subcommand(
      "score", "考核通报：各单位某月的得分和排名（采用、批示、约稿、迟报漏报瞒报），"
               "可出 PDF、Excel、CSV（中心）");
  score_->alias("考核通报");
  AddPeriodFlags(score_, period_, "月份 YYYY-MM（默认本月）");
  score_->add_flag("--explain", explain_, "列出每个单位的得分明细（每一分的来历）");
  CLI::Option* pdf = score_->add_option("--pdf", pdf_, "把通报写成 PDF 文件");
  CLI::Option* xlsx = score_->add_option("--xlsx", xlsx_, "把排名和明细写成 Excel 文件（.xlsx）");
  CLI::Option* csv = score_->add_flag("--csv", csv_, "输出 CSV（UTF-8；有 --explain 时为明细）");
  pdf->excludes(xlsx)->excludes(csv);
  xlsx->excludes(csv);
  score_->add_flag("--bom", bom_, "CSV 以 UTF-8 BOM 开头（便于 Excel 打开）")->needs(csv);
  score_->add_option("--output", output_, "文字或 CSV 写入此文件，而不是显示");
  score_->add_option("--to-units", to_units_, "通报的主送单位")->capture_default_str();
}

std::optional<int> ScoreCommand::RunParsed() const {
  if (!score_->parsed()) return std::nullopt;
  return Run();
}

Result<v1::StatsRequest> ScoreCommand::Request() const {
  Result<Period> period =
      ReadPeriod(period_, options_.zone, NowIn(options_.zone).now_ms, true);
  if (!period.ok()) return period.status();
  v1::StatsRequest request;
  SetPeriod(*period, &request);
  request.set_explain(explain_ || !pdf_.empty() || !xlsx_.empty());
  return request;
}

int ScoreCommand::Run() const {
  if (options_.json && csv_) {
    return Fail(Status(v1::ERROR_CODE_INVALID_FIELD, "--json 与 --csv 只能选一个", "--csv"));
  }
  Result<v1::StatsRequest> request = Request();
  if (!request.ok()) return Fail(request.status());
  v1::Envelope envelope;
  *envelope.mutable_stats() = *request;
  const Outcome outcome = AskQuery(options_, options_.query_endpoint, std::move(envelope),
                                   v1::Reply::kStats, kScoreTimeoutSeconds);
  if (!outcome.reply || outcome.reply->has_error()) {
    return ShowAnswer(options_, outcome, nullptr);
  }
  const v1::StatsTable& table = outcome.reply->stats();
  const TimeZone zone = ZoneOf(*outcome.reply, options_.zone);
  int code = kSettled;
  if (!pdf_.empty()) {
    code = WritePdf(table, *request, zone);
  } else if (!xlsx_.empty()) {
    Result<std::string> workbook = print::StandingNoticeWorkbook(table, zone);
    code = workbook.ok() ? Write(xlsx_, *workbook) : Fail(workbook.status());
  } else if (csv_) {
    const std::string text =
        explain_ ? print::TableCsv(print::StandingDetail(table, zone), bom_)
                 : print::TableCsv(print::StandingRanking(table), bom_);
    if (output_.empty()) {
      std::cout << text << std::flush;
    } else {
      code = Write(output_, text);
    }
    return code;
  } else if (!options_.json) {
    const std::string text = ScoreTableText(table, zone);
    if (output_.empty()) {
      std::cout << text << std::flush;
      return kSettled;
    }
    return Write(output_, text);
  }
  if (options_.json && code == kSettled) std::cout << MessageJson(table) << std::endl;
  return code;
}

std::string ScoreCommand::PeriodLabel(const v1::StatsTable& table,
                                      const v1::StatsRequest& request,
                                      const TimeZone& zone) const {
  if (!request.month().empty()) {
    const CivilTime from = zone.CivilOf(table.from_ms());
    return std::to_string(from.year) + "年" + std::to_string(from.month) + "月";
  }
  const auto date = [&zone](int64_t ms) {
    const CivilTime civil = zone.CivilOf(ms);
    return std::to_string(civil.year) + "年" + std::to_string(civil.month) +
           "月" + std::to_string(civil.day) + "日";
  };
  // The period ends before to_ms: its last day is the day before.
  return date(table.from_ms()) + "至" + date(table.to_ms() - 1);
}

int ScoreCommand::WritePdf(const v1::StatsTable& table,
                           const v1::StatsRequest& request,
                           const TimeZone& zone) const {
  v1::Envelope policy;
  policy.mutable_policy();
  const Outcome rules = AskQuery(options_, options_.query_endpoint,
                                 std::move(policy), v1::Reply::kPolicy);
  if (!rules.reply || rules.reply->has_error()) {
    return ShowAnswer(options_, rules, nullptr);
  }
  print::NoticeHeading heading;
  heading.office = rules.reply->policy().caibian().office_name();
  heading.period = PeriodLabel(table, request, zone);
  heading.issued_at_ms = NowIn(options_.zone).now_ms;
  heading.addressed_to = to_units_;
  Result<std::string> pdf = print::StandingNoticePdf(table, heading, zone);
  if (!pdf.ok()) return Fail(pdf.status());
  return Write(pdf_, *pdf);
}

int ScoreCommand::Write(const std::string& path, const std::string& bytes) const {
  if (Status written = WriteFileDurably(path, bytes); !written.ok()) {
    return Fail(written);
  }
  if (!options_.json) std::cout << "已写入 " << path << std::endl;
  return kSettled;
}

}  // namespace xinbao::client::cli
