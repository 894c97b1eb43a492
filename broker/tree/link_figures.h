// LinkFigures: what the link to the parent broker has done since start,
// for the status request (BrokerStatus.upstream_link) and the metrics.
//
// Threads: written by the UpstreamLink's thread, read by the query
// thread; one mutex.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "xinbao/v1/tree.pb.h"

namespace xinbao::broker {

class LinkFigures {
 public:
  // A silence as long as the reply timeout: the link reconnects.
  void Silent(const std::string& problem);
  // The parent acknowledged the report of `sequence` here as its
  // `parent_sequence`, at `at_ms`: the link is up, a silence over.
  void Forwarded(uint64_t sequence, uint64_t parent_sequence, int64_t at_ms);
  // The parent refused a report for good; `problem` says which and why.
  void Refused(const std::string& problem);
  // Something here went wrong (the store could not be read).
  void Problem(const std::string& problem);

  // The figures so far, in the wire's form (queued and oldest_queued_ms
  // are the store's to fill in: the caller's).
  v1::UpstreamLink Reading() const;

 private:
  mutable std::mutex mutex_;
  v1::UpstreamLink link_;
};

}  // namespace xinbao::broker
