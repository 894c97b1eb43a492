// The bare loop: the least a durable broker can do with the benches'
// clients and transport, as the baseline xinbao's ingest is measured
// against in the same run (issue 17). A ROUTER on a loopback port reads
// what has arrived (up to a bound), writes the requests' bytes as one
// synced RocksDB WriteBatch (one key per request, nothing else: no
// validation, no dedupe, no indexes), then acknowledges each with a Reply
// carrying its request id and a sequence — every ack after its batch's
// fsync, as xinbao's. One thread, nothing overlapped.
//
// With `server_secret_key` (Z85) the ROUTER is a CURVE server (no ZAP:
// every client key is taken), so the clients' CURVE costs are counted on
// both sides as they are with the broker.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <zmq.hpp>

namespace xinbao::bench {

class BareLoop {
 public:
  // Binds and starts serving; `store_dir` must not exist yet.
  BareLoop(const std::filesystem::path& store_dir, const std::string& server_secret_key = "");
  ~BareLoop();  // stops, joins
  BareLoop(const BareLoop&) = delete;
  BareLoop& operator=(const BareLoop&) = delete;

  const std::string& endpoint() const { return endpoint_; }
  // Acknowledged requests and synced batches so far.
  int64_t acked() const { return acked_.load(); }
  int64_t batches() const { return batches_.load(); }

 private:
  void Serve(const std::filesystem::path& store_dir);

  zmq::context_t context_{1};
  zmq::socket_t router_;
  std::string endpoint_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> acked_{0};
  std::atomic<int64_t> batches_{0};
  std::thread thread_;
};

}  // namespace xinbao::bench
