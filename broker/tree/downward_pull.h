// DownwardPull: as a child in the reporting tree, fetches what the parent
// holds for this broker (下发, docs/HIERARCHY.md "Back down the tree") and
// stores it here. Children open every connection, so this is a pull: on a
// thread of its own, about once a second (at once again after a full
// page), it asks the parent's query socket ([upstream] query_endpoint,
// with the link's keys) for the items after the last position stored here
// — asking after N is the receipt for 1..N — and stores each in order.
//
// A 越级 copy (DOWNWARD_KIND_SKIP_LEVEL_COPY) of a report one of this
// broker's units sent straight to the parent is stored as that unit's own
// report (its unit id here, no forwarding) through the frontend's inner
// socket (broker/ingest/frontend.h): validated, deduplicated and committed
// like every report, so if the unit's own submission already arrived the
// copy is a duplicate, and if it did not, the report is stored now, filed
// in its event and — urgent — queued to go up, where the parent answers
// it as a duplicate. Only once the report is acknowledged does the cursor
// (ReportStore::SetDownwardReceived) move past it; a crash in between
// fetches it again and stores nothing twice. A copy of a report from a
// broker below this one (a skip of two levels) is passed over with a log
// line: its own broker is not reached from here.
//
// A 督办 item the parent's office assigned to this broker's unit
// (DOWNWARD_KIND_DUBAN_ITEM, sent again after every change) goes the same
// way and is kept as 上级交办 (broker/duban/upstream_items.h). After each
// pull, the 督办 steps this broker owes the parent go up (AnswersUp).
//
// An adoption of a report of this broker's branch by the parent's office
// (DOWNWARD_KIND_ADOPTION) goes to the committer through the same inner
// socket (Envelope.downward_item), which finds this broker's own copy of
// the report and records the adoption for it (ADOPTION_ORIGIN_UPSTREAM,
// once: a repeat changes nothing) — and, if the report came from a broker
// below, queues it down to that one in turn.
//
// Threads: Start() and Stop() from the owner's thread; Reading() from any.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "broker/config/config.h"
#include "broker/tree/answers_up.h"
#include "clients/lib/curve_client.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/downward.pb.h"
#include "xinbao/v1/tree.pb.h"

namespace xinbao::broker {

class DownwardPull {
 public:
  // `config`, `store` and `context` (the broker's, which holds the inner
  // submit socket) must outlive the pull. Nothing runs before Start().
  DownwardPull(const BrokerConfig& config, storage::ReportStore& store,
               zmq::context_t& context,
               std::optional<client::CurveClientKeys> keys);
  ~DownwardPull();  // Stop()s
  DownwardPull(const DownwardPull&) = delete;
  DownwardPull& operator=(const DownwardPull&) = delete;

  void Start();
  void Stop();  // within about a reply timeout; idempotent

  // Fills the 下发 fields of `link` (down_endpoint, down_received,
  // copies_new) and, when the pull has a problem and the link none, its
  // problem.
  void Fill(v1::UpstreamLink* link) const;

 private:
  void Run();
  // Stores one item (a 越级 copy, an adoption) through `inner`; OK also for
  // an item passed over. A retryable failure stops the page (fetched again
  // later).
  Status Store(const v1::DownwardItem& item, zmq::socket_t& inner, uint64_t asked);
  // An adoption or a 督办 item: recorded by the committer
  // (Envelope.downward_item).
  Status Record(const v1::DownwardItem& item, zmq::socket_t& inner, uint64_t asked);

  const BrokerConfig& config_;
  storage::ReportStore& store_;
  zmq::context_t& context_;
  const std::optional<client::CurveClientKeys> keys_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
  mutable std::mutex figures_mutex_;
  uint64_t copies_new_ = 0;  // figures_mutex_
  uint64_t adoptions_new_ = 0;  // figures_mutex_
  uint64_t duban_items_ = 0;    // figures_mutex_: 上级交办 changes stored
  AnswersUp answers_;           // run on this thread
  std::string problem_;      // figures_mutex_
};

}  // namespace xinbao::broker
