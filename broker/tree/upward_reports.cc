#include "broker/tree/upward_reports.h"

#include <spdlog/spdlog.h>

#include <string>

#include "broker/tree/forwarded_copy.h"

namespace xinbao::broker {

UpwardReports::UpwardReports(storage::ReportStore& store, const TreePolicy& tree,
                             const UnitRegistry& units, LinkFigures& figures,
                             std::size_t limit)
    : store_(store), tree_(tree), units_(units), figures_(figures), limit_(limit) {}

Result<std::vector<client::OutboxEntry>> UpwardReports::Pending() const {
  Result<storage::UpwardProgress> progress = store_.UpwardCursor();
  if (!progress.ok()) return progress.status();
  progress_ = *progress;
  Result<std::vector<storage::UpwardEntry>> queued =
      store_.ReadUpward(progress_.answered, limit_);
  if (!queued.ok()) return queued.status();
  std::vector<client::OutboxEntry> pending;
  pending.reserve(queued->size());
  uint64_t after = progress_.accepted;
  for (const storage::UpwardEntry& entry : *queued) {
    Result<v1::Report> stored = store_.Get(entry.sequence);
    if (!stored.ok()) return stored.status();
    const Unit* unit = units_.Find(stored->unit_id());
    v1::Report copy =
        ForwardedCopy(*stored, tree_, unit != nullptr ? unit->name : stored->unit_id(),
                      entry.position, after);
    // Keys are unique per unit of an origin, not in this queue: the
    // request id is the queue position with the report's origin and key.
    std::string request_id = std::to_string(entry.position) + "@" +
                             copy.forwarded().origin_broker() + "/" +
                             copy.forwarded().origin_unit_id() + "/" +
                             copy.idempotency_key();
    pending.push_back(
        client::OutboxEntry{entry.position, std::move(copy), std::move(request_id)});
    after = entry.position;
  }
  return pending;
}

Status UpwardReports::Acknowledge(uint64_t ordinal) {
  return Answered(ordinal, true);
}

Status UpwardReports::Reject(uint64_t ordinal, const v1::Error& error) {
  const std::string problem =
      "上级拒收上报队列第 " + std::to_string(ordinal) + " 条（" +
      v1::ErrorCode_Name(error.code()) + "）：" + error.message();
  spdlog::error("upstream refused queue position {} for good: {} {}", ordinal,
                v1::ErrorCode_Name(error.code()), error.message());
  figures_.Refused(problem);
  XINBAO_RETURN_IF_ERROR(store_.RecordUpwardRefusal(ordinal, error));
  return Answered(ordinal, false);
}

Status UpwardReports::Answered(uint64_t position, bool accepted) {
  if (position <= progress_.answered) return Status::Ok();  // a late repeat
  answered_[position] = accepted;
  storage::UpwardProgress moved = progress_;
  // Positions are dense: the cursor moves over the answered run that
  // starts right after it.
  for (auto next = answered_.find(moved.answered + 1); next != answered_.end();
       next = answered_.find(moved.answered + 1)) {
    moved.answered = next->first;
    if (next->second) moved.accepted = next->first;
    answered_.erase(next);
  }
  if (moved.answered == progress_.answered) return Status::Ok();
  XINBAO_RETURN_IF_ERROR(store_.SetUpwardCursor(moved));
  progress_ = moved;
  return Status::Ok();
}

}  // namespace xinbao::broker
