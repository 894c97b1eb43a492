#include "bench/bare_loop.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>
#include <zmq_addon.hpp>

#include "xinbao/v1/wire.pb.h"

namespace xinbao::bench {
namespace {

// At most this many requests a batch: the clients' most in flight (16 ×
// 64) by default, as the broker's own bound.
constexpr std::size_t kMaxBatch = 4096;

}  // namespace

BareLoop::BareLoop(const std::filesystem::path& store_dir,
                   const std::string& server_secret_key)
    : router_(context_, zmq::socket_type::router) {
  router_.set(zmq::sockopt::linger, 0);
  router_.set(zmq::sockopt::sndhwm, 0);
  router_.set(zmq::sockopt::rcvhwm, 0);
  if (!server_secret_key.empty()) {
    router_.set(zmq::sockopt::curve_server, 1);
    router_.set(zmq::sockopt::curve_secretkey, server_secret_key);
  }
  router_.bind("tcp://127.0.0.1:*");
  endpoint_ = router_.get(zmq::sockopt::last_endpoint);
  thread_ = std::thread([this, store_dir] { Serve(store_dir); });
}

BareLoop::~BareLoop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void BareLoop::Serve(const std::filesystem::path& store_dir) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, store_dir.string(), &raw).ok()) {
    std::fprintf(stderr, "bare loop: cannot open %s\n", store_dir.c_str());
    return;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions synced;
  synced.sync = true;
  struct Pending {
    zmq::message_t peer;
    std::string request_id;
  };
  std::vector<Pending> pending;
  std::vector<zmq::message_t> frames;
  rocksdb::WriteBatch batch;
  v1::Envelope envelope;
  v1::Reply reply;
  std::string bytes;
  uint64_t sequence = 0;
  while (!stop_) {
    zmq::pollitem_t item{router_.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(50)) == 0) continue;
    pending.clear();
    batch.Clear();
    while (pending.size() < kMaxBatch) {
      frames.clear();
      if (!zmq::recv_multipart(router_, std::back_inserter(frames),
                               zmq::recv_flags::dontwait)) {
        break;
      }
      if (frames.size() != 3) continue;
      // The request id, for the ack: the one field a client needs back.
      envelope.Clear();
      envelope.ParseFromArray(frames[2].data(), static_cast<int>(frames[2].size()));
      char key[8];
      const uint64_t s = ++sequence;
      for (int i = 0; i < 8; ++i) key[i] = static_cast<char>(s >> (56 - 8 * i));
      batch.Put(rocksdb::Slice(key, 8),
                rocksdb::Slice(static_cast<const char*>(frames[2].data()), frames[2].size()));
      pending.push_back({std::move(frames[0]), envelope.request_id()});
    }
    if (pending.empty()) continue;
    if (!db->Write(synced, &batch).ok()) {
      std::fprintf(stderr, "bare loop: a synced write failed\n");
      return;
    }
    batches_.fetch_add(1);
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    uint64_t first = sequence - pending.size();
    for (Pending& one : pending) {
      reply.Clear();
      reply.set_request_id(one.request_id);
      reply.mutable_ack()->set_sequence(++first);
      reply.mutable_ack()->set_stored_at_ms(now_ms);
      reply.SerializeToString(&bytes);
      router_.send(std::move(one.peer), zmq::send_flags::sndmore);
      router_.send(zmq::message_t(), zmq::send_flags::sndmore);
      router_.send(zmq::buffer(bytes), zmq::send_flags::none);
    }
    acked_.fetch_add(static_cast<int64_t>(pending.size()));
  }
}

}  // namespace xinbao::bench
