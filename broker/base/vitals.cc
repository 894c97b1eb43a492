#include "broker/base/vitals.h"

#include <utility>

namespace xinbao::broker {

void CountOpenAlarms(const google::protobuf::RepeatedPtrField<v1::Alarm>& alarms,
                     std::map<v1::AlarmKind, uint64_t>* counts) {
  for (const v1::Alarm& alarm : alarms) {
    if (alarm.open()) ++(*counts)[alarm.kind()];
  }
}

void Vitals::RecordBatch(const BatchFigures& batch, uint64_t new_reports) {
  std::lock_guard lock(mutex_);
  figures_.last_batch = batch;
  ++figures_.batches;
  figures_.batch_reports.Observe(batch.reports);
  figures_.write_seconds.Observe(static_cast<double>(batch.write_us) / 1e6);
  if (batch.failed) {
    if (figures_.store_failing_since_ms == 0) {
      figures_.store_failing_since_ms = batch.at_ms;
    }
    return;
  }
  figures_.reports_stored += new_reports;
  figures_.store_failing_since_ms = 0;
}

void Vitals::RecordWrite(bool failed, int64_t at_ms) {
  std::lock_guard lock(mutex_);
  if (!failed) {
    figures_.store_failing_since_ms = 0;
  } else if (figures_.store_failing_since_ms == 0) {
    figures_.store_failing_since_ms = at_ms;
  }
}

void Vitals::RecordResume(int64_t at_ms) {
  std::lock_guard lock(mutex_);
  figures_.store_failing_since_ms = 0;
  ++figures_.store_resumes;
  figures_.store_resumed_at_ms = at_ms;
}

void Vitals::SetOpenWork(OpenWork open) {
  std::lock_guard lock(mutex_);
  figures_.open = std::move(open);
}

void Vitals::MarkCommitterSeen(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  figures_.committer_seen_ms = now_ms;
}

void Vitals::CountRefusal(v1::ErrorCode code) {
  std::lock_guard lock(mutex_);
  ++figures_.refusals[code];
}

void Vitals::RecordChildReport(const std::string& broker_id,
                               const std::string& user,
                               const std::string& unit_id, bool repeat,
                               int64_t at_ms) {
  std::lock_guard lock(mutex_);
  v1::ChildLink& child = figures_.children[broker_id];
  child.set_broker_id(broker_id);
  child.set_user(user);
  child.set_unit_id(unit_id);
  child.set_last_report_at_ms(at_ms);
  if (repeat) {
    child.set_repeats(child.repeats() + 1);
  } else {
    child.set_received(child.received() + 1);
  }
}

void Vitals::RecordAckLatencies(std::span<const int64_t> latencies_us) {
  std::lock_guard lock(mutex_);
  for (const int64_t us : latencies_us) {
    figures_.ack_seconds.Observe(static_cast<double>(us) / 1e6);
  }
}

void Vitals::SetWaiting(uint64_t requests) {
  std::lock_guard lock(mutex_);
  figures_.waiting_requests = requests;
}

void Vitals::AddFeedSubscriptions(int64_t change) {
  std::lock_guard lock(mutex_);
  if (change < 0 && figures_.feed_subscriptions < static_cast<uint64_t>(-change)) {
    figures_.feed_subscriptions = 0;  // an unsubscribe we never saw arrive
    return;
  }
  figures_.feed_subscriptions += change;
}

void Vitals::SetActiveReplays(uint64_t replays) {
  std::lock_guard lock(mutex_);
  figures_.active_replays = replays;
}

VitalsSnapshot Vitals::Read() const {
  std::lock_guard lock(mutex_);
  return figures_;
}

}  // namespace xinbao::broker
