#include "broker/feed/feed_publisher.h"

#include <chrono>

#include "broker/base/owned_message.h"
#include "proto/names.h"
#include "proto/wire_fields.h"

namespace xinbao::broker {
namespace {

constexpr std::chrono::milliseconds kHeartbeatInterval{1000};

}  // namespace

std::string FeedTopic(const v1::FeedItem& item) {
  switch (item.body_case()) {
    case v1::FeedItem::kReport:
      return "r." + std::string(KindSlug(item.report().kind())) + "." +
             item.report().unit_id() + ".";
    case v1::FeedItem::kEvent:
      return "e." + item.event().event_id() + ".";
    case v1::FeedItem::kAlarm: {
      // An event's alarm names the event; a 督办 item's the item; a
      // commission's the commission.
      const v1::Alarm& alarm = item.alarm().alarm();
      const std::string& about = !alarm.event_id().empty() ? alarm.event_id()
                                 : !alarm.item_id().empty()
                                     ? alarm.item_id()
                                     : alarm.commission_id();
      return "a." + about + "." + alarm.unit_id() + ".";
    }
    case v1::FeedItem::kDuban:
      return "d." + item.duban().item().item_id() + ".";
    default:
      return "h.";
  }
}

FeedPublisher::FeedPublisher(zmq::socket_t xpub, zmq::socket_t link,
                             uint64_t last_sequence, Clock clock,
                             Vitals* vitals)
    : xpub_(std::move(xpub)),
      link_(std::move(link)),
      last_sequence_(last_sequence),
      clock_(std::move(clock)),
      vitals_(vitals) {}

void FeedPublisher::Run() {
  auto next_heartbeat = std::chrono::steady_clock::now();
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_heartbeat) {
      Heartbeat();
      next_heartbeat = now + kHeartbeatInterval;
    }
    zmq::pollitem_t items[] = {
        {link_.handle(), 0, ZMQ_POLLIN, 0},
        {xpub_.handle(), 0, ZMQ_POLLIN, 0},
    };
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(
        next_heartbeat - std::chrono::steady_clock::now());
    try {
      zmq::poll(items, 2, std::max(wait, std::chrono::milliseconds(0)));
    } catch (const zmq::error_t& error) {
      if (error.num() == EINTR) continue;
      throw;
    }
    zmq::message_t message;
    // Subscriptions arrive as messages on an XPUB; read them so they do
    // not queue (libzmq has already applied them): byte 1 subscribes,
    // byte 0 unsubscribes.
    while (xpub_.recv(message, zmq::recv_flags::dontwait)) {
      const int change = audience_.Apply(message.to_string_view());
      if (vitals_ != nullptr && change != 0) vitals_->AddFeedSubscriptions(change);
    }
    while (link_.recv(message, zmq::recv_flags::dontwait)) {
      std::unique_ptr<FeedBatch> batch = AdoptOwned<FeedBatch>(message);
      if (batch == nullptr) return;
      Publish(*batch);
    }
  }
}

void FeedPublisher::Publish(const FeedBatch& batch) {
  for (const v1::FeedItem* item : batch.items) {
    if (item->feed_sequence() != 0) last_sequence_ = item->feed_sequence();
  }
  const bool items = audience_.WantsItems();
  const bool bundles = audience_.WantsBundles();
  if (!items && !bundles) return;
  bundle_.clear();
  for (const v1::FeedItem* item : batch.items) {
    item->SerializeToString(&buffer_);
    if (items) Send(FeedTopic(*item), buffer_);
    if (!bundles) continue;
    AppendBytesField(&bundle_, v1::FeedItems::kItemsFieldNumber, buffer_);
    if (bundle_.size() >= kBundleBytes) {
      Send(kBundleTopic, bundle_);
      bundle_.clear();
    }
  }
  if (bundles && !bundle_.empty()) Send(kBundleTopic, bundle_);
}

void FeedPublisher::Send(std::string_view topic, const std::string& payload) {
  // Never blocks: at a subscriber's high-water mark PUB drops for it.
  xpub_.send(zmq::buffer(topic), zmq::send_flags::sndmore |
                                     zmq::send_flags::dontwait);
  xpub_.send(zmq::buffer(payload), zmq::send_flags::dontwait);
}

void FeedPublisher::Heartbeat() {
  v1::FeedItem item;
  item.set_at_ms(clock_());
  item.mutable_heartbeat()->set_feed_sequence(last_sequence_);
  item.SerializeToString(&buffer_);
  Send(FeedTopic(item), buffer_);
}

}  // namespace xinbao::broker
