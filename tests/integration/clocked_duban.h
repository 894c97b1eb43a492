// A test fixture for 督办 on a clocked broker (clocked_broker.h): the
// broker in this process on a clock the test moves, a submitter and an
// asker on its sockets, times in the broker's zone (Asia/Shanghai), and
// the item and its alarms read back. Nothing sleeps for a deadline: a
// test moves the clock and waits (at most a few seconds) for the broker's
// next tick to raise what is due.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "broker/broker.h"
#include "proto/time_zone.h"
#include "tests/integration/clocked_broker.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/temp_dir.h"

namespace xinbao::testing {

inline const TimeZone& Shanghai() {
  static const TimeZone zone = TimeZone::Load("Asia/Shanghai").value();
  return zone;
}

// The instant of a local time in Shanghai.
inline int64_t At(int year, int month, int day, int hour, int minute) {
  return Shanghai().UnixMsOf(CivilTime{year, month, day, hour, minute, 0});
}

class ClockedDubanTest : public ::testing::Test {
 protected:
  // Starts the broker with its clock at `now`.
  void Start(int64_t now) {
    now_ = now;
    Result<std::unique_ptr<broker::Broker>> started =
        StartClockedBroker(dir_ / "data", now_);
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    broker_ = std::move(started).value();
    submitter_ = std::make_unique<WirePeer>(broker_->submit_endpoint());
    asker_ = std::make_unique<WirePeer>(broker_->query_endpoint());
  }

  v1::DubanState Item(const std::string& id) {
    v1::Envelope request;
    request.mutable_get_duban()->set_item_id(id);
    std::optional<v1::Reply> reply = asker_->Ask(request);
    EXPECT_TRUE(reply && reply->has_duban_detail()) << Shown(reply);
    return reply ? reply->duban_detail().item() : v1::DubanState();
  }

  // The open alarm of `kind` on `id` for `duty` (and `unit`, unless
  // empty), now.
  std::optional<v1::Alarm> Open(const std::string& id, v1::AlarmKind kind,
                                v1::Duty duty, const std::string& unit = "") {
    const v1::DubanState item = Item(id);
    for (const v1::Alarm& alarm : item.alarms()) {
      if (alarm.kind() == kind && alarm.duty() == duty && alarm.open() &&
          (unit.empty() || alarm.unit_id() == unit)) {
        return alarm;
      }
    }
    return std::nullopt;
  }

  // The same, waiting (bounded) for the broker's tick to raise it.
  std::optional<v1::Alarm> AwaitOpen(const std::string& id, v1::AlarmKind kind,
                                     v1::Duty duty,
                                     const std::string& unit = "") {
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < give_up) {
      if (std::optional<v1::Alarm> alarm = Open(id, kind, duty, unit)) {
        return alarm;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
  }

  TempDir dir_;
  std::atomic<int64_t> now_{0};
  std::unique_ptr<broker::Broker> broker_;
  std::unique_ptr<WirePeer> submitter_;
  std::unique_ptr<WirePeer> asker_;
};

}  // namespace xinbao::testing
