// 采编 and the score on a hand-checked month, through a whole broker (real
// sockets, real store) on a clock the test moves through November 2026:
// reports filed, two issues of two series (one item merged from two units'
// reports), a city adoption entered, an instruction on an adopted item, a
// commission answered in time by one unit and late by another, and one
// never answered. Then `stats` for November with its lines, every unit's
// score as worked out by hand below; the issued issue is frozen; each
// unit's feedback lists its own reports' adoptions.
//
// The working (weights: the embedded defaults, with monthly_quota 0 so no
// unit falls short; 一般动态 1 point each):
//   城关镇  R1 1 + 县《政务信息》(常规 10) + 市 快报 20            = 31
//   河口镇  R2, R4 2 + 综合稿 10 × 0.5 + 《信息快报》(快报 5)
//           + 县级批示 10 + 约稿按时 5                              = 27
//   青山乡  R3, R5 2 + 综合稿 5 + 县级批示 10 + 约稿逾期 2         = 19
//   县教育局 约稿未报 −5                                            = −5
//   the other six units 0 (tied, rank 4).
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/clocked_duban.h"
#include "tests/support/caibian_requests.h"
#include "tests/support/stats_rows.h"
#include "tests/support/sample_reports.h"

namespace xinbao {
namespace {

using testing::RowOf;
using testing::Shown;

int64_t At(int month, int day, int hour, int minute) {
  return testing::At(2026, month, day, hour, minute);
}

class CaibianMonthTest : public testing::ClockedDubanTest {
 protected:
  void SetUp() override {
    now_ = At(11, 2, 8, 0);
    Result<std::unique_ptr<broker::Broker>> started =
        testing::StartClockedBroker(dir_ / "data", now_,
                                    [](broker::BrokerConfig* config) {
                                      config->assessment.set_monthly_quota(0);
                                    });
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    broker_ = std::move(started).value();
    submitter_ = std::make_unique<testing::WirePeer>(broker_->submit_endpoint());
    asker_ = std::make_unique<testing::WirePeer>(broker_->query_endpoint());
  }

  // Files a 一般动态 of `unit` at `at`; returns its sequence.
  uint64_t File(int64_t at, const std::string& key, const std::string& unit,
                const std::string& title,
                const std::string& commission = "") {
    now_ = at;
    v1::Envelope request;
    v1::Report* report = request.mutable_submit()->mutable_report();
    *report = testing::GeneralReport(key, unit);
    report->set_title(title);
    report->set_written_at_ms(at - 60'000);
    report->set_commission_id(commission);
    std::optional<v1::Reply> reply = submitter_->Ask(request);
    EXPECT_TRUE(reply && reply->has_ack()) << Shown(reply);
    if (!commission.empty() && reply && reply->has_ack()) {
      last_note_ = reply->ack().commission();
    }
    return reply && reply->has_ack() ? reply->ack().sequence() : 0;
  }

  // One 采编 action by the office's 张敏 at `at`.
  std::optional<v1::Reply> Act(int64_t at, v1::CaibianRequest action) {
    now_ = at;
    v1::Envelope request;
    action.set_unit_id("county-office");
    action.set_person("张敏");
    *request.mutable_caibian() = std::move(action);
    return submitter_->Ask(request);
  }

  v1::CaibianChanged Done(int64_t at, v1::CaibianRequest action) {
    std::optional<v1::Reply> reply = Act(at, std::move(action));
    EXPECT_TRUE(reply && reply->has_caibian_changed() &&
                reply->caibian_changed().changed())
        << Shown(reply);
    return reply ? reply->caibian_changed() : v1::CaibianChanged();
  }

  v1::CaibianChanged PutItem(int64_t at, const std::string& id,
                             const std::string& title,
                             std::initializer_list<uint64_t> sources) {
    return Done(at, testing::PutItemAction(id, title, sources));
  }

  // Makes a draft of `series` with `items` and issues it; returns the
  // issued issue.
  v1::BulletinIssue IssueOf(int64_t at, const std::string& id,
                            const std::string& series,
                            std::initializer_list<std::string> items) {
    const v1::CaibianChanged made =
        Done(at, testing::PutIssueAction(id, series, items));
    return Done(at, testing::SignAction(id, made.issue().revision())).issue();
  }

  v1::StatsTable Stats(int64_t at) {
    now_ = at;
    v1::Envelope request;
    request.mutable_stats()->set_month("2026-11");
    request.mutable_stats()->set_explain(true);
    std::optional<v1::Reply> reply = asker_->Ask(request);
    EXPECT_TRUE(reply && reply->has_stats()) << Shown(reply);
    return reply ? reply->stats() : v1::StatsTable();
  }

  v1::Feedback FeedbackOf(const std::string& unit) {
    v1::Envelope request;
    request.mutable_feedback()->set_unit_id(unit);
    request.mutable_feedback()->set_month("2026-11");
    std::optional<v1::Reply> reply = asker_->Ask(request);
    EXPECT_TRUE(reply && reply->has_feedback()) << Shown(reply);
    return reply ? reply->feedback() : v1::Feedback();
  }

  v1::CommissionNote last_note_;
};

double LinesTotal(const v1::UnitStats& row) {
  double total = 0;
  for (const v1::ScoreLine& line : row.lines()) total += line.points();
  return total;
}

TEST_F(CaibianMonthTest, TheMonthScoresEveryUnitAsWorkedByHand) {
  // Two commissions: 河口镇 and 青山乡 by 6 Nov, 县教育局 by 20 Nov.
  v1::CaibianRequest ask;
  v1::Commission* first = ask.mutable_commission();
  first->set_commission_id("yuegao-1");
  first->set_topic("冬季安全生产工作");
  first->add_unit_ids("hekou");
  first->add_unit_ids("qingshan");
  first->set_due_at_ms(At(11, 6, 17, 30));
  Done(At(11, 2, 8, 30), ask);
  v1::CaibianRequest ask2;
  v1::Commission* second = ask2.mutable_commission();
  second->set_commission_id("yuegao-2");
  second->set_topic("双减工作成效");
  second->add_unit_ids("jiaoyu");
  second->set_due_at_ms(At(11, 20, 17, 30));
  Done(At(11, 2, 8, 31), ask2);

  const uint64_t r1 = File(At(11, 2, 9, 0), "r1", "chengguan", "城关镇秋粮收购过半");
  const uint64_t r2 = File(At(11, 2, 9, 5), "r2", "hekou", "河口镇秋粮收购有序推进");
  const uint64_t r3 = File(At(11, 2, 9, 10), "r3", "qingshan", "青山乡秋粮颗粒归仓");

  PutItem(At(11, 3, 10, 0), "item-a", "城关镇秋粮收购过半", {r1});
  const v1::CaibianChanged merged =
      PutItem(At(11, 3, 10, 5), "item-b", "我县秋粮收购进展顺利", {r2, r3});
  EXPECT_EQ(merged.item().source_unit_ids_size(), 2);
  const v1::BulletinIssue zwxx =
      IssueOf(At(11, 4, 16, 0), "zwxx-1", "zwxx", {"item-a", "item-b"});
  EXPECT_EQ(zwxx.phase(), v1::ISSUE_PHASE_ISSUED);
  EXPECT_EQ(zwxx.year(), 2026);
  EXPECT_EQ(zwxx.number(), 1u);
  EXPECT_EQ(zwxx.series_name(), "政务信息");

  // 河口镇 answers the commission in time, 青山乡 late.
  const uint64_t r4 = File(At(11, 5, 11, 0), "r4", "hekou",
                           "河口镇冬季安全生产“三查”见实效", "yuegao-1");
  EXPECT_TRUE(last_note_.linked());
  EXPECT_FALSE(last_note_.late());
  File(At(11, 10, 9, 0), "r5", "qingshan", "青山乡冬季安全生产工作情况",
       "yuegao-1");
  EXPECT_TRUE(last_note_.linked());
  EXPECT_TRUE(last_note_.late());

  PutItem(At(11, 11, 9, 0), "item-c", "河口镇冬季安全生产“三查”见实效", {r4});
  const v1::BulletinIssue kuaibao =
      IssueOf(At(11, 12, 15, 0), "kb-1", "kuaibao", {"item-c"});
  EXPECT_EQ(kuaibao.number(), 1u);

  // The city adopted item A in its 快报; the 县委书记 instructed on item B.
  v1::CaibianRequest city;
  v1::RecordAdoption* adoption = city.mutable_record_adoption();
  adoption->set_adoption_id("city-kb-88");
  adoption->set_item_id("item-a");
  adoption->set_level(v1::LEADER_LEVEL_CITY);
  adoption->set_kind(v1::SERIES_KIND_EXPRESS);
  adoption->set_series_name("市委信息快报");
  adoption->set_reference("2026年第88期");
  adoption->set_adopted_at_ms(At(11, 15, 10, 0));
  EXPECT_EQ(Done(At(11, 16, 9, 0), city).adoptions_size(), 1);
  v1::CaibianRequest instruct;
  instruct.mutable_record_instruction()->set_item_id("item-b");
  v1::Instruction* given = instruct.mutable_record_instruction()->mutable_instruction();
  given->set_instruction_id("pishi-1");
  given->set_leader("李强");
  given->set_leader_level(v1::LEADER_LEVEL_COUNTY);
  given->set_text("经验做法很好，请农业农村局总结推广。");
  given->set_instructed_at_ms(At(11, 6, 10, 0));
  Done(At(11, 16, 9, 5), instruct);

  // Issued is frozen: neither the issue nor its items change.
  v1::CaibianRequest change;
  v1::PutIssue* again = change.mutable_put_issue();
  again->set_issue_id("zwxx-1");
  again->set_base_revision(zwxx.revision());
  again->set_series_id("zwxx");
  again->add_item_ids("item-a");
  std::optional<v1::Reply> refused = Act(At(11, 17, 9, 0), change);
  ASSERT_TRUE(refused && refused->has_error()) << Shown(refused);
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_WRONG_STATE);
  v1::CaibianRequest edit;
  edit.mutable_put_item()->set_item_id("item-a");
  edit.mutable_put_item()->set_base_revision(3);
  edit.mutable_put_item()->set_title("改过的标题");
  edit.mutable_put_item()->set_body("改过的正文");
  edit.mutable_put_item()->add_source_sequences(r1);
  refused = Act(At(11, 17, 9, 1), edit);
  ASSERT_TRUE(refused && refused->has_error()) << Shown(refused);
  EXPECT_EQ(refused->error().code(), v1::ERROR_CODE_WRONG_STATE);

  const v1::StatsTable table = Stats(At(11, 30, 12, 0));
  struct Want {
    const char* unit;
    double score;
    uint32_t rank;
    uint32_t adoptions;
    uint32_t instructions;
    uint32_t on_time, late, missing;
  };
  const Want wants[] = {
      {"chengguan", 31, 1, 2, 0, 0, 0, 0},
      {"hekou", 27, 2, 2, 1, 1, 0, 0},
      {"qingshan", 19, 3, 1, 1, 0, 1, 0},
      {"donghu", 0, 4, 0, 0, 0, 0, 0},
      {"gongan", 0, 4, 0, 0, 0, 0, 0},
      {"jiaoyu", -5, 10, 0, 0, 0, 0, 1},
  };
  for (const Want& want : wants) {
    SCOPED_TRACE(want.unit);
    const v1::UnitStats& row = RowOf(table, want.unit);
    EXPECT_DOUBLE_EQ(row.score(), want.score);
    EXPECT_EQ(row.rank(), want.rank);
    EXPECT_EQ(row.adoptions(), want.adoptions);
    EXPECT_EQ(row.instructions(), want.instructions);
    EXPECT_EQ(row.commissions_on_time(), want.on_time);
    EXPECT_EQ(row.commissions_late(), want.late);
    EXPECT_EQ(row.commissions_missing(), want.missing);
    EXPECT_DOUBLE_EQ(LinesTotal(row), want.score);
  }
  // Each point traces to its record.
  const v1::UnitStats& hekou = RowOf(table, "hekou");
  bool merged_line = false;
  for (const v1::ScoreLine& line : hekou.lines()) {
    if (line.source() == v1::SCORE_SOURCE_ADOPTION && line.item_id() == "item-b") {
      merged_line = true;
      EXPECT_DOUBLE_EQ(line.points(), 5);
      EXPECT_EQ(line.issue_id(), "zwxx-1");
      EXPECT_EQ(line.reference(), "2026年第1期");
      EXPECT_NE(line.text().find("综合2个单位"), std::string::npos) << line.text();
    }
  }
  EXPECT_TRUE(merged_line);

  // 件件有回音: each unit sees its own reports' adoptions.
  const v1::Feedback chengguan = FeedbackOf("chengguan");
  ASSERT_EQ(chengguan.reports_size(), 1);
  EXPECT_EQ(chengguan.reports(0).sequence(), r1);
  EXPECT_EQ(chengguan.reports(0).adoptions_size(), 2);
  const v1::Feedback qingshan = FeedbackOf("qingshan");
  ASSERT_EQ(qingshan.reports_size(), 2);
  for (const v1::ReportFeedback& report : qingshan.reports()) {
    if (report.sequence() != r3) continue;
    ASSERT_EQ(report.adoptions_size(), 1);
    EXPECT_EQ(report.adoptions(0).unit_id(), "qingshan");
    ASSERT_EQ(report.instructions_size(), 1);
    EXPECT_EQ(report.instructions(0).leader(), "李强");
  }
}

}  // namespace
}  // namespace xinbao
