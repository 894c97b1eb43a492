// Urgent events end to end: the real broker process files reports into its
// EventBook, answers with what it made of them, raises and clears alarms,
// takes the central office's commands, and keeps event states and reports
// together across a restart and a kill -9. Times are set by backdating the
// incident (occurred_at), so no test waits for a deadline. The broker runs
// CURVE: each unit submits with its own key, the central office
// (county-office, a monitor) logs calls, merges and asks the questions.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::PeerAs;
using testing::TempDir;
using testing::UnitSubmitters;
using testing::WirePeer;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr char kOffice[] = "county-office";

v1::Report StageReport(const std::string& key, const std::string& event_id,
                       v1::Stage stage, const std::string& unit = "hekou",
                       int64_t ago_ms = 30 * kMinute) {
  return testing::UrgentStageReport(key, event_id, stage, unit, ago_ms);
}

class EventFlowTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  void Start() {
    broker_ = std::make_unique<BrokerProcess>(dir_ / "data");
    submitters_ = std::make_unique<UnitSubmitters>(*broker_);
    asker_ = PeerAs(*broker_, broker_->query_endpoint(), kOffice);
  }

  // Drops every connection (before the broker goes away).
  void Disconnect() {
    submitters_.reset();
    asker_.reset();
  }

  // The submit-socket peer speaking with `user`'s key, made on first use.
  WirePeer& SubmitterAs(const std::string& user) {
    return submitters_->For(user);
  }

  // Submits `report` with the key of the unit it names.
  v1::Reply Submit(const v1::Report& report) {
    std::optional<v1::Reply> reply = submitters_->Submit(report);
    if (!reply) {
      ADD_FAILURE() << "no reply to " << report.ShortDebugString();
      return {};
    }
    return *reply;
  }

  v1::Ack Acked(const v1::Report& report) {
    const v1::Reply reply = Submit(report);
    EXPECT_TRUE(reply.has_ack()) << reply.ShortDebugString();
    return reply.ack();
  }

  v1::Reply Ask(WirePeer& peer, const v1::Envelope& envelope) {
    std::optional<v1::Reply> reply = peer.Ask(envelope);
    if (!reply) {
      ADD_FAILURE() << "no reply to " << envelope.ShortDebugString();
      return {};
    }
    return *reply;
  }

  v1::EventDetail Detail(const std::string& event_id) {
    v1::Envelope envelope;
    envelope.mutable_get_event()->set_event_id(event_id);
    const v1::Reply reply = Ask(*asker_, envelope);
    EXPECT_TRUE(reply.has_event_detail()) << reply.ShortDebugString();
    return reply.event_detail();
  }

  std::vector<v1::Alarm> Alarms(const v1::EventState& event,
                                v1::AlarmKind kind) {
    std::vector<v1::Alarm> found;
    for (const v1::Alarm& alarm : event.alarms()) {
      if (alarm.kind() == kind) found.push_back(alarm);
    }
    return found;
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_;
  std::unique_ptr<UnitSubmitters> submitters_;
  std::unique_ptr<WirePeer> asker_;  // the office, on the query socket
};

TEST_F(EventFlowTest, FullLifecycleIsOneRecordThatClosesOnGuo) {
  const std::string id = "evt-life";
  EXPECT_EQ(Acked(StageReport("l-shi", id, v1::STAGE_SHI)).event().event_id(),
            id);
  EXPECT_EQ(Acked(StageReport("l-q1", id, v1::STAGE_QING)).event().followup(),
            1u);
  // The police report on the same incident; their follow-ups count apart.
  EXPECT_EQ(Acked(StageReport("l-police", id, v1::STAGE_QING, "gongan"))
                .event()
                .followup(),
            1u);
  const v1::Report second = StageReport("l-q2", id, v1::STAGE_QING);
  EXPECT_EQ(Acked(second).event().followup(), 2u);
  Acked(StageReport("l-yin", id, v1::STAGE_YIN));
  const v1::Ack guo = Acked(StageReport("l-guo", id, v1::STAGE_GUO));
  EXPECT_EQ(guo.event().anomalies_size(), 0);

  // A resend is the original ack, and files nothing twice.
  const v1::Ack again = Acked(second);
  EXPECT_TRUE(again.duplicate());
  EXPECT_FALSE(again.has_event());

  const v1::EventDetail detail = Detail(id);
  const v1::EventState& event = detail.event();
  EXPECT_TRUE(event.closed());
  EXPECT_EQ(event.closed_at_ms(), guo.stored_at_ms());
  EXPECT_EQ(event.responsible_unit_id(), "hekou");
  EXPECT_EQ(event.reports_size(), 6);
  EXPECT_EQ(detail.reports_size(), 6);
  EXPECT_EQ(event.units_size(), 2);
  EXPECT_EQ(event.deadlines_size(), 0);
  EXPECT_TRUE(Alarms(event, v1::ALARM_KIND_LATE).empty());
  EXPECT_TRUE(Alarms(event, v1::ALARM_KIND_OVERDUE).empty());
  const auto& timeline = detail.timeline();
  EXPECT_TRUE(std::any_of(timeline.begin(), timeline.end(), [](const auto& line) {
    return line.text().find("续报二（情）") != std::string::npos;
  }));

  v1::Envelope list;
  list.mutable_list_events();
  const v1::Reply open = Ask(*asker_, list);
  for (const v1::EventState& listed : open.event_list().events()) {
    EXPECT_NE(listed.event_id(), id) << "a closed event is listed as open";
  }
}

TEST_F(EventFlowTest, LateStageRaisesAnAlarmThatClearsWhenTheStageArrives) {
  const std::string id = "evt-late";
  // Grade Ⅲ under the default (national) policy: 事 within 2 h and the
  // first 情 within 4 h of occurrence. This incident was 5 h ago.
  Acked(StageReport("late-shi", id, v1::STAGE_SHI, "hekou", 5 * kHour));
  v1::EventState event = Detail(id).event();
  std::vector<v1::Alarm> late = Alarms(event, v1::ALARM_KIND_LATE);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].stage(), v1::STAGE_SHI);
  EXPECT_NEAR(static_cast<double>(late[0].late_by_ms()), 3.0 * kHour,
              5.0 * kMinute);
  std::vector<v1::Alarm> overdue = Alarms(event, v1::ALARM_KIND_OVERDUE);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_TRUE(overdue[0].open());
  EXPECT_EQ(overdue[0].stage(), v1::STAGE_QING);

  v1::Envelope overdue_list;
  overdue_list.mutable_list_events()->set_overdue_only(true);
  const v1::Reply listed = Ask(*asker_, overdue_list);
  ASSERT_EQ(listed.event_list().events_size(), 1);
  EXPECT_EQ(listed.event_list().events(0).event_id(), id);

  const v1::Ack qing =
      Acked(StageReport("late-q1", id, v1::STAGE_QING, "hekou", 5 * kHour));
  event = Detail(id).event();
  overdue = Alarms(event, v1::ALARM_KIND_OVERDUE);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_FALSE(overdue[0].open());
  EXPECT_EQ(overdue[0].cleared_by_sequence(), qing.sequence());
  EXPECT_EQ(Alarms(event, v1::ALARM_KIND_LATE).size(), 2u);
  EXPECT_EQ(Ask(*asker_, overdue_list).event_list().events_size(), 0);
}

TEST_F(EventFlowTest, OddStagesAreStoredAndFlaggedNotRefused) {
  const v1::Ack orphan =
      Acked(StageReport("odd-yin", "evt-odd", v1::STAGE_YIN));
  ASSERT_EQ(orphan.event().anomalies_size(), 1);
  EXPECT_EQ(orphan.event().anomalies(0), v1::ANOMALY_EVENT_NOT_OPENED);
  Acked(StageReport("odd-shi", "evt-odd", v1::STAGE_SHI));
  Acked(StageReport("odd-guo", "evt-odd", v1::STAGE_GUO));
  const v1::Ack after = Acked(StageReport("odd-q", "evt-odd", v1::STAGE_QING));
  ASSERT_EQ(after.event().anomalies_size(), 1);
  EXPECT_EQ(after.event().anomalies(0), v1::ANOMALY_AFTER_CLOSE);
  EXPECT_EQ(Detail("evt-odd").event().reports_size(), 4);
}

TEST_F(EventFlowTest, PhoneLogThenWrittenShiMergedByTheCentralOffice) {
  v1::Report call = StageReport("call-1", "evt-phone", v1::STAGE_SHI, kOffice,
                                20 * kMinute);
  call.mutable_phone_call()->set_caller_unit_id("hekou");
  call.mutable_phone_call()->set_caller("河口镇党政办 张伟");
  call.mutable_phone_call()->set_called_at_ms(testing::NowMs() - 15 * kMinute);
  call.mutable_phone_call()->set_taken_by("县委办值班员 刘洋");
  Acked(call);
  // Only the central office logs phone calls: a township, in its own name
  // and with its own key, may not.
  v1::Report forged = call;
  forged.set_unit_id("chengguan");
  forged.set_idempotency_key("call-2");
  v1::Reply refused = Submit(forged);
  ASSERT_TRUE(refused.has_error()) << refused.ShortDebugString();
  EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_EQ(refused.error().field(), "report.phone_call");

  Acked(StageReport("written-shi", "evt-written", v1::STAGE_SHI));

  v1::Envelope merge;
  v1::MergeEventsRequest* request = merge.mutable_merge_events();
  request->set_unit_id("hekou");
  request->set_officer("张伟");
  request->set_from_event_id("evt-phone");
  request->set_into_event_id("evt-written");
  // A township may not merge, neither in its own name nor in the office's.
  refused = Ask(SubmitterAs("hekou"), merge);
  ASSERT_TRUE(refused.has_error());
  EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_NOT_PERMITTED);
  request->set_unit_id(kOffice);
  refused = Ask(SubmitterAs("hekou"), merge);
  ASSERT_TRUE(refused.has_error());
  EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_NOT_PERMITTED);

  request->set_officer("刘洋");
  request->set_reason("电话登记与书面首报为同一事件");
  v1::Reply merged = Ask(SubmitterAs(kOffice), merge);
  ASSERT_TRUE(merged.has_event_changed()) << merged.ShortDebugString();
  EXPECT_TRUE(merged.event_changed().changed());
  EXPECT_EQ(merged.event_changed().event().event_id(), "evt-written");
  merged = Ask(SubmitterAs(kOffice), merge);  // a retry changes nothing
  ASSERT_TRUE(merged.has_event_changed());
  EXPECT_FALSE(merged.event_changed().changed());

  const v1::EventDetail detail = Detail("evt-written");
  EXPECT_EQ(detail.event().reports_size(), 2);
  EXPECT_EQ(detail.reports_size(), 2);
  EXPECT_GT(detail.event().phone_to_written_ms(), 10 * kMinute);
  ASSERT_EQ(detail.event().actions_size(), 1);
  EXPECT_EQ(detail.event().actions(0).officer(), "刘洋");
  EXPECT_EQ(Detail("evt-phone").event().merged_into(), "evt-written");

  v1::Envelope unknown = merge;
  unknown.mutable_merge_events()->set_from_event_id("evt-nobody");
  refused = Ask(SubmitterAs(kOffice), unknown);
  ASSERT_TRUE(refused.has_error());
  EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_UNKNOWN_EVENT);
}

TEST_F(EventFlowTest, RestartMidEventKeepsItsStateDeadlinesAndAlarms) {
  const std::string id = "evt-restart";
  Acked(StageReport("r-shi", id, v1::STAGE_SHI, "hekou", 5 * kHour));
  const v1::EventState before = Detail(id).event();
  ASSERT_EQ(before.deadlines_size(), 1);
  ASSERT_EQ(Alarms(before, v1::ALARM_KIND_OVERDUE).size(), 1u);

  Disconnect();
  ASSERT_EQ(broker_->Terminate(), 0);
  Start();

  const v1::EventState after = Detail(id).event();
  EXPECT_EQ(after.deadlines(0).SerializeAsString(),
            before.deadlines(0).SerializeAsString());
  ASSERT_EQ(Alarms(after, v1::ALARM_KIND_OVERDUE).size(), 1u);
  EXPECT_TRUE(Alarms(after, v1::ALARM_KIND_OVERDUE)[0].open());
  EXPECT_EQ(after.reports_size(), 1);

  Acked(StageReport("r-q1", id, v1::STAGE_QING, "hekou", 5 * kHour));
  EXPECT_FALSE(Alarms(Detail(id).event(), v1::ALARM_KIND_OVERDUE)[0].open());
}

TEST_F(EventFlowTest, KillNineNeverSplitsReportsFromTheirEventState) {
  constexpr int kEvents = 3;
  constexpr int kPerEvent = 60;
  // Pipelined: everything is sent before any ack is read.
  WirePeer& submitter = SubmitterAs("hekou");
  for (int n = 0; n < kPerEvent; ++n) {
    for (int e = 0; e < kEvents; ++e) {
      v1::Report report = StageReport(
          "crash-" + std::to_string(e) + "-" + std::to_string(n),
          "evt-crash-" + std::to_string(e),
          n == 0 ? v1::STAGE_SHI : v1::STAGE_QING);
      submitter.SendSubmit(report);
    }
  }
  std::set<uint64_t> acked;
  while (acked.size() < 20) {
    std::optional<v1::Reply> reply = submitter.Receive();
    ASSERT_TRUE(reply && reply->has_ack());
    acked.insert(reply->ack().sequence());
  }
  broker_->Kill9();
  Disconnect();
  Start();

  std::set<uint64_t> filed;
  for (int e = 0; e < kEvents; ++e) {
    const v1::EventDetail detail = Detail("evt-crash-" + std::to_string(e));
    std::set<uint64_t> in_state;
    for (const v1::EventReport& report : detail.event().reports()) {
      in_state.insert(report.sequence());
    }
    std::set<uint64_t> in_store;
    for (const v1::Report& report : detail.reports()) {
      in_store.insert(report.sequence());
    }
    EXPECT_EQ(in_state, in_store) << "event " << e;
    filed.insert(in_state.begin(), in_state.end());
  }
  for (uint64_t sequence : acked) {
    EXPECT_TRUE(filed.count(sequence)) << "acked report " << sequence
                                       << " missing from its event";
  }
}

}  // namespace
}  // namespace xinbao
