#include "bench/store_folder.h"

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/utilities/options_util.h>

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <memory>
#include <system_error>

namespace xinbao::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point begin) {
  return std::chrono::duration<double>(Clock::now() - begin).count();
}

// RocksDB's diagnostics, dropped: the bare open must not leave a LOG file
// in the store (the store's own logger never does).
class SilentLogger : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char* /*format*/, va_list /*ap*/) override {}
};

}  // namespace

FolderBytes CountBytes(const std::filesystem::path& dir) {
  FolderBytes bytes;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
       !error && it != std::filesystem::recursive_directory_iterator();
       it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const uint64_t size = it->file_size(error);
    if (error) continue;
    bytes.total += size;
    const std::string extension = it->path().extension().string();
    if (extension == ".sst") {
      bytes.sst += size;
      ++bytes.sst_files;
    } else if (extension == ".log") {
      bytes.wal += size;
    }
  }
  return bytes;
}

bool CopyForReplay(const std::filesystem::path& from,
                   const std::filesystem::path& to) {
  std::error_code error;
  std::filesystem::create_directories(to, error);
  for (const auto& entry : std::filesystem::directory_iterator(from, error)) {
    if (!entry.is_regular_file()) continue;
    const std::filesystem::path target = to / entry.path().filename();
    if (entry.path().extension() == ".sst") {
      std::filesystem::create_hard_link(entry.path(), target, error);
    } else {
      std::filesystem::copy_file(entry.path(), target, error);
    }
    if (error) {
      std::fprintf(stderr, "copy %s: %s\n", entry.path().c_str(),
                   error.message().c_str());
      return false;
    }
  }
  if (error) {
    std::fprintf(stderr, "copy %s: %s\n", from.c_str(), error.message().c_str());
  }
  return !error;
}

std::optional<BareOpen> OpenBare(const std::filesystem::path& dir) {
  rocksdb::ConfigOptions config;
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  rocksdb::Status status =
      rocksdb::LoadLatestOptions(config, dir.string(), &db_options, &families);
  if (!status.ok()) {
    std::fprintf(stderr, "OPTIONS: %s\n", status.ToString().c_str());
    return std::nullopt;
  }
  db_options.create_if_missing = false;
  db_options.info_log = std::make_shared<SilentLogger>();
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  BareOpen open;
  const auto begin = Clock::now();
  status = rocksdb::DB::Open(db_options, dir.string(), families, &handles, &db);
  open.open_s = SecondsSince(begin);
  if (!status.ok()) {
    std::fprintf(stderr, "DB::Open: %s\n", status.ToString().c_str());
    return std::nullopt;
  }
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    uint64_t bytes = 0;
    if (db->GetIntProperty(handle,
                           rocksdb::DB::Properties::kEstimateTableReadersMem,
                           &bytes) &&
        bytes > 0) {
      open.table_readers_bytes += bytes;
      open.table_readers_by_family.emplace_back(handle->GetName(), bytes);
    }
  }
  const auto closing = Clock::now();
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db->Close().PermitUncheckedError();
  delete db;
  open.close_s = SecondsSince(closing);
  return open;
}

}  // namespace xinbao::bench
