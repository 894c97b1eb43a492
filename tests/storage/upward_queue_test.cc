// The reporting tree's part of the store (docs/HIERARCHY.md): one report is
// one report at every level whichever way it comes; what one child
// forwards is stored in the child's order or not at all; the upward queue
// is written in the batch of what it queues, survives a reopen, and its
// cursor never goes back. Also: a store of a newer version that has a
// family this binary does not know is refused by the format check.
#include <gtest/gtest.h>

#include <thread>

#include <atomic>
#include <rocksdb/db.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "tests/storage/raw_store.h"
#include "tests/storage/store_fixtures.h"
#include "tests/support/temp_dir.h"

namespace xinbao::storage {
namespace {

using testing::TempDir;

constexpr int64_t kNow = 1'764'000'000'000;  // 2025-11-24

// `report` as the county broker `origin` would forward it through `via`
// (the sender, last hop), at `position` in the sender's queue after
// `after`, to a parent that knows the sender as unit `unit_here`.
v1::Report Forwarded(v1::Report report, const std::string& origin,
                     const std::string& via, const std::string& unit_here,
                     uint64_t position, uint64_t after) {
  v1::Forwarding* forwarded = report.mutable_forwarded();
  forwarded->set_origin_broker(origin);
  forwarded->set_origin_unit_id(report.unit_id());
  forwarded->set_origin_unit_name("河口镇");
  v1::Hop* hop = forwarded->add_hops();
  hop->set_broker_id(origin);
  hop->set_sequence(position + 100);
  if (via != origin) forwarded->add_hops()->set_broker_id(via);
  forwarded->set_link_position(position);
  forwarded->set_after_position(after);
  report.set_unit_id(unit_here);
  return report;
}

AppendOutcome AppendOneOutcome(ReportStore& store, v1::Report report,
                               int64_t now_ms) {
  v1::Report* pointer = &report;
  return store.Append({&pointer, 1}, now_ms).at(0);
}

// hekou's general report `key`, forwarded by the county qingshui at
// `position` after `after`.
AppendOutcome FromQingshui(ReportStore& store, const std::string& key,
                           uint64_t position, uint64_t after) {
  return AppendOneOutcome(store,
                          Forwarded(General("hekou", key), "qingshui", "qingshui",
                                    "qingshui-county", position, after),
                          kNow);
}

TEST(StoreTree, OneReportIsOneReportWhicheverWayItComes) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  const v1::Report original = Urgent("hekou", "key-1", "ev-1", v1::STAGE_SHI);
  // From the county qingshui, as the city stores it.
  const AppendOutcome first = AppendOneOutcome(
      *store, Forwarded(original, "qingshui", "qingshui", "qingshui-county", 1, 0),
      kNow);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  EXPECT_FALSE(first.ack.duplicate);

  // The same report by another way (越级: no hop of the county's queue
  // order to keep, a sender of its own) is the same report.
  const AppendOutcome again = AppendOneOutcome(
      *store, Forwarded(original, "qingshui", "hekou-direct", "qingshui-county", 1, 0),
      kNow + 1);
  ASSERT_TRUE(again.status.ok()) << again.status.ToString();
  EXPECT_TRUE(again.ack.duplicate);
  EXPECT_EQ(again.ack.sequence, first.ack.sequence);

  // The same origin and key with other words is not a resend.
  v1::Report changed = original;
  changed.set_body("另一份报告");
  EXPECT_EQ(AppendOneOutcome(*store,
                             Forwarded(changed, "qingshui", "qingshui",
                                       "qingshui-county", 2, 1),
                             kNow + 1)
                .status.code(),
            v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED);

  // Another county's unit of the same id and key is another report, and so
  // is this broker's own unit "hekou" with that key: no clash.
  const AppendOutcome other = AppendOneOutcome(
      *store, Forwarded(original, "baishui", "baishui", "baishui-county", 1, 0),
      kNow + 2);
  ASSERT_TRUE(other.status.ok()) << other.status.ToString();
  EXPECT_FALSE(other.ack.duplicate);
  const AppendOutcome local = AppendOneOutcome(*store, original, kNow + 3);
  ASSERT_TRUE(local.status.ok()) << local.status.ToString();
  EXPECT_FALSE(local.ack.duplicate);
  EXPECT_EQ(store->next_sequence(), 4u);

  // What is stored is what came, origin and hops included.
  Result<v1::Report> stored = store->Get(first.ack.sequence);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->unit_id(), "qingshui-county");
  EXPECT_EQ(stored->forwarded().origin_unit_id(), "hekou");
  EXPECT_EQ(stored->forwarded().origin_broker(), "qingshui");
}

TEST(StoreTree, AForwardedReportWithoutItsOriginIsRefused) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  v1::Report report = Forwarded(General("hekou", "k"), "qingshui", "qingshui",
                                "qingshui-county", 1, 0);
  report.mutable_forwarded()->clear_origin_broker();
  const AppendOutcome refused = AppendOneOutcome(*store, report, kNow);
  EXPECT_EQ(refused.status.code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(refused.status.field(), "report.forwarded.origin_broker");
  report = Forwarded(General("hekou", "k"), "qingshui", "qingshui",
                     "qingshui-county", 0, 0);
  EXPECT_EQ(AppendOneOutcome(*store, report, kNow).status.code(),
            v1::ERROR_CODE_MISSING_FIELD);
  EXPECT_EQ(store->next_sequence(), 1u);
}

TEST(StoreTree, WhatOneChildForwardsIsStoredInItsOrderOrNotAtAll) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    auto send = [&](const std::string& key, uint64_t position, uint64_t after) {
      return FromQingshui(*store, key, position, after);
    };
    ASSERT_TRUE(send("k1", 1, 0).status.ok());
    EXPECT_EQ(store->LinkPosition("qingshui"), 1u);
    // The second was refused for a moment; the third comes first.
    const AppendOutcome early = send("k3", 3, 2);
    EXPECT_EQ(early.status.code(), v1::ERROR_CODE_OUT_OF_ORDER);
    EXPECT_TRUE(early.status.retryable());
    EXPECT_EQ(store->next_sequence(), 2u);
    EXPECT_EQ(store->LinkPosition("qingshui"), 1u);
    // Resent in order, both are taken.
    ASSERT_TRUE(send("k2", 2, 1).status.ok());
    ASSERT_TRUE(send("k3", 3, 2).status.ok());
    // A resend of one already stored is a duplicate, wherever it falls.
    const AppendOutcome resent = send("k2", 2, 1);
    ASSERT_TRUE(resent.status.ok());
    EXPECT_TRUE(resent.ack.duplicate);
    // Another sender has an order of its own.
    EXPECT_TRUE(AppendOneOutcome(*store,
                                 Forwarded(General("hekou", "k9"), "baishui",
                                           "baishui", "baishui-county", 7, 6),
                                 kNow)
                    .status.ok());

    // In one batch: in order is taken, a gap refuses only what follows it.
    std::vector<v1::Report> batch = {
        Forwarded(General("hekou", "k4"), "qingshui", "qingshui", "qingshui-county", 4, 3),
        Forwarded(General("hekou", "k5"), "qingshui", "qingshui", "qingshui-county", 5, 4),
        Forwarded(General("hekou", "k7"), "qingshui", "qingshui", "qingshui-county", 7, 6),
    };
    std::vector<AppendOutcome> outcomes = AppendAll(*store, batch, kNow + 1);
    EXPECT_TRUE(outcomes[0].status.ok());
    EXPECT_TRUE(outcomes[1].status.ok());
    EXPECT_EQ(outcomes[2].status.code(), v1::ERROR_CODE_OUT_OF_ORDER);
    EXPECT_EQ(store->LinkPosition("qingshui"), 5u);
  }
  // The positions are stored with the reports: a reopened store knows them.
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->LinkPosition("qingshui"), 5u);
  EXPECT_EQ(store->LinkPosition("baishui"), 7u);
  EXPECT_EQ(store->LinkPosition("nobody"), 0u);
  EXPECT_EQ(AppendOneOutcome(*store,
                             Forwarded(General("hekou", "k7"), "qingshui",
                                       "qingshui", "qingshui-county", 7, 6),
                             kNow + 2)
                .status.code(),
            v1::ERROR_CODE_OUT_OF_ORDER);
}

TEST(StoreTree, AReportItsSenderQueuesAgainMovesTheSendersOrderOn) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    auto send = [&](const std::string& key, uint64_t position, uint64_t after) {
      return FromQingshui(*store, key, position, after);
    };
    ASSERT_TRUE(send("k1", 1, 0).status.ok());
    // 转报 twice: the county queued k1 again, at position 2.
    const AppendOutcome again = send("k1", 2, 1);
    ASSERT_TRUE(again.status.ok()) << again.status.ToString();
    EXPECT_TRUE(again.ack.duplicate);
    EXPECT_EQ(store->LinkPosition("qingshui"), 2u);
    // So what it queued next follows: not OUT_OF_ORDER for ever.
    const AppendOutcome next = send("k3", 3, 2);
    ASSERT_TRUE(next.status.ok()) << next.status.ToString();
    EXPECT_FALSE(next.ack.duplicate);
    // An old resend moves nothing back; a repeat over a gap is refused.
    EXPECT_TRUE(send("k1", 1, 0).ack.duplicate);
    EXPECT_EQ(store->LinkPosition("qingshui"), 3u);
    EXPECT_EQ(send("k1", 6, 5).status.code(), v1::ERROR_CODE_OUT_OF_ORDER);
    // Within one batch too.
    std::vector<v1::Report> batch = {
        Forwarded(General("hekou", "k4"), "qingshui", "qingshui", "qingshui-county", 4, 3),
        Forwarded(General("hekou", "k4"), "qingshui", "qingshui", "qingshui-county", 5, 4),
        Forwarded(General("hekou", "k6"), "qingshui", "qingshui", "qingshui-county", 6, 5),
    };
    std::vector<AppendOutcome> outcomes = AppendAll(*store, batch, kNow + 1);
    for (const AppendOutcome& outcome : outcomes) {
      EXPECT_TRUE(outcome.status.ok()) << outcome.status.ToString();
    }
    EXPECT_TRUE(outcomes[1].ack.duplicate);
    EXPECT_EQ(store->LinkPosition("qingshui"), 6u);
    // A batch of one repeat is written too.
    ASSERT_TRUE(send("k6", 7, 6).ack.duplicate);
    EXPECT_EQ(store->next_sequence(), 5u);
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->LinkPosition("qingshui"), 7u);
}

TEST(StoreTree, ASkipLevelReportAndTheCountysForwardAreOneReport) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  // 越级: from the unit hekou of the county qingshui directly, stored as
  // the county's — no hops, no place in a sender's queue.
  v1::Report direct = Urgent("hekou", "key-1", "ev-1", v1::STAGE_SHI);
  v1::Forwarding* way = direct.mutable_forwarded();
  way->set_origin_broker("qingshui");
  way->set_origin_unit_id("hekou");
  way->set_origin_unit_name("河口镇人民政府");  // the city's names for it
  way->set_origin_broker_name("清水县委");
  direct.set_unit_id("qingshui-county");
  const AppendOutcome first = AppendOneOutcome(*store, direct, kNow);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  EXPECT_FALSE(first.ack.duplicate);
  EXPECT_EQ(store->LinkPosition("qingshui"), 0u);

  // The county's own forward of it is the same report, and the county's
  // order goes on from it.
  const v1::Report original = Urgent("hekou", "key-1", "ev-1", v1::STAGE_SHI);
  const AppendOutcome forwarded = AppendOneOutcome(
      *store, Forwarded(original, "qingshui", "qingshui", "qingshui-county", 1, 0),
      kNow + 1);
  ASSERT_TRUE(forwarded.status.ok()) << forwarded.status.ToString();
  EXPECT_TRUE(forwarded.ack.duplicate);
  EXPECT_EQ(forwarded.ack.sequence, first.ack.sequence);
  EXPECT_EQ(store->LinkPosition("qingshui"), 1u);
  const AppendOutcome next = AppendOneOutcome(
      *store,
      Forwarded(Urgent("hekou", "key-2", "ev-1", v1::STAGE_QING), "qingshui",
                "qingshui", "qingshui-county", 2, 1),
      kNow + 2);
  ASSERT_TRUE(next.status.ok()) << next.status.ToString();
  EXPECT_FALSE(next.ack.duplicate);
  EXPECT_EQ(store->next_sequence(), 3u);
}

// A hook that queues every new urgent report to go up, as the committer's
// policy "urgent at once" does.
EventHook QueueUrgent() {
  return [](std::span<v1::Report* const> fresh) -> Result<EventWrites> {
    EventWrites writes;
    for (const v1::Report* report : fresh) {
      if (report->kind() != v1::KIND_URGENT) continue;
      writes.upward.push_back(
          UpwardEntry{0, report->sequence(), report->stored_at_ms()});
    }
    return writes;
  };
}

std::vector<AppendOutcome> AppendWithHook(ReportStore& store,
                                          std::vector<v1::Report>& reports,
                                          int64_t now_ms, const EventHook& hook) {
  std::vector<NewReport> items;
  for (v1::Report& report : reports) items.push_back({&report, {}});
  return store.Append(items, now_ms, hook);
}

// The link reads the queue while the committer writes it: whatever it
// reads, it may answer — each entry it sees is published (its report
// readable, the cursor may move onto it). Before the read was bounded by
// the tail, an entry of a batch still being published could be read and
// its answer was refused ("上报队列只到第 7 条").
TEST(StoreTree, WhatTheLinkReadsWhileTheQueueGrowsItCanAnswer) {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  constexpr int kBatches = 400;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < kBatches; ++i) {
      std::vector<v1::Report> reports = {
          Urgent("hekou", "w" + std::to_string(i), "ev-w" + std::to_string(i / 20),
                 i % 20 == 0 ? v1::STAGE_SHI : v1::STAGE_QING)};
      EXPECT_TRUE(AppendWithHook(*store, reports, kNow + i, QueueUrgent())[0].status.ok());
    }
    done = true;
  });
  uint64_t cursor = 0;
  int failures = 0;
  while (!done || cursor < store->UpwardTail()) {
    Result<std::vector<UpwardEntry>> read = store->ReadUpward(cursor, 64);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    for (const UpwardEntry& entry : *read) {
      if (!store->Get(entry.sequence).ok()) ++failures;
      if (!store->SetUpwardCursor({entry.position, entry.position}).ok()) ++failures;
      cursor = entry.position;
    }
  }
  writer.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(cursor, static_cast<uint64_t>(kBatches));
}

TEST(StoreTree, TheUpwardQueueIsWrittenWithWhatItQueuesAndKeepsItsCursor) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    EXPECT_EQ(store->UpwardTail(), 0u);
    EXPECT_EQ(store->UpwardCursor()->answered, 0u);
    EXPECT_EQ(store->UpwardCursor()->accepted, 0u);
    std::vector<v1::Report> reports = {
        Urgent("hekou", "u1", "ev-1", v1::STAGE_SHI),
        General("hekou", "g1"),
        Urgent("hekou", "u2", "ev-1", v1::STAGE_QING),
    };
    std::vector<AppendOutcome> outcomes =
        AppendWithHook(*store, reports, kNow, QueueUrgent());
    ASSERT_TRUE(outcomes[2].status.ok());
    EXPECT_EQ(store->UpwardTail(), 2u);

    // A batch that is not written (its hook refuses it) queues nothing.
    std::vector<v1::Report> refused = {Urgent("hekou", "u3", "ev-2", v1::STAGE_SHI)};
    EventHook failing = [](std::span<v1::Report* const>) -> Result<EventWrites> {
      return Status(v1::ERROR_CODE_INVALID_FIELD, "不收");
    };
    EXPECT_FALSE(AppendWithHook(*store, refused, kNow + 1, failing)[0].status.ok());
    EXPECT_EQ(store->UpwardTail(), 2u);

    // An office passing a report on later queues it by PutEvents.
    EventWrites passed;
    passed.upward = {UpwardEntry{0, outcomes[1].ack.sequence, kNow + 5}};
    ASSERT_TRUE(store->PutEvents(passed).ok());
    EXPECT_EQ(store->UpwardTail(), 3u);

    Result<std::vector<UpwardEntry>> queue = store->ReadUpward(0, 10);
    ASSERT_TRUE(queue.ok());
    ASSERT_EQ(queue->size(), 3u);
    EXPECT_EQ((*queue)[0].position, 1u);
    EXPECT_EQ((*queue)[0].sequence, outcomes[0].ack.sequence);
    EXPECT_EQ((*queue)[0].queued_at_ms, kNow);
    EXPECT_EQ((*queue)[1].sequence, outcomes[2].ack.sequence);
    EXPECT_EQ((*queue)[2].position, 3u);
    EXPECT_EQ((*queue)[2].sequence, outcomes[1].ack.sequence);
    EXPECT_EQ((*queue)[2].queued_at_ms, kNow + 5);
    EXPECT_EQ(store->ReadUpward(1, 1)->at(0).position, 2u);

    // Both answered, the second refused for good: the next one sent
    // follows the first.
    ASSERT_TRUE(store->SetUpwardCursor({2, 1}).ok());
    EXPECT_TRUE(store->SetUpwardCursor({1, 1}).ok());  // never back
    EXPECT_EQ(store->UpwardCursor()->answered, 2u);
    EXPECT_EQ(store->SetUpwardCursor({4, 4}).code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_EQ(store->SetUpwardCursor({3, 4}).code(), v1::ERROR_CODE_INVALID_FIELD);
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->UpwardTail(), 3u);
  EXPECT_EQ(store->UpwardCursor()->answered, 2u);
  EXPECT_EQ(store->UpwardCursor()->accepted, 1u);
  Result<std::vector<UpwardEntry>> rest =
      store->ReadUpward(store->UpwardCursor()->answered, 10);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->at(0).position, 3u);
  // A refusal for good is kept, and read back after a reopen.
  v1::Error error;
  error.set_code(v1::ERROR_CODE_FORWARD_LOOP);
  error.set_message("环路");
  ASSERT_TRUE(store->RecordUpwardRefusal(2, error).ok());
  // The next entry continues the positions.
  std::vector<v1::Report> more = {Urgent("hekou", "u4", "ev-3", v1::STAGE_SHI)};
  ASSERT_TRUE(AppendWithHook(*store, more, kNow + 9, QueueUrgent())[0].status.ok());
  EXPECT_EQ(store->ReadUpward(3, 10)->at(0).position, 4u);
  store.reset();
  store = OpenOrDie(dir.path());
  Result<std::vector<UpwardRefusal>> refused = store->UpwardRefusals(10);
  ASSERT_TRUE(refused.ok());
  ASSERT_EQ(refused->size(), 1u);
  EXPECT_EQ(refused->at(0).position, 2u);
  EXPECT_EQ(refused->at(0).error.code(), v1::ERROR_CODE_FORWARD_LOOP);
  EXPECT_EQ(refused->at(0).error.message(), "环路");
}

// A hook that queues a 越级 copy down to the county that a report with no
// hops came from (its unit here), as the committer does.
EventHook QueueCopiesDown() {
  return [](std::span<v1::Report* const> fresh) -> Result<EventWrites> {
    EventWrites writes;
    for (const v1::Report* report : fresh) {
      writes.downward.push_back(DownwardEntry{report->unit_id(), 0,
                                              v1::DOWNWARD_KIND_SKIP_LEVEL_COPY,
                                              report->sequence(),
                                              report->stored_at_ms()});
    }
    return writes;
  };
}

TEST(StoreTree, WhatGoesDownIsQueuedPerChildWithWhatItCopiesAndKeepsTheReceipts) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    EXPECT_EQ(store->DownwardTail("qingshui"), 0u);
    EXPECT_TRUE(store->ReadDownward("qingshui", 0, 10)->empty());
    std::vector<v1::Report> reports = {
        Urgent("qingshui", "s1", "ev-1", v1::STAGE_SHI),
        Urgent("baishi", "s2", "ev-2", v1::STAGE_SHI),
        Urgent("qingshui", "s3", "ev-1", v1::STAGE_QING),
    };
    for (const AppendOutcome& outcome :
         AppendWithHook(*store, reports, kNow, QueueCopiesDown())) {
      ASSERT_TRUE(outcome.status.ok()) << outcome.status.ToString();
    }
    EXPECT_EQ(store->DownwardTail("qingshui"), 2u);
    EXPECT_EQ(store->DownwardTail("baishi"), 1u);
    Result<std::vector<DownwardEntry>> queued = store->ReadDownward("qingshui", 0, 10);
    ASSERT_TRUE(queued.ok());
    ASSERT_EQ(queued->size(), 2u);
    EXPECT_EQ((*queued)[0].position, 1u);
    EXPECT_EQ((*queued)[0].sequence, 1u);
    EXPECT_EQ((*queued)[0].kind, v1::DOWNWARD_KIND_SKIP_LEVEL_COPY);
    EXPECT_EQ((*queued)[1].position, 2u);
    EXPECT_EQ((*queued)[1].sequence, 3u);
    EXPECT_EQ((*queued)[1].queued_at_ms, kNow);
    // After a position, and a unit whose name begins like another's.
    EXPECT_EQ(store->ReadDownward("qingshui", 1, 10)->size(), 1u);
    EXPECT_TRUE(store->ReadDownward("qing", 0, 10)->empty());
    EXPECT_FALSE(store->ReadDownward("", 0, 10).ok());

    // The receipt moves on only, and not past the tail.
    EXPECT_EQ(store->DownwardFetched("qingshui").value(), 0u);
    ASSERT_TRUE(store->SetDownwardFetched("qingshui", 1).ok());
    ASSERT_TRUE(store->SetDownwardFetched("qingshui", 0).ok());
    EXPECT_EQ(store->DownwardFetched("qingshui").value(), 1u);
    EXPECT_EQ(store->SetDownwardFetched("qingshui", 3).code(),
              v1::ERROR_CODE_INVALID_FIELD);
    // The receipt is not an item.
    EXPECT_EQ(store->ReadDownward("qingshui", 0, 10)->size(), 2u);
    // As a child: how far the parent's queue is stored here.
    EXPECT_EQ(store->DownwardReceived().value(), 0u);
    ASSERT_TRUE(store->SetDownwardReceived(5).ok());
    ASSERT_TRUE(store->SetDownwardReceived(4).ok());
    EXPECT_EQ(store->DownwardReceived().value(), 5u);
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->DownwardTail("qingshui"), 2u);
  EXPECT_EQ(store->DownwardTails().size(), 2u);
  EXPECT_EQ(store->DownwardFetched("qingshui").value(), 1u);
  EXPECT_EQ(store->DownwardReceived().value(), 5u);
  // Positions go on after a reopen.
  std::vector<v1::Report> more = {Urgent("qingshui", "s4", "ev-1", v1::STAGE_GUO)};
  ASSERT_TRUE(AppendWithHook(*store, more, kNow + 1, QueueCopiesDown())[0].status.ok());
  EXPECT_EQ(store->DownwardTail("qingshui"), 3u);
  EXPECT_EQ(store->ReadDownward("qingshui", 2, 10)->at(0).sequence, 4u);
}

TEST(StoreTree, TheParentsItemsAndTheStepsOwedUpAreKeptAcrossAReopen) {
  TempDir dir;
  v1::UpstreamDuban kept;
  kept.mutable_item()->mutable_item()->set_item_id("jz-db-1");
  kept.set_broker_id("jiangzhou");
  kept.add_carried_by("qs-db-1");
  EventWrites writes;
  writes.upstream_items = {&kept};
  for (const char* id : {"qingshui:sign:qs-db-1", "qingshui:result:qs-db-1"}) {
    v1::DubanStepRequest& step = writes.steps_up.emplace_back();
    step.set_item_id("jz-db-1");
    step.set_step_id(id);
  }
  {
    auto store = OpenOrDie(dir.path());
    EXPECT_EQ(store->StepsUpTail(), 0u);
    EXPECT_FALSE(store->GetUpstreamDuban("jz-db-1")->has_value());
    ASSERT_TRUE(store->PutEvents(writes).ok());
    EXPECT_EQ(store->StepsUpTail(), 2u);
    Result<std::vector<std::pair<uint64_t, v1::DubanStepRequest>>> steps =
        store->ReadStepsUp(0, 10);
    ASSERT_TRUE(steps.ok());
    ASSERT_EQ(steps->size(), 2u);
    EXPECT_EQ((*steps)[1].first, 2u);
    EXPECT_EQ((*steps)[1].second.step_id(), "qingshui:result:qs-db-1");
    // The cursor moves on only, and not past the tail.
    ASSERT_TRUE(store->SetStepsUpAnswered(1).ok());
    ASSERT_TRUE(store->SetStepsUpAnswered(0).ok());
    EXPECT_EQ(store->SetStepsUpAnswered(3).code(), v1::ERROR_CODE_INVALID_FIELD);
  }
  auto store = OpenOrDie(dir.path());
  EXPECT_EQ(store->StepsUpTail(), 2u);
  EXPECT_EQ(store->StepsUpAnswered().value(), 1u);
  EXPECT_EQ(store->ReadStepsUp(1, 10)->size(), 1u);
  Result<std::optional<v1::UpstreamDuban>> read = store->GetUpstreamDuban("jz-db-1");
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->carried_by(0), "qs-db-1");
  int listed = 0;
  ASSERT_TRUE(store->ScanUpstreamDuban([&](const v1::UpstreamDuban&) {
    ++listed;
    return true;
  }).ok());
  EXPECT_EQ(listed, 1);
  // Positions go on after the reopen.
  EventWrites more;
  more.steps_up.emplace_back().set_step_id("qingshui:progress:qs-db-2");
  ASSERT_TRUE(store->PutEvents(more).ok());
  EXPECT_EQ(store->ReadStepsUp(2, 10)->at(0).first, 3u);
}

TEST(StoreFormat, AStoreWithAFamilyThisBinaryDoesNotKnowIsRefusedByItsVersion) {
  TempDir dir;
  OpenOrDie(dir.path()).reset();
  {
    rocksdb::DB* db = nullptr;
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies({}, dir.path().string(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    ASSERT_TRUE(rocksdb::DB::Open({}, dir.path().string(), families, &handles, &db).ok());
    rocksdb::ColumnFamilyHandle* future = nullptr;
    ASSERT_TRUE(db->CreateColumnFamily({}, "from_the_future", &future).ok());
    handles.push_back(future);
    for (rocksdb::ColumnFamilyHandle* handle : handles) {
      ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    }
    delete db;
  }
  std::string newer;
  layout::PutFixed64(&newer, layout::kFormatVersion + 1);
  PutUnderTheStore(dir.path(), "default", layout::kFormatVersionKey, newer);
  Result<std::unique_ptr<ReportStore>> store = ReportStore::Open(dir.path());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("格式版本为 " +
                                          std::to_string(layout::kFormatVersion + 1)),
            std::string::npos)
      << store.status().message();
}

}  // namespace
}  // namespace xinbao::storage
