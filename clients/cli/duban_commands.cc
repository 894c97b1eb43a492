#include "clients/cli/duban_commands.h"

#include <iostream>

#include "clients/cli/query_call.h"
#include "clients/lib/submit_client.h"
#include "clients/text/duban_text.h"
#include "clients/text/local_time.h"
#include "clients/text/report_flags.h"
#include "proto/names.h"

namespace xinbao::client::cli {
namespace {

using Body = v1::Reply::BodyCase;

// "已签收（第 3 步）" or "无变化（这一步已记录过）".
std::string ChangedText(const v1::Reply& reply, const std::string& done) {
  const v1::DubanChanged& changed = reply.duban_changed();
  if (!changed.changed()) {
    return "无变化（这一步已记录过，第 " +
           std::to_string(changed.step_number()) + " 步）\n";
  }
  return done + "（督办事项 " + changed.item().item().item_id() + " 第 " +
         std::to_string(changed.step_number()) + " 步）\n";
}

struct StepWords {
  v1::StepKind kind;
  const char* name;
  const char* alias;
  const char* help;
  bool office;
  const char* done;  // what the command prints once the broker has it
};

constexpr StepWords kSteps[] = {
    {v1::STEP_KIND_SIGN, "sign", "签收", "签收督办事项（承办单位）", false, "已签收"},
    {v1::STEP_KIND_PROGRESS, "progress", "办理", "报送办理进展（承办单位，--text 必填）", false, "已报送办理进展"},
    {v1::STEP_KIND_RESULT, "answer", "办结",
     "报送办结报告或办理意见（承办单位，--text 必填）", false, "已报送办结报告"},
    {v1::STEP_KIND_SIGN_URGE, "sign-urge", "签收催办", "签收催办通知（承办单位）", false, "已签收催办通知"},
    {v1::STEP_KIND_ACCEPT, "accept", "销号",
     "复核通过、办结销号（中心，--target 承办单位）", true, "已办结销号"},
    {v1::STEP_KIND_RETURN, "return", "退回",
     "退回重办（中心，--target 承办单位，--text 理由）", true, "已退回重办"},
    {v1::STEP_KIND_URGE, "urge", "催办", "发出催办通知（中心，--target 承办单位）", true, "已发出催办通知"},
    {v1::STEP_KIND_SUSPEND, "suspend", "中止", "中止本事项（中心，--text 理由）", true, "已中止"},
    {v1::STEP_KIND_RESUME, "resume", "恢复", "恢复已中止的事项（中心）", true, "已恢复"},
};

}  // namespace

DubanCommands::DubanCommands(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  duban_ = app.add_subcommand("duban", "督查督办：交办、签收、办理、办结、复核、催办");
  duban_->alias("督办");
  duban_->require_subcommand(1);

  list_ = duban_->add_subcommand("list", "列出督办事项（承办单位只见本单位的）");
  list_->alias("列表");
  list_->add_flag("--all", all_, "也列出已办结的");
  list_->add_option("--unit", filter_unit_, "只列该单位承办的");
  list_->add_option("--leader", leader_, "只列该批示人的");
  list_->add_option("--light", light_, "只列该灯色的：red 红灯、yellow 黄灯、green 绿灯");
  list_->add_option("--phase", phases_,
                    "只列有单位处于该状态的：待签收、办理中、待复核、已办结");
  list_->add_option("--due-before", due_before_, "只列办结时限早于该时刻的");
  list_->add_option("--limit", limit_, "最多列出几项");

  show_ = duban_->add_subcommand("show", "查看一个督办事项：批示、各单位办理情况、经过");
  show_->alias("查看");
  show_->add_option("ID", item_id_, "督办事项编号")->required();

  issue_ = duban_->add_subcommand("issue", "交办督办事项（中心值班员）");
  issue_->alias("交办");
  issue_->add_option("--id", item_id_, "督办事项编号（自定，如 db-2026-031）")->required();
  issue_->add_option("--title", title_, "事项标题")->required();
  issue_->add_option("--instruction", instruction_, "批示内容")->required();
  issue_->add_option("--leader", leader_, "批示人")->required();
  issue_->add_option("--level", level_, "批示人级别：县级、市级、省级、中央")->required();
  issue_->add_option("--lead", lead_, "主办单位编号")->required();
  issue_->add_option("--co", co_, "协办单位编号（可多次）");
  issue_->add_option("--urgency", urgency_, "缓急：急件、一般、疑难（默认一般）");
  issue_->add_option("--due", due_, "办结时限（默认按缓急和工作日计算），如 \"2026-12-10 17:30\"");
  issue_->add_option("--requirements", requirements_, "办理要求");
  issue_->add_option("--report", report_, "来源报告的序号");
  issue_->add_option("--event", event_, "来源事件编号");
  issue_->add_option("--classification", classification_, "密级（默认内部）");
  issue_->add_option("--attach", attach_, "附件文件（可多次）");
  issue_->add_option("--unit", unit_, "交办的中心单位编号")->required();
  issue_->add_option("--officer", officer_, "经办人姓名")->required();

  transfer_ = duban_->add_subcommand(
      "transfer", "转办上级交办的督办事项给本级单位（中心值班员）");
  transfer_->alias("转办");
  transfer_->add_option("UPSTREAM_ID", upstream_id_, "上级交办的督办事项编号（duban list 列出）")
      ->required();
  transfer_->add_option("--id", item_id_, "本级督办事项编号（自定）")->required();
  transfer_->add_option("--lead", lead_, "主办单位编号")->required();
  transfer_->add_option("--co", co_, "协办单位编号（可多次）");
  transfer_->add_option("--due", due_, "办结时限（默认为上级给本级的办结时限）");
  transfer_->add_option("--requirements", requirements_, "办理要求（默认为上级的要求）");
  transfer_->add_option("--unit", unit_, "转办的中心单位编号")->required();
  transfer_->add_option("--officer", officer_, "经办人姓名")->required();

  for (const StepWords& words : kSteps) {
    CLI::App* step = duban_->add_subcommand(words.name, words.help);
    step->alias(words.alias);
    step->add_option("ID", item_id_, "督办事项编号")->required();
    step->add_option("--unit", unit_,
                     words.office ? "中心单位编号" : "承办单位编号（本单位）")
        ->required();
    step->add_option("--by", by_, "经办人姓名（默认 --person）");
    step->add_option("--text", text_, "进展、办结情况或理由");
    step->add_option("--step-id", step_id_, "步骤编号（重试同一步时给出同一个）");
    step->add_option("--attach", attach_, "附件文件（可多次）");
    if (words.kind == v1::STEP_KIND_ACCEPT || words.kind == v1::STEP_KIND_RETURN ||
        words.kind == v1::STEP_KIND_URGE) {
      step->add_option("--target", target_, "所涉承办单位编号")->required();
    }
    steps_.push_back({step, words.kind, words.done});
  }
}

std::optional<int> DubanCommands::RunParsed() const {
  if (!duban_->parsed()) return std::nullopt;
  if (list_->parsed()) return RunList();
  if (show_->parsed()) return RunShow();
  if (issue_->parsed()) return RunIssue();
  if (transfer_->parsed()) return RunTransfer();
  for (const StepCommand& step : steps_) {
    if (step.app->parsed()) return RunStep(step.kind, step.done);
  }
  return std::nullopt;
}

int DubanCommands::RunList() const {
  v1::Envelope request;
  v1::ListDubanRequest* list = request.mutable_list_duban();
  list->set_include_closed(all_);
  list->set_unit_id(filter_unit_);
  list->set_leader(leader_);
  list->set_limit(limit_);
  if (!light_.empty()) {
    const std::optional<v1::Light> light = ParseLight(light_);
    if (!light) return BadFlag("--light", light_, "red、yellow、green（红灯、黄灯、绿灯）");
    list->set_light(*light);
  }
  for (const std::string& text : phases_) {
    const std::optional<v1::UnitPhase> phase = ParseUnitPhase(text);
    if (!phase) return BadFlag("--phase", text, "待签收、办理中、待复核、已办结");
    list->add_phases(*phase);
  }
  if (!due_before_.empty()) {
    Result<int64_t> due = ParseTime(due_before_, "--due-before", options_.zone);
    if (!due.ok()) return Fail(due.status());
    list->set_due_to_ms(*due);
  }
  return ShowAnswer(options_,
                    AskQuery(options_, options_.query_endpoint,
                             std::move(request), Body::kDubanList),
                    [this](const v1::Reply& reply) {
                      return DubanListText(reply.duban_list(),
                                           Now(options_, reply));
                    });
}

int DubanCommands::RunShow() const {
  v1::Envelope request;
  request.mutable_get_duban()->set_item_id(item_id_);
  return ShowAnswer(options_,
                    AskQuery(options_, options_.query_endpoint,
                             std::move(request), Body::kDubanDetail),
                    [this](const v1::Reply& reply) {
                      return DubanDetailText(reply.duban_detail(),
                                             Now(options_, reply));
                    });
}

int DubanCommands::RunIssue() const {
  v1::Envelope request;
  v1::DubanItem* item = request.mutable_issue_duban()->mutable_item();
  item->set_item_id(item_id_);
  item->set_title(title_);
  item->set_instruction(instruction_);
  item->set_leader(leader_);
  const std::optional<v1::LeaderLevel> level = ParseLeaderLevel(level_);
  if (!level) return BadFlag("--level", level_, "县级、市级、省级、中央");
  item->set_leader_level(*level);
  item->set_lead_unit_id(lead_);
  for (const std::string& co : co_) item->add_co_unit_ids(co);
  if (!urgency_.empty()) {
    const std::optional<v1::Urgency> urgency = ParseUrgency(urgency_);
    if (!urgency) return BadFlag("--urgency", urgency_, "急件、一般、疑难");
    item->set_urgency(*urgency);
  }
  if (!due_.empty()) {
    Result<int64_t> due = ParseTime(due_, "--due", options_.zone);
    if (!due.ok()) return Fail(due.status());
    item->set_due_at_ms(*due);
  }
  item->set_requirements(requirements_);
  item->set_source_report_sequence(report_);
  item->set_source_event_id(event_);
  item->set_classification(v1::CLASSIFICATION_INTERNAL);
  if (!classification_.empty()) {
    const std::optional<v1::Classification> level =
        ParseClassification(classification_);
    if (!level) return BadFlag("--classification", classification_, "公开、内部");
    item->set_classification(*level);
  }
  for (const std::string& file : attach_) {
    Result<v1::Attachment> attachment = ReadAttachment(file);
    if (!attachment.ok()) return Fail(attachment.status());
    *item->add_attachments() = std::move(attachment).value();
  }
  item->set_office_unit_id(unit_);
  item->set_officer(officer_);
  return SendIssue(std::move(request));
}

int DubanCommands::RunTransfer() const {
  v1::Envelope ask;
  ask.mutable_list_duban()->set_include_closed(true);
  const Outcome listed =
      AskQuery(options_, options_.query_endpoint, std::move(ask), Body::kDubanList);
  if (!listed.reply || listed.reply->has_error()) {
    return ShowAnswer(options_, listed, [](const v1::Reply&) { return std::string(); });
  }
  const v1::UpstreamDuban* found = nullptr;
  for (const v1::UpstreamDuban& kept : listed.reply->duban_list().upstream()) {
    if (kept.item().item().item_id() == upstream_id_) found = &kept;
  }
  if (found == nullptr) {
    std::cerr << "本级没有上级交办的督办事项 " << upstream_id_
              << "（xinbao duban list 列出“上级交办”）\n";
    return kRefused;
  }
  const v1::DubanItem& theirs = found->item().item();
  v1::Envelope request;
  v1::DubanItem* item = request.mutable_issue_duban()->mutable_item();
  item->set_item_id(item_id_);
  item->mutable_upstream()->set_item_id(upstream_id_);
  item->set_title(theirs.title());
  item->set_instruction(theirs.instruction());
  item->set_leader(theirs.leader());
  item->set_leader_level(theirs.leader_level());
  item->set_urgency(theirs.urgency());
  item->set_requirements(requirements_.empty() ? theirs.requirements() : requirements_);
  item->set_classification(theirs.classification());
  item->set_lead_unit_id(lead_);
  for (const std::string& co : co_) item->add_co_unit_ids(co);
  if (!due_.empty()) {
    Result<int64_t> due = ParseTime(due_, "--due", options_.zone);
    if (!due.ok()) return Fail(due.status());
    item->set_due_at_ms(*due);
  } else {
    // The deadline this level owes up there, if it is still ahead.
    for (const v1::DubanUnit& unit : found->item().units()) {
      if (unit.unit_id() == found->unit_id() &&
          unit.answer_due_at_ms() > Now(options_, *listed.reply).now_ms) {
        item->set_due_at_ms(unit.answer_due_at_ms());
      }
    }
  }
  item->set_office_unit_id(unit_);
  item->set_officer(officer_);
  return SendIssue(std::move(request));
}

int DubanCommands::SendIssue(v1::Envelope request) const {
  return ShowAnswer(options_,
                    AskQuery(options_, options_.endpoint, std::move(request),
                             Body::kDubanChanged),
                    [](const v1::Reply& reply) {
                      return reply.duban_changed().changed()
                                 ? "已交办 督办事项 " +
                                       reply.duban_changed().item().item().item_id() +
                                       "\n"
                                 : std::string("无变化（该事项已交办过）\n");
                    });
}

int DubanCommands::RunStep(v1::StepKind kind, const std::string& done) const {
  v1::Envelope request;
  v1::DubanStepRequest* step = request.mutable_duban_step();
  step->set_item_id(item_id_);
  step->set_step_id(step_id_.empty() ? NewUuid() : step_id_);
  step->set_kind(kind);
  step->set_unit_id(unit_);
  step->set_person(by_.empty() ? options_.person : by_);
  step->set_text(text_);
  step->set_target_unit_id(target_);
  for (const std::string& file : attach_) {
    Result<v1::Attachment> attachment = ReadAttachment(file);
    if (!attachment.ok()) return Fail(attachment.status());
    *step->add_attachments() = std::move(attachment).value();
  }
  return ShowAnswer(options_,
                    AskQuery(options_, options_.endpoint, std::move(request),
                             Body::kDubanChanged),
                    [done](const v1::Reply& reply) {
                      return ChangedText(reply, done);
                    });
}

}  // namespace xinbao::client::cli
