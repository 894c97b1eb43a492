#include "broker/backup/backup_keeper.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "proto/chain_hash.h"
#include "proto/utf8.h"

namespace xinbao::broker {
namespace {

constexpr std::size_t kMaxNoteChars = 200;

// The check's outcome in the log: an operator's record of the head, and
// the first break at error level.
void LogCheck(const v1::ChainCheck& check) {
  if (check.intact()) {
    spdlog::info("archive chain intact: {} links, {} records, head {} {}, "
                 "{} ms",
                 check.links_checked(), check.records_checked(),
                 check.head().index(), ChainHex(check.head().hash()),
                 check.took_ms());
    return;
  }
  spdlog::error("archive chain BROKEN at link {} ({}): {}",
                check.first_break().index(),
                ChainKindName(check.first_break().kind()),
                check.first_break().reason());
}

}  // namespace

v1::BackupInfo BackupInfoOf(const storage::BackupMade& made) {
  v1::BackupInfo info;
  info.set_backup_id(made.id);
  info.set_created_at_ms(made.created_at_ms);
  info.set_last_sequence(made.last_sequence);
  info.set_size_bytes(made.size_bytes);
  info.set_files(made.files);
  info.set_note(made.note);
  *info.mutable_chain_head() = made.chain_head;
  return info;
}

Status CheckBackupNote(const std::string& note) {
  // Not UTF-8: DecodeEnvelope has refused the request already.
  if (CountCodePoints(note).value_or(0) > kMaxNoteChars) {
    return Status(v1::ERROR_CODE_FIELD_TOO_LONG,
                  "备份说明最多 " + std::to_string(kMaxNoteChars) + " 个字",
                  "backup.note");
  }
  for (unsigned char c : note) {
    if (c < 0x20 || c == 0x7F) {
      return Status(v1::ERROR_CODE_INVALID_FIELD, "备份说明里不能有控制字符",
                    "backup.note");
    }
  }
  return Status::Ok();
}

BackupKeeper::BackupKeeper(const storage::ReportStore& store,
                           std::filesystem::path dir, BackupPolicy policy,
                           Clock clock)
    : store_(store),
      dir_(std::move(dir)),
      policy_(std::move(policy)),
      clock_(std::move(clock)) {}

BackupKeeper::~BackupKeeper() { Stop(); }

void BackupKeeper::Start() {
  Result<std::vector<storage::BackupMade>> kept =
      storage::ReportStore::ListBackups(dir_);
  {
    std::lock_guard lock(mutex_);
    started_ms_ = clock_();
    if (kept.ok() && !kept->empty()) newest_ = kept->back();
  }
  if (!kept.ok()) {
    spdlog::warn("backup folder {} cannot be read: {}", dir_.string(),
                 kept.status().ToString());
  }
  thread_ = std::thread([this] { Run(); });
}

void BackupKeeper::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackupKeeper::Order(BackupOrder order) {
  {
    std::lock_guard lock(mutex_);
    orders_.push_back(std::move(order));
  }
  wake_.notify_all();
}

std::vector<BackupDone> BackupKeeper::TakeDone() {
  std::lock_guard lock(mutex_);
  return std::exchange(done_, {});
}

std::optional<storage::BackupMade> BackupKeeper::Newest() const {
  std::lock_guard lock(mutex_);
  return newest_;
}

int64_t BackupKeeper::NextDueMs() const {
  if (policy_.every_ms == 0) return 0;
  // None yet: one right after start.
  if (!newest_ && last_failed_ms_ == 0) return started_ms_;
  const int64_t last =
      std::max(newest_ ? newest_->created_at_ms : 0, last_failed_ms_);
  return last + policy_.every_ms;
}

void BackupKeeper::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    std::optional<BackupOrder> order;
    if (!orders_.empty()) {
      order = std::move(orders_.front());
      orders_.pop_front();
    } else {
      const int64_t due = NextDueMs();
      const int64_t now = clock_();
      if (due == 0 || due > now) {
        // Wake for an order, Stop(), or the schedule (re-checked at least
        // once a minute, should the clock jump).
        const int64_t wait_ms = due == 0 ? 60'000 : std::min<int64_t>(due - now, 60'000);
        wake_.wait_for(lock, std::chrono::milliseconds(wait_ms));
        continue;
      }
    }
    lock.unlock();
    if (order && order->verify) {
      BackupDone done{std::move(*order), Status::Ok(), {}, {}};
      Result<v1::ChainCheck> check = store_.VerifyChain();
      if (check.ok()) {
        LogCheck(*check);
        done.check = std::move(check).value();
      } else {
        done.status = check.status();
        spdlog::error("archive chain check failed: {}",
                      done.status.ToString());
      }
      lock.lock();
      done_.push_back(std::move(done));
      continue;
    }
    const std::string note = order ? order->note : "scheduled";
    const auto begin = std::chrono::steady_clock::now();
    Result<v1::BackupResult> result = MakeOne(note);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
            .count();
    if (result.ok()) {
      spdlog::info("backup {} made in {} ({}): reports up to {}, chain head "
                   "{} {}, {} files, {} bytes, {:.1f} s; {} kept",
                   result->made().backup_id(), dir_.string(), note,
                   result->made().last_sequence(),
                   result->made().chain_head().index(),
                   ChainHex(result->made().chain_head().hash()),
                   result->made().files(), result->made().size_bytes(),
                   seconds, result->kept_size());
    } else {
      spdlog::error("backup ({}) in {} failed: {}", note, dir_.string(),
                    result.status().ToString());
    }
    lock.lock();
    if (order) {
      BackupDone done{std::move(*order), result.status(), {}, {}};
      if (result.ok()) done.backup = std::move(result).value();
      done_.push_back(std::move(done));
    } else if (!result.ok()) {
      // A failed scheduled backup is tried again a schedule later, not at
      // once (the folder's disk may be full).
      last_failed_ms_ = clock_();
    }
  }
}

Result<v1::BackupResult> BackupKeeper::MakeOne(const std::string& note) {
  std::vector<storage::BackupMade> kept;
  Result<storage::BackupMade> made =
      store_.Backup(dir_, note, static_cast<uint32_t>(policy_.keep), &kept);
  if (!made.ok()) return made.status();
  v1::BackupResult result;
  *result.mutable_made() = BackupInfoOf(*made);
  result.set_dir(dir_.string());
  for (const storage::BackupMade& backup : kept) {
    *result.add_kept() = BackupInfoOf(backup);
  }
  std::lock_guard lock(mutex_);
  newest_ = *made;
  return result;
}

}  // namespace xinbao::broker
