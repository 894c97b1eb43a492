// UpwardReports: the store's upward queue as a ReportQueue, so that the
// client library's FlushRound — the same pipelined, reconnecting sending
// loop an office's outbox uses — sends it to the parent broker.
//
// Pending() lists, from the cursor on, each queued report as it goes up
// (ForwardedCopy), every one naming the one before it (the first: the last
// the parent acknowledged). Acknowledge() and Reject() move the cursor
// over what is answered, in order: a cursor moves only past a position
// whose every predecessor is answered too. A refusal for good is logged,
// counted and kept in the store with the parent's error
// (ReportStore::RecordUpwardRefusal); the report stays stored and its
// queue entry with it.
//
// Threads: one round's object, used from the UpstreamLink's thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "broker/config/tree_policy.h"
#include "broker/tree/link_figures.h"
#include "broker/units/unit_registry.h"
#include "clients/lib/report_queue.h"
#include "storage/report_store.h"

namespace xinbao::broker {

class UpwardReports : public client::ReportQueue {
 public:
  // At most `limit` reports a round. All references must outlive it.
  UpwardReports(storage::ReportStore& store, const TreePolicy& tree,
                const UnitRegistry& units, LinkFigures& figures,
                std::size_t limit);

  Result<std::vector<client::OutboxEntry>> Pending() const override;
  Status Acknowledge(uint64_t ordinal) override;
  Status Reject(uint64_t ordinal, const v1::Error& error) override;

 private:
  // Marks `position` answered (`accepted`: stored by the parent) and moves
  // the cursor over every answered position that follows it.
  Status Answered(uint64_t position, bool accepted);

  storage::ReportStore& store_;
  const TreePolicy& tree_;
  const UnitRegistry& units_;
  LinkFigures& figures_;
  const std::size_t limit_;
  mutable storage::UpwardProgress progress_;  // as Pending() found it
  std::map<uint64_t, bool> answered_;  // ahead of the cursor: accepted?
};

}  // namespace xinbao::broker
