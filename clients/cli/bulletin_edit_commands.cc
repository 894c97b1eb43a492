// BulletinCommands' office actions (bulletin_commands.h): items, drafts,
// 签发, entered adoptions and 批示 — each one CaibianRequest on the submit
// socket (caibian_call.h).
#include <fstream>
#include <sstream>

#include "clients/cli/bulletin_commands.h"
#include "clients/cli/caibian_call.h"
#include "proto/names.h"

namespace xinbao::client::cli {
namespace {

constexpr const char* kRevisionHelp =
    "修改所依据的版本号（bulletin show / list --candidates 可查）；不给则新建";

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, "无法打开正文文件 " + path,
                  "--body-file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void BulletinCommands::AddOffice(CLI::App* command) {
  command->add_option("--unit", unit_, "中心（编辑部门）单位编号（默认配置文件的 unit）");
  command->add_option("--by", by_, "经办人姓名（默认 --person）");
}

void BulletinCommands::AddEditing() {
  item_ = bulletin_->add_subcommand("item", "新建或修改一篇稿件（由一份或几份报告编成，原报告不变）");
  item_->alias("稿件");
  item_->add_option("ID", id_, "稿件编号（新建时可不给，自动生成并显示）");
  item_->add_option("--title", title_, "标题")->required();
  CLI::Option* body = item_->add_option("--body", body_, "正文");
  CLI::Option* body_file = item_->add_option("--body-file", body_file_, "正文所在的文本文件（UTF-8）");
  body->excludes(body_file);
  item_->add_option("--source", sources_, "来源报告的序号（可多个，综合稿写几份）")
      ->required();
  item_->add_option("--commentary", commentary_, "编者按");
  item_->add_option("--base-revision", base_revision_, kRevisionHelp);
  AddOffice(item_);

  drop_ = bulletin_->add_subcommand("drop", "不用一篇稿件（须写理由；再修改可重新备选）");
  drop_->alias("不用");
  drop_->add_option("ID", id_, "稿件编号")->required();
  drop_->add_option("--reason", reason_, "不用的理由")->required();
  drop_->add_option("--base-revision", base_revision_, "稿件当前的版本号")->required();
  AddOffice(drop_);

  draft_ = bulletin_->add_subcommand("draft", "编排一期草稿：刊物、稿件顺序、签发人、报送抄送");
  draft_->alias("编排");
  draft_->add_option("ISSUE_ID", id_, "刊期编号（新建时可不给，自动生成并显示）");
  draft_->add_option("--series", series_id_, "刊物编号（见 bulletin series）")->required();
  draft_->add_option("--item", items_, "稿件编号，按刊登顺序（可多个）")->required();
  draft_->add_option("--approver", approver_, "签发人（默认刊物的）");
  draft_->add_option("--classification", classification_, "密级：公开、内部……（默认刊物的）");
  draft_->add_option("--compiled-by", compiled_by_, "编发单位（默认刊物的）");
  draft_->add_option("--send-to", send_to_, "报送（默认刊物的）");
  draft_->add_option("--copy-to", copy_to_, "抄送（默认刊物的）");
  draft_->add_option("--corrects", corrects_, "本期是对该期（已签发）的更正");
  draft_->add_option("--base-revision", base_revision_, kRevisionHelp);
  AddOffice(draft_);

  sign_ = bulletin_->add_subcommand("sign", "签发一期：编号（第N期）、定稿，记录各来源报告的采用");
  sign_->alias("签发");
  sign_->add_option("ISSUE_ID", id_, "刊期编号")->required();
  sign_->add_option("--base-revision", base_revision_, "草稿当前的版本号")->required();
  AddOffice(sign_);
}

void BulletinCommands::AddRecording() {
  adopt_ = bulletin_->add_subcommand("adopt", "录入上级刊物的采用（市级、省级、国家级）");
  adopt_->alias("采用");
  CLI::Option* report = adopt_->add_option("--report", report_, "被采用报告的序号");
  CLI::Option* item = adopt_->add_option("--item", item_id_, "被采用稿件的编号（其各来源报告都算采用）");
  report->excludes(item);
  adopt_->add_option("--level", level_, "采用的级别：市级、省级、国家级")->required();
  adopt_->add_option("--kind", kind_, "刊物类别：快报、常规、专报、增刊、要情")->required();
  adopt_->add_option("--series-name", series_name_, "上级刊物名称，如 市委信息快报")->required();
  adopt_->add_option("--reference", reference_, "期号，如 2026年第88期")->required();
  adopt_->add_option("--adopted", at_, "采用日期（默认现在），写法同 submit 的 --occurred");
  adopt_->add_option("--id", record_id_, "采用记录编号（重试时给出同一个；默认自动生成）");
  AddOffice(adopt_);

  instruct_ = bulletin_->add_subcommand("instruct", "记录领导对一篇稿件的批示");
  instruct_->alias("批示");
  instruct_->add_option("ITEM_ID", id_, "稿件编号")->required();
  instruct_->add_option("--leader", leader_, "批示人")->required();
  instruct_->add_option("--level", level_, "批示人级别：县级、市级、省级、中央")->required();
  instruct_->add_option("--text", text_, "批示内容")->required();
  instruct_->add_option("--at", at_, "批示日期（默认记录时），写法同 --adopted");
  instruct_->add_option("--id", record_id_, "批示记录编号（重试时给出同一个；默认自动生成）");
  AddOffice(instruct_);

  pass_up_ = bulletin_->add_subcommand(
      "pass-up", "把本级的一份报告转报上级（逐级报送；随报随转的紧急信息不必转）");
  pass_up_->alias("转报");
  pass_up_->add_option("SEQ", report_, "报告序号")->required();
  AddOffice(pass_up_);
}

int BulletinCommands::RunItem() const {
  v1::CaibianRequest action;
  v1::PutItem* put = action.mutable_put_item();
  put->set_item_id(IdOrNew(id_));
  put->set_base_revision(item_->count("--base-revision") > 0 ? base_revision_ : 0);
  put->set_title(title_);
  if (!body_file_.empty()) {
    Result<std::string> body = ReadText(body_file_);
    if (!body.ok()) return Fail(body.status());
    put->set_body(*body);
  } else {
    put->set_body(body_);
  }
  for (uint64_t sequence : sources_) put->add_source_sequences(sequence);
  put->set_commentary(commentary_);
  return ActAsOffice(options_, unit_, by_, std::move(action));
}

int BulletinCommands::RunDrop() const {
  v1::CaibianRequest action;
  v1::DropItem* drop = action.mutable_drop_item();
  drop->set_item_id(id_);
  drop->set_base_revision(base_revision_);
  drop->set_reason(reason_);
  return ActAsOffice(options_, unit_, by_, std::move(action));
}

int BulletinCommands::RunDraft() const {
  v1::CaibianRequest action;
  v1::PutIssue* put = action.mutable_put_issue();
  put->set_issue_id(IdOrNew(id_));
  put->set_base_revision(draft_->count("--base-revision") > 0 ? base_revision_ : 0);
  put->set_series_id(series_id_);
  for (const std::string& item : items_) put->add_item_ids(item);
  put->set_approver(approver_);
  if (!classification_.empty()) {
    const std::optional<v1::Classification> level =
        ParseClassification(classification_);
    if (!level) {
      return BadFlag("--classification", classification_, "公开、内部、秘密、机密、绝密");
    }
    put->set_classification(*level);
  }
  put->set_compiled_by(compiled_by_);
  put->set_send_to(send_to_);
  put->set_copy_to(copy_to_);
  put->set_corrects_issue_id(corrects_);
  return ActAsOffice(options_, unit_, by_, std::move(action));
}

int BulletinCommands::RunSign() const {
  v1::CaibianRequest action;
  action.mutable_issue_bulletin()->set_issue_id(id_);
  action.mutable_issue_bulletin()->set_base_revision(base_revision_);
  return ActAsOffice(options_, unit_, by_, std::move(action));
}

int BulletinCommands::RunAdopt() const {
  if (report_ == 0 && item_id_.empty()) {
    return Fail(Status(v1::ERROR_CODE_MISSING_FIELD,
                       "请用 --report 给出被采用报告的序号，或用 --item 给出稿件编号",
                       "--report"));
  }
  v1::CaibianRequest action;
  v1::RecordAdoption* adoption = action.mutable_record_adoption();
  adoption->set_adoption_id(IdOrNew(record_id_));
  adoption->set_report_sequence(report_);
  adoption->set_item_id(item_id_);
  const std::optional<v1::LeaderLevel> level = ParseLeaderLevel(level_);
  if (!level) return BadFlag("--level", level_, "市级、省级、国家级");
  adoption->set_level(*level);
  const std::optional<v1::SeriesKind> kind = ParseSeriesKind(kind_);
  if (!kind) return BadFlag("--kind", kind_, "快报、常规、专报、增刊、要情");
  adoption->set_kind(*kind);
  adoption->set_series_name(series_name_);
  adoption->set_reference(reference_);
  int64_t adopted = 0;
  if (Status s = ReadTime(options_, at_, "--adopted", &adopted); !s.ok()) {
    return Fail(s);
  }
  adoption->set_adopted_at_ms(adopted);
  return ActAsOffice(options_, unit_, by_, std::move(action));
}

int BulletinCommands::RunInstruct() const {
  v1::CaibianRequest action;
  v1::RecordInstruction* record = action.mutable_record_instruction();
  record->set_item_id(id_);
  v1::Instruction* instruction = record->mutable_instruction();
  instruction->set_instruction_id(IdOrNew(record_id_));
  instruction->set_leader(leader_);
  const std::optional<v1::LeaderLevel> level = ParseLeaderLevel(level_);
  if (!level) return BadFlag("--level", level_, "县级、市级、省级、中央");
  instruction->set_leader_level(*level);
  instruction->set_text(text_);
  int64_t at = 0;
  if (Status s = ReadTime(options_, at_, "--at", &at); !s.ok()) return Fail(s);
  instruction->set_instructed_at_ms(at);
  return ActAsOffice(options_, unit_, by_, std::move(action));
}

int BulletinCommands::RunPassUp() const {
  v1::CaibianRequest action;
  action.mutable_pass_up()->set_report_sequence(report_);
  return ActAsOffice(options_, unit_, by_, std::move(action));
}

}  // namespace xinbao::client::cli
