#include "broker/committer.h"

#include <chrono>

namespace xinbao::broker {

Committer::Committer(zmq::socket_t link, storage::ReportStore& store,
                     CommitPolicy policy, Clock clock)
    : link_(std::move(link)),
      store_(store),
      policy_(policy),
      clock_(std::move(clock)) {}

void Committer::Run() {
  bool serving = true;
  while (serving) {
    serving = Gather();
    if (!pending_.empty()) Commit();
  }
  SendOwned<CommittedBatch>(link_, nullptr);
}

bool Committer::Adopt(const zmq::message_t& message) {
  std::unique_ptr<SubmissionBatch> batch = AdoptOwned<SubmissionBatch>(message);
  if (batch == nullptr) return false;
  for (Submission& submission : batch->submissions) {
    pending_.push_back(std::move(submission));
  }
  return true;
}

bool Committer::Gather() {
  zmq::message_t message;
  // Block for the first submission of a batch.
  if (!link_.recv(message, zmq::recv_flags::none)) return true;
  if (!Adopt(message)) return false;

  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::microseconds(policy_.max_delay_us);
  while (pending_.size() < policy_.max_batch) {
    if (link_.recv(message, zmq::recv_flags::dontwait)) {
      if (!Adopt(message)) return false;
      continue;
    }
    // Nothing more waiting. With a delay configured, wait for more until
    // the deadline; otherwise write what we have now.
    const int64_t left_us =
        std::chrono::duration_cast<std::chrono::microseconds>(
            deadline - std::chrono::steady_clock::now())
            .count();
    if (policy_.max_delay_us == 0 || left_us <= 0) break;
    zmq::pollitem_t item{link_.handle(), 0, ZMQ_POLLIN, 0};
    const std::chrono::milliseconds wait((left_us + 999) / 1000);
    if (zmq::poll(&item, 1, wait) == 0) break;
  }
  return true;
}

void Committer::Commit() {
  std::vector<v1::Report*> reports;
  reports.reserve(pending_.size());
  for (Submission& submission : pending_) reports.push_back(&submission.report);

  auto committed = std::make_unique<CommittedBatch>();
  committed->outcomes = store_.Append(reports, clock_());
  committed->submissions = std::move(pending_);
  pending_.clear();
  SendOwned(link_, std::move(committed));
}

}  // namespace xinbao::broker
