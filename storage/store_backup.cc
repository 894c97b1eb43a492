// ReportStore::Backup(), ListBackups() and Restore(): RocksDB's
// BackupEngine behind the store's own types (report_store.h, BackupMade).
//
// Each backup carries, as its application metadata, the last sequence
// acknowledged before it began, the archive chain's head then (index, hash
// in hex, time) and the maker's note:
//   "<last_sequence> <chain_index> <chain_hash_hex> <linked_at_ms>\n<note>"
// (backups made before the chain: "<last_sequence>\n<note>").
#include <rocksdb/env.h>
#include <rocksdb/utilities/backup_engine.h>

#include <charconv>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "proto/chain_hash.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {
namespace {

std::string Metadata(uint64_t last_sequence, const v1::ChainHead& head,
                     std::string_view note) {
  return std::to_string(last_sequence) + " " + std::to_string(head.index()) +
         " " + (head.index() == 0 ? "-" : ChainHex(head.hash())) + " " +
         std::to_string(head.linked_at_ms()) + "\n" + std::string(note);
}

// The chain head in the first line of a backup's metadata, after the
// sequence: "<index> <hash_hex> <linked_at_ms>"; left empty if absent.
void ParseChainHead(std::string_view rest, v1::ChainHead* head) {
  uint64_t index = 0;
  int64_t at_ms = 0;
  auto [end, error] =
      std::from_chars(rest.data(), rest.data() + rest.size(), index);
  if (error != std::errc() || index == 0) return;
  rest.remove_prefix(end - rest.data());
  if (rest.size() < 2 * kChainHashSize + 3 || rest.front() != ' ') return;
  ChainHash hash;
  if (!ChainHashFromHex(rest.substr(1, 2 * kChainHashSize), &hash)) return;
  rest.remove_prefix(1 + 2 * kChainHashSize + 1);
  std::from_chars(rest.data(), rest.data() + rest.size(), at_ms);
  head->set_index(index);
  head->set_hash(ChainBytes(hash));
  head->set_linked_at_ms(at_ms);
}

BackupMade FromInfo(const rocksdb::BackupInfo& info) {
  BackupMade made;
  made.id = info.backup_id;
  made.created_at_ms = info.timestamp * 1000;
  made.size_bytes = info.size;
  made.files = info.number_files;
  const std::string& metadata = info.app_metadata;
  const std::size_t newline = metadata.find('\n');
  const std::string_view first =
      std::string_view(metadata).substr(0, newline);
  auto [end, error] = std::from_chars(first.data(), first.data() + first.size(),
                                      made.last_sequence);
  if (error == std::errc() && end < first.data() + first.size() &&
      *end == ' ') {
    ParseChainHead(first.substr(end - first.data() + 1), &made.chain_head);
  }
  if (newline != std::string::npos) made.note = metadata.substr(newline + 1);
  return made;
}

std::vector<BackupMade> Infos(const rocksdb::BackupEngineReadOnlyBase& engine) {
  std::vector<rocksdb::BackupInfo> infos;
  engine.GetBackupInfo(&infos);
  std::vector<BackupMade> made;
  made.reserve(infos.size());
  for (const rocksdb::BackupInfo& info : infos) made.push_back(FromInfo(info));
  return made;
}

Status BackupFailure(std::string_view what,
                     const std::filesystem::path& backup_dir,
                     const rocksdb::Status& status) {
  return StorageFailure(std::string(what) + "（备份目录 " +
                            backup_dir.string() + "）",
                        status);
}

}  // namespace

Result<BackupMade> ReportStore::Backup(const std::filesystem::path& backup_dir,
                                       std::string_view note,
                                       uint32_t keep,
                                       std::vector<BackupMade>* kept) const {
  // Read before the backup begins: every report with a sequence up to
  // here was synced before, so it is in the live files the backup copies.
  const uint64_t last_sequence = next_sequence() - 1;
  // Likewise every link up to this head (a restored store has it).
  const v1::ChainHead head = chain_head();
  rocksdb::BackupEngine* opened = nullptr;
  rocksdb::IOStatus status = rocksdb::BackupEngine::Open(
      rocksdb::BackupEngineOptions(backup_dir.string()), rocksdb::Env::Default(),
      &opened);
  std::unique_ptr<rocksdb::BackupEngine> engine(opened);
  if (!status.ok()) return BackupFailure("无法打开备份目录", backup_dir, status);
  rocksdb::CreateBackupOptions options;
  // The live write-ahead log is copied with the table files: no flush,
  // so the writer is not held up.
  options.flush_before_backup = false;
  rocksdb::BackupID id = 0;
  status = engine->CreateNewBackupWithMetadata(
      options, impl_->db.get(), Metadata(last_sequence, head, note), &id);
  if (!status.ok()) return BackupFailure("备份失败", backup_dir, status);
  if (keep != 0) {
    status = engine->PurgeOldBackups(keep);
    if (!status.ok()) {
      return BackupFailure("备份已完成，但删除旧备份失败", backup_dir, status);
    }
  }
  rocksdb::BackupInfo info;
  const rocksdb::Status read = engine->GetBackupInfo(id, &info);
  if (!read.ok()) return BackupFailure("读取备份信息失败", backup_dir, read);
  if (kept != nullptr) *kept = Infos(*engine);
  return FromInfo(info);
}

Result<std::vector<BackupMade>> ReportStore::ListBackups(
    const std::filesystem::path& backup_dir) {
  std::error_code error;
  if (!std::filesystem::exists(backup_dir, error)) {
    return std::vector<BackupMade>();
  }
  rocksdb::BackupEngineReadOnly* opened = nullptr;
  const rocksdb::IOStatus status = rocksdb::BackupEngineReadOnly::Open(
      rocksdb::BackupEngineOptions(backup_dir.string()), rocksdb::Env::Default(),
      &opened);
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(opened);
  if (!status.ok()) return BackupFailure("无法打开备份目录", backup_dir, status);
  return Infos(*engine);
}

Result<BackupMade> ReportStore::Restore(const std::filesystem::path& backup_dir,
                                        uint32_t id,
                                        const std::filesystem::path& dir) {
  std::error_code error;
  if (std::filesystem::exists(dir / "CURRENT", error)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "目录 " + dir.string() +
                      " 里已有报告库：恢复不会覆盖它，请先把它移走（或换一个"
                      "数据目录）",
                  "dir");
  }
  if (!std::filesystem::exists(backup_dir, error)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "备份目录 " + backup_dir.string() + " 不存在", "backup_dir");
  }
  rocksdb::BackupEngineReadOnly* opened = nullptr;
  rocksdb::IOStatus status = rocksdb::BackupEngineReadOnly::Open(
      rocksdb::BackupEngineOptions(backup_dir.string()), rocksdb::Env::Default(),
      &opened);
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(opened);
  if (!status.ok()) return BackupFailure("无法打开备份目录", backup_dir, status);
  const std::vector<BackupMade> backups = Infos(*engine);
  if (backups.empty()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "备份目录 " + backup_dir.string() + " 里没有完好的备份",
                  "backup_dir");
  }
  const BackupMade* chosen = &backups.back();
  if (id != 0) {
    chosen = nullptr;
    for (const BackupMade& backup : backups) {
      if (backup.id == id) chosen = &backup;
    }
    if (chosen == nullptr) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "备份目录 " + backup_dir.string() + " 里没有第 " +
                        std::to_string(id) + " 号备份（有 " +
                        std::to_string(backups.front().id) + " 至 " +
                        std::to_string(backups.back().id) + " 号）",
                    "backup_id");
    }
  }
  std::filesystem::create_directories(dir, error);
  status = engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), chosen->id,
                                       dir.string(), dir.string());
  if (!status.ok()) return BackupFailure("恢复失败", backup_dir, status);
  return *chosen;
}

}  // namespace xinbao::storage
