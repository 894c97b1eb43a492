// Committer: the one thread that writes reports to the store.
//
// Group commit: it blocks for the first waiting submission, then takes
// whatever else is already waiting (up to CommitPolicy::max_batch, waiting
// at most max_delay_us for more), writes them all in ONE synced
// ReportStore::Append(), and only then hands the outcomes back to the
// frontend, which sends the acks. While one fsync runs, the next batch
// fills up on the socket: the busier the broker, the bigger the batches.
//
// Threads: Run() is the thread body; the committer owns its end of the
// inproc link from then on. It talks to nobody else.
#pragma once

#include <chrono>
#include <vector>
#include <zmq.hpp>

#include "broker/clock.h"
#include "broker/config.h"
#include "broker/submission.h"
#include "storage/report_store.h"

namespace xinbao::broker {

// Batch statistics, logged every kInterval for operators.
class CommitStats {
 public:
  void Add(std::size_t reports, std::chrono::steady_clock::duration write_time);

 private:
  static constexpr std::chrono::seconds kInterval{10};
  std::chrono::steady_clock::time_point since_ =
      std::chrono::steady_clock::now();
  std::size_t batches_ = 0;
  std::size_t reports_ = 0;
  std::chrono::steady_clock::duration write_time_{};
};

class Committer {
 public:
  // `store` must outlive Run(). `link` is the committer's end of the
  // inproc PAIR to the frontend.
  Committer(zmq::socket_t link, storage::ReportStore& store,
            CommitPolicy policy, Clock clock);

  // Serves until the frontend sends the stop signal; writes everything it
  // received before the signal, then answers with its own stop signal.
  void Run();

 private:
  // Moves what is waiting on the link into pending_, up to the batch bound.
  // Returns false once the stop signal has been read.
  bool Gather();
  bool Adopt(const zmq::message_t& message);
  void Commit();

  zmq::socket_t link_;
  storage::ReportStore& store_;
  CommitPolicy policy_;
  Clock clock_;
  std::vector<Submission> pending_;
  CommitStats stats_;
};

}  // namespace xinbao::broker
