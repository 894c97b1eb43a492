// FeedFollower: keeps a MonitorState in step with the broker's live feed,
// the zguide's Clone pattern (docs/PROTOCOL.md, "The live feed").
//
//   1. A SUB on the feed endpoint subscribes to every topic. What arrives
//      before the snapshot is dropped: its first message (a heartbeat
//      within a second) proves the subscription live.
//   2. A SnapshotRequest on the query socket; MonitorState::Reset.
//   3. Every item is applied; those at or before the snapshot's sequence
//      are stale and ignored (they were queued while the snapshot was
//      taken). Heartbeats say when the broker was last heard.
//   4. A gap — an item past the next sequence, or a heartbeat whose
//      sequence is ahead — means items were lost (the broker's high-water
//      mark dropped them): back to 2 at once, on the same sockets (the
//      subscription stays live, so nothing after the new snapshot is lost).
//   5. No message at all for `silence`, or a snapshot that gets no answer:
//      the link shows kReconnecting, both sockets are closed and opened
//      anew, and it starts again at 1 — every `silence` until the broker
//      is back. The state keeps what it showed meanwhile.
//
// Threads: one thread; the follower owns its ZeroMQ context and sockets,
// and the MonitorState it is given while it lives.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "clients/lib/curve_client.h"
#include "clients/monitor/monitor_state.h"
#include "clients/lib/query_client.h"
#include "proto/status.h"
#include "xinbao/v1/feed.pb.h"

namespace xinbao::client {

struct FeedFollowerOptions {
  std::string feed_endpoint = "tcp://127.0.0.1:7603";
  std::string query_endpoint = "tcp://127.0.0.1:7602";
  // No message for this long: the broker is taken to be gone.
  std::chrono::milliseconds silence{3000};
  // How long each of the snapshot request's two attempts waits.
  std::chrono::milliseconds query_timeout{2000};
  // How many of the latest reports a snapshot asks for.
  uint32_t latest_reports = MonitorState::kDefaultReportCapacity;
  // Keys for a broker that runs CURVE (clients/curve_client.h), applied to
  // the SUB and the snapshot's DEALER at every (re)connect; none: plain
  // ZeroMQ. Wrong keys look like a silent broker: kReconnecting.
  std::optional<CurveClientKeys> curve = std::nullopt;
  // A gateway's snapshots are asked for a registered user it acts for
  // (Envelope.acting_user: a monitor, since snapshots are the monitor's)
  // and name the person or program behind them (Envelope.person).
  std::string acting_user{};
  std::string person{};
};

// What the follower did, for a caller that prints it (`watch --json`).
// Both optional; called on the follower's thread, from inside Poll().
struct FeedListener {
  std::function<void(const v1::Snapshot&)> on_snapshot;
  // Each item applied, heartbeats left out.
  std::function<void(const v1::FeedItem&)> on_item;
};

// Asks the query socket for a snapshot with `latest_reports` reports: the
// Snapshot, or why not — as QueryClient::Call fails (retryable: no
// answer), or the broker's refusal as a Status of its code and message.
Result<v1::Snapshot> FetchSnapshot(QueryClient& client,
                                   uint32_t latest_reports);

class FeedFollower {
 public:
  // Connects (without waiting for the broker). Fails with
  // ERROR_CODE_INVALID_FIELD (field "endpoint") for an invalid address,
  // ERROR_CODE_STORAGE_FAILURE if ZeroMQ cannot start. `state` must
  // outlive the follower.
  static Result<std::unique_ptr<FeedFollower>> Open(FeedFollowerOptions options,
                                                    MonitorState* state,
                                                    FeedListener listener);
  ~FeedFollower();

  // Receives and handles what arrives until the state changed (after the
  // batch of messages waiting), until `until` (steady clock), or until a
  // signal interrupts the wait. Blocks; a snapshot may hold it up to twice
  // options.query_timeout past `until`. Returns whether the state changed
  // (worth a redraw), or the broker's refusal of the snapshot request
  // (not retryable: e.g. a broker without a live feed), after which the
  // follower should be dropped. `input_fd` (not -1: a descriptor such as
  // the terminal's standard input) is polled too: Poll also returns as
  // soon as it is readable, so that one thread serves keys and the feed.
  Result<bool> Poll(std::chrono::steady_clock::time_point until,
                    int input_fd = -1);

 private:
  struct Impl;
  explicit FeedFollower(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xinbao::client
