// Kept states: what the store keeps for records that change over time and
// are looked up by id — urgent events (EventState) and 督办 items
// (DubanState). One copy of how they are written and read, for both.
//
// Each kind has three families: the state by id, the ids of the open ones
// (a key with an empty value), and every state it went through, keyed by
// id \0 time (layout::AppendHistoryKey), so its state at any past instant
// is one seek. Private to storage/.
//
// Threads: as ReportStore::Impl — the Add* function belongs to the one
// writer; the reads are safe from any thread.
#pragma once

#include <google/protobuf/message_lite.h>
#include <rocksdb/db.h>
#include <rocksdb/snapshot.h>
#include <rocksdb/write_batch.h>

#include <functional>
#include <string_view>

#include "storage/report_store_impl.h"

namespace xinbao::storage {

// A read at one instant: the snapshot lives as long as this object, and
// `options` reads through it.
struct OneInstant {
  explicit OneInstant(rocksdb::DB* db) : snapshot(db) {
    options.snapshot = snapshot.snapshot();
  }
  rocksdb::ManagedSnapshot snapshot;
  rocksdb::ReadOptions options;
};

struct StateFamilies {
  Family states;
  Family open;
  Family history;
  std::string_view noun;  // in messages: "事件", "督办事项"
  v1::ChainRecordKind chain_kind;  // how its history entries are linked
};

inline constexpr StateFamilies kEventFamilies{
    Family::kEvents, Family::kOpenEvents, Family::kEventHistory, "事件",
    v1::CHAIN_RECORD_KIND_EVENT};
inline constexpr StateFamilies kDubanFamilies{
    Family::kDuban, Family::kOpenDuban, Family::kDubanHistory, "督办事项",
    v1::CHAIN_RECORD_KIND_DUBAN};
inline constexpr StateFamilies kBulletinItemFamilies{
    Family::kBulletinItems, Family::kOpenBulletinItems,
    Family::kBulletinItemHistory, "稿件", v1::CHAIN_RECORD_KIND_BULLETIN_ITEM};
inline constexpr StateFamilies kBulletinIssueFamilies{
    Family::kBulletinIssues, Family::kDraftIssues,
    Family::kBulletinIssueHistory, "简报期次",
    v1::CHAIN_RECORD_KIND_BULLETIN_ISSUE};
inline constexpr StateFamilies kCommissionFamilies{
    Family::kCommissions, Family::kOpenCommissions, Family::kCommissionHistory,
    "约稿", v1::CHAIN_RECORD_KIND_COMMISSION};

// Adds `state` under `id` to impl.batch: the state, its history entry at
// `at_ms` (linked into the archive chain: impl.links), and its open
// listing (put when `open`, deleted otherwise).
rocksdb::Status AddStateToBatch(ReportStore::Impl& impl,
                                const StateFamilies& families,
                                std::string_view id, bool open, int64_t at_ms,
                                const google::protobuf::MessageLite& state);

// Reads the state stored under `id` into *out; *found false (and OK) when
// there is none.
Status ReadState(const ReportStore::Impl& impl,
                 const rocksdb::ReadOptions& options,
                 const StateFamilies& families, std::string_view id,
                 google::protobuf::MessageLite* out, bool* found);

// Reads the state of `id` as of at_ms (its last history entry at or
// before it) into *out; *found false when it had none then.
Status ReadStateAsOf(const ReportStore::Impl& impl,
                     const rocksdb::ReadOptions& options,
                     const StateFamilies& families, std::string_view id,
                     int64_t at_ms, google::protobuf::MessageLite* out,
                     bool* found);

// Parses each state into *scratch and calls `visit`, which returns false
// to stop: the open ones, all of them, or every one known at at_ms as it
// was then; in id order, all read at one instant (`options`' snapshot).
using StateVisit = std::function<bool()>;
Status ScanOpenStates(const ReportStore::Impl& impl,
                      const rocksdb::ReadOptions& options,
                      const StateFamilies& families,
                      google::protobuf::MessageLite* scratch,
                      const StateVisit& visit);
Status ScanAllStates(const ReportStore::Impl& impl,
                     const rocksdb::ReadOptions& options,
                     const StateFamilies& families,
                     google::protobuf::MessageLite* scratch,
                     const StateVisit& visit);
Status ScanStatesAsOf(const ReportStore::Impl& impl,
                      const rocksdb::ReadOptions& options,
                      const StateFamilies& families, int64_t at_ms,
                      google::protobuf::MessageLite* scratch,
                      const StateVisit& visit);

}  // namespace xinbao::storage
