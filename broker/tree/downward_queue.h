// DownwardQueue: what this broker holds for its child brokers (下发,
// docs/HIERARCHY.md "Back down the tree"), as the query socket serves it.
// The queue itself is the store's (one per child unit, written by the
// committer in the batch of what it queues: a 越级 report's copy for the
// level it skipped; an adoption of a report the child forwarded); this
// answers a child's pull — the page after its position, each item with
// the report or the adoption it carries — and keeps its receipt
// (asking after N says it has stored 1..N).
//
// Threads: any; the store is thread-safe for these calls.
#pragma once

#include <string>
#include <string_view>

#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/downward.pb.h"
#include "xinbao/v1/tree.pb.h"

namespace xinbao::broker {

class DownwardQueue {
 public:
  // `tree_id`: this broker's [tree] id, named as the adopting broker in
  // the adoptions it reports down.
  DownwardQueue(storage::ReportStore& store, std::string tree_id)
      : store_(store), tree_id_(std::move(tree_id)) {}

  // The page for the child broker whose unit here is `child_unit` (the
  // unit of its key's user), after request.after, at most request.limit
  // (0: 64; at most 256), and its receipt for 1..after kept. `after` past
  // the last position queued is INVALID_FIELD (a parent restored from an
  // older backup, say): the message says so.
  Status Answer(std::string_view child_unit, const v1::DownwardRequest& request,
                v1::DownwardPage* page);

  // The queue of `child_unit` for the status: down_queued and
  // down_fetched of `child`.
  void Fill(std::string_view child_unit, v1::ChildLink* child) const;

 private:
  // The adoption `entry` names, with its report as the child finds its
  // own copy by (origin, key; no body, no attachments).
  Status FillAdoption(const storage::DownwardEntry& entry, v1::DownwardItem* item) const;

  storage::ReportStore& store_;
  const std::string tree_id_;
};

}  // namespace xinbao::broker
