// MetricsServer: the broker's HTTP endpoint for operators' tools
// ([metrics] listen; Debian's cpp-httplib). Plain HTTP, no key: it answers
// only
//   GET /metrics  200, the Prometheus text format 0.0.4 (broker_metrics.h);
//   GET /healthz  200 "正常" when the broker is healthy, else 503 and the
//                 problems in one line of plain Chinese — the same judgement
//                 as the status request (broker/query/broker_reading.h);
// anything else 404. Every answer reads the Vitals copy, the store's
// RocksDB properties and one statvfs: nothing waits for the committer and
// nothing scans the store.
//
// Threads: Bind() and Serve() on the thread that starts the broker; the
// answers on the server's own two threads; Stop() (and the destructor) from
// any one thread. `vitals`, `store` and `config` must outlive Stop().
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "broker/base/clock.h"
#include "broker/base/vitals.h"
#include "broker/config/config.h"
#include "broker/tree/upstream_link.h"
#include "proto/host_port.h"
#include "proto/status.h"
#include "storage/report_store.h"

namespace httplib {
class Server;
}

namespace xinbao::broker {

class MetricsServer {
 public:
  MetricsServer(const Vitals& vitals, const storage::ReportStore& store,
                const BrokerConfig& config, Clock clock,
                const UpstreamLink* upstream = nullptr);
  // Stop()s.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Binds `address` (port 0: a free one). INVALID_FIELD naming
  // "metrics.listen" in plain Chinese if it cannot (port taken, address
  // not of this machine).
  Status Bind(const HostPort& address);
  // Answers on threads of its own. REQUIRES: Bind() succeeded.
  void Serve();
  // "http://127.0.0.1:9464", with the port bound; "" before Bind().
  const std::string& url() const { return url_; }
  // Stops answering and joins the threads. Idempotent.
  void Stop();

 private:
  const Vitals& vitals_;
  const storage::ReportStore& store_;
  const BrokerConfig& config_;
  Clock clock_;
  const UpstreamLink* upstream_;  // null: no parent broker
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::string url_;
};

}  // namespace xinbao::broker
