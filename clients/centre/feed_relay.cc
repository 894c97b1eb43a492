#include "clients/centre/feed_relay.h"

#include <chrono>

#include "clients/web/json_mapping.h"

namespace xinbao::centre {
namespace {

using Clock = std::chrono::steady_clock;

// At most one "batch" this often: a page is woken ten times a second at
// most, whatever the feed's rate, and an item waits at most this long.
constexpr auto kBatchInterval = std::chrono::milliseconds(100);

web::api::Link::State StateOf(client::LinkState link) {
  switch (link) {
    case client::LinkState::kLive:
      return web::api::Link::STATE_LIVE;
    case client::LinkState::kReconnecting:
      return web::api::Link::STATE_RECONNECTING;
    default:
      return web::api::Link::STATE_CONNECTING;
  }
}

// Adds the display names of the units `batch` mentions.
void NameUnits(const client::UnitNames& names, web::api::BoardBatch* batch) {
  auto name = [&](const std::string& id) {
    auto found = names.find(id);
    if (found != names.end()) (*batch->mutable_unit_names())[id] = found->second;
  };
  for (const v1::ReportSummary& report : batch->reports()) name(report.unit_id());
  for (const v1::Alarm& alarm : batch->alarms()) name(alarm.unit_id());
  for (const v1::EventState& event : batch->events()) {
    name(event.responsible_unit_id());
    for (const std::string& unit : event.units()) name(unit);
  }
}

// Adds the display names of the units (office, lead and co-units) of the
// items in `list`.
void NameUnits(const client::UnitNames& names, v1::DubanList* list) {
  auto name = [&](const std::string& id) {
    auto found = names.find(id);
    if (found != names.end()) (*list->mutable_unit_names())[id] = found->second;
  };
  for (const v1::DubanState& item : list->items()) {
    name(item.item().office_unit_id());
    for (const v1::DubanUnit& unit : item.units()) name(unit.unit_id());
  }
}

}  // namespace

FeedRelay::FeedRelay(client::FeedFollowerOptions options, TimeZone zone,
                     web::EventStream& stream)
    : options_(std::move(options)), stream_(stream), state_(std::move(zone)) {
  thread_ = std::thread([this] { Run(); });
}

FeedRelay::~FeedRelay() {
  stop_ = true;
  thread_.join();
}

web::api::Board FeedRelay::Board() {
  std::lock_guard lock(mutex_);
  return BoardLocked();
}

v1::DubanList FeedRelay::DubanBoard() {
  std::lock_guard lock(mutex_);
  return DubanBoardLocked();
}

void FeedRelay::Attach(const web::EventStream::Attach& attach) {
  std::lock_guard lock(mutex_);
  attach({{"board", web::ToJson(BoardLocked())},
          {"duban", web::ToJson(DubanBoardLocked())}});
}

web::api::Link FeedRelay::Link() {
  std::lock_guard lock(mutex_);
  return LinkLocked();
}

web::api::Link FeedRelay::LinkLocked() const {
  web::api::Link link;
  link.set_state(StateOf(state_.link()));
  link.set_last_heard_ms(state_.last_heard_ms());
  return link;
}

web::api::Board FeedRelay::BoardLocked() const {
  web::api::Board board;
  for (const auto& [id, event] : state_.open_events()) *board.add_events() = event;
  for (const auto& [key, alarm] : state_.open_alarms()) *board.add_alarms() = alarm;
  for (const v1::ReportSummary& report : state_.latest_reports()) {
    *board.add_reports() = report;
  }
  for (const client::EndedEvent& ended : state_.ended_events()) {
    *board.add_ended() = ended.event;
  }
  for (const auto& [id, name] : state_.unit_names()) {
    (*board.mutable_unit_names())[id] = name;
  }
  *board.mutable_link() = LinkLocked();
  board.set_feed_sequence(state_.feed_sequence());
  return board;
}

v1::DubanList FeedRelay::DubanBoardLocked() const {
  v1::DubanList list;
  for (const auto& [id, item] : state_.open_items()) *list.add_items() = item;
  NameUnits(state_.unit_names(), &list);
  return list;
}

void FeedRelay::Run() {
  client::FeedListener listener;
  listener.on_snapshot = [this](const v1::Snapshot&) {
    reset_ = true;
    pending_.Clear();
    pending_items_.Clear();
  };
  listener.on_item = [this](const v1::FeedItem& item) {
    pending_.set_feed_sequence(item.feed_sequence());
    pending_.set_at_ms(item.at_ms());
    switch (item.body_case()) {
      case v1::FeedItem::kReport:
        *pending_.add_reports() = item.report();
        break;
      case v1::FeedItem::kEvent:
        // A later state of the same event replaces an earlier one.
        for (v1::EventState& known : *pending_.mutable_events()) {
          if (known.event_id() == item.event().event_id()) {
            known = item.event();
            return;
          }
        }
        *pending_.add_events() = item.event();
        break;
      case v1::FeedItem::kAlarm:
        *pending_.add_alarms() = item.alarm().alarm();
        break;
      case v1::FeedItem::kDuban:
        // A later state of the same item replaces an earlier one.
        for (v1::DubanState& known : *pending_items_.mutable_items()) {
          if (known.item().item_id() == item.duban().item().item_id()) {
            known = item.duban();
            return;
          }
        }
        *pending_items_.add_items() = item.duban();
        break;
      default:
        break;
    }
  };
  std::unique_ptr<client::FeedFollower> follower;
  web::api::Link::State last_link = web::api::Link::STATE_UNSPECIFIED;
  Clock::time_point last_batch{};
  while (!stop_) {
    if (!follower) {
      Result<std::unique_ptr<client::FeedFollower>> opened =
          client::FeedFollower::Open(options_, &state_, listener);
      if (!opened.ok()) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        continue;
      }
      follower = std::move(opened).value();
    }
    std::unique_lock lock(mutex_);
    Result<bool> changed = follower->Poll(Clock::now() + kBatchInterval);
    if (!changed.ok()) {
      follower.reset();  // refused (not a monitor?): try again later
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::seconds(2));
      continue;
    }
    if (reset_) {
      reset_ = false;
      pending_.Clear();
      pending_items_.Clear();
      stream_.Publish("board", web::ToJson(BoardLocked()));
      stream_.Publish("duban", web::ToJson(DubanBoardLocked()));
      last_batch = Clock::now();
    } else if (pending_.reports_size() + pending_.events_size() +
                       pending_.alarms_size() + pending_items_.items_size() > 0 &&
               Clock::now() - last_batch >= kBatchInterval) {
      if (pending_.reports_size() + pending_.events_size() + pending_.alarms_size() > 0) {
        NameUnits(state_.unit_names(), &pending_);
        stream_.Publish("batch", web::ToJson(pending_));
        pending_.Clear();
      }
      if (pending_items_.items_size() > 0) {
        NameUnits(state_.unit_names(), &pending_items_);
        stream_.Publish("duban_batch", web::ToJson(pending_items_));
        pending_items_.Clear();
      }
      last_batch = Clock::now();
    }
    web::api::Link link = LinkLocked();
    if (link.state() != last_link) {
      last_link = link.state();
      stream_.Publish("link", web::ToJson(link));
    }
  }
}

}  // namespace xinbao::centre
