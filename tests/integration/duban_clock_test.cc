// 督办 deadlines in working days, through a whole broker (real sockets, real
// store) running in this process on a clock the test moves: the reminder
// (黄灯), the overdue duty (红灯) with its automatic 催办 notice, and the
// escalation, each at the working-day instant the calendar gives — across
// a weekend and the National Day holiday — and a deadline beyond the
// calendar refused. Nothing sleeps for a deadline: the test moves the
// clock and waits (at most a few seconds) for the broker's next tick.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/integration/clocked_duban.h"
#include "tests/support/duban_requests.h"

namespace xinbao {
namespace {

using testing::At;
using testing::IssueRequest;
using testing::Shown;
using testing::StepRequest;

class DubanClockTest : public testing::ClockedDubanTest {
 protected:
  v1::DubanChanged Send(const v1::Envelope& request) {
    std::optional<v1::Reply> reply = submitter_->Ask(request);
    EXPECT_TRUE(reply && reply->has_duban_changed()) << Shown(reply);
    return reply ? reply->duban_changed() : v1::DubanChanged();
  }

  // Moves the clock and waits until the broker has had a tick after it.
  void MoveTo(int64_t now) {
    now_ = now;
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
  }
};

// Issued on Tuesday 29 September 2026 at 15:00, an urgent item (急件: 3
// working days, reminded 1 before, escalated 1 after; 签收 within 4 office
// hours, reminded 1 before, escalated 1 working day after). Office hours
// 08:30–12:00 and 14:00–17:30. The National Day holiday runs 1–7 October;
// Saturday 10 October is a working day (调休).
TEST_F(DubanClockTest, AUnitThatNeverSignsIsRemindedUrgedAndEscalatedOnWorkingDays) {
  ASSERT_NO_FATAL_FAILURE(Start(At(2026, 9, 29, 15, 0)));
  v1::DubanChanged issued =
      Send(IssueRequest("db-guoqing", "hekou", {}, v1::URGENCY_URGENT));
  ASSERT_TRUE(issued.changed());
  const v1::DubanUnit& hekou = issued.item().units(0);
  // 15:00–17:30 (2.5 h), then 08:30–10:00 on Wednesday (1.5 h).
  EXPECT_EQ(hekou.sign_due_at_ms(), At(2026, 9, 30, 10, 0));
  // Working days after the 29th: the 30th, then 8 and 9 October.
  EXPECT_EQ(hekou.answer_due_at_ms(), At(2026, 10, 9, 17, 30));
  EXPECT_EQ(issued.item().light(), v1::LIGHT_GREEN);

  MoveTo(At(2026, 9, 30, 8, 59));
  EXPECT_FALSE(Open("db-guoqing", v1::ALARM_KIND_DUE_SOON, v1::DUTY_SIGN));
  now_ = At(2026, 9, 30, 9, 0);  // one office hour before the 签收 is due
  ASSERT_TRUE(AwaitOpen("db-guoqing", v1::ALARM_KIND_DUE_SOON, v1::DUTY_SIGN));
  EXPECT_EQ(Item("db-guoqing").light(), v1::LIGHT_YELLOW);

  now_ = At(2026, 9, 30, 10, 0);  // the 签收 is due and has not come
  std::optional<v1::Alarm> overdue =
      AwaitOpen("db-guoqing", v1::ALARM_KIND_OVERDUE, v1::DUTY_SIGN);
  ASSERT_TRUE(overdue);
  v1::DubanState item = Item("db-guoqing");
  EXPECT_EQ(item.light(), v1::LIGHT_RED);
  EXPECT_FALSE(Open("db-guoqing", v1::ALARM_KIND_DUE_SOON, v1::DUTY_SIGN));
  // The broker sent 河口镇 a 催办 notice, which must itself be signed for.
  ASSERT_GE(item.steps_size(), 2);
  const v1::DubanStep& urge = item.steps(item.steps_size() - 1);
  EXPECT_EQ(urge.kind(), v1::STEP_KIND_URGE);
  EXPECT_TRUE(urge.automatic());
  EXPECT_EQ(urge.target_unit_id(), "hekou");
  EXPECT_EQ(item.units(0).urges(), 1u);
  bool urge_owed = false;
  for (const v1::Deadline& owed : item.deadlines()) {
    if (owed.duty() == v1::DUTY_SIGN_URGE && owed.unit_id() == "hekou") {
      urge_owed = true;
      // 2 office hours: 10:00–12:00.
      EXPECT_EQ(owed.due_at_ms(), At(2026, 9, 30, 12, 0));
    }
  }
  EXPECT_TRUE(urge_owed);

  // Through the holiday nothing escalates: the escalation is one working
  // day after the deadline, the end of office hours on 8 October.
  MoveTo(At(2026, 10, 5, 12, 0));
  EXPECT_FALSE(Open("db-guoqing", v1::ALARM_KIND_ESCALATED, v1::DUTY_SIGN));
  MoveTo(At(2026, 10, 8, 17, 29));
  EXPECT_FALSE(Open("db-guoqing", v1::ALARM_KIND_ESCALATED, v1::DUTY_SIGN));
  now_ = At(2026, 10, 8, 17, 30);
  std::optional<v1::Alarm> escalated =
      AwaitOpen("db-guoqing", v1::ALARM_KIND_ESCALATED, v1::DUTY_SIGN);
  ASSERT_TRUE(escalated);
  EXPECT_EQ(escalated->escalates_alarm_id(), overdue->id());
  EXPECT_NE(escalated->message().find("通报候选"), std::string::npos)
      << escalated->message();

  // The answer: due 9 October 17:30, reminded a working day before (the
  // end of 8 October), escalated on the 调休 Saturday, 10 October.
  EXPECT_TRUE(Open("db-guoqing", v1::ALARM_KIND_DUE_SOON, v1::DUTY_ANSWER));
  now_ = At(2026, 10, 10, 17, 30);
  ASSERT_TRUE(
      AwaitOpen("db-guoqing", v1::ALARM_KIND_ESCALATED, v1::DUTY_ANSWER));

  // At last 河口镇 signs: the 签收's alarms clear in the step's name.
  v1::DubanChanged signed_for = Send(
      StepRequest("db-guoqing", "s-1", v1::STEP_KIND_SIGN, "hekou"));
  ASSERT_TRUE(signed_for.changed());
  for (const v1::Alarm& alarm : signed_for.item().alarms()) {
    if (alarm.duty() != v1::DUTY_SIGN) continue;
    EXPECT_FALSE(alarm.open()) << alarm.ShortDebugString();
    // (The 临期 alarm cleared when the 超期 one took over.)
    if (alarm.kind() == v1::ALARM_KIND_DUE_SOON) continue;
    EXPECT_EQ(alarm.cleared_by_step(), signed_for.step_number())
        << alarm.ShortDebugString();
  }
  EXPECT_TRUE(signed_for.item().units(0).signed_late());
}

// Issued on Friday 4 December 2026 at 16:00: the 签收 counts 1.5 office
// hours on Friday and 2.5 on Monday, so nothing is overdue over the
// weekend.
TEST_F(DubanClockTest, TheWeekendDoesNotCount) {
  ASSERT_NO_FATAL_FAILURE(Start(At(2026, 12, 4, 16, 0)));
  v1::DubanChanged issued = Send(IssueRequest("db-weekend", "hekou"));
  EXPECT_EQ(issued.item().units(0).sign_due_at_ms(), At(2026, 12, 7, 11, 0));
  MoveTo(At(2026, 12, 6, 23, 0));
  EXPECT_FALSE(Open("db-weekend", v1::ALARM_KIND_OVERDUE, v1::DUTY_SIGN));
  EXPECT_FALSE(Open("db-weekend", v1::ALARM_KIND_DUE_SOON, v1::DUTY_SIGN));
  now_ = At(2026, 12, 7, 11, 0);
  ASSERT_TRUE(AwaitOpen("db-weekend", v1::ALARM_KIND_OVERDUE, v1::DUTY_SIGN));
}

// After a long silence (the clock jumps past both deadlines at once) the
// unit's 签收 and 办结 go red together: one 催办 notice, not two.
TEST_F(DubanClockTest, DutiesRedTogetherBringOneNotice) {
  ASSERT_NO_FATAL_FAILURE(Start(At(2026, 12, 1, 9, 0)));
  Send(IssueRequest("db-silent", "hekou", {}, v1::URGENCY_URGENT));
  now_ = At(2026, 12, 10, 9, 0);
  ASSERT_TRUE(AwaitOpen("db-silent", v1::ALARM_KIND_OVERDUE, v1::DUTY_ANSWER));
  const v1::DubanState item = Item("db-silent");
  EXPECT_TRUE(Open("db-silent", v1::ALARM_KIND_OVERDUE, v1::DUTY_SIGN));
  int urges = 0;
  for (const v1::DubanStep& step : item.steps()) {
    if (step.kind() == v1::STEP_KIND_URGE) ++urges;
  }
  EXPECT_EQ(urges, 1);
  EXPECT_EQ(item.units(0).urges(), 1u);
}

// A result sent back (退回重办): the unit's answer is owed again, counted
// afresh from the return.
TEST_F(DubanClockTest, AReturnedResultRunsTheClockAgain) {
  ASSERT_NO_FATAL_FAILURE(Start(At(2026, 12, 1, 9, 0)));
  Send(IssueRequest("db-redo", "hekou", {}, v1::URGENCY_URGENT));
  Send(StepRequest("db-redo", "s", v1::STEP_KIND_SIGN, "hekou"));
  now_ = At(2026, 12, 2, 10, 0);
  Send(StepRequest("db-redo", "r1", v1::STEP_KIND_RESULT, "hekou",
                   "已补齐编织袋 2000 条。"));
  now_ = At(2026, 12, 3, 10, 0);  // Thursday
  v1::DubanChanged returned =
      Send(StepRequest("db-redo", "back", v1::STEP_KIND_RETURN,
                       testing::kOffice, "冲锋舟数量未报", "hekou"));
  const v1::DubanUnit& hekou = returned.item().units(0);
  EXPECT_EQ(hekou.phase(), v1::UNIT_PHASE_SIGNED);
  EXPECT_EQ(hekou.round(), 2u);
  // 3 working days after Thursday: Friday, Monday, Tuesday.
  EXPECT_EQ(hekou.answer_due_at_ms(), At(2026, 12, 8, 17, 30));
  bool owed = false;
  for (const v1::Deadline& deadline : returned.item().deadlines()) {
    if (deadline.duty() == v1::DUTY_ANSWER) {
      owed = true;
      EXPECT_EQ(deadline.followup(), 2u);  // the second round
    }
  }
  EXPECT_TRUE(owed);
  now_ = At(2026, 12, 8, 17, 30);
  ASSERT_TRUE(AwaitOpen("db-redo", v1::ALARM_KIND_OVERDUE, v1::DUTY_ANSWER));
}

// A deadline in a year the calendar does not cover is refused, and
// nothing is stored.
TEST_F(DubanClockTest, ADeadlineBeyondTheCalendarIsRefused) {
  ASSERT_NO_FATAL_FAILURE(Start(At(2028, 3, 1, 9, 0)));
  std::optional<v1::Reply> reply =
      submitter_->Ask(IssueRequest("db-2028", "hekou"));
  ASSERT_TRUE(reply && reply->has_error()) << Shown(reply);
  EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_CALENDAR_NOT_COVERED);
  EXPECT_NE(reply->error().message().find("2028"), std::string::npos)
      << reply->error().message();
  v1::Envelope get;
  get.mutable_get_duban()->set_item_id("db-2028");
  std::optional<v1::Reply> none = asker_->Ask(get);
  ASSERT_TRUE(none && none->has_error()) << Shown(none);
  EXPECT_EQ(none->error().code(), v1::ERROR_CODE_UNKNOWN_ITEM);
}

}  // namespace
}  // namespace xinbao
