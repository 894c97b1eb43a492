#include "clients/text/caibian_text.h"

#include <gtest/gtest.h>

#include <string>

#include "clients/text/display_width.h"
#include "clients/text/text_table.h"

namespace xinbao::client {
namespace {

constexpr int64_t kMinute = 60'000;
// 2026-11-04 16:00 at UTC+8 (08:00 UTC).
constexpr int64_t kIssuedAt = 1'793'779'200'000;
const TimeZone kBeijing = TimeZone::FixedOffset(480);

v1::BulletinItem Item(const std::string& id, const std::string& title) {
  v1::BulletinItem item;
  item.set_item_id(id);
  item.set_title(title);
  item.set_body("第一段。\n第二段。");
  item.set_phase(v1::ITEM_PHASE_ISSUED);
  item.set_revision(3);
  return item;
}

void AddSource(v1::BulletinItem* item, uint64_t sequence, const std::string& unit) {
  v1::SourceReport* source = item->add_sources();
  source->set_sequence(sequence);
  source->set_unit_id(unit);
  bool listed = false;
  for (const std::string& id : item->source_unit_ids()) listed |= id == unit;
  if (!listed) item->add_source_unit_ids(unit);
}

// 《政务信息》 2026年第1期: a merged item (河口镇, 青山乡) with a 批示, and a
// single one with 编者按.
v1::BulletinDetail Issued() {
  v1::BulletinDetail detail;
  v1::BulletinIssue* issue = detail.mutable_issue();
  issue->set_issue_id("zwxx-1");
  issue->set_series_name("政务信息");
  issue->set_phase(v1::ISSUE_PHASE_ISSUED);
  issue->set_year(2026);
  issue->set_number(1);
  issue->set_total_number(12);
  issue->set_approver("王书记");
  issue->set_editor("张敏");
  issue->set_classification(v1::CLASSIFICATION_INTERNAL);
  issue->set_compiled_by("县委办公室");
  issue->set_send_to("市委办公室");
  issue->set_copy_to("县委各常委");
  issue->set_issued_at_ms(kIssuedAt);
  issue->set_revision(2);
  issue->add_item_ids("item-b");
  issue->add_item_ids("item-a");
  v1::IssueLogEntry* log = issue->add_log();
  log->set_action(v1::IssueLogEntry::ACTION_ISSUED);
  log->set_at_ms(kIssuedAt);
  log->set_person("张敏");
  log->set_user("county-office");
  v1::BulletinItem a = Item("item-a", "城关镇秋粮收购过半");
  a.set_commentary("值得各地借鉴。");
  AddSource(&a, 1, "chengguan");
  v1::BulletinItem b = Item("item-b", "我县秋粮收购进展顺利");
  AddSource(&b, 2, "hekou");
  AddSource(&b, 3, "qingshan");
  AddSource(&b, 5, "qingshan");
  v1::Instruction* instruction = b.add_instructions();
  instruction->set_leader("李强");
  instruction->set_leader_level(v1::LEADER_LEVEL_COUNTY);
  instruction->set_text("请农业农村局总结推广。");
  instruction->set_instructed_at_ms(kIssuedAt + 2 * 24 * 60 * kMinute);
  *detail.add_items() = a;
  *detail.add_items() = b;
  (*detail.mutable_unit_names())["hekou"] = "河口镇";
  (*detail.mutable_unit_names())["qingshan"] = "青山乡";
  return detail;
}

TEST(BulletinDetailText, ShowsTheMastheadItemsInPrintOrderSourcesAndInstructions) {
  const std::string text = BulletinDetailText(Issued(), kBeijing);
  EXPECT_EQ(SplitLines(text)[0], "《政务信息》 2026年第1期（总第12期）");
  EXPECT_NE(text.find("编发单位：县委办公室　日期：2026-11-04　签发人：王书记　密级：内部"),
            std::string::npos)
      << text;
  // Print order is the issue's, not the items' order in the reply.
  const std::size_t first = text.find("一、我县秋粮收购进展顺利");
  const std::size_t second = text.find("二、城关镇秋粮收购过半");
  ASSERT_NE(first, std::string::npos) << text;
  ASSERT_NE(second, std::string::npos) << text;
  EXPECT_LT(first, second);
  EXPECT_NE(text.find("来源：河口镇（序号 2）、青山乡（序号 3、5）"), std::string::npos) << text;
  // A unit without a display name is shown by its id.
  EXPECT_NE(text.find("来源：chengguan（序号 1）"), std::string::npos) << text;
  EXPECT_NE(text.find("批示：李强（县级，2026-11-06）：请农业农村局总结推广。"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("【编者按】值得各地借鉴。"), std::string::npos) << text;
  EXPECT_NE(text.find("    第二段。\n"), std::string::npos) << text;
  EXPECT_NE(text.find("报送：市委办公室\n抄送：县委各常委\n"), std::string::npos) << text;
  EXPECT_NE(text.find("2026-11-04 16:00 张敏（county-office） 签发"), std::string::npos)
      << text;
}

TEST(BulletinDetailText, ADraftShowsTheNumberItWouldGet) {
  v1::BulletinDetail detail = Issued();
  detail.mutable_issue()->set_phase(v1::ISSUE_PHASE_DRAFT);
  detail.mutable_issue()->set_number(0);
  detail.set_next_year(2026);
  detail.set_next_number(2);
  detail.set_next_total_number(13);
  const std::string text = BulletinDetailText(detail, kBeijing);
  EXPECT_EQ(SplitLines(text)[0], "《政务信息》 2026年第2期（总第13期）（待签发）");
  EXPECT_NE(text.find("日期：（签发时填写）"), std::string::npos) << text;
  EXPECT_NE(text.find("状态：编辑中"), std::string::npos) << text;
}

TEST(BulletinListText, ListsIssuesAndCandidatesInAlignedColumns) {
  v1::BulletinList list;
  *list.add_issues() = Issued().issue();
  v1::BulletinIssue* draft = list.add_issues();
  draft->set_issue_id("kb-2");
  draft->set_series_name("信息快报");
  draft->set_phase(v1::ISSUE_PHASE_DRAFT);
  draft->set_created_at_ms(kIssuedAt + 24 * 60 * kMinute);
  v1::BulletinItem candidate = Item("item-c", "河口镇冬季安全生产");
  candidate.set_phase(v1::ITEM_PHASE_CANDIDATE);
  candidate.set_revision(1);
  AddSource(&candidate, 4, "hekou");
  *list.add_candidates() = candidate;
  (*list.mutable_unit_names())["hekou"] = "河口镇";

  const std::string text = BulletinListText(list, true, kBeijing);
  const std::vector<std::string> lines = SplitLines(text);
  ASSERT_GE(lines.size(), 4u) << text;
  EXPECT_NE(lines[1].find("2026年第1期"), std::string::npos) << text;
  EXPECT_NE(lines[1].find("2026-11-04"), std::string::npos) << text;
  EXPECT_NE(lines[2].find("（草稿）"), std::string::npos) << text;
  EXPECT_NE(lines[2].find("2026-11-05"), std::string::npos) << text;
  // The 状态 column starts at the same display column on every row.
  const auto column_of = [](const std::string& line, const std::string& cell) {
    return DisplayWidth(line.substr(0, line.find(cell)));
  };
  EXPECT_EQ(column_of(lines[1], "已签发"), column_of(lines[2], "编辑中"));
  EXPECT_EQ(column_of(lines[0], "状态"), column_of(lines[1], "已签发"));
  EXPECT_NE(text.find("共 2 期"), std::string::npos);
  EXPECT_NE(text.find("备选稿件"), std::string::npos);
  EXPECT_NE(text.find("item-c"), std::string::npos);
  EXPECT_NE(text.find("河口镇冬季安全生产"), std::string::npos);

  EXPECT_EQ(BulletinListText(list, false, kBeijing).find("备选稿件"), std::string::npos);
  EXPECT_EQ(BulletinListText(v1::BulletinList(), false, kBeijing), "没有符合条件的刊期\n");
}

TEST(FeedbackText, ShowsEachReportsAdoptionsInstructionsAndCommission) {
  v1::Feedback feedback;
  feedback.set_unit_id("hekou");
  feedback.set_from_ms(kIssuedAt - 3 * 24 * 60 * kMinute);
  feedback.set_to_ms(kIssuedAt + 26 * 24 * 60 * kMinute);
  feedback.set_adopted(1);
  (*feedback.mutable_unit_names())["hekou"] = "河口镇";
  v1::ReportFeedback* adopted = feedback.add_reports();
  adopted->set_sequence(2);
  adopted->set_title("河口镇秋粮收购有序推进");
  adopted->set_kind(v1::KIND_GENERAL_DYNAMIC);
  adopted->set_stored_at_ms(kIssuedAt - 60 * kMinute);
  adopted->set_commission_id("yuegao-1");
  v1::Adoption* county = adopted->add_adoptions();
  county->set_level(v1::LEADER_LEVEL_COUNTY);
  county->set_series_name("政务信息");
  county->set_reference("2026年第1期");
  county->set_origin(v1::ADOPTION_ORIGIN_LOCAL_ISSUE);
  county->set_merged_units(2);
  county->set_item_title("我县秋粮收购进展顺利");
  v1::Adoption* city = adopted->add_adoptions();
  city->set_level(v1::LEADER_LEVEL_CITY);
  city->set_series_name("市委信息快报");
  city->set_reference("2026年第88期");
  city->set_origin(v1::ADOPTION_ORIGIN_ENTERED);
  v1::InstructionNote* note = adopted->add_instructions();
  note->set_leader("李强");
  note->set_leader_level(v1::LEADER_LEVEL_COUNTY);
  note->set_text("请总结推广。");
  v1::ReportFeedback* editing = feedback.add_reports();
  editing->set_sequence(4);
  editing->set_title("河口镇冬季安全生产");
  editing->set_in_editing(1);
  v1::ReportFeedback* none = feedback.add_reports();
  none->set_sequence(6);
  none->set_title("河口镇其他工作");

  const std::string text = FeedbackText(feedback, kBeijing);
  EXPECT_EQ(SplitLines(text)[0],
            "河口镇 信息采用反馈（件件有回音） 2026-11-01 16:00 至 2026-11-30 16:00（不含）");
  EXPECT_NE(text.find("共 3 份报告，被采用 1 份"), std::string::npos) << text;
  EXPECT_NE(text.find("序号 2  2026-11-04 15:00  一般动态  《河口镇秋粮收购有序推进》"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("采用：县级《政务信息》2026年第1期（本级签发，综合2个单位）"
                      "「我县秋粮收购进展顺利」"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("采用：市级《市委信息快报》2026年第88期（录入）"), std::string::npos)
      << text;
  EXPECT_NE(text.find("批示：李强（县级）：请总结推广。"), std::string::npos) << text;
  EXPECT_NE(text.find("约稿：回复约稿 yuegao-1"), std::string::npos) << text;
  EXPECT_NE(text.find("编辑中：1 篇稿件正在编辑"), std::string::npos) << text;
  // Only the report with nothing is "not yet adopted".
  EXPECT_EQ(text.find("暂未采用"), text.rfind("暂未采用"));
  EXPECT_GT(text.find("暂未采用"), text.find("序号 6"));

  v1::Feedback empty;
  empty.set_unit_id("donghu");
  EXPECT_NE(FeedbackText(empty, kBeijing).find("本期间没有报告"), std::string::npos);
}

TEST(CommissionListText, ShowsEachUnitsDeadlineAndAnswer) {
  v1::CommissionList list;
  (*list.mutable_unit_names())["hekou"] = "河口镇";
  (*list.mutable_unit_names())["qingshan"] = "青山乡";
  v1::CommissionState* state = list.add_commissions();
  state->mutable_commission()->set_commission_id("yuegao-1");
  state->mutable_commission()->set_topic("冬季安全生产工作");
  v1::CommissionUnit* answered = state->add_units();
  answered->set_unit_id("hekou");
  answered->set_due_at_ms(kIssuedAt);
  answered->set_answered_at_ms(kIssuedAt - 60 * kMinute);
  answered->add_answer_sequences(4);
  v1::CommissionUnit* owing = state->add_units();
  owing->set_unit_id("qingshan");
  owing->set_due_at_ms(kIssuedAt);
  owing->set_light(v1::LIGHT_RED);

  const ViewClock clock{kIssuedAt + 125 * kMinute, kBeijing};
  const std::string text = CommissionListText(list, clock);
  const std::vector<std::string> lines = SplitLines(text);
  ASSERT_EQ(lines.size(), 4u) << text;
  EXPECT_NE(lines[1].find("yuegao-1"), std::string::npos) << text;
  EXPECT_NE(lines[1].find("11-04 15:00 按时（序号 4）"), std::string::npos) << text;
  EXPECT_NE(lines[2].find("●红"), std::string::npos) << text;
  EXPECT_NE(lines[2].find("超期 2小时5分"), std::string::npos) << text;
  EXPECT_NE(lines[2].find("未报"), std::string::npos) << text;
  EXPECT_EQ(lines[2].find("yuegao-1"), std::string::npos) << text;
  EXPECT_EQ(lines[3], "共 1 项约稿");
  EXPECT_EQ(CommissionListText(v1::CommissionList(), clock), "没有约稿\n");
}

TEST(CaibianRulesText, ListsTheSeriesTheOfficeAndTheCommissionSpan) {
  v1::CaibianRules rules;
  v1::BulletinSeries* series = rules.add_series();
  series->set_series_id("zwxx");
  series->set_name("政务信息");
  series->set_kind(v1::SERIES_KIND_ROUTINE);
  series->set_approver("王建国");
  series->set_compiled_by("县委办公室");
  series->set_classification(v1::CLASSIFICATION_INTERNAL);
  rules.set_office_name("清河县委办公室");
  rules.set_level(v1::LEADER_LEVEL_COUNTY);
  rules.set_commission_within("5个工作日");
  rules.set_commission_remind_before("1个工作日");
  const std::vector<std::string> lines = SplitLines(CaibianRulesText(rules));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1], "zwxx 《政务信息》 常规 王建国 县委办公室 内部");
  EXPECT_EQ(lines[2], "本办：清河县委办公室（县级）");
  EXPECT_EQ(lines[3], "约稿默认时限：5个工作日，提前1个工作日提醒");
  EXPECT_EQ(CaibianRulesText(v1::CaibianRules()), "没有配置刊物\n");
}

TEST(CaibianChangedText, SaysWhatTheActionDidAndARepeat) {
  v1::CaibianRequest sign;
  sign.mutable_issue_bulletin()->set_issue_id("zwxx-1");
  v1::CaibianChanged changed;
  changed.set_changed(true);
  *changed.mutable_issue() = Issued().issue();
  changed.add_adoptions();
  changed.add_adoptions();
  EXPECT_EQ(CaibianChangedText(sign, changed, kBeijing),
            "已签发《政务信息》2026年第1期（总第12期），编号 zwxx-1，记录采用 2 条\n");
  changed.set_changed(false);
  EXPECT_EQ(CaibianChangedText(sign, changed, kBeijing).rfind("无变化（该操作已做过）", 0),
            0u);
}

}  // namespace
}  // namespace xinbao::client
