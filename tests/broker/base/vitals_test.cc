// The Vitals record: what each thread writes is what a reader copies, and
// the store's failing time starts at the first failed write and ends at
// the next good one.
#include "broker/base/vitals.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace xinbao::broker {
namespace {

TEST(Vitals, ABatchIsTheLastBatchAndAddsToTheTotals) {
  Vitals vitals(1000);
  vitals.RecordBatch({3, 2, 1500, 2000, false}, 3);
  vitals.RecordBatch({4, 1, 900, 3000, false}, 2);  // two were repeats
  const VitalsSnapshot figures = vitals.Read();
  EXPECT_EQ(figures.started_at_ms, 1000);
  EXPECT_EQ(figures.batches, 2u);
  EXPECT_EQ(figures.reports_stored, 5u);
  EXPECT_EQ(figures.last_batch.reports, 4u);
  EXPECT_EQ(figures.last_batch.records, 1u);
  EXPECT_EQ(figures.last_batch.write_us, 900);
  EXPECT_EQ(figures.last_batch.at_ms, 3000);
  EXPECT_EQ(figures.store_failing_since_ms, 0);
}

TEST(Vitals, TheStoreFailsFromTheFirstFailedWriteUntilAGoodOne) {
  Vitals vitals(0);
  vitals.RecordBatch({1, 0, 10, 5000, true}, 0);
  vitals.RecordBatch({1, 0, 10, 6000, true}, 0);
  vitals.RecordWrite(true, 7000);
  EXPECT_EQ(vitals.Read().store_failing_since_ms, 5000);
  EXPECT_EQ(vitals.Read().reports_stored, 0u);
  vitals.RecordWrite(false, 8000);
  EXPECT_EQ(vitals.Read().store_failing_since_ms, 0);
  vitals.RecordBatch({1, 0, 10, 9000, true}, 0);
  vitals.RecordBatch({1, 0, 10, 9500, false}, 1);
  EXPECT_EQ(vitals.Read().store_failing_since_ms, 0);
  EXPECT_EQ(vitals.Read().reports_stored, 1u);
}

TEST(Vitals, AResumedStoreIsNoLongerFailingAndTheResumeIsCounted) {
  Vitals vitals(0);
  vitals.RecordBatch({1, 0, 10, 5000, true}, 0);
  vitals.RecordResume(6000);
  VitalsSnapshot figures = vitals.Read();
  EXPECT_EQ(figures.store_failing_since_ms, 0);
  EXPECT_EQ(figures.store_resumes, 1u);
  EXPECT_EQ(figures.store_resumed_at_ms, 6000);
  vitals.RecordWrite(true, 7000);
  vitals.RecordResume(8000);
  EXPECT_EQ(vitals.Read().store_resumes, 2u);
  EXPECT_EQ(vitals.Read().store_resumed_at_ms, 8000);
}

TEST(Vitals, RefusalsAreCountedByCode) {
  Vitals vitals(0);
  vitals.CountRefusal(v1::ERROR_CODE_INVALID_FIELD);
  vitals.CountRefusal(v1::ERROR_CODE_UNKNOWN_UNIT);
  vitals.CountRefusal(v1::ERROR_CODE_INVALID_FIELD);
  const VitalsSnapshot figures = vitals.Read();
  EXPECT_EQ(figures.refusals.size(), 2u);
  EXPECT_EQ(figures.refusals.at(v1::ERROR_CODE_INVALID_FIELD), 2u);
  EXPECT_EQ(figures.refusals.at(v1::ERROR_CODE_UNKNOWN_UNIT), 1u);
}

TEST(Vitals, FeedSubscriptionsComeAndGoButNeverBelowZero) {
  Vitals vitals(0);
  vitals.AddFeedSubscriptions(1);
  vitals.AddFeedSubscriptions(1);
  vitals.AddFeedSubscriptions(-1);
  EXPECT_EQ(vitals.Read().feed_subscriptions, 1u);
  vitals.AddFeedSubscriptions(-1);
  vitals.AddFeedSubscriptions(-1);  // one it never saw arrive
  EXPECT_EQ(vitals.Read().feed_subscriptions, 0u);
}

TEST(Vitals, OpenWorkAndTheOtherThreadsFiguresAreCopiedOut) {
  Vitals vitals(0);
  OpenWork open;
  open.events = 2;
  open.duban_items = 3;
  open.commissions = 1;
  open.draft_issues = 4;
  open.alarms[v1::ALARM_KIND_OVERDUE] = 5;
  vitals.SetOpenWork(open);
  vitals.SetWaiting(7);
  vitals.SetActiveReplays(2);
  vitals.MarkCommitterSeen(1234);
  const VitalsSnapshot figures = vitals.Read();
  EXPECT_EQ(figures.open.events, 2u);
  EXPECT_EQ(figures.open.duban_items, 3u);
  EXPECT_EQ(figures.open.commissions, 1u);
  EXPECT_EQ(figures.open.draft_issues, 4u);
  EXPECT_EQ(figures.open.alarms.at(v1::ALARM_KIND_OVERDUE), 5u);
  EXPECT_EQ(figures.waiting_requests, 7u);
  EXPECT_EQ(figures.active_replays, 2u);
  EXPECT_EQ(figures.committer_seen_ms, 1234);
}

TEST(Vitals, OnlyOpenAlarmsAreCountedByKind) {
  google::protobuf::RepeatedPtrField<v1::Alarm> alarms;
  for (auto [kind, open] : {std::pair{v1::ALARM_KIND_OVERDUE, true},
                            std::pair{v1::ALARM_KIND_OVERDUE, true},
                            std::pair{v1::ALARM_KIND_LATE, false},
                            std::pair{v1::ALARM_KIND_DUE_SOON, true}}) {
    v1::Alarm* alarm = alarms.Add();
    alarm->set_kind(kind);
    alarm->set_open(open);
  }
  std::map<v1::AlarmKind, uint64_t> counts;
  CountOpenAlarms(alarms, &counts);
  CountOpenAlarms(alarms, &counts);
  EXPECT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts.at(v1::ALARM_KIND_OVERDUE), 4u);
  EXPECT_EQ(counts.at(v1::ALARM_KIND_DUE_SOON), 2u);
}

TEST(Vitals, BatchesAndAnswersFillTheirHistograms) {
  Vitals vitals(0);
  vitals.RecordBatch({3, 0, 1500, 1000, false}, 3);    // 1.5 ms
  vitals.RecordBatch({600, 0, 40000, 2000, true}, 0);  // 40 ms, failed
  const int64_t acks_us[] = {200, 3000, 20'000'000};  // the last past 10 s
  vitals.RecordAckLatencies(acks_us);
  const VitalsSnapshot figures = vitals.Read();
  EXPECT_EQ(figures.batch_reports.count(), figures.batches);
  EXPECT_DOUBLE_EQ(figures.batch_reports.sum(), 603);
  EXPECT_EQ(figures.write_seconds.count(), 2u);
  EXPECT_DOUBLE_EQ(figures.write_seconds.sum(), 0.0415);
  EXPECT_EQ(figures.ack_seconds.count(), 3u);
  // At or below 1 ms: the 0.2 ms answer only; below 10 s: not the 20 s one.
  const std::vector<uint64_t> acks = figures.ack_seconds.CumulativeCounts();
  const std::vector<double>& bounds = figures.ack_seconds.upper_bounds();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (bounds[i] == 0.001) {
      EXPECT_EQ(acks[i], 1u);
    }
    if (bounds[i] == 10) {
      EXPECT_EQ(acks[i], 2u);
    }
  }
}

TEST(Vitals, WritersOnManyThreadsLoseNoCount) {
  Vitals vitals(0);
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&vitals] {
      for (int i = 0; i < 1000; ++i) {
        vitals.CountRefusal(v1::ERROR_CODE_MALFORMED);
        vitals.RecordBatch({1, 0, 1, 1, false}, 1);
        (void)vitals.Read();
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(vitals.Read().refusals.at(v1::ERROR_CODE_MALFORMED), 4000u);
  EXPECT_EQ(vitals.Read().reports_stored, 4000u);
  EXPECT_EQ(vitals.Read().batches, 4000u);
}

}  // namespace
}  // namespace xinbao::broker
