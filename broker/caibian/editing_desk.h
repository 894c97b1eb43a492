// EditingDesk (采编台): the central office's editing of reports into
// bulletins, kept by the committer thread and written
// (storage::ReportStore::PutEvents) before any action is acknowledged.
//
//  * Items (稿件) are edited copies of one or more stored reports (a merged
//    item names every source report and unit); the reports are never
//    changed. An item is a candidate, placed in a draft issue, issued with
//    it (then frozen), or dropped with a reason (editing it again makes it
//    a candidate).
//  * Issues (期) belong to a configured series. A draft lists its items in
//    print order; 签发 (Issue) numbers it — 第N期 of the year in the
//    broker's zone and 总第N期 of the series — freezes it and its items,
//    and records one adoption (采用) per source report at this office's
//    level, all in one write. A correction (更正) is a new issue naming the
//    issued one it corrects; the corrected issue lists it.
//  * Adoptions by higher levels are entered by the office with their
//    reference (期号) — the reporting tree will record them as
//    ADOPTION_ORIGIN_UPSTREAM through the same path; leaders' instructions
//    (批示) are recorded on issued items.
//
// Edits name the revision they were made on: a retry of an applied edit is
// answered with the stored record (changed = false), also after the record
// moved on, when what it asks for is what is stored; an edit made on an
// older revision is STALE_REVISION. Ids already used for other content are
// IDEMPOTENCY_KEY_REUSED.
//
// Memory: the issue numbers, and until Settle() the records touched by the
// actions since the last write; everything else is read from the store
// when an action names it.
//
// Threads: one thread (the committer) owns an EditingDesk.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "broker/caibian/caibian_policy.h"
#include "broker/caibian/issue_numbers.h"
#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/caibian.pb.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// The id under which a child broker records an adoption reported down to
// it (TakeUpstreamAdoption): the parent's own id for one the parent had in
// turn from above, else "up:<adopting broker>:<the parent's id>" — so one
// adoption keeps one id all the way down.
std::string UpstreamAdoptionId(const v1::Adoption& upstream);

class EditingDesk {
 public:
  // How the desk reads the store; nullopt when there is no such record.
  struct Loaders {
    std::function<Result<std::optional<v1::BulletinItem>>(std::string_view)>
        item;
    std::function<Result<std::optional<v1::BulletinIssue>>(std::string_view)>
        issue;
    std::function<Result<std::optional<v1::Report>>(uint64_t sequence)> report;
    std::function<Result<std::vector<v1::Adoption>>(uint64_t sequence)>
        adoptions;
  };

  // Every part must outlive the desk.
  struct Terms {
    const CaibianPolicy& policy;
    const UnitRegistry& units;
    const TimeZone& zone;
  };

  // Who acts: the office (the request's unit_id, the user's own), the
  // person by name, the registered user and gateway (empty without CURVE).
  struct Actor {
    std::string office_unit_id;
    std::string person;
    std::string user;
    std::string via;
  };

  // What an action touched, after it. Pointers valid until Settle() or
  // Forget().
  struct Change {
    bool changed = false;  // false: a repeat, nothing was applied
    const v1::BulletinItem* item = nullptr;
    const v1::BulletinIssue* issue = nullptr;
    std::vector<const v1::BulletinItem*> items{};  // an issue's, in order
    std::vector<const v1::Adoption*> adoptions{};
  };

  EditingDesk(Terms terms, Loaders load);

  // Counts an issued issue read from the store (at start, after Forget()),
  // so that numbering continues after it.
  void CountIssued(const v1::BulletinIssue& issue);

  // REQUIRES for each: the request was validated
  // (broker/ingest/caibian_validator.h).
  // Fails: UNKNOWN_ITEM, INVALID_FIELD (a source report that is not
  // stored), WRONG_STATE (issued), STALE_REVISION, IDEMPOTENCY_KEY_REUSED.
  Result<Change> PutItem(const v1::PutItem& request, const Actor& actor,
                         int64_t now_ms);
  // Fails: UNKNOWN_ITEM, WRONG_STATE (issued), STALE_REVISION.
  Result<Change> DropItem(const v1::DropItem& request, const Actor& actor,
                          int64_t now_ms);
  // Fails: INVALID_FIELD (no such series; a correction of something not
  // an issued issue of the series; an item twice), UNKNOWN_ITEM (an item or
  // the issue), WRONG_STATE (issued; an item dropped, issued or in another
  // draft), STALE_REVISION, IDEMPOTENCY_KEY_REUSED.
  Result<Change> PutIssue(const v1::PutIssue& request, const Actor& actor,
                          int64_t now_ms);
  // 签发. Fails: UNKNOWN_ITEM, WRONG_STATE (already issued on another
  // revision; no items; no approver), STALE_REVISION.
  Result<Change> Issue(const v1::IssueBulletin& request, const Actor& actor,
                       int64_t now_ms);
  // Fails: UNKNOWN_ITEM (item), INVALID_FIELD (report not stored; a level
  // not above this office's; a date in the future), WRONG_STATE (the same
  // adoption already entered under another id), IDEMPOTENCY_KEY_REUSED.
  Result<Change> RecordAdoption(const v1::RecordAdoption& request,
                                const Actor& actor, int64_t now_ms);
  // 上级采用 reported down the tree (docs/HIERARCHY.md): `upstream` as the
  // parent broker recorded it, its upstream_broker naming the broker
  // whose office adopted it, of this broker's report `sequence` (of
  // `unit_id`). Recorded as ADOPTION_ORIGIN_UPSTREAM under
  // UpstreamAdoptionId(upstream). Already recorded — under that id, or
  // entered by hand for the same publication (level, series, 期号) — it
  // changes nothing (changed = false, the stored one in `adoptions`), so a
  // repeat of the pull is harmless and nothing counts twice.
  Result<Change> TakeUpstreamAdoption(const v1::Adoption& upstream,
                                      uint64_t sequence, std::string_view unit_id,
                                      int64_t now_ms);
  // Fails: UNKNOWN_ITEM, WRONG_STATE (not issued), INVALID_FIELD (a date in
  // the future), IDEMPOTENCY_KEY_REUSED.
  Result<Change> RecordInstruction(const v1::RecordInstruction& request,
                                   const Actor& actor, int64_t now_ms);

  // What to write: the records changed and the adoptions made since the
  // last Settle() or Forget().
  std::vector<const v1::BulletinItem*> ChangedItems() const;
  std::vector<const v1::BulletinIssue*> ChangedIssues() const;
  std::vector<const v1::Adoption*> NewAdoptions() const;
  bool HasChanges() const;
  // They were written: forget the records (the store has them).
  void Settle();
  // They were NOT written: drop them and the numbers; the caller must
  // CountIssued() the stored issues again.
  void Forget();

 private:
  Result<v1::BulletinItem*> FindItem(std::string_view item_id);
  Result<v1::BulletinIssue*> FindIssue(std::string_view issue_id);
  // The source reports of `sequences`, read from the store.
  Status LoadSources(const google::protobuf::RepeatedField<uint64_t>& sequences,
                     v1::BulletinItem* item);
  void TouchItem(v1::BulletinItem* item, const Actor& actor, int64_t now_ms);
  void TouchIssue(v1::BulletinIssue* issue, int64_t now_ms);
  void Log(v1::BulletinIssue* issue, v1::IssueLogEntry::Action action,
           const Actor& actor, int64_t now_ms, std::string text);
  const v1::Adoption* KeepAdoption(v1::Adoption adoption);

  Terms terms_;
  Loaders load_;
  IssueNumbers numbers_;
  std::map<std::string, v1::BulletinItem, std::less<>> items_;
  std::map<std::string, v1::BulletinIssue, std::less<>> issues_;
  std::set<std::string, std::less<>> changed_items_;
  std::set<std::string, std::less<>> changed_issues_;
  std::deque<v1::Adoption> adoptions_;  // new, to be written
  std::deque<v1::Adoption> echoes_;     // stored ones a retry is answered with
};

}  // namespace xinbao::broker
