#include "broker/tree/downward_queue.h"

#include <algorithm>
#include <string>

namespace xinbao::broker {
namespace {

constexpr uint32_t kDefaultItems = 64;
constexpr uint32_t kMaxItems = 256;

}  // namespace

Status DownwardQueue::Answer(std::string_view child_unit,
                             const v1::DownwardRequest& request,
                             v1::DownwardPage* page) {
  const uint64_t tail = store_.DownwardTail(child_unit);
  if (request.after() > tail) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "本级给下级（" + std::string(child_unit) + "）的下发只到第 " +
                      std::to_string(tail) + " 条，下级却说已收到第 " +
                      std::to_string(request.after()) +
                      " 条：本级可能从较早的备份恢复过，请管理员核对两级的下发记录",
                  "downward.after");
  }
  XINBAO_RETURN_IF_ERROR(store_.SetDownwardFetched(child_unit, request.after()));
  const uint32_t limit = request.limit() == 0 ? kDefaultItems
                                              : std::min(request.limit(), kMaxItems);
  Result<std::vector<storage::DownwardEntry>> entries =
      store_.ReadDownward(child_unit, request.after(), limit);
  if (!entries.ok()) return entries.status();
  for (const storage::DownwardEntry& entry : *entries) {
    v1::DownwardItem& item = *page->add_items();
    item.set_position(entry.position);
    item.set_kind(entry.kind);
    item.set_queued_at_ms(entry.queued_at_ms);
    item.set_from_broker(tree_id_);
    if (entry.kind == v1::DOWNWARD_KIND_SKIP_LEVEL_COPY) {
      Result<v1::Report> report = store_.Get(entry.sequence);
      if (!report.ok()) return report.status();
      *item.mutable_report() = std::move(report).value();
    } else if (entry.kind == v1::DOWNWARD_KIND_ADOPTION) {
      XINBAO_RETURN_IF_ERROR(FillAdoption(entry, &item));
    } else if (entry.kind == v1::DOWNWARD_KIND_DUBAN_ITEM) {
      // As it stands now (a later change is queued after this one too).
      Result<std::optional<v1::DubanState>> state = store_.GetItem(entry.ref);
      if (!state.ok()) return state.status();
      if (!state->has_value()) {
        return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                      "下发队列第 " + std::to_string(entry.position) + " 条所指的督办事项 " +
                          entry.ref + " 不在库中");
      }
      *item.mutable_duban() = std::move(**state);
    }
  }
  page->set_tail(tail);
  return Status::Ok();
}

Status DownwardQueue::FillAdoption(const storage::DownwardEntry& entry,
                                   v1::DownwardItem* item) const {
  Result<v1::Report> report = store_.Get(entry.sequence);
  if (!report.ok()) return report.status();
  v1::Report& named = *item->mutable_report();
  named.set_unit_id(report->unit_id());
  named.set_idempotency_key(report->idempotency_key());
  named.set_title(report->title());
  *named.mutable_forwarded() = report->forwarded();
  Result<std::vector<v1::Adoption>> adoptions = store_.ReportAdoptions(entry.sequence);
  if (!adoptions.ok()) return adoptions.status();
  for (const v1::Adoption& adoption : *adoptions) {
    if (adoption.adoption_id() != entry.ref) continue;
    v1::Adoption& sent = *item->mutable_adoption();
    sent = adoption;
    // Adopted here (else it names the level that did, above).
    if (sent.origin() != v1::ADOPTION_ORIGIN_UPSTREAM) sent.set_upstream_broker(tree_id_);
    return Status::Ok();
  }
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                "下发队列第 " + std::to_string(entry.position) + " 条所指的采用登记（" +
                    entry.ref + "，第 " + std::to_string(entry.sequence) +
                    " 号报告）不在库中");
}

void DownwardQueue::Fill(std::string_view child_unit, v1::ChildLink* child) const {
  child->set_down_queued(store_.DownwardTail(child_unit));
  if (Result<uint64_t> fetched = store_.DownwardFetched(child_unit); fetched.ok()) {
    child->set_down_fetched(*fetched);
  }
}

}  // namespace xinbao::broker
