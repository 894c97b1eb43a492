// The stats on a hand-checked month: 督办 items issued, signed, answered,
// returned, urged and closed through a whole broker (real sockets, real
// store) running in this process on a clock the test moves through the
// real calendar of late October to early December 2026; then `stats` for
// November (and December) checked figure by figure against the working
// below. Nothing sleeps for a deadline: the test moves the clock and waits
// (bounded) for the broker's tick to raise what is due.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/clocked_duban.h"
#include "tests/support/stats_rows.h"
#include "tests/support/duban_figures.h"
#include "tests/support/duban_requests.h"

namespace xinbao {
namespace {

using testing::DubanFigures;
using testing::IssueRequest;
using testing::kOffice;
using testing::RowOf;
using testing::Shown;
using testing::StepRequest;

int64_t At(int month, int day, int hour, int minute) {
  return testing::At(2026, month, day, hour, minute);
}

class DubanStatsTest : public testing::ClockedDubanTest {
 protected:
  // Sends an issue or a step at `at` (the clock moves there first).
  v1::DubanChanged SendAt(int64_t at, const v1::Envelope& request) {
    now_ = at;
    std::optional<v1::Reply> reply = submitter_->Ask(request);
    EXPECT_TRUE(reply && reply->has_duban_changed() &&
                reply->duban_changed().changed())
        << Shown(reply);
    return reply ? reply->duban_changed() : v1::DubanChanged();
  }

  // Moves the clock to `at` and waits (bounded) for the broker's tick to
  // raise the overdue alarm of `unit`'s `duty` on `id`, then.
  void OverdueAt(int64_t at, const std::string& id, const std::string& unit,
                 v1::Duty duty) {
    now_ = at;
    const std::optional<v1::Alarm> alarm =
        AwaitOpen(id, v1::ALARM_KIND_OVERDUE, duty, unit);
    ASSERT_TRUE(alarm) << "no overdue alarm for " << unit << " on " << id;
    EXPECT_EQ(alarm->raised_at_ms(), at);
  }

  v1::StatsTable Stats(const std::string& month) {
    v1::Envelope request;
    request.mutable_stats()->set_month(month);
    std::optional<v1::Reply> reply = asker_->Ask(request);
    EXPECT_TRUE(reply && reply->has_stats()) << Shown(reply);
    return reply ? reply->stats() : v1::StatsTable();
  }
};

struct Expected {
  const char* unit;
  DubanFigures figures;
  double score;
  uint32_t rank;  // 0: not checked
};

void ExpectRow(const v1::StatsTable& table, const Expected& want) {
  SCOPED_TRACE(want.unit);
  const v1::UnitStats& row = RowOf(table, want.unit);
  EXPECT_EQ(testing::DubanFiguresOf(row), want.figures);
  EXPECT_DOUBLE_EQ(row.score(), want.score);
  if (want.rank != 0) {
    EXPECT_EQ(row.rank(), want.rank);
  }
}

// Every item is 急件 (the default policy: 签收 within 4 office hours,
// the 办结报告 within 3 working days, a 催办 notice signed for within 2
// office hours; office hours 08:30–12:00 and 14:00–17:30; auto_urge on).
// November 2026 has no holiday; 1 November is a Sunday.
//
// db-oct  issued Fri 30 Oct 10:00 to 河口镇. Signed 11:00 (October). Answer
//         due 3 working days after 30 Oct: 2, 3, 4 Nov → 4 Nov 17:30;
//         answered 3 Nov 10:00, 销号 3 Nov 15:00 (on time, November).
// db-nov  issued Mon 2 Nov 09:00 to 河口镇 (主办), 城关镇 and 青山乡 (协办).
//         签收 due 09:00–12:00 + 14:00–15:00 → 2 Nov 15:00; answer due 3, 4,
//         5 Nov → 5 Nov 17:30.
//   河口镇  signs 10:00; answers 4 Nov 10:00; 销号 4 Nov 11:00 (on time).
//   城关镇  signs 11:00; answers 5 Nov 10:00; 退回重办 5 Nov 14:00 — the
//         new round due 6, 9, 10 Nov → 10 Nov 17:30, when it goes overdue
//         and the broker urges it; it signs for the notice 11 Nov 09:00,
//         answers 09:05 (late) and is 销号 10:00 (closed late).
//   青山乡  does not sign: overdue 2 Nov 15:00 and urged by the broker; signs
//         16:00 (late) and signs for the notice 16:05; the office urges it
//         by hand 5 Nov 10:00, it signs for that 10:30, answers 16:00 (in
//         time) and is 销号 6 Nov 09:00 (on time).
// db-end  issued Mon 30 Nov 09:00 to 东湖街道 (主办) and 河口镇 (协办); 签收
//         due 15:00; answer due 1, 2, 3 Dec → 3 Dec 17:30.
//   河口镇  signs 09:30 (on time); answers 2 Dec 10:00; 销号 2 Dec 11:00.
//   东湖街道 does not sign: overdue 30 Nov 15:00 and urged; the notice is
//         not signed for either: its own deadline (17:00) passes in
//         November — a late 签收 of a 催办 notice is not counted as 超期
//         (the 催办 already counts). Signs 1
//         Dec 09:00 (late, December); never answers: overdue 3 Dec 17:30
//         and urged again (December).
// db-dec  issued Tue 1 Dec 10:00 to 县公安局; 签收 due 16:00, overdue and
//         urged then (December).
//
// November, per unit (收到, 按时签收, 逾期签收, 按时办结, 逾期办结, 超期,
// 被催办), and the score with the default weights (+2 per part closed on
// time; -2 per 超期, -1 per 催办; nobody filed a report: 4 short of the
// quota of 4, -1 each, so -4):
//   河口镇   2 (db-nov, db-end), 2, 0, 2 (db-oct, db-nov), 0, 0, 0
//           score 2×2 - 4 = 0                                   rank 1
//   the six units with nothing: -4                              rank 2
//   青山乡   1, 0, 1, 1, 0, 1, 2 (the broker's and the office's)
//           score 2 - 4 - 2 - 2 = -6                            rank 8
//   城关镇   1, 1, 0, 0, 1, 1, 1     score -4 - 2 - 1 = -7          rank 9
//   东湖街道 1, 0, 0, 0, 0, 1, 1     score -4 - 2 - 1 = -7          rank 9
// December (so far):
//   河口镇   0, 0, 0, 1 (db-end), 0, 0, 0    score 2 - 4 = -2
//   东湖街道 0, 0, 1, 0, 0, 1, 1             score -4 - 2 - 1 = -7
//   县公安局 1, 0, 0, 0, 0, 1, 1             score -7
TEST_F(DubanStatsTest, TheStatsOnAHandCheckedMonth) {
  using v1::STEP_KIND_ACCEPT;
  using v1::STEP_KIND_RESULT;
  using v1::STEP_KIND_RETURN;
  using v1::STEP_KIND_SIGN;
  using v1::STEP_KIND_SIGN_URGE;
  using v1::STEP_KIND_URGE;
  const v1::Urgency urgent = v1::URGENCY_URGENT;
  ASSERT_NO_FATAL_FAILURE(Start(At(10, 30, 10, 0)));

  SendAt(At(10, 30, 10, 0), IssueRequest("db-oct", "hekou", {}, urgent));
  SendAt(At(10, 30, 11, 0),
         StepRequest("db-oct", "oct-s", STEP_KIND_SIGN, "hekou"));

  const v1::DubanChanged issued = SendAt(
      At(11, 2, 9, 0),
      IssueRequest("db-nov", "hekou", {"chengguan", "qingshan"}, urgent));
  ASSERT_EQ(issued.item().units_size(), 3);
  EXPECT_EQ(issued.item().units(2).sign_due_at_ms(), At(11, 2, 15, 0));
  EXPECT_EQ(issued.item().units(2).answer_due_at_ms(), At(11, 5, 17, 30));
  SendAt(At(11, 2, 10, 0),
         StepRequest("db-nov", "nov-s-hk", STEP_KIND_SIGN, "hekou"));
  SendAt(At(11, 2, 11, 0),
         StepRequest("db-nov", "nov-s-cg", STEP_KIND_SIGN, "chengguan"));
  ASSERT_NO_FATAL_FAILURE(
      OverdueAt(At(11, 2, 15, 0), "db-nov", "qingshan", v1::DUTY_SIGN));
  const v1::DubanChanged late_sign =
      SendAt(At(11, 2, 16, 0),
             StepRequest("db-nov", "nov-s-qs", STEP_KIND_SIGN, "qingshan"));
  EXPECT_TRUE(late_sign.item().units(2).signed_late());
  SendAt(At(11, 2, 16, 5),
         StepRequest("db-nov", "nov-su-qs-1", STEP_KIND_SIGN_URGE, "qingshan"));

  SendAt(At(11, 3, 10, 0),
         StepRequest("db-oct", "oct-r", STEP_KIND_RESULT, "hekou", "已补齐。"));
  SendAt(At(11, 3, 15, 0), StepRequest("db-oct", "oct-a", STEP_KIND_ACCEPT,
                                       kOffice, "", "hekou"));
  SendAt(At(11, 4, 10, 0), StepRequest("db-nov", "nov-r-hk", STEP_KIND_RESULT,
                                       "hekou", "已补齐编织袋 2000 条。"));
  SendAt(At(11, 4, 11, 0), StepRequest("db-nov", "nov-a-hk", STEP_KIND_ACCEPT,
                                       kOffice, "", "hekou"));

  SendAt(At(11, 5, 10, 0), StepRequest("db-nov", "nov-r-cg-1", STEP_KIND_RESULT,
                                       "chengguan", "已派员协助。"));
  SendAt(At(11, 5, 10, 0), StepRequest("db-nov", "nov-u-qs", STEP_KIND_URGE,
                                       kOffice, "请抓紧办理", "qingshan"));
  SendAt(At(11, 5, 10, 30),
         StepRequest("db-nov", "nov-su-qs-2", STEP_KIND_SIGN_URGE, "qingshan"));
  const v1::DubanChanged returned = SendAt(
      At(11, 5, 14, 0), StepRequest("db-nov", "nov-back-cg", STEP_KIND_RETURN,
                                    kOffice, "未写明派员人数", "chengguan"));
  EXPECT_EQ(returned.item().units(1).answer_due_at_ms(), At(11, 10, 17, 30));
  SendAt(At(11, 5, 16, 0), StepRequest("db-nov", "nov-r-qs", STEP_KIND_RESULT,
                                       "qingshan", "已核实。"));
  SendAt(At(11, 6, 9, 0), StepRequest("db-nov", "nov-a-qs", STEP_KIND_ACCEPT,
                                      kOffice, "", "qingshan"));
  ASSERT_NO_FATAL_FAILURE(
      OverdueAt(At(11, 10, 17, 30), "db-nov", "chengguan", v1::DUTY_ANSWER));
  SendAt(At(11, 11, 9, 0),
         StepRequest("db-nov", "nov-su-cg", STEP_KIND_SIGN_URGE, "chengguan"));
  const v1::DubanChanged late_answer = SendAt(
      At(11, 11, 9, 5), StepRequest("db-nov", "nov-r-cg-2", STEP_KIND_RESULT,
                                    "chengguan", "派员 6 人协助。"));
  EXPECT_TRUE(late_answer.item().units(1).answered_late());
  const v1::DubanChanged closed = SendAt(
      At(11, 11, 10, 0), StepRequest("db-nov", "nov-a-cg", STEP_KIND_ACCEPT,
                                     kOffice, "", "chengguan"));
  EXPECT_TRUE(closed.item().closed());

  SendAt(At(11, 30, 9, 0), IssueRequest("db-end", "donghu", {"hekou"}, urgent));
  SendAt(At(11, 30, 9, 30),
         StepRequest("db-end", "end-s-hk", STEP_KIND_SIGN, "hekou"));
  ASSERT_NO_FATAL_FAILURE(
      OverdueAt(At(11, 30, 15, 0), "db-end", "donghu", v1::DUTY_SIGN));
  ASSERT_NO_FATAL_FAILURE(
      OverdueAt(At(11, 30, 17, 0), "db-end", "donghu", v1::DUTY_SIGN_URGE));

  SendAt(At(12, 1, 9, 0),
         StepRequest("db-end", "end-s-dh", STEP_KIND_SIGN, "donghu"));
  SendAt(At(12, 1, 10, 0), IssueRequest("db-dec", "gongan", {}, urgent));
  ASSERT_NO_FATAL_FAILURE(
      OverdueAt(At(12, 1, 16, 0), "db-dec", "gongan", v1::DUTY_SIGN));
  SendAt(At(12, 2, 10, 0), StepRequest("db-end", "end-r-hk", STEP_KIND_RESULT,
                                       "hekou", "已配合。"));
  SendAt(At(12, 2, 11, 0), StepRequest("db-end", "end-a-hk", STEP_KIND_ACCEPT,
                                       kOffice, "", "hekou"));
  ASSERT_NO_FATAL_FAILURE(
      OverdueAt(At(12, 3, 17, 30), "db-end", "donghu", v1::DUTY_ANSWER));
  // Every 催办 the working counts, by hand or by the broker, is a step.
  int urges = 0;
  for (const char* id : {"db-nov", "db-end", "db-dec"}) {
    const v1::DubanState item = Item(id);
    for (const v1::DubanStep& step : item.steps()) {
      urges += step.kind() == STEP_KIND_URGE ? 1 : 0;
    }
  }
  EXPECT_EQ(urges, 6);

  now_ = At(12, 4, 9, 0);
  const v1::StatsTable november = Stats("2026-11");
  EXPECT_EQ(november.from_ms(), At(11, 1, 0, 0));
  EXPECT_EQ(november.to_ms(), At(12, 1, 0, 0));
  ASSERT_EQ(november.units_size(), 10);
  const Expected in_november[] = {
      {"hekou", {2, 2, 0, 2, 0, 0, 0}, 0, 1},
      {"gongan", {0, 0, 0, 0, 0, 0, 0}, -4, 2},
      {"jiaotong", {0, 0, 0, 0, 0, 0, 0}, -4, 2},
      {"jiaoyu", {0, 0, 0, 0, 0, 0, 0}, -4, 2},
      {"shuili", {0, 0, 0, 0, 0, 0, 0}, -4, 2},
      {"weijian", {0, 0, 0, 0, 0, 0, 0}, -4, 2},
      {"yingji", {0, 0, 0, 0, 0, 0, 0}, -4, 2},
      {"qingshan", {1, 0, 1, 1, 0, 1, 2}, -6, 8},
      {"chengguan", {1, 1, 0, 0, 1, 1, 1}, -7, 9},
      {"donghu", {1, 0, 0, 0, 0, 1, 1}, -7, 9},
  };
  for (const Expected& want : in_november) ExpectRow(november, want);
  EXPECT_EQ(november.units(0).unit_id(), "hekou");
  EXPECT_EQ(november.units(8).unit_id(), "chengguan");
  EXPECT_EQ(november.units(9).unit_id(), "donghu");
  EXPECT_DOUBLE_EQ(RowOf(november, "qingshan").points(), 2);
  EXPECT_DOUBLE_EQ(RowOf(november, "qingshan").deductions(), 8);

  const v1::StatsTable december = Stats("2026-12");
  const Expected in_december[] = {
      {"hekou", {0, 0, 0, 1, 0, 0, 0}, -2, 0},
      {"donghu", {0, 0, 1, 0, 0, 1, 1}, -7, 0},
      {"gongan", {1, 0, 0, 0, 0, 1, 1}, -7, 0},
      {"qingshan", {0, 0, 0, 0, 0, 0, 0}, -4, 0},
  };
  for (const Expected& want : in_december) ExpectRow(december, want);
}

}  // namespace
}  // namespace xinbao
