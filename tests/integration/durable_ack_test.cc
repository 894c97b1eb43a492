// Never an ack before its batch is synced (issue 17): a whole broker in the
// test's own process (real sockets on 127.0.0.1, a real store on disk),
// whose store writes through a file system that holds or fails the
// write-ahead log's sync (*.log files) when the test says so. A client
// that submits while the sync is held hears nothing until it is let go;
// one whose sync fails hears STORAGE_FAILURE, never an ack, and the broker
// stores its resend once the fault is gone (no space: by itself; an I/O
// error: after a restart). No CURVE (the broker's insecure mode): the keys
// have nothing to do with when an ack may leave.
#include <gtest/gtest.h>
#include <rocksdb/file_system.h>
#include <rocksdb/io_status.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "broker/broker.h"
#include "storage/report_store.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;
using testing::WirePeer;

// What the write-ahead log's syncs do, set by the test and obeyed on
// RocksDB's writer thread (the broker's committer). Thread-safe.
class WalSyncGate {
 public:
  // From now on each sync waits until Pass() or Fail(); counts the bytes
  // appended to the log from now on.
  void Hold() {
    std::lock_guard lock(mutex_);
    mode_ = Mode::kHold;
    appended_ = 0;
  }
  // From now on each sync fails with `error` (held ones too).
  void Fail(rocksdb::IOStatus error) {
    std::lock_guard lock(mutex_);
    mode_ = Mode::kFail;
    error_ = std::move(error);
    changed_.notify_all();
  }
  // From now on each sync is done (held ones too).
  void Pass() {
    std::lock_guard lock(mutex_);
    mode_ = Mode::kPass;
    changed_.notify_all();
  }
  // Whether, within `timeout`, a sync came to be held after at least
  // `bytes` were appended to the log since Hold().
  bool AwaitHeld(uint64_t bytes, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
      return held_ > 0 && appended_ >= bytes;
    });
  }
  int failed() const {
    std::lock_guard lock(mutex_);
    return failed_;
  }

  // The log file's side.
  void Appended(uint64_t bytes) {
    std::lock_guard lock(mutex_);
    appended_ += bytes;
  }
  rocksdb::IOStatus Enter() {
    std::unique_lock lock(mutex_);
    ++held_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return mode_ != Mode::kHold; });
    --held_;
    if (mode_ == Mode::kPass) return rocksdb::IOStatus::OK();
    ++failed_;
    return error_;
  }

 private:
  enum class Mode { kPass, kHold, kFail };
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  Mode mode_ = Mode::kPass;         // guarded by mutex_
  rocksdb::IOStatus error_;         // guarded by mutex_
  uint64_t appended_ = 0;           // guarded by mutex_
  int held_ = 0;                    // guarded by mutex_
  int failed_ = 0;                  // guarded by mutex_
};

// A write-ahead log file whose syncs go through the gate first.
class GatedWal : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  GatedWal(std::unique_ptr<rocksdb::FSWritableFile> file,
           std::shared_ptr<WalSyncGate> gate)
      : FSWritableFileOwnerWrapper(std::move(file)), gate_(std::move(gate)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data,
                           const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    gate_->Appended(data.size());
    return FSWritableFileOwnerWrapper::Append(data, options, dbg);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data,
                           const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    gate_->Appended(data.size());
    return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                         rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus let = gate_->Enter();
    return let.ok() ? FSWritableFileOwnerWrapper::Sync(options, dbg) : let;
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus let = gate_->Enter();
    return let.ok() ? FSWritableFileOwnerWrapper::Fsync(options, dbg) : let;
  }
  rocksdb::IOStatus RangeSync(uint64_t offset, uint64_t bytes,
                              const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus let = gate_->Enter();
    return let.ok()
               ? FSWritableFileOwnerWrapper::RangeSync(offset, bytes, options, dbg)
               : let;
  }

 private:
  std::shared_ptr<WalSyncGate> gate_;
};

// The machine's file system, but every write-ahead log it makes is a
// GatedWal.
class GatedFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit GatedFileSystem(std::shared_ptr<WalSyncGate> gate)
      : FileSystemWrapper(rocksdb::FileSystem::Default()),
        gate_(std::move(gate)) {}
  const char* Name() const override { return "GatedFileSystem"; }

  rocksdb::IOStatus NewWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* file,
      rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus made =
        FileSystemWrapper::NewWritableFile(name, options, file, dbg);
    if (made.ok() && name.ends_with(".log")) {
      *file = std::make_unique<GatedWal>(std::move(*file), gate_);
    }
    return made;
  }

 private:
  std::shared_ptr<WalSyncGate> gate_;
};

class DurableAck : public ::testing::Test {
 protected:
  void SetUp() override { StartBroker(); }

  // A held sync would keep the broker from stopping.
  void TearDown() override {
    gate_->Pass();
    StopBroker();
  }

  // A broker on the store in dir_, its log's syncs through gate_.
  void StartBroker() {
    broker::BrokerConfig config = broker::DefaultConfig();
    config.data_dir = dir_ / "data";
    config.submit_endpoint = "tcp://127.0.0.1:*";
    config.query_endpoint = "tcp://127.0.0.1:*";
    config.feed_endpoint = "tcp://127.0.0.1:*";
    // The committer's clock checks (and with them its Resume() of a
    // stopped store) every 10 ms rather than every second.
    config.events.check_interval_ms = 10;
    Result<std::unique_ptr<broker::Broker>> started = broker::Broker::Start(
        config, broker::SystemClock(), std::make_shared<GatedFileSystem>(gate_));
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    broker_ = std::move(started).value();
    client_ = std::make_unique<WirePeer>(broker_->submit_endpoint());
  }

  void StopBroker() {
    client_.reset();
    broker_.reset();
  }

  // A 一般动态 whose body (4 KiB, its own) is in the log once it is there.
  static v1::Report Marked(const std::string& key) {
    v1::Report report = testing::GeneralReport(key);
    report.set_body(report.body() + std::string(4096, 'x') + key);
    return report;
  }

  // Sends `report` and returns the reply; fails the test if none came.
  v1::Reply Submit(const v1::Report& report) {
    client_->SendSubmit(report);
    std::optional<v1::Reply> reply = client_->Receive(10s);
    EXPECT_TRUE(reply.has_value()) << "no reply to " << report.idempotency_key();
    return reply.value_or(v1::Reply());
  }

  // Expects `reply` to be the refusal a failed write gives.
  static void ExpectStorageFailure(const v1::Reply& reply) {
    ASSERT_TRUE(reply.has_error()) << reply.ShortDebugString();
    EXPECT_EQ(reply.error().code(), v1::ERROR_CODE_STORAGE_FAILURE);
    EXPECT_TRUE(reply.error().message().starts_with(
        "存储失败，报告未保存，请稍后重试"))
        << reply.error().message();
    EXPECT_TRUE(reply.error().retryable());
  }

  // Expects `reply` to acknowledge `report` as the store's first; then
  // stops the broker and expects its store on disk to hold that report
  // and no other.
  void ExpectStoredAlone(const v1::Reply& reply, const v1::Report& report) {
    ASSERT_TRUE(reply.has_ack()) << reply.ShortDebugString();
    EXPECT_EQ(reply.ack().sequence(), 1u);
    EXPECT_EQ(reply.ack().idempotency_key(), report.idempotency_key());
    StopBroker();
    auto store = storage::ReportStore::Open(dir_ / "data" / "reports");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ((*store)->next_sequence(), 2u);
    Result<v1::Report> stored = (*store)->Get(1);
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_EQ(stored->idempotency_key(), report.idempotency_key());
    EXPECT_EQ(stored->body(), report.body());
  }

  TempDir dir_;
  std::shared_ptr<WalSyncGate> gate_ = std::make_shared<WalSyncGate>();
  std::unique_ptr<broker::Broker> broker_;
  std::unique_ptr<WirePeer> client_;
};

TEST_F(DurableAck, NoAckWhileItsBatchWaitsForTheSync) {
  const v1::Report report = Marked("held-1");
  gate_->Hold();
  client_->SendSubmit(report);
  // The report's batch is in the log and its sync is held ...
  ASSERT_TRUE(gate_->AwaitHeld(report.body().size(), 10s))
      << "no sync of the write-ahead log after the report was written";
  // ... and nothing comes back meanwhile.
  std::optional<v1::Reply> early = client_->Receive(400ms);
  EXPECT_FALSE(early.has_value())
      << "a reply before the sync: " << early->ShortDebugString();

  gate_->Pass();
  std::optional<v1::Reply> reply = client_->Receive(10s);
  ASSERT_TRUE(reply.has_value()) << "no reply after the sync";
  EXPECT_FALSE(reply->ack().duplicate());
  ExpectStoredAlone(*reply, report);
}

// No room for the log's sync (ENOSPC): RocksDB stops writing, and the
// committer's Resume() starts it again once the sync works - no restart.
TEST_F(DurableAck, AFailedSyncIsRefusedAndTheResendStoredOnceItWorks) {
  const v1::Report report = Marked("no-room-1");
  gate_->Fail(rocksdb::IOStatus::NoSpace("injected: the WAL's sync failed"));
  ExpectStorageFailure(Submit(report));
  EXPECT_GE(gate_->failed(), 1);

  // The fault cleared, the same report sent again (as the client's outbox
  // does) is stored, once the broker writes again.
  gate_->Pass();
  v1::Reply reply;
  const auto give_up = std::chrono::steady_clock::now() + 10s;
  do {
    reply = Submit(report);
    if (reply.has_ack()) break;
    ExpectStorageFailure(reply);
    std::this_thread::sleep_for(20ms);  // a client's back-off
  } while (std::chrono::steady_clock::now() < give_up);
  ExpectStoredAlone(reply, report);
}

// An I/O error on the log's sync (EIO): RocksDB 7.8 takes it as fatal, so
// every write is refused - the broker answers, never acks - until it is
// restarted; then the resend is acknowledged and stored once. (The refused
// batch was written to the log, only not synced, so the restart may find
// it there: the resend is then its duplicate. Either way, one copy.)
TEST_F(DurableAck, AnIoErrorOnTheSyncIsRefusedUntilARestart) {
  const v1::Report report = Marked("io-error-1");
  gate_->Fail(rocksdb::IOStatus::IOError("injected: the WAL's sync failed"));
  ExpectStorageFailure(Submit(report));
  ExpectStorageFailure(Submit(report));
  EXPECT_GE(gate_->failed(), 1);

  gate_->Pass();
  StopBroker();
  StartBroker();
  ExpectStoredAlone(Submit(report), report);
}

}  // namespace
}  // namespace xinbao
