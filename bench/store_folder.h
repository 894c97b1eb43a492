// A closed ReportStore's folder seen from outside the store, for
// restart_bench.cc: the bytes of its files, a copy a bare open may change,
// and a bare RocksDB open of it — the baseline a broker's start is
// measured against.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xinbao::bench {

// What is in a folder (and its subfolders): every file's bytes, and the
// store's table files and write-ahead logs among them.
struct FolderBytes {
  uint64_t total = 0;
  uint64_t sst = 0;
  uint64_t wal = 0;
  uint64_t sst_files = 0;
};
FolderBytes CountBytes(const std::filesystem::path& dir);

// A copy of the closed store `from` in `to` that a bare open may replay the
// write-ahead log of, leaving `from` as it is: table files (immutable)
// hard-linked, every other file (WAL, MANIFEST, …) copied. False, with the
// reason on stderr, if a file could not be.
bool CopyForReplay(const std::filesystem::path& from,
                   const std::filesystem::path& to);

struct BareOpen {
  double open_s = 0;
  double close_s = 0;
  // What the open table files hold in memory outside any cache (their
  // index and filter blocks): RocksDB's estimate-table-readers-mem, in
  // all, and per column family that holds any.
  uint64_t table_readers_bytes = 0;
  std::vector<std::pair<std::string, uint64_t>> table_readers_by_family;
};

// rocksdb::DB::Open of the closed store in `dir` with the options and
// column families its latest OPTIONS file records (the store's bloom
// filters included), then its close, timed; RocksDB's own log dropped (no
// LOG file is left). nullopt, with the reason on stderr, if it fails.
std::optional<BareOpen> OpenBare(const std::filesystem::path& dir);

}  // namespace xinbao::bench
