// ReportStore: opening, point reads and scans. Append() lives in
// report_store_append.cc, the key encodings in layout.h, and the thread
// rules of the state they share in report_store_impl.h.
#include "storage/report_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/snapshot.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <string>
#include <utility>

#include "storage/layout.h"
#include "storage/report_store_impl.h"
#include "storage/store_logger.h"

namespace xinbao::storage {

namespace {

// Table options every family shares: one block cache of a fixed size for
// the data blocks and for the index and bloom filter blocks of the table
// files, so what reading costs in memory stays within it however many
// reports are stored. Left out of the cache, those blocks are held for
// every open table file: about 8 MiB a million reports (BENCHMARKS.md,
// "Restart and memory"). Indexes and filters are partitioned: a lookup
// loads the one partition it needs, the small top levels stay pinned, and
// so do level 0's, which every write lands in first.
rocksdb::BlockBasedTableOptions SharedTableOptions(
    const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.pin_top_level_index_and_filter = true;
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  return table;
}

rocksdb::ColumnFamilyOptions FamilyOptions(
    const rocksdb::BlockBasedTableOptions& table) {
  rocksdb::ColumnFamilyOptions options;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

// Options for a family that Append() or Get() probe with point lookups:
// a bloom filter spares a disk read for most keys that are not there.
rocksdb::ColumnFamilyOptions PointLookupOptions(
    const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::BlockBasedTableOptions table = SharedTableOptions(cache);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.partition_filters = true;
  return FamilyOptions(table);
}

// The dedupe family is probed once for every report taken in, and nearly
// every probe is for a key that is not there. A bloom filter over the
// memtable's whole keys answers those without a search of the memtable's
// skip list (three quarters of the dedupe probe's time at max rate); its
// bits are 2% of the memtable's size.
rocksdb::ColumnFamilyOptions DedupeOptions(
    const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions options = PointLookupOptions(cache);
  options.memtable_whole_key_filtering = true;
  options.memtable_prefix_bloom_size_ratio = 0.02;
  return options;
}

rocksdb::ColumnFamilyOptions PlainOptions(
    const std::shared_ptr<rocksdb::Cache>& cache) {
  return FamilyOptions(SharedTableOptions(cache));
}

// In the order of enum Family.
std::vector<rocksdb::ColumnFamilyDescriptor> FamilyDescriptors(
    const std::shared_ptr<rocksdb::Cache>& cache) {
  const rocksdb::ColumnFamilyOptions point = PointLookupOptions(cache);
  const rocksdb::ColumnFamilyOptions plain = PlainOptions(cache);
  return {
      {rocksdb::kDefaultColumnFamilyName, plain},
      {layout::kReportsFamily, point},
      {layout::kDedupeFamily, DedupeOptions(cache)},
      {layout::kByUnitFamily, plain},
      {layout::kByTimeFamily, plain},
      {layout::kByEventFamily, plain},
      {layout::kEventsFamily, point},
      {layout::kOpenEventsFamily, plain},
      {layout::kByKindFamily, plain},
      {layout::kEventHistoryFamily, plain},
      {layout::kAuditFamily, plain},
      {layout::kDubanFamily, point},
      {layout::kOpenDubanFamily, plain},
      {layout::kDubanHistoryFamily, plain},
      {layout::kBulletinItemsFamily, point},
      {layout::kOpenBulletinItemsFamily, plain},
      {layout::kBulletinItemHistoryFamily, plain},
      {layout::kBulletinIssuesFamily, point},
      {layout::kDraftIssuesFamily, plain},
      {layout::kBulletinIssueHistoryFamily, plain},
      {layout::kCommissionsFamily, point},
      {layout::kOpenCommissionsFamily, plain},
      {layout::kCommissionHistoryFamily, plain},
      {layout::kAdoptionsFamily, plain},
      {layout::kChainFamily, plain},
      {layout::kUpwardFamily, plain},
      {layout::kLinksFamily, point},
      {layout::kUpwardRefusedFamily, plain},
      {layout::kDownwardFamily, plain},
      {layout::kUpstreamDubanFamily, point},
      {layout::kDubanUpFamily, plain},
  };
}

// The families of the store in `dir` (one read of its manifest); empty if
// there is no store there yet, which is then created whole.
std::vector<std::string> StoredFamilies(const rocksdb::DBOptions& options,
                                        const std::filesystem::path& dir) {
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(options, dir.string(), &names).ok()) {
    names.clear();
  }
  return names;
}

}  // namespace

Status ReportStore::Impl::RecoverNextSequence() {
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), family(Family::kReports)));
  it->SeekToLast();
  if (!it->Valid()) {
    if (!it->status().ok()) return StorageFailure("读取最后序号失败", it->status());
    next_sequence.store(1);
    return Status::Ok();
  }
  if (it->key().size() != layout::kSequenceSize) {
    return Corruption("报告键长度不对 (" + std::to_string(it->key().size()) +
                      " 字节)");
  }
  const uint64_t last = layout::DecodeFixed64(it->key().data());
  if (last == std::numeric_limits<uint64_t>::max()) {
    return Corruption("报告序号已用尽");
  }
  v1::Report report;
  if (!report.ParseFromArray(it->value().data(),
                             static_cast<int>(it->value().size()))) {
    return Corruption("第 " + std::to_string(last) + " 号报告无法解析");
  }
  last_stored_at = report.stored_at_ms();
  next_sequence.store(last + 1);
  return Status::Ok();
}

Status StorageFailure(std::string_view what, const rocksdb::Status& status) {
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                std::string(what) + ": " + status.ToString());
}

Status Corruption(std::string_view what) {
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                "存储数据已损坏: " + std::string(what));
}

Status NulInName(std::string_view field) {
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                std::string(field) + " 不能含有 \\0 字符", std::string(field));
}

Status UnknownProperty(std::string_view name) {
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                "存储无法给出运行指标 " + std::string(name));
}

ReportStore::Impl::~Impl() {
  if (db == nullptr) return;
  // A clean close leaves the next Open nothing to replay: what the
  // memtables hold goes to table files now. RocksDB's own close does not
  // do it while the write-ahead log is on, and with 31 families the log
  // holds everything since the slowest one's last flush — 1.2 GiB after a
  // million reports, 7 to 16 s of the next start (bench/restart_bench.cc).
  // A store that stopped taking writes (a full disk) is not asked: the
  // flush would fail too. If it fails anyway, the log still has it all.
  if (!read_only && !stops->Stopped()) {
    rocksdb::FlushOptions flush;
    flush.allow_write_stall = true;  // nothing writes any more
    db->Flush(flush, handles).PermitUncheckedError();
  }
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    // Fails only for a handle that is not this database's.
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  handles.clear();
  db.reset();  // Closes; with sync writes the WAL is already durable.
}

Status ReportStore::Impl::FindAck(const rocksdb::ReadOptions& options,
                                  std::string_view dedupe_key,
                                  std::optional<StoredAck>* ack) const {
  ack->reset();
  rocksdb::PinnableSlice found;
  rocksdb::Status status =
      db->Get(options, family(Family::kDedupe), dedupe_key, &found);
  if (status.IsNotFound()) return Status::Ok();
  if (!status.ok()) return StorageFailure("查找幂等键失败", status);
  StoredAck stored;
  if (!layout::ParseDedupeValue(found.ToStringView(), &stored.sequence,
                                &stored.stored_at_ms)) {
    return Corruption("幂等键记录长度不对");
  }
  *ack = stored;
  return Status::Ok();
}

Status ReportStore::Impl::ReadReport(const rocksdb::ReadOptions& options,
                                     uint64_t sequence, v1::Report* report,
                                     bool* found) const {
  std::string key;
  layout::AppendSequenceKey(&key, sequence);
  rocksdb::PinnableSlice bytes;
  rocksdb::Status status =
      db->Get(options, family(Family::kReports), key, &bytes);
  *found = !status.IsNotFound();
  if (!*found) return Status::Ok();
  if (!status.ok()) return StorageFailure("读取报告失败", status);
  if (!report->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Corruption("第 " + std::to_string(sequence) + " 号报告无法解析");
  }
  return Status::Ok();
}

Status ReportStore::Impl::Scan(Family f, std::string_view lower,
                               std::string_view upper, size_t key_size,
                               const ReportVisitor& visit) const {
  rocksdb::ManagedSnapshot snapshot(db.get());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  const rocksdb::Slice upper_bound(upper);
  if (!upper.empty()) options.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, family(f)));

  const bool is_index = f != Family::kReports;
  v1::Report report;  // Reused: one allocation per scan, not per report.
  for (it->Seek(lower); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.size() != key_size) {
      return Corruption("键长度不对 (" + std::to_string(key.size()) +
                        " 字节)");
    }
    const uint64_t sequence = layout::TrailingSequence(key);
    if (is_index) {
      bool found = false;
      Status status = ReadReport(options, sequence, &report, &found);
      if (!status.ok()) return status;
      if (!found) {
        return Corruption("索引指向的第 " + std::to_string(sequence) +
                          " 号报告不存在");
      }
    } else if (!report.ParseFromArray(it->value().data(),
                                      static_cast<int>(it->value().size()))) {
      return Corruption("第 " + std::to_string(sequence) + " 号报告无法解析");
    }
    if (!visit(report)) return Status::Ok();
  }
  if (!it->status().ok()) return StorageFailure("扫描报告失败", it->status());
  return Status::Ok();
}

ReportStore::ReportStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ReportStore::~ReportStore() = default;

Result<std::unique_ptr<ReportStore>> ReportStore::Open(
    const std::filesystem::path& dir, const StoreOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  // The write-ahead log is kept until every family holding a write of its
  // oldest file has flushed. The default family takes the feed sequence
  // every batch and fills slowly, so RocksDB's default bound (4 × all
  // families' write buffers, ≈ 15 GiB here) would leave a start after a
  // crash that much log to replay. At this size older families are
  // flushed instead: a start after kill -9 replays at most this much
  // (242 MiB took 1.3 s in bench/restart_bench.cc).
  db_options.max_total_wal_size = uint64_t{256} << 20;
  auto logger = std::make_shared<StoreLogger>(options.log, options.log_level);
  db_options.info_log = logger;

  auto impl = std::make_unique<Impl>();
  impl->write_options.sync = options.sync;
  impl->dir = dir;
  if (options.file_system != nullptr) {
    impl->env = rocksdb::NewCompositeEnv(options.file_system);
    db_options.env = impl->env.get();
  }
  db_options.listeners.push_back(impl->stops);
  // A store made by an earlier version lacks the newer families.
  const std::vector<std::string> stored = StoredFamilies(db_options, dir);
  auto lacks = [&](std::string_view name) {
    return !stored.empty() &&
           std::find(stored.begin(), stored.end(), name) == stored.end();
  };
  const bool backfill_kinds = lacks(layout::kByKindFamily);
  const bool backfill_history = lacks(layout::kEventHistoryFamily);
  impl->read_only = options.read_only;
  if (options.read_only && (stored.empty() || lacks(layout::kChainFamily) ||
                            lacks(layout::kDubanUpFamily))) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  stored.empty()
                      ? "目录 " + dir.string() + " 里没有报告库"
                      : "目录 " + dir.string() +
                            " 里的报告库由旧版本写成：只读打开不能升级它。请先"
                            "用本版本的 xinbao-broker 正常启动一次，再来查看");
  }
  logger->SetMakingNewStore(stored.empty());
  // Index and filter blocks get half the cache first (LRU's high
  // priority pool), so a scan of many data blocks does not push them out.
  impl->block_cache = rocksdb::NewLRUCache(options.block_cache_bytes,
                                           /*num_shard_bits=*/-1,
                                           /*strict_capacity_limit=*/false,
                                           /*high_pri_pool_ratio=*/0.5);
  std::vector<rocksdb::ColumnFamilyDescriptor> families =
      FamilyDescriptors(impl->block_cache);
  // A family this binary does not know (a store of a newer version) is
  // opened too — RocksDB opens all or none — so that the format check
  // below, not RocksDB, says what is wrong.
  for (const std::string& name : stored) {
    auto known = [&](const rocksdb::ColumnFamilyDescriptor& family) {
      return family.name == name;
    };
    if (std::none_of(families.begin(), families.end(), known)) {
      families.push_back({name, PlainOptions(impl->block_cache)});
    }
  }
  rocksdb::DB* db = nullptr;
  rocksdb::Status status =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, dir.string(), families,
                                         &impl->handles, &db)
          : rocksdb::DB::Open(db_options, dir.string(), families,
                              &impl->handles, &db);
  logger->SetMakingNewStore(false);
  impl->db.reset(db);
  if (!status.ok()) {
    return StorageFailure("无法打开报告库 " + dir.string(), status);
  }
  uint64_t version = 0;
  Status recovered = impl->CheckFormatVersion(&version);
  if (recovered.ok()) recovered = impl->RecoverNextSequence();
  if (recovered.ok()) recovered = impl->RecoverNextAudit();
  if (recovered.ok() && backfill_kinds) recovered = impl->BackfillKinds();
  if (recovered.ok() && backfill_history) recovered = impl->BackfillHistory();
  if (recovered.ok()) recovered = impl->RecoverChainHead();
  if (recovered.ok()) recovered = impl->RecoverUpward();
  if (recovered.ok()) recovered = impl->RecoverDownward();
  if (recovered.ok()) recovered = impl->RecoverDubanUp();
  // Version 1 had no chain: link what is stored, then say version 2.
  if (recovered.ok() && version < 2) recovered = impl->BackfillChain();
  if (recovered.ok() && version < layout::kFormatVersion) {
    recovered = impl->WriteFormatVersion();
  }
  if (!recovered.ok()) return recovered;
  return std::unique_ptr<ReportStore>(new ReportStore(std::move(impl)));
}

Result<v1::Report> ReportStore::Get(uint64_t sequence) const {
  v1::Report report;
  bool found = false;
  Status status =
      impl_->ReadReport(rocksdb::ReadOptions(), sequence, &report, &found);
  if (!status.ok()) return status;
  if (!found) {
    return Result<v1::Report>(
        v1::ERROR_CODE_INVALID_FIELD,
        "没有序号为 " + std::to_string(sequence) + " 的报告", "sequence");
  }
  return report;
}

Result<std::optional<StoredAck>> ReportStore::Lookup(
    std::string_view unit_id, std::string_view idempotency_key) const {
  // With a \0 inside, "unit \0 key" could name another unit's key.
  if (layout::HasNul(unit_id)) return NulInName("unit_id");
  if (layout::HasNul(idempotency_key)) return NulInName("idempotency_key");
  std::string key;
  layout::AppendDedupeKey(&key, unit_id, idempotency_key);
  std::optional<StoredAck> ack;
  Status status = impl_->FindAck(rocksdb::ReadOptions(), key, &ack);
  if (!status.ok()) return status;
  return ack;
}

Result<std::optional<StoredAck>> ReportStore::LookupSame(
    const v1::Report& report) const {
  const std::string_view unit = report.has_forwarded()
                                    ? report.forwarded().origin_unit_id()
                                    : report.unit_id();
  if (layout::HasNul(unit)) return NulInName("unit_id");
  if (layout::HasNul(report.idempotency_key())) return NulInName("idempotency_key");
  if (report.has_forwarded() && layout::HasNul(report.forwarded().origin_broker())) {
    return NulInName("forwarded.origin_broker");
  }
  std::string key;
  layout::AppendReportDedupeKey(&key, report);
  std::optional<StoredAck> ack;
  Status status = impl_->FindAck(rocksdb::ReadOptions(), key, &ack);
  if (!status.ok()) return status;
  return ack;
}

uint64_t ReportStore::next_sequence() const {
  return impl_->next_sequence.load(std::memory_order_acquire);
}

Status ReportStore::ScanSequence(uint64_t first, uint64_t last,
                                 const ReportVisitor& visit) const {
  if (first > last) return Status::Ok();
  std::string lower, upper;
  layout::AppendSequenceKey(&lower, first);
  if (last != std::numeric_limits<uint64_t>::max()) {
    layout::AppendSequenceKey(&upper, last + 1);
  }
  return impl_->Scan(Family::kReports, lower, upper, layout::kSequenceSize,
                     visit);
}

Status ReportStore::ScanUnit(std::string_view unit_id, uint64_t first,
                             const ReportVisitor& visit) const {
  if (layout::HasNul(unit_id)) return NulInName("unit_id");
  std::string lower, upper;
  layout::AppendNamedKey(&lower, unit_id, first);
  layout::AppendNamedLimit(&upper, unit_id);
  return impl_->Scan(Family::kByUnit, lower, upper,
                     layout::NamedKeySize(unit_id), visit);
}

Status ReportStore::ScanEvent(std::string_view event_id,
                              const ReportVisitor& visit) const {
  if (layout::HasNul(event_id)) return NulInName("event_id");
  std::string lower, upper;
  layout::AppendNamedKey(&lower, event_id, 0);
  layout::AppendNamedLimit(&upper, event_id);
  return impl_->Scan(Family::kByEvent, lower, upper,
                     layout::NamedKeySize(event_id), visit);
}

Status ReportStore::ScanStoredTime(int64_t from_ms, int64_t to_ms,
                                   const ReportVisitor& visit) const {
  if (from_ms >= to_ms) return Status::Ok();
  // Stored time never steps back: the time range is a sequence range
  // (by_time holds only each batch's first report).
  Result<SequenceRange> range =
      impl_->StoredBetween(from_ms, to_ms, next_sequence() - 1);
  if (!range.ok()) return range.status();
  if (range->first > range->last) return Status::Ok();
  return ScanSequence(range->first, range->last, visit);
}

}  // namespace xinbao::storage
