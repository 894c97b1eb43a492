// ReportStore::Impl: the RocksDB state behind a ReportStore. Private to
// storage/. report_store.cc opens, reads and scans; report_store_append.cc
// writes.
//
// Threads: `db` is thread-safe. `next_sequence` is written only by Append()
// and read by any thread. The Append scratch members below belong to the
// one thread inside Append() (REQUIRES: one caller at a time, as the public
// contract says); no other method touches them.
#pragma once

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <limits>
#include <map>
#include <mutex>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/report_store.h"
#include "storage/batch_keys.h"
#include "storage/chain_links.h"
#include "storage/store_stops.h"

namespace xinbao::storage {

// Column families, in the order they are opened (index into Impl::handles).
enum class Family : size_t {
  kDefault = 0,
  kReports,
  kDedupe,
  kByUnit,
  kByTime,
  kByEvent,
  kEvents,
  kOpenEvents,
  kByKind,
  kEventHistory,
  kAudit,
  kDuban,
  kOpenDuban,
  kDubanHistory,
  kBulletinItems,
  kOpenBulletinItems,
  kBulletinItemHistory,
  kBulletinIssues,
  kDraftIssues,
  kBulletinIssueHistory,
  kCommissions,
  kOpenCommissions,
  kCommissionHistory,
  kAdoptions,
  kChain,
  kUpward,
  kLinks,
  kUpwardRefused,
  kDownward,
  kUpstreamDuban,
  kDubanUp,
};

struct ReportStore::Impl {
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  // Releases the column family handles, then closes the database.
  ~Impl();

  rocksdb::ColumnFamilyHandle* family(Family f) const {
    return handles[static_cast<size_t>(f)];
  }

  // Sets *ack to the ack stored under `dedupe_key`, or to nullopt if none.
  Status FindAck(const rocksdb::ReadOptions& options,
                 std::string_view dedupe_key,
                 std::optional<StoredAck>* ack) const;

  // Reads the report stored under `sequence` into *report. Sets *found to
  // false (and returns OK) if there is none. Fails if RocksDB fails or the
  // stored bytes do not parse.
  Status ReadReport(const rocksdb::ReadOptions& options, uint64_t sequence,
                    v1::Report* report, bool* found) const;

  // The sequences of the reports stored (up to `stored_last`) at or after
  // `from_ms` and before `to_ms`, each bound optional, by two seeks of the
  // sparse by_time (report_range.cc). Empty when none.
  Result<SequenceRange> StoredBetween(std::optional<int64_t> from_ms,
                                      std::optional<int64_t> to_ms,
                                      uint64_t stored_last) const;

  // Sets next_sequence to one past the last stored report and
  // last_stored_at to its stored time (one seek).
  Status RecoverNextSequence();

  // Writes the entries of families a store made by an earlier version
  // lacks: by_kind for every report, event_history with each event's
  // current state at its updated_at_ms.
  Status BackfillKinds();
  // Sets *stored to the store's format version (1 when it has none yet);
  // refuses a store of a newer version than this binary knows, and, read
  // only, an older one (store_format.cc).
  Status CheckFormatVersion(uint64_t* stored);
  // Writes kFormatVersion (after the upgrades Open() made).
  Status WriteFormatVersion();
  // Sets next_audit to one past the last audit record (one seek).
  Status RecoverNextAudit();
  // Sets `chain` to the last stored link (one seek); checks it is whole.
  Status RecoverChainHead();
  // Links every record of a store made before the chain existed, in a
  // fixed order (reports by sequence, then each history family by key,
  // adoptions, audit records), in synced batches (store_chain.cc).
  Status BackfillChain();
  // Gives each of `links` the next index and its hash, adds them to
  // `batch`, writes it, and on success makes the last one the head. The
  // one way anything linked is written: holds chain_mutex from the first
  // index given to the head moved, so links land in index order whatever
  // thread writes (chain_links.cc). `links` is left empty.
  rocksdb::Status WriteLinked(rocksdb::WriteBatch* batch,
                              std::vector<PendingLink>* links);
  Status BackfillHistory();

  // The outcome of appending `report`, whose unit and key were stored
  // before with `ack`: that ack, if the stored report says the same.
  AppendOutcome StoredDuplicateOutcome(const StoredAck& ack,
                                       const v1::Report& report) const;

  // Adds the new `report` (sequence and stored_at_ms set, serialized in
  // `value`, dedupe key in `key`) and its index entries to `batch`, and
  // its pending link (the value's `digest`) to `links`. Only the batch's
  // first new report (`fresh` still empty) gets a stored-time entry: every
  // report of an Append has the same stored time.
  rocksdb::Status AddToBatch(const v1::Report& report, const ChainHash& digest);

  // Sets next_upward from the upward queue's last key and link_positions
  // from the links family (storage/upward_queue.cc).
  Status RecoverUpward();
  // Adds `writes.upward` to `batch` at the next positions (upward_pending
  // is how many the batch holds; next_upward moves only once it is
  // written).
  rocksdb::Status AddUpwardToBatch(const EventWrites& writes);
  // Whether the new forwarded `report` may be stored now: it must follow,
  // in its sender's queue, the last one stored from that sender — this
  // batch's (batch_link_positions) or before (link_positions). OK for a
  // report that is not forwarded; OUT_OF_ORDER otherwise. Records its
  // position in batch_link_positions when it may.
  // `repeat`: the report is stored already (a duplicate). A resend from
  // before the sender's last position is then OK and moves nothing; one
  // at a new position — the same report queued again by its sender (转报
  // twice, or the county's own forward of a 越级 report) — moves the
  // sender's position like a new report, so its next is not out of order.
  // `moved` (if given) says whether the position was recorded.
  Status CheckLinkOrder(const v1::Report& report, bool repeat,
                        bool* moved = nullptr);
  // The senders' positions batch_link_positions holds, into `batch` (one
  // entry each, the last position).
  rocksdb::Status AddLinksToBatch();
  // After a written batch: its queue entries and link positions count.
  void KeepUpwardAndLinks();
  // Sets *next to one past the last key of `queue`, a family keyed by
  // dense fixed64 positions (left as it is when the family is empty);
  // `what` names it in errors (storage/upward_queue.cc).
  Status RecoverQueueTail(Family queue, std::atomic<uint64_t>* next, std::string_view what);
  // Sets down_tails from the downward family (storage/downward_queue.cc).
  Status RecoverDownward();
  // Adds `writes.downward` to `batch`, each at its child's next position
  // (batch_down_tails holds the batch's; down_tails moves only once it is
  // written, in KeepUpwardAndLinks()).
  rocksdb::Status AddDownwardToBatch(const EventWrites& writes);
  // Forgets what a batch that was not written queued (upward and down).
  void DropPendingQueues();
  // 督办 across the tree (storage/duban_tree.cc): next_duban_up from the
  // duban_up family's last key; `writes.upstream_items` and
  // `writes.steps_up` (at the next positions: duban_up_pending) into
  // `batch`.
  Status RecoverDubanUp();
  rocksdb::Status AddDubanTreeToBatch(const EventWrites& writes);

  // Adds the event states (and their open_events entries) and the feed
  // sequence to `batch`.
  rocksdb::Status AddEventsToBatch(const EventWrites& writes);
  // The 采编 part of it (storage/caibian_records.cc).
  rocksdb::Status AddCaibianToBatch(const EventWrites& writes);

  // Sets *out to the state of `event_id` as of at_ms (its last history
  // entry at or before it), or to nullopt if it had none then.
  Status ReadEventAsOf(const rocksdb::ReadOptions& options,
                       std::string_view event_id, int64_t at_ms,
                       std::optional<v1::EventState>* out) const;

  // Visits the open events as `options` sees the store.
  Status ScanOpenEvents(const rocksdb::ReadOptions& options,
                        const EventVisitor& visit) const;

  // Visits, in key order, the reports whose keys in `f` lie in
  // [lower, upper); an empty `upper` means no upper bound. Every key there
  // is `key_size` bytes and ends in a sequence. For Family::kReports the
  // report is the value; for an index it is read from the reports family.
  // All reads share one snapshot.
  Status Scan(Family f, std::string_view lower, std::string_view upper,
              size_t key_size, const ReportVisitor& visit) const;

  // Set once by Open(), then only read.
  std::filesystem::path dir;  // where the store is
  // StoreOptions::file_system as RocksDB takes it; null: Env::Default().
  // Outlives db (~Impl closes db first).
  std::unique_ptr<rocksdb::Env> env;
  // StoreOptions::block_cache_bytes: every family's tables read through it.
  std::shared_ptr<rocksdb::Cache> block_cache;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // owned; see ~Impl
  rocksdb::WriteOptions write_options;
  // Told by RocksDB when writes stop; read (and marked again) by Resume().
  std::shared_ptr<StoreStops> stops = std::make_shared<StoreStops>();

  // The sequence the next new report gets. Stored by Append() only after
  // its batch is durably written.
  std::atomic<uint64_t> next_sequence{1};
  // The audit log's next sequence; audit records come from any thread.
  std::mutex audit_mutex;
  uint64_t next_audit = 1;  // guarded by audit_mutex
  // The archive chain's head (what was last linked and written).
  mutable std::mutex chain_mutex;
  ChainState chain;  // guarded by chain_mutex
  bool read_only = false;

  // The reporting tree (storage/upward_queue.cc). The upward queue's next
  // position (written by the one writer after a batch is durable, read by
  // the forwarder's thread), and the last link_position stored from each
  // sender broker (the writer's; read through link_mutex).
  std::atomic<uint64_t> next_upward{1};
  mutable std::mutex link_mutex;
  std::unordered_map<std::string, uint64_t> link_positions;  // link_mutex
  // 下发: each child unit's last queued position (published; down_mutex)
  // and the batch's being written (the writer's).
  mutable std::mutex down_mutex;
  std::map<std::string, uint64_t> down_tails;  // down_mutex
  std::map<std::string, uint64_t> batch_down_tails;
  std::mutex cursor_mutex;  // one SetUpwardCursor at a time
  // 督办 steps to go up: the next position (published after the write).
  std::atomic<uint64_t> next_duban_up{1};

  // The stored_at_ms of the last stored report. Append() never stores an
  // earlier time after it, so stored time never decreases with sequence.
  int64_t last_stored_at = std::numeric_limits<int64_t>::min();

  // Append() scratch, reused across calls so the hot path does not
  // allocate once warmed up.
  rocksdb::WriteBatch batch;
  std::string key;    // the dedupe key of the report at hand
  std::string value;  // its serialized bytes
  std::string entry;  // its other keys and values, one at a time
  std::vector<v1::Report*> fresh;  // the new reports of the batch, in order
  std::vector<PendingLink> links;  // what the batch's records need linked
  // The batch's index entries (dedupe, by_unit, by_event, by_kind), put
  // after its reports in key order within each family (PutIndexes): a
  // memtable's skip list resumes an insert from where the last one went,
  // so keys in order cost a few steps each, where eight units' entries
  // interleaved cost a whole descent each.
  struct IndexEntry {
    Family family;
    uint32_t at, key_size, value_size;  // in index_bytes: key, then value
  };
  std::string index_bytes;
  std::vector<IndexEntry> index_entries;
  void AddIndex(Family f, std::string_view key, std::string_view value);
  rocksdb::Status PutIndexes();  // and forgets them
  // Indexes of the reports whose outcome depends on the batch write: the
  // new ones and their in-batch duplicates.
  std::vector<size_t> pending;
  // Dedupe key -> index of the new report in this batch that claimed it.
  BatchKeys batch_keys;
  // Queue entries added to the batch, and the senders' last link_position
  // in it.
  uint64_t upward_pending = 0;
  uint64_t duban_up_pending = 0;
  std::unordered_map<std::string, uint64_t> batch_link_positions;
};

// STORAGE_FAILURE: the store was opened read-only.
Status ReadOnlyStore();
// A forward-only fixed64 counter at `key` of `family` (a receipt, a
// cursor; storage/downward_queue.cc): its value, 0 when absent; and moving
// it to `position` unless it is there or past it already — its own write,
// not synced; the caller holds cursor_mutex. `what` names it in errors.
Result<uint64_t> ReadCounter(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
                             std::string_view key, std::string_view what);
Status RaiseCounter(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
                    std::string_view key, uint64_t position, std::string_view what);

// ERROR_CODE_STORAGE_FAILURE carrying RocksDB's reason after `what`.
Status StorageFailure(std::string_view what, const rocksdb::Status& status);
// ERROR_CODE_STORAGE_FAILURE for stored bytes that are not what we wrote.
Status Corruption(std::string_view what);
// ERROR_CODE_INVALID_FIELD for a name that would break the key layout.
Status NulInName(std::string_view field);
// ERROR_CODE_STORAGE_FAILURE for a RocksDB property it does not give
// (Pressure(), Memory()).
Status UnknownProperty(std::string_view name);

}  // namespace xinbao::storage
