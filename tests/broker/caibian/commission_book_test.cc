// CommissionBook: commissions (约稿) asked of units, answered by reports,
// chased by the one alarm engine, driven by explicit times (no clock). The
// demo county's units, the built-in calendar and the default policy: due in
// 5 working days, reminded 1 working day before, escalated 2 after.
#include "broker/caibian/commission_book.h"

#include <gtest/gtest.h>

#include <map>

#include "broker/config/config.h"

namespace xinbao::broker {
namespace {

// Times in China (UTC+8), each checked by hand against the 2026 calendar.
// Tuesday 2026-09-22 10:00: the office asks.
constexpr int64_t kAsked = 1790042400000;
// 5 working days on (the asking day does not count): 9-23 Wed, 9-24 Thu,
// (9-25 to 9-27 中秋 and a weekend), 9-28 Mon, 9-29 Tue, 9-30 Wed — due at
// the end of office hours, Wednesday 2026-09-30 17:30.
constexpr int64_t kDue = 1790760600000;
// 1 working day before: Tuesday 2026-09-29 17:30.
constexpr int64_t kRemind = 1790674200000;
// 2 working days after (10-01 to 10-07 国庆节): Friday 2026-10-09 17:30.
constexpr int64_t kEscalate = 1791538200000;
// Friday 2026-09-25 09:00 (a holiday; reports still come).
constexpr int64_t kSep25 = 1790298000000;
// Tuesday 2026-09-29 18:00, after the reminder.
constexpr int64_t kSep29Evening = 1790676000000;
// Thursday 2026-10-01 09:00 and Friday 2026-10-02 10:00, after the due.
constexpr int64_t kOct1 = 1790816400000;
constexpr int64_t kOct2 = 1790906400000;
// Monday 2026-10-12 09:00, after the escalation.
constexpr int64_t kOct12 = 1791766800000;
// Thursday 2026-11-05 17:30.
constexpr int64_t kNov5 = 1793871000000;

constexpr char kTopic[] = "国庆假期安全生产情况";

class CommissionBookTest : public ::testing::Test {
 protected:
  CommissionBookTest()
      : config_(DefaultConfig()),
        policy_(DefaultCaibianPolicy()),
        book_(Terms(), [this](std::string_view id) { return Load(id); }) {}

  CommissionBook::Terms Terms() const {
    return {policy_, config_.calendar, config_.zone(), config_.units};
  }

  // The "store": what Settle() would have written.
  Result<std::optional<v1::CommissionState>> Load(std::string_view id) {
    auto it = stored_.find(std::string(id));
    if (it == stored_.end()) return std::optional<v1::CommissionState>();
    return std::optional<v1::CommissionState>(it->second);
  }

  // Writes what changed to the fake store, as the committer does.
  void Write() {
    for (const v1::CommissionState* commission : book_.Changed()) {
      stored_[commission->commission().commission_id()] = *commission;
    }
    book_.Settle();
  }

  // The county office asks 县应急管理局 and 河口镇, in that order.
  static v1::Commission Asked(int64_t due_at_ms = 0) {
    v1::Commission commission;
    commission.set_commission_id("C1");
    commission.set_topic(kTopic);
    commission.set_requirements("请报送假期安全生产检查和值班值守情况");
    commission.add_unit_ids("yingji");
    commission.add_unit_ids("hekou");
    commission.set_due_at_ms(due_at_ms);
    commission.set_office_unit_id("county-office");
    commission.set_officer("张主任");
    return commission;
  }

  const v1::CommissionState& Ask(int64_t at = kAsked) {
    Result<CommissionBook::Change> change = book_.Ask(Asked(), kActor, at);
    EXPECT_TRUE(change.ok()) << change.status().ToString();
    EXPECT_TRUE(change->changed);
    return *change->commission;
  }

  // A report of `unit` answering commission `id`, stored at `at`.
  v1::Report Answering(const std::string& unit, int64_t at,
                       const std::string& id = "C1") {
    v1::Report report;
    report.set_sequence(++sequence_);
    report.set_unit_id(unit);
    report.set_kind(v1::KIND_GENERAL_DYNAMIC);
    report.set_title("国庆假期安全生产情况报告");
    report.set_commission_id(id);
    report.set_stored_at_ms(at);
    return report;
  }

  v1::CommissionNote Answer(const v1::Report& report) {
    Result<v1::CommissionNote> note = book_.Answer(report);
    EXPECT_TRUE(note.ok()) << note.status().ToString();
    return *note;
  }

  Result<CommissionBook::Change> Cancel(const std::string& office,
                                        const std::string& id = "C1") {
    v1::CancelCommission request;
    request.set_commission_id(id);
    request.set_reason("任务调整");
    return book_.Cancel(request, office, kActor, kOct1);
  }

  // The commission as the book holds it now (open, or changed and not yet
  // settled).
  const v1::CommissionState& Held() {
    for (const v1::CommissionState* commission : book_.Changed()) {
      if (commission->commission().commission_id() == "C1") return *commission;
    }
    ADD_FAILURE() << "C1 did not change";
    return stored_["C1"];
  }

  static std::vector<const v1::Alarm*> Open(const v1::CommissionState& state,
                                            v1::AlarmKind kind) {
    std::vector<const v1::Alarm*> open;
    for (const v1::Alarm& alarm : state.alarms()) {
      if (alarm.open() && alarm.kind() == kind) open.push_back(&alarm);
    }
    return open;
  }

  static const v1::Alarm* OfUnit(const v1::CommissionState& state,
                                 v1::AlarmKind kind, const std::string& unit) {
    for (const v1::Alarm& alarm : state.alarms()) {
      if (alarm.kind() == kind && alarm.unit_id() == unit) return &alarm;
    }
    return nullptr;
  }

  inline static const CommissionBook::Actor kActor{"zhang", ""};

  BrokerConfig config_;
  CaibianPolicy policy_;
  CommissionBook book_;
  std::map<std::string, v1::CommissionState> stored_;
  uint64_t sequence_ = 100;
};

TEST_F(CommissionBookTest, AsksEachUnitDueInWorkingDaysOverTheHoliday) {
  const v1::CommissionState& state = Ask();
  EXPECT_EQ(state.issued_at_ms(), kAsked);
  EXPECT_EQ(state.user(), "zhang");
  EXPECT_FALSE(state.closed());
  ASSERT_EQ(state.units_size(), 2);
  EXPECT_EQ(state.units(0).unit_id(), "yingji");  // in request order
  EXPECT_EQ(state.units(1).unit_id(), "hekou");
  ASSERT_EQ(state.deadlines_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(state.units(i).due_at_ms(), kDue);
    EXPECT_EQ(state.units(i).light(), v1::LIGHT_GREEN);
    const v1::Deadline& owed = state.deadlines(i);
    EXPECT_EQ(owed.unit_id(), state.units(i).unit_id());
    EXPECT_EQ(owed.duty(), v1::DUTY_COMMISSION);
    EXPECT_EQ(owed.due_at_ms(), kDue);
    EXPECT_EQ(owed.remind_at_ms(), kRemind);
    EXPECT_EQ(owed.escalate_at_ms(), kEscalate);
  }
  EXPECT_TRUE(state.alarms().empty());
  EXPECT_EQ(book_.Changed().size(), 1u);
  EXPECT_EQ(book_.open_commissions(), 1u);
}

TEST_F(CommissionBookTest, AFixedDeadlineIsKeptAndOneNotAfterNowIsRefused) {
  Result<CommissionBook::Change> fixed =
      book_.Ask(Asked(kNov5), kActor, kAsked);
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  EXPECT_EQ(fixed->commission->units(0).due_at_ms(), kNov5);
  EXPECT_EQ(fixed->commission->deadlines(0).due_at_ms(), kNov5);

  v1::Commission past = Asked(kAsked);
  past.set_commission_id("C2");
  Result<CommissionBook::Change> refused = book_.Ask(past, kActor, kAsked);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(refused.status().field(), "commission.due_at_ms");
  EXPECT_NE(refused.status().message().find("9月22日 10:00"),
            std::string::npos);
}

TEST_F(CommissionBookTest, ADeadlineBeyondTheCalendarIsRefused) {
  // 2027-12-29: five working days on lie in 2028, which it does not cover.
  Result<CommissionBook::Change> counted =
      book_.Ask(Asked(), kActor, 1830045600000);
  ASSERT_FALSE(counted.ok());
  EXPECT_EQ(counted.status().code(), v1::ERROR_CODE_CALENDAR_NOT_COVERED);
  // A fixed deadline in 2028 (2028-01-05 17:30).
  v1::Commission fixed = Asked(1830677400000);
  fixed.set_commission_id("C2");
  Result<CommissionBook::Change> beyond = book_.Ask(fixed, kActor, kAsked);
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.status().code(), v1::ERROR_CODE_CALENDAR_NOT_COVERED);
  EXPECT_EQ(book_.open_commissions(), 0u);
  EXPECT_TRUE(book_.Changed().empty());
}

TEST_F(CommissionBookTest, AnswersOnTimeLinkAndTheLastOneClosesIt) {
  Ask();
  Write();
  const v1::Report first = Answering("yingji", kSep25);
  const v1::CommissionNote note = Answer(first);
  EXPECT_EQ(note.commission_id(), "C1");
  EXPECT_TRUE(note.linked());
  EXPECT_FALSE(note.late());
  EXPECT_NE(note.message().find("按时"), std::string::npos) << note.message();
  {
    const v1::CommissionState& state = Held();
    EXPECT_EQ(state.units(0).answered_at_ms(), kSep25);
    EXPECT_FALSE(state.units(0).answered_late());
    EXPECT_EQ(state.units(0).light(), v1::LIGHT_UNSPECIFIED);
    ASSERT_EQ(state.units(0).answer_sequences_size(), 1);
    EXPECT_EQ(state.units(0).answer_sequences(0), first.sequence());
    ASSERT_EQ(state.deadlines_size(), 1);  // only 河口镇 still owes
    EXPECT_EQ(state.deadlines(0).unit_id(), "hekou");
    EXPECT_FALSE(state.closed());
  }
  Write();
  EXPECT_EQ(book_.open_commissions(), 1u);

  const int64_t last = kSep25 + 3600 * 1000;
  EXPECT_TRUE(Answer(Answering("hekou", last)).linked());
  const v1::CommissionState& closed = Held();
  EXPECT_TRUE(closed.closed());
  EXPECT_FALSE(closed.cancelled());
  EXPECT_EQ(closed.closed_at_ms(), last);
  EXPECT_TRUE(closed.deadlines().empty());
  EXPECT_EQ(book_.open_commissions(), 0u);
  Write();
  EXPECT_TRUE(book_.Changed().empty());
  EXPECT_TRUE(stored_["C1"].closed());
}

TEST_F(CommissionBookTest, AnAnswerWhileDueSoonClearsTheReminderInItsName) {
  Ask();
  Write();
  book_.Tick(kSep29Evening);
  {
    const v1::CommissionState& state = Held();
    EXPECT_EQ(Open(state, v1::ALARM_KIND_DUE_SOON).size(), 2u);
    EXPECT_EQ(state.units(0).light(), v1::LIGHT_YELLOW);
    EXPECT_EQ(state.units(1).light(), v1::LIGHT_YELLOW);
    EXPECT_EQ(book_.AlarmChanges().size(), 2u);
  }
  Write();

  const v1::Report report = Answering("yingji", kSep29Evening + 60000);
  EXPECT_FALSE(Answer(report).late());
  const v1::CommissionState& state = Held();
  const v1::Alarm* cleared =
      OfUnit(state, v1::ALARM_KIND_DUE_SOON, "yingji");
  ASSERT_NE(cleared, nullptr);
  EXPECT_FALSE(cleared->open());
  EXPECT_EQ(cleared->cleared_at_ms(), report.stored_at_ms());
  EXPECT_EQ(cleared->cleared_by_sequence(), report.sequence());
  EXPECT_EQ(cleared->cleared_reason(),
            "已报送（第" + std::to_string(report.sequence()) + "号）");
  EXPECT_TRUE(OfUnit(state, v1::ALARM_KIND_DUE_SOON, "hekou")->open());
  EXPECT_EQ(state.units(0).light(), v1::LIGHT_UNSPECIFIED);
  EXPECT_EQ(state.units(1).light(), v1::LIGHT_YELLOW);
  // The live feed hears of the cleared alarm only.
  const std::vector<v1::Alarm> changes = book_.AlarmChanges();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].id(), cleared->id());
}

TEST_F(CommissionBookTest, ALateAnswerIsLinkedAsLateAndClearsTheOverdueAlarm) {
  Ask();
  Write();
  book_.Tick(kOct1);
  {
    const v1::CommissionState& state = Held();
    EXPECT_EQ(Open(state, v1::ALARM_KIND_OVERDUE).size(), 2u);
    EXPECT_EQ(state.units(0).light(), v1::LIGHT_RED);
    // The reminders gave way to the overdue alarms.
    EXPECT_TRUE(Open(state, v1::ALARM_KIND_DUE_SOON).empty());
  }
  Write();

  const v1::Report report = Answering("yingji", kOct2);
  const v1::CommissionNote note = Answer(report);
  EXPECT_TRUE(note.linked());
  EXPECT_TRUE(note.late());
  EXPECT_NE(note.message().find("迟报"), std::string::npos) << note.message();
  const v1::CommissionState& state = Held();
  EXPECT_TRUE(state.units(0).answered_late());
  EXPECT_EQ(state.units(0).answered_at_ms(), kOct2);
  const v1::Alarm* overdue = OfUnit(state, v1::ALARM_KIND_OVERDUE, "yingji");
  ASSERT_NE(overdue, nullptr);
  EXPECT_FALSE(overdue->open());
  EXPECT_EQ(overdue->cleared_by_sequence(), report.sequence());
  EXPECT_TRUE(OfUnit(state, v1::ALARM_KIND_OVERDUE, "hekou")->open());
  EXPECT_EQ(state.units(1).light(), v1::LIGHT_RED);
}

TEST_F(CommissionBookTest, NoAnswerIsOverdueOnceThenEscalated) {
  Ask();
  Write();
  book_.Tick(kOct1);
  Write();
  book_.Tick(kOct2);  // still overdue: nothing new
  EXPECT_TRUE(book_.Changed().empty());

  book_.Tick(kEscalate);
  const v1::CommissionState& state = Held();
  ASSERT_EQ(Open(state, v1::ALARM_KIND_OVERDUE).size(), 2u);
  ASSERT_EQ(Open(state, v1::ALARM_KIND_ESCALATED).size(), 2u);
  for (const v1::Alarm& alarm : state.alarms()) {
    EXPECT_EQ(alarm.commission_id(), "C1");
    EXPECT_TRUE(alarm.event_id().empty());
    EXPECT_TRUE(alarm.item_id().empty());
    EXPECT_EQ(alarm.duty(), v1::DUTY_COMMISSION);
    EXPECT_EQ(alarm.due_at_ms(), kDue);
  }
  const v1::Alarm* overdue = OfUnit(state, v1::ALARM_KIND_OVERDUE, "yingji");
  const v1::Alarm* escalated =
      OfUnit(state, v1::ALARM_KIND_ESCALATED, "yingji");
  EXPECT_EQ(overdue->raised_at_ms(), kOct1);
  EXPECT_EQ(escalated->raised_at_ms(), kEscalate);
  EXPECT_EQ(escalated->escalates_alarm_id(), overdue->id());
  EXPECT_EQ(state.alarms_size(), 4);  // raised once each
  Write();

  book_.Tick(kOct12);
  EXPECT_TRUE(book_.Changed().empty());
  EXPECT_FALSE(stored_["C1"].closed());
}

TEST_F(CommissionBookTest, AlarmsSayWhoOwesWhatAndByWhenInPlainChinese) {
  Ask();
  book_.Tick(kSep29Evening);
  EXPECT_EQ(OfUnit(Held(), v1::ALARM_KIND_DUE_SOON, "yingji")->message(),
            "临期：约稿“国庆假期安全生产情况”将于 9月30日 17:30 "
            "到期，县应急管理局尚未报送");
  book_.Tick(kOct1);
  EXPECT_EQ(OfUnit(Held(), v1::ALARM_KIND_OVERDUE, "hekou")->message(),
            "超期：约稿“国庆假期安全生产情况”已超期（时限 9月30日 "
            "17:30），河口镇尚未报送");
  book_.Tick(kEscalate);
  EXPECT_EQ(OfUnit(Held(), v1::ALARM_KIND_ESCALATED, "hekou")->message(),
            "升级（通报候选）：约稿“国庆假期安全生产情况”已超期 9天，"
            "河口镇仍未报送");
}

TEST_F(CommissionBookTest, CancellingEndsEveryDutyAndClearsItsAlarms) {
  Ask();
  Write();
  book_.Tick(kOct1);
  Write();

  Result<CommissionBook::Change> cancelled = Cancel("county-office");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  EXPECT_TRUE(cancelled->changed);
  const v1::CommissionState& state = *cancelled->commission;
  EXPECT_TRUE(state.cancelled());
  EXPECT_TRUE(state.closed());
  EXPECT_EQ(state.cancelled_reason(), "任务调整");
  EXPECT_TRUE(state.deadlines().empty());
  ASSERT_EQ(state.alarms_size(), 2);
  for (const v1::Alarm& alarm : state.alarms()) {
    EXPECT_FALSE(alarm.open());
    EXPECT_EQ(alarm.cleared_reason(), "约稿已撤销");
  }
  EXPECT_EQ(state.units(0).light(), v1::LIGHT_UNSPECIFIED);
  EXPECT_EQ(book_.AlarmChanges().size(), 2u);
  Write();
  EXPECT_EQ(book_.open_commissions(), 0u);

  // Again: a repeat, read from the store.
  Result<CommissionBook::Change> again = Cancel("county-office");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  EXPECT_TRUE(again->commission->cancelled());
  EXPECT_TRUE(book_.Changed().empty());
}

TEST_F(CommissionBookTest, OnlyTheAskingOfficeCancelsAnOpenCommission) {
  Result<CommissionBook::Change> unknown = Cancel("county-office", "C9");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), v1::ERROR_CODE_UNKNOWN_ITEM);

  Ask();
  Write();
  Result<CommissionBook::Change> other = Cancel("hekou");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), v1::ERROR_CODE_NOT_PERMITTED);

  Answer(Answering("yingji", kSep25));
  Answer(Answering("hekou", kSep25));
  Write();
  Result<CommissionBook::Change> closed = Cancel("county-office");
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.status().code(), v1::ERROR_CODE_WRONG_STATE);
  EXPECT_NE(closed.status().message().find("全部报送"), std::string::npos);
  EXPECT_TRUE(book_.Changed().empty());
}

TEST_F(CommissionBookTest, ARepeatedRequestChangesNothing) {
  Ask();
  Write();
  Result<CommissionBook::Change> again = book_.Ask(Asked(), kActor, kSep25);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(again->commission->issued_at_ms(), kAsked);
  EXPECT_TRUE(book_.Changed().empty());

  // Closed and out of memory: still a repeat, from the store.
  Answer(Answering("yingji", kSep25));
  Answer(Answering("hekou", kSep25));
  Write();
  Result<CommissionBook::Change> closed = book_.Ask(Asked(), kActor, kOct1);
  ASSERT_TRUE(closed.ok());
  EXPECT_FALSE(closed->changed);
  EXPECT_TRUE(closed->commission->closed());
}

TEST_F(CommissionBookTest, AnotherRequestUnderTheSameIdIsRefused) {
  Ask();
  Write();
  v1::Commission other = Asked();
  other.set_topic("秋收秋种进展");
  Result<CommissionBook::Change> refused = book_.Ask(other, kActor, kSep25);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);
  EXPECT_NE(refused.status().message().find(kTopic), std::string::npos);
  EXPECT_TRUE(book_.Changed().empty());
  EXPECT_EQ(stored_["C1"].commission().topic(), kTopic);
}

TEST_F(CommissionBookTest, AReportThatCannotAnswerIsNotLinkedAndSaysWhy) {
  Ask();
  Write();
  const v1::CommissionNote unknown = Answer(Answering("yingji", kSep25, "C9"));
  EXPECT_EQ(unknown.commission_id(), "C9");
  EXPECT_FALSE(unknown.linked());
  EXPECT_NE(unknown.message().find("C9"), std::string::npos);

  const v1::CommissionNote not_asked = Answer(Answering("qingshan", kSep25));
  EXPECT_FALSE(not_asked.linked());
  EXPECT_NE(not_asked.message().find("青山乡"), std::string::npos)
      << not_asked.message();
  EXPECT_TRUE(book_.Changed().empty());

  ASSERT_TRUE(Cancel("county-office").ok());
  Write();
  const v1::CommissionNote cancelled = Answer(Answering("yingji", kOct2));
  EXPECT_FALSE(cancelled.linked());
  EXPECT_NE(cancelled.message().find("撤销"), std::string::npos);
  EXPECT_TRUE(book_.Changed().empty());
  EXPECT_EQ(stored_["C1"].units(0).answer_sequences_size(), 0);
}

TEST_F(CommissionBookTest, EveryAnswerIsKeptAndTheSameReportLinksOnce) {
  Ask();
  const v1::Report first = Answering("yingji", kSep25);
  Answer(first);
  Write();
  const v1::Report more = Answering("yingji", kOct2);
  const v1::CommissionNote note = Answer(more);
  EXPECT_TRUE(note.linked());
  EXPECT_NE(note.message().find("补充"), std::string::npos) << note.message();
  Write();
  // The committer retrying the same report links it once.
  EXPECT_TRUE(Answer(more).linked());
  EXPECT_TRUE(book_.Changed().empty());
  const v1::CommissionUnit& unit = stored_["C1"].units(0);
  ASSERT_EQ(unit.answer_sequences_size(), 2);
  EXPECT_EQ(unit.answer_sequences(1), more.sequence());
  EXPECT_EQ(unit.answered_at_ms(), kSep25);  // the first answer counts
  EXPECT_FALSE(unit.answered_late());
}

TEST_F(CommissionBookTest, ForgottenCommissionsAreAdoptedFromTheStoreAgain) {
  Ask();
  Write();
  book_.Tick(kOct1);  // overdue alarms raised, then the write fails
  EXPECT_EQ(book_.Changed().size(), 1u);
  book_.Forget();
  EXPECT_EQ(book_.open_commissions(), 0u);
  EXPECT_TRUE(book_.Changed().empty());
  EXPECT_TRUE(book_.AlarmChanges().empty());

  book_.Adopt(stored_["C1"]);
  EXPECT_EQ(book_.open_commissions(), 1u);
  book_.Tick(kOct1);  // the same alarms, once
  const v1::CommissionState& state = Held();
  EXPECT_EQ(Open(state, v1::ALARM_KIND_OVERDUE).size(), 2u);
  EXPECT_EQ(state.alarms_size(), 2);
  EXPECT_EQ(book_.AlarmChanges().size(), 2u);
  Write();
  EXPECT_TRUE(Answer(Answering("hekou", kOct2)).late());
}

}  // namespace
}  // namespace xinbao::broker
