#include "broker/committer.h"

#include <spdlog/spdlog.h>

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
  std::vector<storage::NewReport> reports;
  reports.reserve(pending_.size());
  for (Submission& submission : pending_) {
    reports.push_back({&submission.report, submission.encoded_report()});
  }

  auto committed = std::make_unique<CommittedBatch>();
  const auto begin = std::chrono::steady_clock::now();
  committed->outcomes = store_.Append(reports, clock_());
  stats_.Add(reports.size(), std::chrono::steady_clock::now() - begin);
  committed->submissions = std::move(pending_);
  pending_.clear();
  SendOwned(link_, std::move(committed));
}

}  // namespace xinbao::broker

namespace xinbao::broker {

void CommitStats::Add(std::size_t reports,
                      std::chrono::steady_clock::duration write_time) {
  ++batches_;
  reports_ += reports;
  write_time_ += write_time;
  const auto now = std::chrono::steady_clock::now();
  if (now - since_ < kInterval) return;
  const double seconds = std::chrono::duration<double>(now - since_).count();
  spdlog::info(
      "committed {} reports in {} synced batches in the last {:.0f} s "
      "({:.0f}/s, {:.1f} per batch, {:.2f} ms per write)",
      reports_, batches_, seconds, reports_ / seconds,
      static_cast<double>(reports_) / batches_,
      std::chrono::duration<double, std::milli>(write_time_).count() /
          batches_);
  *this = CommitStats();
}

}  // namespace xinbao::broker
