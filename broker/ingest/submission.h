// What the frontend and the committer hand each other.
//
// The two threads talk only by messages on an inproc PAIR socket, each
// carrying ownership of one of these objects (broker/base/owned_message.h).
// A null pointer is the "stop" signal.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <zmq.hpp>

#include "broker/base/owned_message.h"
#include "broker/security/gatekeeper.h"
#include "proto/chain_hash.h"
#include "storage/report_store.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// One valid report waiting to be stored - or one command (merge_events,
// reopen_event, issue_duban, duban_step) waiting to be applied - with where
// its answer must go.
struct Submission {
  zmq::message_t routing_id;  // the ROUTER's identity frame of the client
  std::string request_id;
  v1::Report report;
  // Set for a command; then `report` is unused, and `payload` is kept only
  // for the audit record of a refusal.
  std::unique_ptr<v1::Envelope> command;
  // Who the gatekeeper admitted (a command only; empty without CURVE).
  Admission admission;
  // The request as received, and where the report's own bytes lie in it
  // (length 0: not located; the store serializes `report` instead).
  zmq::message_t payload;
  std::size_t report_offset = 0;
  std::size_t report_length = 0;
  // The archive chain's digest begun on those bytes (when located).
  std::optional<PartialDigest> report_digest;
  // When the frontend read the request (steady clock, µs): its ack
  // latency is measured from here (broker/base/vitals.h).
  int64_t read_at_us = 0;
  // The unit whose fair share it holds until answered
  // (broker/ingest/unit_shares.h).
  std::string share_unit;
  // It came on the frontend's inner socket (this process's own, e.g. a
  // 越级 copy the link fetched from the parent): answered there.
  bool inner = false;

  std::string_view encoded_report() const {
    return {static_cast<const char*>(payload.data()) + report_offset,
            report_length};
  }
  // The report as the store takes it.
  storage::NewReport new_report() {
    return {&report, encoded_report(),
            report_digest.has_value() ? &*report_digest : nullptr};
  }
};

// Submissions in the order they were read, each on the heap: the committer
// gathers many frontend batches into one, and a Submission (its Report and
// digest, about a kilobyte) moved one by one cost 8% of its time.
using Submissions = std::vector<std::unique_ptr<Submission>>;

// Frontend -> committer: submissions that passed validation.
struct SubmissionBatch {
  Submissions submissions;
};

// The committer's answer to one submission.
struct Answer {
  // A report: stored (ack) or why not. A command: OK or why not.
  storage::AppendOutcome outcome;
  // An urgent report newly stored: what the EventBook made of it.
  v1::EventNote note;
  // An event command that succeeded: its outcome.
  v1::EventChanged changed;
  // A 督办 request that succeeded: its outcome (item set).
  v1::DubanChanged duban;
  // A 采编 request that succeeded: its outcome.
  v1::CaibianChanged caibian;
  bool caibian_done = false;
  // A new report naming a commission: what the CommissionBook made of it.
  v1::CommissionNote commission;
};

// Committer -> frontend: the batch written, one answer per submission.
struct CommittedBatch {
  Submissions submissions;
  std::vector<Answer> answers;
};

}  // namespace xinbao::broker
