// Fuzz target: one payload on the query socket, answered by the real
// QueryServer — DecodeEnvelope(), the per-request checks and answers
// (events, alarms, snapshot, as-of, stats, 督办, 采编, reports, audit,
// whoami, policy, status) and replay streams — over an inproc ROUTER,
// against a store in a temp folder holding a few reports of the demo
// county, with the default configuration (no CURVE).
//
// Each input is followed by a whoami with a request id of its own; the
// target reads replies until that one's. Every reply must parse as a Reply
// and an error in it must be typed (code, UTF-8 message). A question that
// gets no answer within kAnswerTimeout aborts (a hang is a finding).
// Replays started by one input may stream on while later inputs run: the
// server is long-lived, as in the broker.
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <signal.h>
#include <stdlib.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "broker/base/clock.h"
#include "broker/base/vitals.h"
#include "broker/config/config.h"
#include "broker/ingest/request_decoder.h"
#include "broker/query/query_server.h"
#include "storage/report_store.h"
#include "tests/fuzz/fuzz_rules.h"
#include "tests/fuzz/seed_reports.h"

namespace xinbao::fuzz {
namespace {

constexpr char kEndpoint[] = "inproc://xinbao-fuzz-query";
constexpr std::chrono::milliseconds kAnswerTimeout{10'000};
constexpr char kSyncPrefix[] = "\x01fuzz-sync-";

// A broker's query side, alive until the process exits (the server thread
// is never joined: libFuzzer ends the process with exit()).
class QuerySide {
 public:
  QuerySide() {
    // The threads started here (RocksDB's, the server's) block every
    // signal, as the broker's do: libFuzzer's timer (SIGALRM) must reach
    // the fuzzing thread, not interrupt the server's socket calls.
    sigset_t all;
    sigset_t before;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &before);
    spdlog::set_level(spdlog::level::off);
    broker::QuietProtobufParseLogs();
    std::string pattern = std::filesystem::temp_directory_path() /
                          "xinbao-fuzz-query-XXXXXX";
    Require(mkdtemp(pattern.data()) != nullptr, "mkdtemp failed");
    folder_ = pattern;
    static const std::filesystem::path* const removed = &folder_;
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(*removed, ignored);
    });
    Result<std::unique_ptr<storage::ReportStore>> store =
        storage::ReportStore::Open(folder_ / "store");
    Require(store.ok(), "the store does not open");
    store_ = std::move(store).value();
    std::vector<v1::Report> reports = SeedReports();
    std::vector<v1::Report*> batch;
    for (v1::Report& report : reports) batch.push_back(&report);
    for (const storage::AppendOutcome& outcome :
         store_->Append(batch, kFuzzNowMs - 60'000)) {
      Require(outcome.status.ok(), "a seed report is not stored");
    }
    config_ = broker::DefaultConfig();
    vitals_ = std::make_unique<broker::Vitals>(kFuzzNowMs - 3'600'000);
    zmq::socket_t router(context_, zmq::socket_type::router);
    router.bind(kEndpoint);
    server_ = std::make_unique<broker::QueryServer>(
        std::move(router), *store_, config_, broker::SystemClock(),
        broker::Gatekeeper(nullptr, nullptr, "query"), nullptr, vitals_.get());
    thread_ = std::make_unique<std::thread>([this] { server_->Run(); });
    dealer_ = zmq::socket_t(context_, zmq::socket_type::dealer);
    dealer_.set(zmq::sockopt::rcvtimeo,
                static_cast<int>(kAnswerTimeout.count()));
    dealer_.connect(kEndpoint);
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
  }

  // Sends `payload`, then a whoami, and checks every reply up to the
  // whoami's.
  void Ask(std::string_view payload) {
    const std::string sync_id = kSyncPrefix + std::to_string(++asked_);
    v1::Envelope sync;
    sync.set_protocol_version(1);
    sync.set_request_id(sync_id);
    sync.mutable_whoami();
    Send(payload);
    Send(sync.SerializeAsString());
    while (true) {
      std::vector<zmq::message_t> frames;
      Require(Receive(&frames), "no answer from the query server in time");
      Require(frames.size() == 2 && frames[0].size() == 0,
              "a reply that is not [empty][Reply]");
      v1::Reply reply;
      Require(reply.ParseFromArray(frames[1].data(),
                                   static_cast<int>(frames[1].size())),
              "a reply that does not parse");
      if (reply.has_error()) {
        RequireTyped(Status(reply.error().code(), reply.error().message(),
                            reply.error().field()));
      }
      if (reply.request_id() == sync_id) return;
    }
  }

 private:
  // One reply, waiting at most kAnswerTimeout in all; false if none came.
  // A signal (libFuzzer's timer) interrupting the wait is not an answer.
  bool Receive(std::vector<zmq::message_t>* frames) {
    const auto deadline = std::chrono::steady_clock::now() + kAnswerTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      try {
        frames->clear();
        return zmq::recv_multipart(dealer_, std::back_inserter(*frames))
            .has_value();
      } catch (const zmq::error_t& error) {
        if (error.num() != EINTR) throw;
      }
    }
    return false;
  }

  void Send(std::string_view payload) {
    dealer_.send(zmq::message_t(), zmq::send_flags::sndmore);
    dealer_.send(zmq::buffer(payload.data(), payload.size()),
                 zmq::send_flags::none);
  }

  std::filesystem::path folder_;
  std::unique_ptr<storage::ReportStore> store_;
  broker::BrokerConfig config_;
  std::unique_ptr<broker::Vitals> vitals_;
  zmq::context_t context_;
  std::unique_ptr<broker::QueryServer> server_;
  std::unique_ptr<std::thread> thread_;
  zmq::socket_t dealer_;
  uint64_t asked_ = 0;
};

}  // namespace
}  // namespace xinbao::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  // Never destroyed: its thread serves until the process exits.
  static xinbao::fuzz::QuerySide* const side = new xinbao::fuzz::QuerySide();
  side->Ask(xinbao::fuzz::AsText(data, size));
  return 0;
}
