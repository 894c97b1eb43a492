// The on-disk layout of a ReportStore: column family names and the
// encoding of every key and value. Private to storage/ (and its tests).
//
//   reports   seq(8)                          -> Report (serialized)
//   dedupe    unit_id \0 idempotency_key      -> seq(8) stored_at_ms(8)
//   by_unit   unit_id \0 seq(8)               -> ""
//   by_time   time(8) seq(8)                  -> ""   (the first report of
//                                                each batch: sparse)
//   by_event  event_id \0 seq(8)              -> ""
//   events       event_id                     -> EventState (serialized)
//   open_events  event_id                     -> ""
//   by_kind   'k' kind(1) seq(8)              -> ""   (every report)
//             's' stage(1) seq(8)             -> ""   (reports with a stage)
//   event_history  event_id \0 time(8)        -> EventState as of that time
//   audit     seq(8)                          -> AuditRecord
//   duban         item_id                     -> DubanState (serialized)
//   open_duban    item_id                     -> ""   (not closed)
//   duban_history item_id \0 time(8)          -> DubanState as of that time
//   bulletin_items, open_bulletin_items, bulletin_item_history
//                 item_id (\0 time(8))       -> BulletinItem (采编 items;
//                                                open: candidate or placed)
//   bulletin_issues, draft_issues, bulletin_issue_history
//                 issue_id (\0 time(8))      -> BulletinIssue (open: draft)
//   commissions, open_commissions, commission_history
//                 commission_id (\0 time(8)) -> CommissionState (约稿)
//   adoptions 'r' seq(8) adoption_id          -> Adoption (采用, per report)
//             't' time(8) seq(8) adoption_id  -> ""  (by adopted_at_ms)
//   chain     index(8)                        -> ChainLink (the archive's
//                                                hash chain, chain_links.h)
//   upward    position(8)                     -> seq(8) queued_at(8): what
//                                                goes up to the parent broker
//   links     sender broker id                -> position(8): the last
//                                                link_position stored from it
//   upward_refused position(8)                -> Error: what the parent
//                                                refused for good, and why
//   dedupe of a forwarded report: '@' origin_broker '/' origin_unit_id \0 key
//
// All fixed-width numbers are big-endian, so byte order is numeric order.
// time(8) is stored_at_ms with its sign bit flipped ("offset binary"), so
// that times before 1970 still sort before later ones; the stored_at_ms in a
// dedupe value is the plain two's-complement bits.
//
// Names (unit_id, idempotency_key, event_id) never contain \0; that is what
// makes "name \0" an unambiguous prefix. Callers check with HasNul().
//
// Every function here appends to *out; none allocates beyond that.
// Thread-safe: all functions are pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "xinbao/v1/report.pb.h"

namespace xinbao::storage::layout {

inline constexpr char kReportsFamily[] = "reports";
inline constexpr char kDedupeFamily[] = "dedupe";
inline constexpr char kByUnitFamily[] = "by_unit";
inline constexpr char kByTimeFamily[] = "by_time";
inline constexpr char kByEventFamily[] = "by_event";
inline constexpr char kEventsFamily[] = "events";
inline constexpr char kOpenEventsFamily[] = "open_events";
inline constexpr char kByKindFamily[] = "by_kind";
inline constexpr char kEventHistoryFamily[] = "event_history";
inline constexpr char kAuditFamily[] = "audit";
inline constexpr char kDubanFamily[] = "duban";
inline constexpr char kOpenDubanFamily[] = "open_duban";
inline constexpr char kDubanHistoryFamily[] = "duban_history";
inline constexpr char kBulletinItemsFamily[] = "bulletin_items";
inline constexpr char kOpenBulletinItemsFamily[] = "open_bulletin_items";
inline constexpr char kBulletinItemHistoryFamily[] = "bulletin_item_history";
inline constexpr char kBulletinIssuesFamily[] = "bulletin_issues";
inline constexpr char kDraftIssuesFamily[] = "draft_issues";
inline constexpr char kBulletinIssueHistoryFamily[] = "bulletin_issue_history";
inline constexpr char kCommissionsFamily[] = "commissions";
inline constexpr char kOpenCommissionsFamily[] = "open_commissions";
inline constexpr char kCommissionHistoryFamily[] = "commission_history";
inline constexpr char kAdoptionsFamily[] = "adoptions";
inline constexpr char kChainFamily[] = "chain";
inline constexpr char kUpwardFamily[] = "upward";
inline constexpr char kLinksFamily[] = "links";
inline constexpr char kUpwardRefusedFamily[] = "upward_refused";
// 下发 (storage/downward_queue.cc): unit\0position(8) -> kind(8)
// sequence(8) queued_at(8) ref (the rest: an adoption's id, or empty),
// positions dense per child unit from 1; and
// unit\0 0(8) -> fetched(8), the child's receipt.
inline constexpr char kDownwardFamily[] = "downward";
// 督办 across the tree (storage/duban_tree.cc): upstream_duban, the
// parent's items assigned to this broker's unit (item_id ->
// UpstreamDuban); duban_up, the steps queued to go up to the parent
// (position(8) -> DubanStepRequest), positions dense from 1.
inline constexpr char kUpstreamDubanFamily[] = "upstream_duban";
inline constexpr char kDubanUpFamily[] = "duban_up";

// The two kinds of adoptions key: by report, and by adoption time.
inline constexpr char kAdoptionTag = 'r';
inline constexpr char kAdoptionTimeTag = 't';

// In the default family: the live feed's last sequence, fixed64.
inline constexpr char kFeedSequenceKey[] = "feed_sequence";
// In the default family: the store's on-disk format version, fixed64.
// A store without it is of version 1 (made before the key existed), and
// gets it when opened. A binary refuses a store of a newer version.
// Version 2: the archive chain (every history record linked); a version 1
// store gets its records linked when opened (BackfillChain), then 2.
inline constexpr char kFormatVersionKey[] = "format_version";
// Version 3: the reporting tree's families (upward, links,
// upward_refused), which start
// empty: nothing to fill in. Version 4: the family downward and the key
// downward_received, which start empty too. Version 5: the families
// upstream_duban and duban_up and the key duban_up_answered, empty too.
// Version 6: by_time is sparse (an entry for the first report of each
// batch, not for every report); a dense by_time of an older store reads
// the same way, so nothing is rewritten — the version only keeps an older
// binary, which read one entry per report, from misreading a newer store.
inline constexpr uint64_t kFormatVersion = 6;
// In the default family: the upward queue's cursor, answered(8)
// accepted(8) — the last position the parent answered (acknowledged or
// refused for good) and the last it acknowledged.
inline constexpr char kUpwardCursorKey[] = "upward_cursor";
// In the default family: the last position of the parent's 下发 queue
// this broker has stored, fixed64.
inline constexpr char kDownwardReceivedKey[] = "downward_received";
// In the default family: the last position of duban_up the parent has
// answered, fixed64.
inline constexpr char kDubanUpAnsweredKey[] = "duban_up_answered";
// The prefix of a forwarded report's dedupe unit ("@origin/unit"): no unit
// id has '@' or '/' (IsWellFormedId), so it never meets a local unit's.
inline constexpr char kForwardedUnitTag = '@';

inline constexpr size_t kSequenceSize = 8;
inline constexpr size_t kDedupeValueSize = 16;
inline constexpr size_t kTimeKeySize = 16;
inline constexpr size_t kKindKeySize = 10;

// The two kinds of by_kind key.
inline constexpr char kKindTag = 'k';
inline constexpr char kStageTag = 's';

inline bool HasNul(std::string_view name) {
  return name.find('\0') != std::string_view::npos;
}

// Appends `value` as 8 big-endian bytes.
void PutFixed64(std::string* out, uint64_t value);
// Reads 8 big-endian bytes. REQUIRES: at least 8 readable bytes at `p`.
uint64_t DecodeFixed64(const char* p);

// reports key.
void AppendSequenceKey(std::string* out, uint64_t sequence);

// dedupe key: unit_id \0 idempotency_key.
void AppendDedupeKey(std::string* out, std::string_view unit_id,
                     std::string_view idempotency_key);
// The dedupe key of `report`: AppendDedupeKey of its unit and key — for a
// forwarded report (report.forwarded set) the unit is '@' origin_broker '/'
// origin_unit_id, so one report is the same at every level of the tree.
void AppendReportDedupeKey(std::string* out, const v1::Report& report);
// dedupe value: sequence(8) stored_at_ms(8).
void AppendDedupeValue(std::string* out, uint64_t sequence,
                       int64_t stored_at_ms);
// Decodes a dedupe value. Returns false if `value` is not one.
bool ParseDedupeValue(std::string_view value, uint64_t* sequence,
                      int64_t* stored_at_ms);

// by_unit / by_event key: name \0 seq(8). Its size is NamedKeySize(name).
void AppendNamedKey(std::string* out, std::string_view name,
                    uint64_t sequence);
inline size_t NamedKeySize(std::string_view name) {
  return name.size() + 1 + kSequenceSize;
}
// The first key after every by_unit / by_event key of `name`: name \1.
void AppendNamedLimit(std::string* out, std::string_view name);

// by_time key: time(8) seq(8). With only the time, a prefix that sorts at
// or before every key stored at `stored_at_ms`, and after every earlier one.
// The index holds the first report of each batch (every report of a batch
// has its stored time, and stored time never steps back), so the first key
// at or after a time names the first report stored then or later, and the
// reports stored before it are every report with a smaller sequence.
void AppendTimeKey(std::string* out, int64_t stored_at_ms, uint64_t sequence);
void AppendTimePrefix(std::string* out, int64_t stored_at_ms);

// by_kind key: tag(1) value(1) seq(8); with only tag and value, the
// prefix of all keys of that kind (or stage).
void AppendKindKey(std::string* out, char tag, int value, uint64_t sequence);
void AppendKindPrefix(std::string* out, char tag, int value);

// event_history key: event_id \0 time(8), time as in by_time. Its size is
// NamedKeySize(event_id).
void AppendHistoryKey(std::string* out, std::string_view event_id,
                      int64_t at_ms);
// The time in an event_history key. REQUIRES: key.size() >= 8.
int64_t HistoryKeyTime(std::string_view key);

// The sequence in the last 8 bytes of any reports, by_unit, by_time or
// by_event key. REQUIRES: key.size() >= 8.
inline uint64_t TrailingSequence(std::string_view key) {
  return DecodeFixed64(key.data() + key.size() - kSequenceSize);
}

}  // namespace xinbao::storage::layout
