#include "broker/query/duban_answers.h"

#include <algorithm>
#include <vector>

#include "broker/duban/duban_view.h"
#include "broker/duban/duban_words.h"
#include "broker/units/unit_names.h"
#include "proto/report_rules.h"

namespace xinbao::broker {
namespace {

constexpr uint32_t kDefaultLimit = 200;
constexpr uint32_t kMaxLimit = 1000;

// The nearest answer deadline of the units still owing one (0: none).
int64_t NextAnswerDue(const v1::DubanState& item) {
  int64_t next = 0;
  for (const v1::DubanUnit& unit : item.units()) {
    if (unit.phase() != v1::UNIT_PHASE_ISSUED &&
        unit.phase() != v1::UNIT_PHASE_SIGNED) {
      continue;
    }
    if (unit.answer_due_at_ms() != 0 &&
        (next == 0 || unit.answer_due_at_ms() < next)) {
      next = unit.answer_due_at_ms();
    }
  }
  return next;
}

bool Wanted(const v1::DubanState& item, const v1::ListDubanRequest& request,
            const DubanReader& reader) {
  if (!reader.only_unit.empty() && !AssignedTo(item, reader.only_unit)) {
    return false;
  }
  if (!request.unit_id().empty() && !AssignedTo(item, request.unit_id())) {
    return false;
  }
  if (!request.leader().empty() && item.item().leader() != request.leader()) {
    return false;
  }
  if (request.due_from_ms() != 0 || request.due_to_ms() != 0) {
    const int64_t due = NextAnswerDue(item);
    if (due == 0 || due < request.due_from_ms() ||
        (request.due_to_ms() != 0 && due >= request.due_to_ms())) {
      return false;
    }
  }
  if (request.phases_size() > 0 &&
      std::none_of(item.units().begin(), item.units().end(),
                   [&](const v1::DubanUnit& unit) {
                     return std::find(request.phases().begin(),
                                      request.phases().end(),
                                      unit.phase()) != request.phases().end();
                   })) {
    return false;
  }
  return request.light() == v1::LIGHT_UNSPECIFIED ||
         item.light() == request.light();
}

// Open items by the nearest deadline (none last), then by id; closed ones
// after them, the latest closed first.
bool ListedBefore(const v1::DubanState& a, const v1::DubanState& b) {
  if (a.closed() != b.closed()) return !a.closed();
  if (a.closed()) return a.closed_at_ms() > b.closed_at_ms();
  const int64_t da = NextAnswerDue(a);
  const int64_t db = NextAnswerDue(b);
  if ((da == 0) != (db == 0)) return da != 0;
  if (da != db) return da < db;
  return a.item().item_id() < b.item().item_id();
}

bool Whole(const v1::DubanState& item, const DubanReader& reader) {
  return reader.reader_unit.empty() ||
         SeesInstruction(item, reader.reader_unit);
}

void AddNames(const v1::DubanState& item, const UnitRegistry& units,
              google::protobuf::Map<std::string, std::string>* names) {
  AddUnitName(item.item().office_unit_id(), units, names);
  for (const v1::DubanUnit& unit : item.units()) {
    AddUnitName(unit.unit_id(), units, names);
  }
}

// 上级交办 (the parent's items assigned to this broker's unit), those
// still open for it unless include_closed: whole to the office (and
// without CURVE), as the live feed shows them to anyone else.
Status ListUpstream(const storage::ReportStore& store, const BrokerConfig& config,
                    const v1::ListDubanRequest& request, const DubanReader& reader,
                    v1::DubanList* list) {
  const Unit* reader_unit = config.units.Find(reader.reader_unit);
  const bool whole = reader.reader_unit.empty() ||
                     (reader_unit != nullptr && reader_unit->kind == UnitKind::kOffice);
  return store.ScanUpstreamDuban([&](const v1::UpstreamDuban& kept) {
    bool open = !kept.item().closed();
    for (const v1::DubanUnit& unit : kept.item().units()) {
      if (unit.unit_id() == kept.unit_id()) open = open && unit.phase() != v1::UNIT_PHASE_DONE;
    }
    if (!open && !request.include_closed()) return true;
    v1::UpstreamDuban& listed = *list->add_upstream();
    listed = kept;
    if (!whole) *listed.mutable_item() = Listed(kept.item(), false);
    return true;
  });
}

}  // namespace

Status ListDuban(const storage::ReportStore& store, const BrokerConfig& config,
                 const v1::ListDubanRequest& request, const DubanReader& reader,
                 v1::DubanList* list) {
  for (int i = 0; i < request.phases_size(); ++i) {
    if (!v1::UnitPhase_IsValid(request.phases(i))) {
      return Status(v1::ERROR_CODE_UNKNOWN_ENUM_VALUE, "办理状态的取值不认识",
                    "list_duban.phases");
    }
  }
  if (!v1::Light_IsValid(request.light())) {
    return Status(v1::ERROR_CODE_UNKNOWN_ENUM_VALUE, "灯色的取值不认识",
                  "list_duban.light");
  }
  const std::size_t limit = request.limit() == 0
                                ? kDefaultLimit
                                : std::min(request.limit(), kMaxLimit);
  std::vector<v1::DubanState> items;
  auto keep = [&](const v1::DubanState& item) {
    if (!Wanted(item, request, reader)) return true;
    items.push_back(Listed(item, Whole(item, reader)));
    if (items.size() >= 2 * limit) {
      std::partial_sort(items.begin(), items.begin() + limit, items.end(),
                        ListedBefore);
      items.resize(limit);
    }
    return true;
  };
  XINBAO_RETURN_IF_ERROR(request.include_closed() ? store.ScanItems(keep)
                                                  : store.ScanOpenItems(keep));
  std::sort(items.begin(), items.end(), ListedBefore);
  if (items.size() > limit) items.resize(limit);
  for (v1::DubanState& item : items) {
    AddNames(item, config.units, list->mutable_unit_names());
    list->add_items()->Swap(&item);
  }
  if (reader.only_unit.empty()) return ListUpstream(store, config, request, reader, list);
  return Status::Ok();
}

Status GetDuban(const storage::ReportStore& store, const BrokerConfig& config,
                const v1::GetDubanRequest& request, const DubanReader& reader,
                v1::DubanDetail* detail, std::string* withheld) {
  const std::string& id = request.item_id();
  if (id.empty()) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "请给出督办事项编号",
                  "get_duban.item_id");
  }
  if (!IsWellFormedId(id, 64)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "督办事项编号格式不对：应为 1–64 个字母、数字或 . _ - :",
                  "get_duban.item_id");
  }
  const Status unknown(v1::ERROR_CODE_UNKNOWN_ITEM,
                       "没有编号为 " + id +
                           (reader.only_unit.empty() ? " 的督办事项"
                                                     : " 的、本单位承办的督办事项"),
                       "get_duban.item_id");
  Result<std::optional<v1::DubanState>> found = store.GetItem(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return unknown;
  const v1::DubanState& item = **found;
  if (!reader.only_unit.empty() && !AssignedTo(item, reader.only_unit)) {
    *withheld = id;
    return unknown;
  }
  v1::DubanState shown = Whole(item, reader) ? item : Redacted(item);
  for (v1::TimelineEntry& line : DubanTimeline(shown, config.units)) {
    detail->add_timeline()->Swap(&line);
  }
  AddNames(shown, config.units, detail->mutable_unit_names());
  detail->mutable_item()->Swap(&shown);
  return Status::Ok();
}

}  // namespace xinbao::broker
