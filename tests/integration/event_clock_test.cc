// Alarms raised by the clock alone, through a whole broker (real sockets,
// real store) running in this process on a clock the test moves. Nothing
// sleeps for a deadline: the test moves the clock past it and waits (at
// most a few seconds) for the broker's next tick to show the alarm.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "broker/broker.h"
#include "tests/integration/clocked_broker.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::TempDir;
using testing::WirePeer;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

class EventClockTest : public ::testing::Test {
 protected:
  EventClockTest() : now_(testing::NowMs()) {}

  // Starts the broker; `rules` may change its [events] policy first.
  void Start(const std::function<void(broker::DeadlinePolicy*)>& rules = {}) {
    Result<std::unique_ptr<broker::Broker>> started =
        testing::StartClockedBroker(
            dir_ / "data", now_, [&](broker::BrokerConfig* config) {
              if (rules) rules(&config->events);
            });
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    broker_ = std::move(started).value();
    submitter_ = std::make_unique<WirePeer>(broker_->submit_endpoint());
    asker_ = std::make_unique<WirePeer>(broker_->query_endpoint());
  }

  void Stop() {
    submitter_.reset();
    asker_.reset();
    broker_.reset();
  }

  void Submit(const v1::Report& report) {
    v1::Envelope envelope;
    *envelope.mutable_submit()->mutable_report() = report;
    std::optional<v1::Reply> reply = submitter_->Ask(envelope);
    ASSERT_TRUE(reply && reply->has_ack())
        << (reply ? reply->ShortDebugString() : "no reply");
  }

  v1::EventState Event(const std::string& id) {
    v1::Envelope envelope;
    envelope.mutable_get_event()->set_event_id(id);
    std::optional<v1::Reply> reply = asker_->Ask(envelope);
    EXPECT_TRUE(reply && reply->has_event_detail());
    return reply ? reply->event_detail().event() : v1::EventState();
  }

  // Waits (bounded) until event `id` has an open alarm of `kind`.
  std::optional<v1::Alarm> AwaitOpen(const std::string& id,
                                     v1::AlarmKind kind) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < give_up) {
      const v1::EventState event = Event(id);
      for (const v1::Alarm& alarm : event.alarms()) {
        if (alarm.kind() == kind && alarm.open()) return alarm;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
  }

  // Waits (bounded) until event `id` has an open ESCALATED alarm for its
  // alarm `escalated_id`.
  std::optional<v1::Alarm> AwaitEscalationOf(const std::string& id,
                                             uint32_t escalated_id) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < give_up) {
      const v1::EventState event = Event(id);
      for (const v1::Alarm& alarm : event.alarms()) {
        if (alarm.kind() == v1::ALARM_KIND_ESCALATED && alarm.open() &&
            alarm.escalates_alarm_id() == escalated_id) {
          return alarm;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
  }

  bool HasOpen(const std::string& id, v1::AlarmKind kind) {
    const v1::EventState event = Event(id);
    for (const v1::Alarm& alarm : event.alarms()) {
      if (alarm.kind() == kind && alarm.open()) return true;
    }
    return false;
  }

  // A 事 of grade Ⅲ (national: 事 2 h, first 情 4 h, escalation 1 h)
  // about an incident that happens now on the test's clock.
  v1::Report Shi(const std::string& key, const std::string& id,
                 const std::string& unit = "hekou") {
    v1::Report report = testing::UrgentShiReport(key, id, unit);
    report.set_occurred_at_ms(now_ - kMinute);
    report.set_written_at_ms(now_ - kMinute);
    return report;
  }

  TempDir dir_;
  std::atomic<int64_t> now_;
  std::unique_ptr<broker::Broker> broker_;
  std::unique_ptr<WirePeer> submitter_;
  std::unique_ptr<WirePeer> asker_;
};

TEST_F(EventClockTest, OverdueThenEscalatedAsTheClockMovesAndClearedByTheStage) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(Submit(Shi("c-shi", "evt-clock")));
  EXPECT_FALSE(HasOpen("evt-clock", v1::ALARM_KIND_OVERDUE));

  now_ += 4 * kHour;  // the first 情 is now due
  std::optional<v1::Alarm> overdue =
      AwaitOpen("evt-clock", v1::ALARM_KIND_OVERDUE);
  ASSERT_TRUE(overdue.has_value());
  EXPECT_EQ(overdue->stage(), v1::STAGE_QING);
  EXPECT_FALSE(HasOpen("evt-clock", v1::ALARM_KIND_ESCALATED));

  now_ += 1 * kHour;  // still overdue an hour later
  std::optional<v1::Alarm> escalated =
      AwaitOpen("evt-clock", v1::ALARM_KIND_ESCALATED);
  ASSERT_TRUE(escalated.has_value());
  EXPECT_EQ(escalated->escalates_alarm_id(), overdue->id());

  v1::Report qing = Shi("c-q1", "evt-clock");
  qing.set_stage(v1::STAGE_QING);
  qing.set_written_at_ms(now_);
  ASSERT_NO_FATAL_FAILURE(Submit(qing));
  EXPECT_FALSE(HasOpen("evt-clock", v1::ALARM_KIND_OVERDUE));
  EXPECT_FALSE(HasOpen("evt-clock", v1::ALARM_KIND_ESCALATED));
}

TEST_F(EventClockTest, ConcealmentSuspectedWhenOnlyAnotherUnitHasReported) {
  ASSERT_NO_FATAL_FAILURE(Start());
  v1::Report police = Shi("c-police", "evt-hidden", "gongan");
  police.set_responsible_unit_id("hekou");
  ASSERT_NO_FATAL_FAILURE(Submit(police));
  EXPECT_FALSE(HasOpen("evt-hidden", v1::ALARM_KIND_CONCEALMENT_SUSPECTED));
  now_ += 2 * kHour;  // 河口镇's 事 was due
  std::optional<v1::Alarm> concealed =
      AwaitOpen("evt-hidden", v1::ALARM_KIND_CONCEALMENT_SUSPECTED);
  ASSERT_TRUE(concealed.has_value());
  EXPECT_EQ(concealed->unit_id(), "hekou");
  v1::Report shi = Shi("c-hekou", "evt-hidden");
  shi.set_written_at_ms(now_);
  ASSERT_NO_FATAL_FAILURE(Submit(shi));
  EXPECT_FALSE(HasOpen("evt-hidden", v1::ALARM_KIND_CONCEALMENT_SUSPECTED));
}

TEST_F(EventClockTest, ConcealmentStillOpenIsEscalatedAndClearedByTheShi) {
  // Ⅲ: 事 within 2 h (national); a 疑似瞒报 escalated after 30 min open.
  ASSERT_NO_FATAL_FAILURE(Start([](broker::DeadlinePolicy* events) {
    events->grades[2].escalate_concealment_after_ms = 30 * kMinute;
  }));
  v1::Report police = Shi("c-police", "evt-hushed", "gongan");
  police.set_responsible_unit_id("hekou");
  ASSERT_NO_FATAL_FAILURE(Submit(police));
  now_ += 2 * kHour;
  std::optional<v1::Alarm> concealed =
      AwaitOpen("evt-hushed", v1::ALARM_KIND_CONCEALMENT_SUSPECTED);
  ASSERT_TRUE(concealed.has_value());
  EXPECT_FALSE(HasOpen("evt-hushed", v1::ALARM_KIND_ESCALATED));

  now_ += 30 * kMinute;  // open that long: escalated (the overdue 事 is not
                         // yet: national Ⅲ escalates it after 1 h)
  std::optional<v1::Alarm> escalated =
      AwaitEscalationOf("evt-hushed", concealed->id());
  ASSERT_TRUE(escalated.has_value());
  EXPECT_EQ(escalated->unit_id(), "hekou");
  EXPECT_NE(escalated->message().find("疑似瞒报"), std::string::npos)
      << escalated->message();

  v1::Report shi = Shi("c-hekou", "evt-hushed");
  shi.set_written_at_ms(now_);
  ASSERT_NO_FATAL_FAILURE(Submit(shi));
  const v1::EventState after = Event("evt-hushed");
  for (const v1::Alarm& alarm : after.alarms()) {
    EXPECT_FALSE(alarm.open()) << alarm.ShortDebugString();
  }
}

TEST_F(EventClockTest, PendingDeadlinesSurviveARestartAndFireAfterIt) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(Submit(Shi("c-shi", "evt-pending")));
  const v1::EventState before = Event("evt-pending");
  ASSERT_EQ(before.deadlines_size(), 1);
  Stop();

  now_ += 4 * kHour + kMinute;  // passes while the broker is down
  ASSERT_NO_FATAL_FAILURE(Start());
  std::optional<v1::Alarm> overdue =
      AwaitOpen("evt-pending", v1::ALARM_KIND_OVERDUE);
  ASSERT_TRUE(overdue.has_value());
  EXPECT_EQ(overdue->due_at_ms(), before.deadlines(0).due_at_ms());
}

}  // namespace
}  // namespace xinbao
