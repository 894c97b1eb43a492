#include "clients/cli/policy_command.h"

#include <cstdio>
#include <utility>

#include "clients/cli/query_call.h"
#include "clients/text/text_table.h"
#include "proto/names.h"

namespace xinbao::client::cli {
namespace {

// Wide enough for every table here: nothing is cut.
constexpr std::size_t kLineWidth = 200;

// A deadline as people say it; 0 is none.
std::string Within(int64_t ms) { return ms == 0 ? "不限" : DurationWords(ms); }

std::string Followups(const v1::FollowupPolicy& rule) {
  if (rule.every_ms() != 0) return "每隔 " + DurationWords(rule.every_ms());
  if (rule.at_minutes().empty()) return "不限";
  std::string text = "每天";
  for (int i = 0; i < rule.at_minutes_size(); ++i) {
    char time[24];
    std::snprintf(time, sizeof time, "%02u:%02u", rule.at_minutes(i) / 60,
                  rule.at_minutes(i) % 60);
    text += (i == 0 ? " " : "、") + std::string(time);
  }
  return text + "（距上次至少 " + DurationWords(rule.min_gap_ms()) + "）";
}

std::string Bytes(uint64_t bytes) {
  constexpr uint64_t kKiB = 1024, kMiB = 1024 * 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) {
    return std::to_string(bytes / kMiB) + " MiB";
  }
  if (bytes >= kKiB && bytes % kKiB == 0) {
    return std::to_string(bytes / kKiB) + " KiB";
  }
  return std::to_string(bytes) + " 字节";
}

std::string StageTable(const v1::Policy& policy) {
  TextTable table({{"阶段"}, {"必备要素"}});
  for (const v1::StageElements& stage : policy.stages()) {
    std::string labels;
    for (const v1::PolicyElement& element : stage.elements()) {
      if (!labels.empty()) labels += "、";
      labels += element.label();
    }
    table.AddRow({std::string(StageName(stage.stage())),
                  labels.empty() ? "（无）" : labels});
  }
  return table.Render(kLineWidth);
}

std::string GradeTable(const v1::Policy& policy) {
  TextTable table({{"等级"},
                   {"首报（事）"},
                   {"首次续报"},
                   {"续报"},
                   {"终报（果）"},
                   {"逾期后升级"}});
  for (const v1::GradePolicy& grade : policy.grades()) {
    table.AddRow({std::string(SeverityName(grade.severity())),
                  Within(grade.shi_within_ms()),
                  Within(grade.first_qing_within_ms()),
                  Followups(grade.followup()), Within(grade.guo_within_ms()),
                  Within(grade.escalate_after_ms())});
  }
  return table.Render(kLineWidth);
}

std::string LimitTable(const v1::Policy& policy) {
  TextTable table({{"限制"}, {"上限"}});
  table.AddRow({"每个附件", Bytes(policy.max_attachment_bytes())});
  table.AddRow({"附件个数", std::to_string(policy.max_attachments()) + " 个"});
  table.AddRow({"整个请求", Bytes(policy.max_message_bytes())});
  table.AddRow({"最高密级",
                std::string(ClassificationName(policy.max_classification()))});
  table.AddRow({"时间最多比中心快", DurationWords(policy.max_clock_skew_ms())});
  return table.Render(kLineWidth);
}

std::string TextLimitTable(const v1::Policy& policy) {
  TextTable table(
      {{"字段"}, {"名称"}, {"最多字数", TextTable::Align::kRight}, {"必填"}});
  for (const v1::TextLimit& limit : policy.text_limits()) {
    table.AddRow(
        {limit.field(), limit.label(),
         limit.max_chars() == 0 ? "不限" : std::to_string(limit.max_chars()),
         limit.required() ? "是" : ""});
  }
  return table.Render(kLineWidth);
}

std::string DubanText(const v1::DubanRules& duban) {
  TextTable table({{"督办事项"}, {"办结时限"}, {"提醒（黄灯）"}, {"升级"}});
  table.AddRow({"签收", duban.sign_within(), "提前" + duban.sign_remind_before(),
                "超期后" + duban.sign_escalate_after()});
  for (const v1::DubanUrgencyTerms& row : duban.urgencies()) {
    const std::string name(UrgencyName(row.urgency()));
    table.AddRow({row.urgency() == v1::URGENCY_URGENT ? name : name + "件",
                  row.answer_within(), "提前" + row.remind_before(),
                  "超期后" + row.escalate_after()});
  }
  std::string years;
  for (int i = 0; i < duban.calendar_years_size(); ++i) {
    if (i > 0) years += "、";
    years += std::to_string(duban.calendar_years(i));
    for (int provisional : duban.provisional_years()) {
      if (provisional == duban.calendar_years(i)) years += "（暂定）";
    }
  }
  std::string hours;
  for (const std::string& window : duban.office_hours()) {
    if (!hours.empty()) hours += "、";
    hours += window;
  }
  return table.Render(kLineWidth) + "催办通知签收：" + duban.urge_sign_within() +
         "内；" + (duban.auto_urge() ? "超期自动催办" : "不自动催办") +
         "\n工作日历：" + (years.empty() ? std::string("无") : years) +
         " 年；办公时间 " + hours + "\n";
}

}  // namespace

std::string PolicyText(const v1::Policy& policy) {
  return "报送规则（时限预设 " + policy.preset() + "，时区 " +
         policy.time_zone() + "）\n\n紧急信息各阶段的必备要素\n" +
         StageTable(policy) + "\n各等级的报送时限\n" + GradeTable(policy) +
         "\n督办时限\n" + DubanText(policy.duban()) + "\n限制\n" +
         LimitTable(policy) + "\n文字长度\n" + TextLimitTable(policy);
}

PolicyCommand::PolicyCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  policy_ = app.add_subcommand(
      "policy", "报送规则：各阶段必备要素、各等级时限、附件和文字长度等限制");
  policy_->alias("报送规则");
}

std::optional<int> PolicyCommand::RunParsed() const {
  if (!policy_->parsed()) return std::nullopt;
  return Run();
}

int PolicyCommand::Run() const {
  v1::Envelope request;
  request.mutable_policy();
  return ShowAnswer(
      options_,
      AskQuery(options_, options_.query_endpoint, std::move(request),
               v1::Reply::kPolicy),
      [](const v1::Reply& reply) { return PolicyText(reply.policy()); });
}

}  // namespace xinbao::client::cli
