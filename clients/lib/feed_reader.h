// Reading the live feed as xinbao's own programs do (docs/PROTOCOL.md,
// "The live feed"): the whole feed as bundles — [b.][FeedItems], the
// items of one durable write several to a message — and the heartbeats,
// [h.][FeedItem]. A message per item costs the broker, and CURVE, per
// subscriber; a bundle carries about twenty.
//
// Threads: the socket's thread.
#pragma once

#include <vector>
#include <zmq.hpp>

#include "xinbao/v1/feed.pb.h"

namespace xinbao::client {

// Subscribes `sub` to the whole feed: bundles and heartbeats.
void SubscribeWholeFeed(zmq::socket_t& sub);

// Reads one message if one is waiting (false: none was) and appends its
// items in feed order — a bundle's, or the one item of any other topic.
// A message that is neither (wrong frames, unreadable) appends nothing.
bool ReceiveFeedItems(zmq::socket_t& sub, std::vector<v1::FeedItem>* items);

}  // namespace xinbao::client
