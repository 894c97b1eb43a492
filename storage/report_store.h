// ReportStore: durable storage of reports, over RocksDB.
//
// What a store promises:
//  * Append() writes a batch of reports, their dedupe entries and all their
//    secondary index entries in ONE atomic RocksDB WriteBatch. With
//    StoreOptions::sync (the default) the WAL is fsync'ed before Append()
//    returns: a report whose outcome is OK survives kill -9 and power loss.
//  * Sequence numbers start at 1, are dense and strictly increasing in
//    commit order. Open() recovers the next one from the last key of the
//    reports column family (one seek, no scan).
//  * A report whose (unit_id, idempotency_key) is already stored - for as
//    long as that report is retained - is not written again; its outcome is
//    the original acknowledgement with duplicate = true.
//  * Every filtered read walks an index; nothing here scans all reports.
//
// Threads: Append() must be called by one thread at a time (the broker's
// committer). All const methods may be called from any thread, concurrently
// with Append(); they see a consistent snapshot per call.
//
// Layout (column families; keys are big-endian so byte order = numeric order):
//   reports   seq(8)                          -> Report (serialized)
//   dedupe    unit_id \0 idempotency_key      -> seq(8) stored_at_ms(8)
//   by_unit   unit_id \0 seq(8)               -> ""
//   by_time   stored_at_ms(8) seq(8)          -> ""   (each batch's first)
//   by_event  event_id \0 seq(8)              -> ""   (urgent reports only)
//   events       event_id                     -> EventState (serialized)
//   open_events  event_id                     -> ""   (neither closed nor merged)
//   by_kind   'k' kind seq(8) / 's' stage seq(8) -> ""  (kind; stage if any)
//   event_history  event_id \0 time(8)        -> EventState as of that time
//   audit     seq(8)                          -> AuditRecord
//   duban         item_id                     -> DubanState (督办 items)
//   open_duban    item_id                     -> ""   (not closed)
//   duban_history item_id \0 time(8)          -> DubanState as of that time
// Stored time never decreases with sequence (Append() stores the previous
// time again rather than step back), so a time range is a sequence range.
// A store made by an earlier version gets by_kind and event_history filled
// in when it is opened (history from then on; before, each event's state
// at its last change).
// unit_id, idempotency_key and event_id never contain \0 (the broker's
// validation guarantees it; Append() refuses one that does).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "proto/status.h"
#include "xinbao/v1/caibian.pb.h"
#include "xinbao/v1/chain.pb.h"
#include "xinbao/v1/duban.pb.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/downward.pb.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/security.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace rocksdb {
class FileSystem;
}  // namespace rocksdb

namespace xinbao {
class PartialDigest;  // proto/chain_hash.h
}  // namespace xinbao

namespace xinbao::storage {

// How much a line of the store's own diagnostics (RocksDB's log) matters,
// as RocksDB says it: kDebug its debug lines, kInfo its informational
// chatter (flushes, compactions, the options at open, statistics), then
// warnings, errors and fatal errors. What RocksDB reports as an error while
// it makes a new store (the files it looks for are not there yet) is
// kDebug, not an error.
enum class StoreLogLevel { kDebug, kInfo, kWarning, kError, kFatal };

// Where the store's diagnostics go, one line at a time (an entry of several
// lines comes as several calls). Called from RocksDB's background threads
// as well as the caller's: must be thread-safe, must not block for long,
// must not throw and must not call into the store.
using StoreLogSink =
    std::function<void(StoreLogLevel level, std::string_view line)>;

// How much room the store takes (store_size.cc).
struct StoreSize {
  uint64_t sst_bytes = 0;       // table files on disk
  uint64_t memtable_bytes = 0;  // in memory, not yet flushed
  uint64_t wal_bytes = 0;       // the write-ahead log's live files
  uint64_t total() const { return sst_bytes + memtable_bytes + wal_bytes; }
};

// One backup of a store (store_backup.cc): RocksDB's BackupEngine in a
// folder of its own, incremental (a table file already in an earlier
// backup of that folder is shared, not copied again), every file checked
// against its recorded size and checksum when it is restored.
struct BackupMade {
  uint32_t id = 0;             // increasing within its folder
  int64_t created_at_ms = 0;   // to the second
  // Every report stored (acknowledged) before the backup began has a
  // sequence at most this, and is in it; reports stored while it was
  // being made may be in it too.
  uint64_t last_sequence = 0;
  uint64_t size_bytes = 0;
  uint32_t files = 0;
  std::string note;            // what the maker wrote with it
  // The archive chain's head in the backup (index 0: a backup made
  // before the chain existed). A store restored from it verifies to it.
  v1::ChainHead chain_head;
};

// How hard RocksDB's background work presses on writes now, from its own
// properties (store_pressure.cc): compaction owed, whether writes are
// stopped or slowed, flushes and compactions running.
struct StorePressure {
  uint64_t pending_compaction_bytes = 0;  // estimate, all column families
  bool write_stopped = false;             // writes wait until work catches up
  uint64_t delayed_write_rate = 0;        // bytes/s while slowed; 0: not slowed
  uint64_t running_compactions = 0;
  uint64_t running_flushes = 0;
};

// What the store holds in memory, from RocksDB's figures (bytes).
struct StoreMemory {
  uint64_t block_cache_capacity = 0;  // StoreOptions::block_cache_bytes
  uint64_t block_cache_usage = 0;     // held in it now (pinned blocks too)
  uint64_t block_cache_pinned = 0;    // of that, pinned (in use, level 0)
  // Table readers' memory outside the cache: what grows with the number of
  // table files (kept small: their index and filter blocks are cached).
  uint64_t table_readers = 0;
  uint64_t memtables = 0;  // every family's memtables, flushing ones too
};

struct StoreOptions {
  // fsync the WAL before Append() returns. Only benchmarks turn this off.
  bool sync = true;
  // Create the store if the directory holds none.
  bool create_if_missing = true;
  // Open for reading only (`xinbao-broker verify`, a restored copy): no
  // LOCK is taken, so a running broker's store may be read; nothing is
  // written (a store that needs an upgrade is refused). Every write
  // method fails with STORAGE_FAILURE.
  bool read_only = false;
  // RocksDB's own log, at `log_level` and above, goes here and never to a
  // LOG file in the store. Empty: kWarning and worse to stderr, as
  // "rocksdb: <level>: <line>".
  StoreLogSink log;
  // The least a line must matter to reach `log`; RocksDB does not even
  // format the lines below it.
  StoreLogLevel log_level = StoreLogLevel::kWarning;
  // Tests only: the file system every file of the store goes through (one
  // that holds or fails the write-ahead log's sync); null: the machine's.
  // Shared with the store, which keeps it until it closes.
  std::shared_ptr<rocksdb::FileSystem> file_system;
  // The one block cache all families share: the data blocks read and the
  // index and bloom filter blocks of the table files. Memory for reading
  // stays within it however many reports are stored; past what it holds,
  // lookups read those blocks from the page cache or the disk.
  std::size_t block_cache_bytes = std::size_t{64} << 20;
};

// The acknowledgement of one stored report.
struct StoredAck {
  uint64_t sequence = 0;
  int64_t stored_at_ms = 0;
  bool duplicate = false;
};

// The outcome of one report in an Append() batch: either status is OK and
// ack is set, or status says why this report was not stored.
struct AppendOutcome {
  Status status;
  StoredAck ack;
};

// One report for Append(), optionally with its wire encoding as received.
// When `encoded` is not empty it must be an encoding of exactly *report with
// sequence and stored_at_ms absent; the store then keeps those bytes plus
// the two assigned fields (appended as protobuf fields; on parse the last
// value of a field wins) instead of serializing the report again. That saves
// the writer a serialization and a UTF-8 scan per report.
struct NewReport {
  v1::Report* report = nullptr;
  std::string_view encoded;
  // The archive chain's digest begun on `encoded` (proto/chain_hash.h),
  // or null: then the store hashes the whole stored value itself.
  const PartialDigest* digest = nullptr;
};

// Called for each report a scan visits, in ascending sequence order.
// Return false to stop the scan early.
using ReportVisitor = std::function<bool(const v1::Report&)>;
// The same for event states.
using EventVisitor = std::function<bool(const v1::EventState&)>;
// The same for 督办 items.
using DubanVisitor = std::function<bool(const v1::DubanState&)>;
// The same for 采编 records.
using BulletinItemVisitor = std::function<bool(const v1::BulletinItem&)>;
using BulletinIssueVisitor = std::function<bool(const v1::BulletinIssue&)>;
using CommissionVisitor = std::function<bool(const v1::CommissionState&)>;
using AdoptionVisitor = std::function<bool(const v1::Adoption&)>;
// The same for audit records.
using AuditVisitor = std::function<bool(const v1::AuditRecord&)>;

// One report queued to go up to the parent broker (the reporting tree,
// docs/HIERARCHY.md).
struct UpwardEntry {
  uint64_t position = 0;     // 1, 2, 3 … in the order queued (the store's)
  uint64_t sequence = 0;     // the report's sequence in this store
  int64_t queued_at_ms = 0;  // when it was queued
};

// A report the parent broker refused for good: its queue position and the
// parent's error (docs/HIERARCHY.md).
struct UpwardRefusal {
  uint64_t position = 0;
  v1::Error error;
};

// How far the parent broker has answered the upward queue: every position
// up to `answered` was acknowledged or refused for good, and `accepted`
// is the last one it acknowledged (stored) — the after_position of the
// next report sent (docs/HIERARCHY.md).
struct UpwardProgress {
  uint64_t answered = 0;
  uint64_t accepted = 0;
};

// One item queued to go down to a child broker (下发, docs/HIERARCHY.md):
// in the queue of the child's unit here.
struct DownwardEntry {
  std::string unit_id;       // the child's unit in this broker's registry
  uint64_t position = 0;     // 1, 2, 3 … per child (the store's to give)
  v1::DownwardKind kind = v1::DOWNWARD_KIND_UNSPECIFIED;
  uint64_t sequence = 0;     // the report's, here (a copy; the adopted one)
  int64_t queued_at_ms = 0;
  std::string ref = {};      // ADOPTION: the adoption's id (of that report)
};

// Called by Append() once, after the new reports of the batch have their
// sequence and stored_at_ms and before anything is written, with those
// reports in batch order (duplicates and refused ones left out). What it
// returns is written in the SAME atomic batch as the reports, so after a
// crash reports, event states and the feed sequence never disagree. The
// pointers must stay valid until Append() returns. If it fails, nothing is
// written and every new report gets its status. Not called when no report
// is new.
struct EventWrites {
  std::vector<const v1::EventState*> events;
  // The live feed's last sequence once this batch is published; stored
  // with it (0: leave the stored one as it is).
  uint64_t feed_sequence = 0;
  // 督办 items changed by the same write (PutEvents only); an item not
  // closed is listed as open.
  std::vector<const v1::DubanState*> items = {};
  // 采编 records changed by the same write: edited items (open while a
  // candidate or placed), issues (open while a draft), new adoptions (an
  // adoption is written once and never changed), commissions (open until
  // closed) — a commission also from Append's hook, when a report answers it.
  std::vector<const v1::BulletinItem*> bulletin_items = {};
  std::vector<const v1::BulletinIssue*> bulletin_issues = {};
  std::vector<const v1::Adoption*> adoptions = {};
  std::vector<const v1::CommissionState*> commissions = {};
  // Reports that go up to the parent broker, in the order they are to go
  // (their position is the store's to give: the next ones of the queue).
  std::vector<UpwardEntry> upward = {};
  // Items that go down to child brokers (positions the store's to give).
  std::vector<DownwardEntry> downward = {};
  // 督办 across the tree (PutEvents only): the parent's items assigned to
  // this broker's unit, as changed (上级交办), and the steps that go up to
  // the parent for them, in order (positions the store's to give).
  std::vector<const v1::UpstreamDuban*> upstream_items = {};
  std::vector<v1::DubanStepRequest> steps_up = {};

  bool empty() const {
    return events.empty() && items.empty() && bulletin_items.empty() &&
           bulletin_issues.empty() && adoptions.empty() && commissions.empty() &&
           upward.empty() && downward.empty() && upstream_items.empty() &&
           steps_up.empty();
  }
};
using EventHook =
    std::function<Result<EventWrites>(std::span<v1::Report* const> new_reports)>;

// What a monitor starts from: all read at one instant (one RocksDB
// snapshot), so it is exactly the state as of feed_sequence.
struct FeedSnapshot {
  uint64_t feed_sequence = 0;
  std::vector<v1::EventState> open_events;  // in event id order
  std::vector<v1::Report> latest_reports;   // newest first
  std::vector<v1::DubanState> open_items;   // in item id order
};

// Called by ReadRange() for each report, with its stored encoding.
using RangeVisitor =
    std::function<bool(const v1::Report&, std::string_view encoded)>;

// What ReadRange() keeps; every filter that is not empty must hold, and
// within one any value may.
struct ReportFilter {
  std::vector<std::string> unit_ids = {};
  std::vector<v1::Kind> kinds = {};
  std::vector<std::string> event_ids = {};  // the event ids reports named
  std::vector<v1::Stage> stages = {};

  bool Matches(const v1::Report& report) const;
};

struct SequenceRange {
  uint64_t first = 1;
  uint64_t last = 0;
  bool empty() const { return first > last; }
};

// How much one ReadRange() call may do before it returns.
struct RangeStep {
  std::size_t max_reports = 256;
  std::size_t max_keys = 4096;
};

class ReportStore {
 public:
  // Opens the store in `dir`, creating it if allowed. On failure returns
  // ERROR_CODE_STORAGE_FAILURE with RocksDB's reason in the message.
  static Result<std::unique_ptr<ReportStore>> Open(
      const std::filesystem::path& dir, const StoreOptions& options = {});

  // Closes the store. Unless it was opened read-only, first writes what is
  // only in memory (and in the write-ahead log) to table files, so the next
  // Open has no log to replay; blocks for that (1.4 s for 309 MiB held, on
  // the project's machine). Everything acknowledged is durable either way.
  ~ReportStore();
  ReportStore(const ReportStore&) = delete;
  ReportStore& operator=(const ReportStore&) = delete;

  // Stores `reports` in one atomic batch and returns one outcome per report,
  // in the same order. For each report that is new, sets its sequence and
  // stored_at_ms (= now_ms) in place before writing it.
  //  * duplicate (same unit and key stored before, or earlier in this same
  //    batch) with identical content: not written; OK outcome carrying the
  //    original ack with duplicate = true.
  //  * same unit and key but different content: ERROR_CODE_IDEMPOTENCY_KEY_REUSED.
  //    ("Content" is the report with sequence and stored_at_ms cleared.)
  //  * if the batch write fails, every report that would have been written
  //    gets ERROR_CODE_STORAGE_FAILURE, nothing is stored, and the sequence
  //    counter is not advanced.
  // Blocks for the fsync. REQUIRES: one caller at a time.
  std::vector<AppendOutcome> Append(std::span<const NewReport> reports,
                                    int64_t now_ms);
  // The same, with the event states `hook` returns written in the same
  // batch (see EventHook).
  std::vector<AppendOutcome> Append(std::span<const NewReport> reports,
                                    int64_t now_ms, const EventHook& hook);
  // The same, for reports without their wire encoding.
  std::vector<AppendOutcome> Append(std::span<v1::Report* const> reports,
                                    int64_t now_ms);

  // Writes event states and 督办 items alone (alarms raised by the clock,
  // central-office actions, steps of items) in one atomic synced batch,
  // each with its history entry at its updated_at_ms. An event that is
  // neither closed nor merged_into another is listed as open, and an item
  // not closed; otherwise unlisted. A non-zero feed_sequence is stored with
  // them.
  // REQUIRES: the same one caller as Append().
  Status PutEvents(const EventWrites& writes);

  // The last stored feed sequence (0 for a new store).
  Result<uint64_t> FeedSequence() const;
  // The open events, the `latest` newest reports and the feed sequence, as
  // of one instant.
  Status ReadFeedSnapshot(std::size_t latest, FeedSnapshot* out) const;

  // The state of one event, or nullopt if the store has none.
  Result<std::optional<v1::EventState>> GetEvent(
      std::string_view event_id) const;
  // Visit the open events, in event id order.
  Status ScanOpenEvents(const EventVisitor& visit) const;
  // The state of one event as the centre knew it at at_ms (its history's
  // last entry at or before at_ms), or nullopt if it was not known then.
  Result<std::optional<v1::EventState>> GetEventAsOf(std::string_view event_id,
                                                     int64_t at_ms) const;
  // Visit the state as of at_ms of every event known by then (open or
  // not at that time), in event id order, all read at one instant.
  Status ScanEventsAsOf(int64_t at_ms, const EventVisitor& visit) const;

  // Visit every event the store has (open, closed and merged), in event id
  // order. Events are few (incidents, not reports): this walks them all.
  Status ScanEvents(const EventVisitor& visit) const;

  // 督办 items, as events above: one item, the open ones (id order), all
  // of them, one as it stood at at_ms, every one known at at_ms as it
  // stood then (one snapshot).
  Result<std::optional<v1::DubanState>> GetItem(std::string_view item_id) const;
  Status ScanOpenItems(const DubanVisitor& visit) const;
  Status ScanItems(const DubanVisitor& visit) const;
  Result<std::optional<v1::DubanState>> GetItemAsOf(std::string_view item_id,
                                                    int64_t at_ms) const;
  Status ScanItemsAsOf(int64_t at_ms, const DubanVisitor& visit) const;

  // 采编 (storage/caibian_records.cc): one edited item, the open ones
  // (candidates and placed, id order) or all; one issue, all issues (id
  // order); one commission, the open ones, all of them.
  Result<std::optional<v1::BulletinItem>> GetBulletinItem(
      std::string_view item_id) const;
  Status ScanBulletinItems(bool open_only,
                           const BulletinItemVisitor& visit) const;
  Result<std::optional<v1::BulletinIssue>> GetBulletinIssue(
      std::string_view issue_id) const;
  Status ScanBulletinIssues(const BulletinIssueVisitor& visit) const;
  Result<std::optional<v1::CommissionState>> GetCommission(
      std::string_view commission_id) const;
  Status ScanCommissions(bool open_only, const CommissionVisitor& visit) const;
  // The adoptions of one report (by adoption id), and every adoption with
  // from_ms <= adopted_at_ms < to_ms (to_ms 0: unbounded) in time order.
  Result<std::vector<v1::Adoption>> ReportAdoptions(uint64_t sequence) const;
  Status ScanAdoptions(int64_t from_ms, int64_t to_ms,
                       const AdoptionVisitor& visit) const;

  // Appends `record` to the audit log, setting its sequence (1, 2, 3 …),
  // in its own synced write. Thread-safe: may be called from any thread,
  // concurrently with Append().
  Status AppendAudit(v1::AuditRecord* record);
  // Visits audit records with sequence >= first, oldest first, at most
  // `limit` of them.
  Status ScanAudit(uint64_t first, std::size_t limit,
                   const AuditVisitor& visit) const;

  // The report stored under `sequence`, or ERROR_CODE_INVALID_FIELD if none.
  Result<v1::Report> Get(uint64_t sequence) const;

  // The store's size from RocksDB's own figures (every column family's
  // SST files and memtables, and the live WAL files): cheap, no scan.
  // Fails with STORAGE_FAILURE if RocksDB cannot list its WAL files.
  // Thread-safe.
  Result<StoreSize> Size() const;

  // RocksDB's write pressure (StorePressure), from its properties only:
  // cheap, no scan, never waits for the writer. Fails with STORAGE_FAILURE
  // if RocksDB does not know a property. Thread-safe.
  Result<StorePressure> Pressure() const;

  // What the store holds in memory (StoreMemory), from RocksDB's
  // properties only: cheap, no scan. Fails with STORAGE_FAILURE if RocksDB
  // does not know a property. Thread-safe.
  Result<StoreMemory> Memory() const;

  // The reporting tree's upward queue (storage/upward_queue.cc): what
  // EventWrites::upward queued, in position order, after `after`, at most
  // `limit` entries, none past UpwardTail() (a batch being written is not
  // read before its write returned). Thread-safe.
  Result<std::vector<UpwardEntry>> ReadUpward(uint64_t after,
                                              std::size_t limit) const;
  // The last position queued (0: none yet). Thread-safe.
  uint64_t UpwardTail() const;
  // How far the parent has answered the queue (both 0 at first).
  // Thread-safe.
  Result<UpwardProgress> UpwardCursor() const;
  // Moves the cursor to `progress`; one whose `answered` is at or before
  // the stored one is ignored (the cursor never goes back); `answered`
  // past UpwardTail() or `accepted` past `answered` is INVALID_FIELD. Its
  // own write, not synced: a cursor lost in a crash only makes the
  // forwarder resend what the parent then answers as a duplicate.
  // Thread-safe; may run concurrently with Append().
  Status SetUpwardCursor(const UpwardProgress& progress);
  // Keeps the parent's refusal for good of the queue entry `position`
  // (the report stays stored here, its entry in the queue): its own write,
  // not synced — lost in a crash, the entry is sent again and refused
  // again. Thread-safe.
  Status RecordUpwardRefusal(uint64_t position, const v1::Error& error);
  // The refusals kept, by position, oldest first, at most `limit`.
  Result<std::vector<UpwardRefusal>> UpwardRefusals(std::size_t limit) const;
  // The last Forwarding.link_position stored from the sender broker
  // `broker_id` (the last of a forwarded report's hops); 0: none. A new
  // forwarded report from that sender is stored only if its
  // after_position is this (or this is 0): else Append() answers it
  // ERROR_CODE_OUT_OF_ORDER. Thread-safe.
  uint64_t LinkPosition(std::string_view broker_id) const;
  // 下发 (storage/downward_queue.cc). The items queued for the child unit
  // `unit_id` after `after`, oldest first, at most `limit`, none past its
  // published tail. Thread-safe.
  Result<std::vector<DownwardEntry>> ReadDownward(std::string_view unit_id,
                                                  uint64_t after,
                                                  std::size_t limit) const;
  // The last position queued for `unit_id` (0: none). Thread-safe.
  uint64_t DownwardTail(std::string_view unit_id) const;
  // Every child unit with something queued, and its tail. Thread-safe.
  std::map<std::string, uint64_t> DownwardTails() const;
  // The child's receipt: it has stored everything up to `position` (it
  // asked for what comes after). One at or before the stored one is
  // ignored; past the tail is INVALID_FIELD. Its own write, not synced:
  // lost, the status shows an older receipt. Thread-safe.
  Status SetDownwardFetched(std::string_view unit_id, uint64_t position);
  Result<uint64_t> DownwardFetched(std::string_view unit_id) const;
  // As a child: the last position of the parent's queue stored here (0 at
  // first), and moving it on (never back; not synced — lost, the next
  // pull fetches again what is then answered as a duplicate). Thread-safe.
  Result<uint64_t> DownwardReceived() const;
  Status SetDownwardReceived(uint64_t position);

  // 督办 across the tree (storage/duban_tree.cc, docs/HIERARCHY.md). The
  // parent's item `item_id` as kept here (nullopt: none), and every one
  // kept, in id order, until `visit` returns false.
  Result<std::optional<v1::UpstreamDuban>> GetUpstreamDuban(std::string_view item_id) const;
  Status ScanUpstreamDuban(
      const std::function<bool(const v1::UpstreamDuban&)>& visit) const;
  // The steps queued to go up after position `after`, at most `limit`,
  // with their positions; the last position queued (published: written
  // whole); and the last the parent answered, moved on only (its own
  // write, not synced: lost, a step is sent again and answered as the
  // repeat it is). Thread-safe.
  Result<std::vector<std::pair<uint64_t, v1::DubanStepRequest>>> ReadStepsUp(
      uint64_t after, std::size_t limit) const;
  uint64_t StepsUpTail() const;
  Result<uint64_t> StepsUpAnswered() const;
  Status SetStepsUpAnswered(uint64_t position);

  // The ack of the report stored as `report` would be — under its unit
  // and key, or for a forwarded one under its origin and key — if any.
  Result<std::optional<StoredAck>> LookupSame(const v1::Report& report) const;
  // The ack of the report stored under (unit_id, idempotency_key), if any.
  Result<std::optional<StoredAck>> Lookup(std::string_view unit_id,
                                          std::string_view idempotency_key) const;

  // The sequence the next new report will get (1 for an empty store).
  uint64_t next_sequence() const;

  // The archive chain (storage/store_chain.cc, docs/ARCHIVE.md). Append(),
  // PutEvents() and AppendAudit() link every history record they write
  // (a report, an event's, a 督办 item's, a 采编 item's, issue's or
  // commission's history entry, an adoption, an audit record) into one
  // hash chain, in the same atomic write as the record.
  //
  // Where the chain ends now (index 0: nothing linked yet). Thread-safe.
  v1::ChainHead chain_head() const;
  // Checks the whole chain as of one snapshot: each link against the one
  // before, each record against its link's digest, and that every record
  // of a chained kind has a link. A break is an answer (intact false,
  // first_break), not an error; STORAGE_FAILURE only if reading fails.
  // Reads everything: seconds per million records. Thread-safe.
  Result<v1::ChainCheck> VerifyChain() const;
  // The links with request.from_ms <= linked_at_ms < until_ms (0: no end)
  // and index > after_index, each with its record's stored bytes, at most
  // request.limit (0: 1000; at most 10000) of them. Thread-safe.
  Result<v1::ChainPage> ReadChain(const v1::ExportChainRequest& request) const;

  // Makes a backup in `backup_dir` (created if missing) while writes go on
  // (see BackupMade for what it holds), with `note`; then deletes the
  // oldest backups there beyond `keep` (0: keeps all) and, if `kept` is
  // given, lists those left there, oldest first. Blocks for the copying:
  // call it off the writer's thread. STORAGE_FAILURE (nothing new kept)
  // if the folder cannot be written. Thread-safe with every other method;
  // REQUIRES: one Backup() at a time.
  Result<BackupMade> Backup(const std::filesystem::path& backup_dir,
                            std::string_view note, uint32_t keep,
                            std::vector<BackupMade>* kept = nullptr) const;
  // The backups in `backup_dir`, oldest first (none if it holds none).
  static Result<std::vector<BackupMade>> ListBackups(
      const std::filesystem::path& backup_dir);
  // Restores backup `id` (0: the newest) of `backup_dir` as a store in
  // `dir`, which must not hold a store already (a store is never
  // overwritten: move it away first). Checks every file's checksum.
  // INVALID_FIELD if there is no such backup or `dir` holds a store,
  // STORAGE_FAILURE if the backup is damaged or cannot be copied.
  static Result<BackupMade> Restore(const std::filesystem::path& backup_dir,
                                    uint32_t id,
                                    const std::filesystem::path& dir);

  // After a failed write (or a failed background flush) RocksDB takes no
  // more writes: every Append() and PutEvents() fails with STORAGE_FAILURE
  // until the store is resumed. Resume() tries that once: true when the
  // store had stopped and takes writes again now (its memtables were
  // flushed to make a fresh start), false when it had not stopped (then it
  // costs one atomic read), STORAGE_FAILURE with RocksDB's reason when it
  // still cannot write (still no room: call again later). Reads work
  // throughout. Nothing acknowledged is lost either way: only writes that
  // failed were refused. RocksDB's own wait for space is turned off (it
  // wants a whole memtable's worth free); the caller decides how often to
  // try. REQUIRES: the same one caller as Append().
  Result<bool> Resume();

  // The sequences of what is stored now with first <= sequence <= last
  // (last 0: no bound) and, when given (non-zero), from_ms <= stored_at_ms
  // < to_ms. Empty (first > last) when nothing is in range.
  Result<SequenceRange> ResolveRange(uint64_t first, uint64_t last,
                                     int64_t from_ms, int64_t to_ms) const;

  // Visits the reports with from <= sequence <= last that pass `filter`,
  // in sequence order, through the most selective index the filter allows
  // (event, then unit, then stage, then kind; the reports themselves when
  // there is no filter). Stops after step.max_reports visits or
  // step.max_keys entries read, or when the visitor returns false (after
  // that report). Returns the sequence up to which every report has been
  // considered: `last` when the range is done.
  // The visitor also gets the report's stored encoding (valid until it
  // returns), which a caller may pass on without serializing again.
  Result<uint64_t> ReadRange(const ReportFilter& filter, uint64_t from,
                             uint64_t last, const RangeStep& step,
                             const RangeVisitor& visit) const;

  // Visit reports with first <= sequence <= last.
  Status ScanSequence(uint64_t first, uint64_t last,
                      const ReportVisitor& visit) const;
  // Visit one unit's reports with sequence >= first.
  Status ScanUnit(std::string_view unit_id, uint64_t first,
                  const ReportVisitor& visit) const;
  // Visit one event's reports (in sequence order).
  Status ScanEvent(std::string_view event_id, const ReportVisitor& visit) const;
  // Visit reports stored in [from_ms, to_ms), ordered by (stored_at, seq).
  Status ScanStoredTime(int64_t from_ms, int64_t to_ms,
                        const ReportVisitor& visit) const;

  // RocksDB's state, defined in storage/report_store_impl.h (private to
  // storage/, whose helpers take it).
  struct Impl;

 private:
  explicit ReportStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xinbao::storage
