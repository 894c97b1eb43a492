// Courier: the desk's one sender. It owns the unit's SubmitClient, whose
// on-disk outbox the web threads write into (a report is in the outbox,
// fsync'ed, before the page hears "queued"), and delivers what is pending
// on its own thread, round after round, whether the link to the centre is
// up or down: a report written while the county is unreachable waits in
// the outbox and goes as soon as the broker answers again.
//
// Delivered reports are remembered in a JsonLinesFile (sent.jsonl) with
// the broker's acknowledgement, so the outbox page shows "已送达" with the
// sequence number after a restart too; refused ones stay in the outbox's
// rejected/ folder with the broker's reason until fixed and resent or
// discarded.
//
// Threads: every method is safe from any thread; `on_change` is called on
// the courier's thread whenever the view changed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "clients/lib/submit_client.h"
#include "clients/web/json_lines_file.h"
#include "proto/status.h"
#include "xinbao/web/api.pb.h"

namespace xinbao::desk {

class Courier {
 public:
  // Opens the outbox (options.outbox_dir) and `sent_log`, and starts
  // delivering. Fails as SubmitClient::Open and JsonLinesFile::Open do.
  static Result<std::unique_ptr<Courier>> Start(
      client::ClientOptions options, const std::filesystem::path& sent_log,
      std::function<void()> on_change);
  ~Courier();  // stops the thread; what is pending stays in the outbox

  // Stamps `report` (client::Stamped) and adds it to the outbox durably.
  Result<client::OutboxEntry> Post(v1::Report report);
  // Refused entry `ordinal` goes back to the outbox as `fixed`.
  Result<client::OutboxEntry> Resend(uint64_t ordinal, v1::Report fixed);
  Result<client::RejectedEntry> Discard(uint64_t ordinal);

  // Pending, refused and the latest `sent_limit` delivered, newest first
  // within each; attachment bytes left out.
  web::api::OutboxView View(std::size_t sent_limit = 200);
  // This desk's latest report of `event_id`, pending or delivered (for a
  // 续报 typed on top of the last one), with its attachments' bytes left
  // out; nullopt if it has none.
  std::optional<v1::Report> LatestOf(const std::string& event_id);

 private:
  Courier(std::unique_ptr<client::SubmitClient> client,
          std::unique_ptr<web::JsonLinesFile> sent_file,
          std::vector<web::api::OutboxItem> sent,
          std::function<void()> on_change);
  void Run();
  void Deliver();
  void Record(const client::Delivery& delivery);
  void Wake();

  std::unique_ptr<client::SubmitClient> client_;
  std::unique_ptr<web::JsonLinesFile> sent_file_;
  std::function<void()> on_change_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool work_ = false;
  bool stop_ = false;
  std::vector<web::api::OutboxItem> sent_;  // oldest first
  bool reachable_ = false;
  int64_t last_contact_ms_ = 0;

  std::thread thread_;
};

}  // namespace xinbao::desk
