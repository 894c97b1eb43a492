#include "clients/lib/feed_reader.h"

#include <cstdint>
#include <iterator>
#include <string_view>
#include <zmq_addon.hpp>

namespace xinbao::client {

void SubscribeWholeFeed(zmq::socket_t& sub) {
  sub.set(zmq::sockopt::subscribe, "b.");
  sub.set(zmq::sockopt::subscribe, "h.");
}

bool ReceiveFeedItems(zmq::socket_t& sub, std::vector<v1::FeedItem>* items) {
  std::vector<zmq::message_t> frames;
  try {
    if (!zmq::recv_multipart(sub, std::back_inserter(frames),
                             zmq::recv_flags::dontwait)) {
      return false;
    }
  } catch (const zmq::error_t&) {
    return false;
  }
  if (frames.size() != 2 ||
      frames[1].size() > static_cast<std::size_t>(INT32_MAX)) {
    return true;
  }
  const int size = static_cast<int>(frames[1].size());
  if (frames[0].to_string_view() == "b.") {
    v1::FeedItems bundle;
    if (!bundle.ParseFromArray(frames[1].data(), size)) return true;
    for (v1::FeedItem& item : *bundle.mutable_items()) {
      items->push_back(std::move(item));
    }
    return true;
  }
  v1::FeedItem item;
  if (item.ParseFromArray(frames[1].data(), size)) {
    items->push_back(std::move(item));
  }
  return true;
}

}  // namespace xinbao::client
