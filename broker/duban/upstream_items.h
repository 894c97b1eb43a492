// UpstreamItems: 上级交办 — the 督办 items a parent broker's office issued
// to this broker's unit there — as this broker keeps them, and what its
// office's 转办 items (DubanItem.upstream) owe back up (docs/HIERARCHY.md,
// "Back down the tree").
//
// The parent sends an item again after every step on it; Take() keeps the
// latest. The office carries one on by issuing an item of its own that
// names it (转办): Check() before the issue, Carried() after it — the
// first 转办 queues the unit's 签收 at the parent, a later one (after the
// parent's 退回重办, say) a progress note. When a 转办 item closes (every
// unit here 办结销号), Stepped() queues the unit's 办结报告 at the parent,
// made from the units' answers here. The steps go up in the order queued
// (the broker's link sends them, broker/tree/); each has a step id made
// from this broker's id, so a resend is a repeat at the parent.
//
// Bookkeeping only: what changed is read back (Changed(), Steps()) and
// written by the committer in the batch of the step that caused it;
// Settle() after the write, Forget() after a failed one.
//
// Threads: one thread (the committer) owns it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "xinbao/v1/duban.pb.h"

namespace xinbao::broker {

class UpstreamItems {
 public:
  using Loader = std::function<Result<std::optional<v1::UpstreamDuban>>(
      std::string_view item_id)>;

  struct Terms {
    std::string tree_id;    // this broker's [tree] id (in step ids)
    std::string tree_name;  // its [tree] name (in the person of a step)
    std::string unit_id;    // its unit at the parent ([upstream] unit)
    const UnitRegistry& units;
  };

  UpstreamItems(Terms terms, Loader load);

  // An item fetched from the parent (from broker `broker_id`): kept unless
  // what is kept is newer. Returns whether anything changed.
  Result<bool> Take(const v1::DubanState& parent, std::string_view broker_id,
                    int64_t now_ms);

  // Before a 转办 item is issued: the parent item it names is kept here
  // and this broker's unit's part there is open; fills in
  // upstream.broker_id. UNKNOWN_ITEM, WRONG_STATE otherwise.
  Status Check(v1::DubanItem* item);
  // After a 转办 item was issued (new): recorded with its parent item, and
  // the 签收 (the first) or a progress note (a later one) queued up.
  Status Carried(const v1::DubanState& issued, int64_t now_ms);
  // After a step on an item: a 转办 item it closed gets its 办结报告
  // queued up.
  Status Stepped(const v1::DubanState& item, int64_t now_ms);

  std::vector<const v1::UpstreamDuban*> Changed() const;
  const std::vector<v1::DubanStepRequest>& Steps() const { return steps_; }
  void Settle();
  void Forget() { Settle(); }

 private:
  Result<v1::UpstreamDuban*> Find(std::string_view item_id);
  void Queue(v1::UpstreamDuban* kept, v1::StepKind kind, std::string_view local_id,
             std::string person, std::string text,
             const google::protobuf::RepeatedPtrField<v1::Attachment>* attachments,
             int64_t now_ms);
  std::string UnitName(std::string_view unit_id) const;

  Terms terms_;
  Loader load_;
  // Read since the last Settle(), and of those the changed ones (ids).
  std::map<std::string, v1::UpstreamDuban, std::less<>> kept_;
  std::set<std::string> changed_ids_;
  std::vector<v1::DubanStepRequest> steps_;
};

// The step id of this broker's step `kind` ("sign", "result" …) at the
// parent for its 转办 item `local_id`: "<tree id>:<kind>:<local id>", or,
// past 64 characters, with a hash of the local id in its place.
std::string UpStepId(std::string_view tree_id, std::string_view kind,
                     std::string_view local_id);

}  // namespace xinbao::broker
