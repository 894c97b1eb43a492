// Broker: the xinbao broker as an object (xinbao-broker's main() and the
// tests both run it through this header).
//
// Start() opens the store, binds the submit and query endpoints and starts
// three threads: the Frontend (owns the submit ROUTER socket), the
// Committer (owns the store's write path) and the QueryServer (owns the
// query ROUTER socket, reads the store). The frontend and the committer
// talk over one inproc PAIR link. See docs/ARCHITECTURE.md.
#pragma once

#include <memory>
#include <string>

#include "broker/base/clock.h"
#include "broker/base/vitals.h"
#include "broker/config/config.h"
#include "proto/status.h"

namespace rocksdb {
class FileSystem;
}  // namespace rocksdb

namespace xinbao::broker {

class Broker {
 public:
  // Returns a running broker, or why it could not start (the store cannot
  // be opened, an endpoint cannot be bound, [metrics] listen is refused).
  // An endpoint with port "*" (metrics: port 0) binds a free port;
  // submit_endpoint(), query_endpoint() and metrics_url() tell which.
  // `store_file_system` is for tests only (no configuration sets it): the
  // file system the store's files go through (storage::StoreOptions::
  // file_system), to hold or fail its syncs; null: the machine's.
  static Result<std::unique_ptr<Broker>> Start(
      BrokerConfig config, Clock clock = SystemClock(),
      std::shared_ptr<rocksdb::FileSystem> store_file_system = nullptr);
  // Stop()s.
  ~Broker();
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  // The endpoint clients connect to, with the port actually bound.
  const std::string& submit_endpoint() const;
  // The endpoint for queries (events, alarms), with the port actually bound.
  const std::string& query_endpoint() const;
  // The live feed's endpoint (XPUB), with the port actually bound.
  const std::string& feed_endpoint() const;
  // The metrics endpoint's base URL ("http://127.0.0.1:9464", with the
  // port actually bound: GET /metrics, GET /healthz); "" when [metrics]
  // listen is off.
  const std::string& metrics_url() const;
  const BrokerConfig& config() const;
  // A copy of the live figures (broker/base/vitals.h). Thread-safe.
  VitalsSnapshot vitals() const;

  // Stops reading requests, writes and acknowledges everything already
  // accepted, and joins the threads. Idempotent; call from one thread.
  void Stop();

  // Reads the user registry file again (SIGHUP): from the next connection
  // and the next request on, the new registry decides who may do what; a
  // key it revokes gets nothing more. On a bad file the registry in force
  // stays. Both are written to the audit log. NOT_PERMITTED without CURVE.
  // Thread-safe.
  Status ReloadRegistry();

 private:
  struct Impl;
  explicit Broker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xinbao::broker
