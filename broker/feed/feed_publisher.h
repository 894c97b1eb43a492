// FeedPublisher: the thread that owns the live feed's XPUB socket.
//
// The committer hands it, after each durable write, the feed items of that
// write with their feed sequences already assigned (a FeedBatch, by pointer
// over an inproc PAIR, like submissions). It publishes each as two frames,
// [topic][FeedItem], in order, and a heartbeat every second carrying the
// last sequence published. Topics (prefix-matched by subscribers):
//   r.<kind>.<unit_id>.         an accepted report (kind: urgent, important,
//                                general, research, experience)
//   e.<event_id>.                an urgent event's new state
//   a.<event_id>.<unit_id>.      an alarm raised or cleared
//   d.<item_id>.                 a 督办 item's new state
//   h.                           a heartbeat
// and the same items again as bundles, [b.][FeedItems] of about
// kBundleBytes each, for whole-feed subscribers: a message per item costs
// the broker (and CURVE) per subscriber, a bundle a twentieth of that.
// Each kind is built only while someone holds a subscription that can
// receive it (FeedAudience).
// A subscriber that cannot keep up loses messages at its high-water mark
// (feed_hwm): PUB never blocks, so a slow or stalled monitor never slows
// ingest and its queue never grows past the mark. It sees the gap in
// feed_sequence and takes a new snapshot.
//
// It counts the subscriptions it sees arrive and go (the XPUB must be
// ZMQ_XPUB_VERBOSER, so that every one is passed up, and every one of a
// subscriber that disconnects is passed up as gone) in the broker's Vitals.
// Drops at the mark are not counted: libzmq does not say.
//
// Threads: Run() is the thread body; it owns both sockets from then on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include <google/protobuf/arena.h>
#include <zmq.hpp>

#include "broker/base/clock.h"
#include "broker/base/vitals.h"
#include "broker/feed/feed_audience.h"
#include "xinbao/v1/feed.pb.h"

namespace xinbao::broker {

// Committer -> publisher: the items of one durable write, in feed order,
// on one arena: the committer copies reports' summaries and events' states
// into it without a malloc for every string of them, and the publisher
// frees them all at once with the batch.
struct FeedBatch {
  google::protobuf::Arena arena;
  std::vector<v1::FeedItem*> items;  // on `arena`

  // A new empty item at the end.
  v1::FeedItem* Add() {
    return items.emplace_back(
        google::protobuf::Arena::CreateMessage<v1::FeedItem>(&arena));
  }
};

// The topic frame of `item`.
std::string FeedTopic(const v1::FeedItem& item);

// The topic of bundles, and the size past which a bundle is sent: a
// stalled subscriber holds at most feed_high_water_mark messages, so this
// bounds what it can cost the broker's memory (10,000 × 4 KiB by default).
inline constexpr std::string_view kBundleTopic = "b.";
inline constexpr std::size_t kBundleBytes = 4096;

class FeedPublisher {
 public:
  // `last_sequence`: the last feed sequence already published (stored).
  // `vitals` (may be null) must outlive Run().
  FeedPublisher(zmq::socket_t xpub, zmq::socket_t link, uint64_t last_sequence,
                Clock clock, Vitals* vitals = nullptr);

  // Publishes until the committer's stop signal (a null FeedBatch).
  void Run();

 private:
  void Publish(const FeedBatch& batch);
  void Send(std::string_view topic, const std::string& payload);
  void Heartbeat();

  zmq::socket_t xpub_;
  zmq::socket_t link_;
  uint64_t last_sequence_;
  Clock clock_;
  std::string buffer_;
  std::string bundle_;
  FeedAudience audience_;
  Vitals* vitals_;  // null: subscriptions not counted
};

}  // namespace xinbao::broker
