#include "clients/desk/courier.h"

#include <algorithm>
#include <chrono>

#include "clients/web/json_mapping.h"

namespace xinbao::desk {
namespace {

using Clock = std::chrono::steady_clock;

// A round ends this long after it starts; with a one-second reply timeout
// the client reconnects inside a round when the broker is silent, so
// reports resent to a dead link never pile up in the socket.
constexpr auto kRound = std::chrono::milliseconds(1500);
constexpr auto kIdleWait = std::chrono::seconds(1);
constexpr std::size_t kSentKept = 2000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

v1::Report WithoutBytes(v1::Report report) {
  for (v1::Attachment& attachment : *report.mutable_attachments()) {
    attachment.clear_data();
  }
  return report;
}

}  // namespace

Result<std::unique_ptr<Courier>> Courier::Start(
    client::ClientOptions options, const std::filesystem::path& sent_log,
    std::function<void()> on_change) {
  options.reply_timeout = std::chrono::milliseconds(1000);
  Result<std::unique_ptr<client::SubmitClient>> client =
      client::SubmitClient::Open(std::move(options));
  if (!client.ok()) return client.status();
  Result<std::unique_ptr<web::JsonLinesFile>> file =
      web::JsonLinesFile::Open(sent_log, "送达记录");
  if (!file.ok()) return file.status();
  std::vector<web::api::OutboxItem> sent;
  XINBAO_RETURN_IF_ERROR((*file)->ReadAll([&](std::string_view line) {
    web::api::OutboxItem item;
    if (web::FromJson(line, &item).ok()) sent.push_back(std::move(item));
  }));
  if (sent.size() > kSentKept) sent.erase(sent.begin(), sent.end() - kSentKept);
  return std::unique_ptr<Courier>(new Courier(std::move(client).value(),
                                              std::move(file).value(),
                                              std::move(sent),
                                              std::move(on_change)));
}

Courier::Courier(std::unique_ptr<client::SubmitClient> client,
                 std::unique_ptr<web::JsonLinesFile> sent_file,
                 std::vector<web::api::OutboxItem> sent,
                 std::function<void()> on_change)
    : client_(std::move(client)),
      sent_file_(std::move(sent_file)),
      on_change_(std::move(on_change)),
      sent_(std::move(sent)) {
  work_ = true;  // whatever a previous run left pending
  thread_ = std::thread([this] { Run(); });
}

Courier::~Courier() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Courier::Wake() {
  {
    std::lock_guard lock(mutex_);
    work_ = true;
  }
  wake_.notify_all();
}

Result<client::OutboxEntry> Courier::Post(v1::Report report) {
  Result<client::OutboxEntry> added =
      client_->outbox().Add(client::Stamped(std::move(report)));
  if (added.ok()) Wake();
  return added;
}

Result<client::OutboxEntry> Courier::Resend(uint64_t ordinal, v1::Report fixed) {
  Result<client::OutboxEntry> added =
      client_->outbox().Resend(ordinal, client::Stamped(std::move(fixed)));
  if (added.ok()) Wake();
  return added;
}

Result<client::RejectedEntry> Courier::Discard(uint64_t ordinal) {
  Result<client::RejectedEntry> gone = client_->outbox().Discard(ordinal);
  if (gone.ok() && on_change_) on_change_();
  return gone;
}

void Courier::Run() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kIdleWait, [this] { return work_ || stop_; });
      if (stop_) return;
      work_ = false;
    }
    Deliver();
  }
}

void Courier::Deliver() {
  // The count is kept in memory: an idle desk reads no file.
  if (client_->outbox().PendingCount() == 0) return;
  bool was_reachable;
  {
    std::lock_guard lock(mutex_);
    was_reachable = reachable_;
  }
  client::FlushSummary summary = client_->Flush(
      Clock::now() + kRound,
      [this](const client::Delivery& delivery) { Record(delivery); });
  bool settled = summary.acknowledged + summary.rejected > 0;
  {
    std::lock_guard lock(mutex_);
    if (settled) {
      reachable_ = true;
      last_contact_ms_ = NowMs();
    } else if (summary.still_pending > 0) {
      reachable_ = false;
    }
    if (summary.still_pending > 0) work_ = true;  // next round at once
  }
  if ((settled || was_reachable != reachable_) && on_change_) on_change_();
}

void Courier::Record(const client::Delivery& delivery) {
  if (!delivery.acknowledged) return;  // refused: the outbox keeps it
  {
    // A report resent after a crash comes back as a duplicate of one this
    // desk may already have recorded.
    std::lock_guard lock(mutex_);
    for (const web::api::OutboxItem& known : sent_) {
      if (known.ack().sequence() == delivery.ack.sequence()) return;
    }
  }
  web::api::OutboxItem item;
  item.set_state(web::api::OutboxItem::STATE_SENT);
  *item.mutable_report() = WithoutBytes(delivery.report);
  *item.mutable_ack() = delivery.ack;
  item.set_settled_at_ms(NowMs());
  (void)sent_file_->Append(item);  // a lost line only hides a 已送达 mark
  std::lock_guard lock(mutex_);
  sent_.push_back(std::move(item));
  if (sent_.size() > kSentKept) sent_.erase(sent_.begin());
}

web::api::OutboxView Courier::View(std::size_t sent_limit) {
  web::api::OutboxView view;
  if (auto pending = client_->outbox().Pending(); pending.ok()) {
    for (auto it = pending->rbegin(); it != pending->rend(); ++it) {
      web::api::OutboxItem* item = view.add_items();
      item->set_state(web::api::OutboxItem::STATE_PENDING);
      item->set_ordinal(it->ordinal);
      *item->mutable_report() = WithoutBytes(it->report);
    }
  }
  if (auto refused = client_->outbox().Rejected(); refused.ok()) {
    for (auto it = refused->rbegin(); it != refused->rend(); ++it) {
      web::api::OutboxItem* item = view.add_items();
      item->set_state(web::api::OutboxItem::STATE_REFUSED);
      item->set_ordinal(it->ordinal);
      *item->mutable_report() = WithoutBytes(it->report);
      *item->mutable_error() = it->error;
    }
  }
  std::lock_guard lock(mutex_);
  std::size_t shown = 0;
  for (auto it = sent_.rbegin(); it != sent_.rend() && shown < sent_limit;
       ++it, ++shown) {
    *view.add_items() = *it;
  }
  view.set_broker_reachable(reachable_);
  view.set_last_contact_ms(last_contact_ms_);
  return view;
}

std::optional<v1::Report> Courier::LatestOf(const std::string& event_id) {
  if (auto pending = client_->outbox().Pending(); pending.ok()) {
    for (auto it = pending->rbegin(); it != pending->rend(); ++it) {
      if (it->report.event_id() == event_id) return WithoutBytes(it->report);
    }
  }
  std::lock_guard lock(mutex_);
  for (auto it = sent_.rbegin(); it != sent_.rend(); ++it) {
    if (it->report().event_id() == event_id) return it->report();
  }
  return std::nullopt;
}

}  // namespace xinbao::desk
