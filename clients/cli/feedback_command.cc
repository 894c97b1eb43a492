#include "clients/cli/feedback_command.h"

#include <utility>

#include "clients/cli/query_call.h"
#include "clients/text/caibian_text.h"
#include "clients/text/local_time.h"

namespace xinbao::client::cli {

FeedbackCommand::FeedbackCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  feedback_ = app.add_subcommand(
      "feedback", "采用反馈（件件有回音）：本单位每份报告的采用、批示、约稿");
  feedback_->alias("采用反馈");
  feedback_->add_option("--unit", unit_, "单位编号（默认本用户所属单位）");
  AddPeriodFlags(feedback_, period_, "月份 YYYY-MM（默认最近 31 天）");
  feedback_->add_flag("--adopted", adopted_, "只列被采用的报告");
}

std::optional<int> FeedbackCommand::RunParsed() const {
  if (!feedback_->parsed()) return std::nullopt;
  return Run();
}

int FeedbackCommand::Run() const {
  // --unit, the profile's unit, or the unit the registry gives the key.
  std::string unit = unit_.empty() ? options_.unit : unit_;
  if (unit.empty()) {
    v1::Envelope whoami;
    whoami.mutable_whoami();
    const Outcome who = AskQuery(options_, options_.query_endpoint,
                                 std::move(whoami), v1::Reply::kWhoami);
    if (!who.reply) return who.exit_code;  // no answer: said why
    if (who.reply->has_whoami()) unit = who.reply->whoami().unit_id();
  }
  if (unit.empty()) {
    return Fail(Status(v1::ERROR_CODE_MISSING_FIELD,
                       "不知道本用户属于哪个单位：请用 --unit 给出单位编号", "--unit"));
  }
  v1::Envelope request;
  v1::FeedbackRequest* feedback = request.mutable_feedback();
  feedback->set_unit_id(unit);
  Result<Period> period =
      ReadPeriod(period_, options_.zone, NowIn(options_.zone).now_ms, false);
  if (!period.ok()) return Fail(period.status());
  SetPeriod(*period, feedback);
  feedback->set_adopted_only(adopted_);
  return ShowAnswer(options_,
                    AskQuery(options_, options_.query_endpoint,
                             std::move(request), v1::Reply::kFeedback),
                    [this](const v1::Reply& reply) {
                      return FeedbackText(reply.feedback(),
                                          ZoneOf(reply, options_.zone));
                    });
}

}  // namespace xinbao::client::cli
