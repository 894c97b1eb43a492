#include "broker/history/replay_streams.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "broker/history/replay_duban_records.h"
#include "broker/units/unit_names.h"
#include "proto/wire_fields.h"

namespace xinbao::broker {

ReplayStreams::ReplayStreams(const storage::ReportStore& store,
                             const UnitRegistry& units, Send send)
    : store_(store), units_(units), send_(std::move(send)) {}

void ReplayStreams::SetCredit(Replay& replay, uint32_t credit) {
  if (replay.credit == 0 && credit > 0) ++with_credit_;
  if (replay.credit > 0 && credit == 0) --with_credit_;
  replay.credit = credit;
}

Status ReplayStreams::Start(const std::string& routing_id,
                            const std::string& owner,
                            const std::string& replay_id,
                            const v1::ReplayRequest& request,
                            std::string_view reader_unit, int64_t now_ms) {
  Key key{routing_id, owner, replay_id};
  if (replays_.count(key) != 0) {
    return Status(v1::ERROR_CODE_BUSY,
                  "同一个回放编号的回放正在进行，请换一个请求编号");
  }
  if (replays_.size() >= kMaxReplays) {
    return Status(v1::ERROR_CODE_BUSY, "正在进行的回放太多，请稍后再试");
  }
  Result<ReplayPlan> plan = PlanReplay(store_, request);
  if (!plan.ok()) return plan.status();
  std::vector<v1::DubanRecord> duban;
  if (plan->include_duban) {
    Result<std::vector<v1::DubanRecord>> records =
        DubanRecordsInWindow(store_, *plan, reader_unit);
    if (!records.ok()) return records.status();
    duban = std::move(records).value();
  }
  Replay& replay = replays_[key];
  replay.plan = std::move(*plan);
  replay.duban = std::move(duban);
  replay.next = replay.plan.range.first;
  replay.active_ms = now_ms;
  SetCredit(replay, replay.plan.credit);
  spdlog::info("replay {:?} started: sequences {}..{}, {} 督办 steps",
               replay_id, replay.plan.range.first, replay.plan.range.last,
               replay.duban.size());
  return Status::Ok();
}

Status ReplayStreams::Credit(const std::string& routing_id,
                             const std::string& owner,
                             const v1::ReplayCredit& credit, int64_t now_ms) {
  auto it = replays_.find(Key{routing_id, owner, credit.replay_id()});
  if (it == replays_.end()) {
    return Status(v1::ERROR_CODE_UNKNOWN_REPLAY,
                  "没有这个回放：它已结束、已取消，或等待太久已被放弃",
                  "replay_credit.replay_id");
  }
  Replay& replay = it->second;
  if (credit.cancel()) {
    SetCredit(replay, 0);
    replays_.erase(it);
    return Status::Ok();
  }
  // Bounded so that a client cannot ask for more in flight than the
  // broker allows at the start.
  SetCredit(replay, std::min<uint32_t>(replay.credit + credit.credit(),
                                       kMaxReplayCredit));
  replay.active_ms = now_ms;
  return Status::Ok();
}

void ReplayStreams::Step(int64_t now_ms) {
  std::vector<Key> over;
  for (auto& [key, replay] : replays_) {
    if (replay.credit == 0) continue;
    if (!Advance(key, replay, now_ms)) over.push_back(key);
  }
  for (const Key& key : over) {
    auto it = replays_.find(key);
    SetCredit(it->second, 0);
    replays_.erase(it);
  }
}

bool ReplayStreams::Advance(const Key& key, Replay& replay, int64_t now_ms) {
  const ReplayPlan& plan = replay.plan;
  const std::size_t room = plan.chunk_reports - replay.report_count;
  if (replay.next <= plan.range.last) {
    v1::Report stripped;
    Result<uint64_t> scanned = store_.ReadRange(
        plan.filter, replay.next, plan.range.last,
        storage::RangeStep{room, kKeysPerStep},
        [&](const v1::Report& report, std::string_view encoded) {
          if (report.attachments_size() > 0 && !plan.include_attachments) {
            stripped = report;
            for (v1::Attachment& a : *stripped.mutable_attachments()) {
              a.clear_data();
            }
            AppendBytesField(&replay.reports,
                             v1::ReplayChunk::kReportsFieldNumber,
                             stripped.SerializeAsString());
          } else {
            AppendBytesField(&replay.reports,
                             v1::ReplayChunk::kReportsFieldNumber, encoded);
          }
          ++replay.report_count;
          replay.last_stored_ms = report.stored_at_ms();
          AddUnitNames(report, units_, replay.names.mutable_unit_names());
          if (report.stage() == v1::STAGE_QING && !report.event_id().empty()) {
            AddFollowup(replay, report);
          }
          return replay.reports.size() < kMaxChunkBytes;
        });
    if (!scanned.ok()) {
      spdlog::error("replay {:?} failed: {}", key.replay_id,
                    scanned.status().ToString());
      v1::Reply refusal;
      refusal.set_request_id(key.replay_id);
      scanned.status().ToWire(refusal.mutable_error());
      send_(key.routing_id, refusal.SerializeAsString());
      return false;
    }
    replay.next = *scanned + 1;
  }
  const bool done = replay.next > plan.range.last;
  // A sparse filtered replay still reports progress now and then, so that
  // its client can tell a slow replay from a dead broker.
  ++replay.steps_since_chunk;
  if (done || replay.report_count >= plan.chunk_reports ||
      replay.reports.size() >= kMaxChunkBytes ||
      replay.steps_since_chunk >= kStepsPerChunk) {
    SendChunk(key, replay, done, now_ms);
  }
  return !done;
}

void ReplayStreams::SendChunk(const Key& key, Replay& replay, bool done,
                              int64_t now_ms) {
  AddDubanRecords(replay, done);
  v1::ReplayChunk& chunk = replay.names;  // the unit names so far
  chunk.set_chunk(++replay.chunk);
  chunk.set_scanned_to_sequence(
      std::min(replay.next - 1, replay.plan.range.last));
  chunk.set_first_sequence(replay.plan.range.first);
  chunk.set_last_sequence(replay.plan.range.last);
  chunk.set_done(done);
  // Reply{request_id, replay_chunk: <the chunk's fields, then its reports>}
  std::string body = chunk.SerializeAsString();
  body.append(replay.reports);
  v1::Reply reply;
  reply.set_request_id(key.replay_id);
  std::string bytes = reply.SerializeAsString();
  AppendBytesField(&bytes, v1::Reply::kReplayChunkFieldNumber, body);
  send_(key.routing_id, bytes);
  replay.names.Clear();
  replay.reports.clear();
  replay.report_count = 0;
  replay.last_stored_ms = 0;
  replay.steps_since_chunk = 0;
  SetCredit(replay, replay.credit - 1);
  replay.active_ms = now_ms;
  if (done) {
    spdlog::info("replay {:?} done: {} chunks", key.replay_id, replay.chunk);
  }
}

void ReplayStreams::AddDubanRecords(Replay& replay, bool done) {
  // Without a report the chunk says nothing about time: its steps wait for
  // the next report, or the end.
  if (!done && replay.report_count == 0) return;
  for (; replay.next_duban < replay.duban.size(); ++replay.next_duban) {
    v1::DubanRecord& record = replay.duban[replay.next_duban];
    if (!done && record.step().at_ms() > replay.last_stored_ms) break;
    AddUnitName(record.step().unit_id(), units_,
                replay.names.mutable_unit_names());
    AddUnitName(record.step().target_unit_id(), units_,
                replay.names.mutable_unit_names());
    replay.names.add_duban_records()->Swap(&record);
  }
  if (replay.next_duban == replay.duban.size()) {
    replay.duban.clear();
    replay.duban.shrink_to_fit();
    replay.next_duban = 0;
  }
}

void ReplayStreams::AddFollowup(Replay& replay, const v1::Report& report) {
  // Events are few next to reports: one read per event a replay meets,
  // bounded all the same.
  constexpr std::size_t kMaxEventsKept = 1000;
  constexpr int kMaxMergeHops = 8;
  auto known = replay.followups.find(report.event_id());
  if (known == replay.followups.end()) {
    if (replay.followups.size() >= kMaxEventsKept) replay.followups.clear();
    std::unordered_map<uint64_t, uint32_t>& numbers =
        replay.followups[report.event_id()];
    // The report was filed under the event it named or, once that was
    // merged, under the event it was merged into.
    std::string id = report.event_id();
    for (int hop = 0; hop <= kMaxMergeHops && !id.empty(); ++hop) {
      Result<std::optional<v1::EventState>> event = store_.GetEvent(id);
      if (!event.ok() || !event->has_value()) break;
      for (const v1::EventReport& entry : (*event)->reports()) {
        if (entry.followup() != 0) numbers[entry.sequence()] = entry.followup();
      }
      id = (*event)->merged_into();
    }
    known = replay.followups.find(report.event_id());
  }
  const auto number = known->second.find(report.sequence());
  if (number != known->second.end()) {
    (*replay.names.mutable_followups())[report.sequence()] = number->second;
  }
}

void ReplayStreams::Expire(int64_t now_ms) {
  for (auto it = replays_.begin(); it != replays_.end();) {
    if (it->second.credit == 0 &&
        now_ms - it->second.active_ms > kIdleLimitMs) {
      spdlog::info("replay {:?} dropped: no credit for {} s",
                   it->first.replay_id, kIdleLimitMs / 1000);
      it = replays_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace xinbao::broker
