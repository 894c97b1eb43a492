// ReportQueue: reports waiting to be sent to a broker, oldest first, and
// what becomes of one when the broker answers it. FlushRound (the
// pipelined Lazy Pirate loop) sends from any ReportQueue: a client's
// Outbox (files in a folder) is one, a broker's upward queue in its own
// store (broker/tree, the reporting tree) another — one sending loop for
// both.
//
// Threads: as the implementation says; FlushRound calls it from the one
// thread that runs the round.
#pragma once

#include <cstdint>
#include <vector>

#include "proto/status.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

struct OutboxEntry {
  uint64_t ordinal = 0;  // position in the queue's order
  v1::Report report;
  // The request id the broker echoes, unique among what is pending; empty:
  // the report's idempotency key (unique in a client's outbox, but not in
  // a broker's upward queue, where units of two children may use one key).
  std::string request_id;
};

class ReportQueue {
 public:
  virtual ~ReportQueue() = default;
  // What waits to be sent, in the order it must go.
  virtual Result<std::vector<OutboxEntry>> Pending() const = 0;
  // The broker acknowledged the entry `ordinal` (stored, or a duplicate of
  // one stored): it is done.
  virtual Status Acknowledge(uint64_t ordinal) = 0;
  // The broker refused it for good (a non-retryable error): it is done,
  // and must not vanish silently — the queue keeps it with `error`.
  virtual Status Reject(uint64_t ordinal, const v1::Error& error) = 0;
};

}  // namespace xinbao::client
