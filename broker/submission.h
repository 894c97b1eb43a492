// What the frontend and the committer hand each other.
//
// The two threads talk only by messages on an inproc PAIR socket. A message
// carries one pointer (8 bytes) to a heap object; ownership moves with it:
// the sender releases, the receiver adopts (see SendOwned / ReceiveOwned).
// A null pointer is the "stop" signal.
#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include <zmq.hpp>

#include "storage/report_store.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// One valid report waiting to be stored - or one central-office command
// (merge_events, reopen_event) waiting to be applied - with where its answer
// must go.
struct Submission {
  zmq::message_t routing_id;  // the ROUTER's identity frame of the client
  std::string request_id;
  v1::Report report;
  // Set for a command; then `report` and `payload` are unused.
  std::unique_ptr<v1::Envelope> command;
  // The request as received, and where the report's own bytes lie in it
  // (length 0: not located; the store serializes `report` instead).
  zmq::message_t payload;
  std::size_t report_offset = 0;
  std::size_t report_length = 0;

  std::string_view encoded_report() const {
    return {static_cast<const char*>(payload.data()) + report_offset,
            report_length};
  }
};

// Frontend -> committer: submissions that passed validation.
struct SubmissionBatch {
  std::vector<Submission> submissions;
};

// The committer's answer to one submission.
struct Answer {
  // A report: stored (ack) or why not. A command: OK or why not.
  storage::AppendOutcome outcome;
  // An urgent report newly stored: what the EventBook made of it.
  v1::EventNote note;
  // A command that succeeded: its outcome.
  v1::EventChanged changed;
};

// Committer -> frontend: the batch written, one answer per submission.
struct CommittedBatch {
  std::vector<Submission> submissions;
  std::vector<Answer> answers;
};

// Sends ownership of `object` (may be null: the stop signal) over `socket`.
template <class T>
void SendOwned(zmq::socket_t& socket, std::unique_ptr<T> object) {
  T* raw = object.get();
  zmq::message_t message(sizeof raw);
  std::memcpy(message.data(), &raw, sizeof raw);
  socket.send(message, zmq::send_flags::none);  // inproc PAIR, no HWM drops
  object.release();
}

// Adopts the object a SendOwned() message carries.
template <class T>
std::unique_ptr<T> AdoptOwned(const zmq::message_t& message) {
  T* raw = nullptr;
  std::memcpy(&raw, message.data(), sizeof raw);
  return std::unique_ptr<T>(raw);
}

}  // namespace xinbao::broker
