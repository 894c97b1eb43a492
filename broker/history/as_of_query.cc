#include "broker/history/as_of_query.h"

#include <algorithm>
#include <string>
#include <vector>

#include "broker/duban/duban_view.h"
#include "broker/events/event_order.h"
#include "broker/events/event_words.h"
#include "broker/units/unit_names.h"
#include "broker/units/unit_registry.h"

namespace xinbao::broker {
namespace {

constexpr std::size_t kMaxEventIdChars = 64;

bool IsOpen(const v1::EventState& event) {
  return !event.closed() && event.merged_into().empty();
}

// The 督办 items the request asks for, as they stood at at_ms.
Status ItemsAsOf(const storage::ReportStore& store, const BrokerConfig& config,
                 const v1::AsOfRequest& request, std::string_view reader_unit,
                 v1::AsOfState* out) {
  std::vector<v1::DubanState> items;
  if (!request.item_id().empty()) {
    if (!IsWellFormedId(request.item_id(), kMaxEventIdChars)) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "督办事项编号格式不对：应为 1–64 个字母、数字或 . _ - :",
                    "as_of.item_id");
    }
    Result<std::optional<v1::DubanState>> found =
        store.GetItemAsOf(request.item_id(), request.at_ms());
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return Status(v1::ERROR_CODE_UNKNOWN_ITEM,
                    "到 " + LocalTimeWords(request.at_ms(), config.zone()) +
                        " 为止，中心还没有编号为 " + request.item_id() +
                        " 的督办事项",
                    "as_of.item_id");
    }
    items.push_back(std::move(**found));
  } else {
    XINBAO_RETURN_IF_ERROR(
        store.ScanItemsAsOf(request.at_ms(), [&](const v1::DubanState& item) {
          if (!item.closed()) items.push_back(item);
          return true;
        }));
  }
  for (const v1::DubanState& item : items) {
    const bool whole =
        reader_unit.empty() || SeesInstruction(item, reader_unit);
    *out->add_duban_items() = whole ? item : Redacted(item);
    for (const v1::DubanUnit& unit : item.units()) {
      AddUnitName(unit.unit_id(), config.units, out->mutable_unit_names());
    }
    AddUnitName(item.item().office_unit_id(), config.units,
                out->mutable_unit_names());
  }
  return Status::Ok();
}

}  // namespace

Status AnswerAsOf(const storage::ReportStore& store, const BrokerConfig& config,
                  const v1::AsOfRequest& request, std::string_view reader_unit,
                  v1::AsOfState* out) {
  if (request.at_ms() <= 0) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "请给出要查看的时刻",
                  "as_of.at_ms");
  }
  out->set_at_ms(request.at_ms());
  if (!request.item_id().empty() || request.include_duban()) {
    XINBAO_RETURN_IF_ERROR(ItemsAsOf(store, config, request, reader_unit, out));
    if (!request.item_id().empty()) return Status::Ok();
  }
  std::vector<v1::EventState> events;
  if (!request.event_id().empty()) {
    if (!IsWellFormedId(request.event_id(), kMaxEventIdChars)) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "事件编号格式不对：应为 1–64 个字母、数字或 . _ - :",
                    "as_of.event_id");
    }
    Result<std::optional<v1::EventState>> found =
        store.GetEventAsOf(request.event_id(), request.at_ms());
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return Status(v1::ERROR_CODE_UNKNOWN_EVENT,
                    "到 " +
                        LocalTimeWords(request.at_ms(), config.zone()) +
                        " 为止，中心还没有编号为 " + request.event_id() +
                        " 的事件",
                    "as_of.event_id");
    }
    events.push_back(std::move(**found));
  } else {
    XINBAO_RETURN_IF_ERROR(
        store.ScanEventsAsOf(request.at_ms(), [&](const v1::EventState& e) {
          if (IsOpen(e)) events.push_back(e);
          return true;
        }));
    std::sort(events.begin(), events.end(), OpenedLater);
  }
  std::vector<v1::Alarm> alarms;
  for (const v1::EventState& event : events) {
    for (const v1::Alarm& alarm : event.alarms()) {
      if (!alarm.open()) continue;
      alarms.push_back(alarm);
      if (alarms.back().event_id().empty()) {
        alarms.back().set_event_id(event.event_id());
      }
    }
  }
  std::sort(alarms.begin(), alarms.end(), AlarmBefore);
  for (v1::Alarm& alarm : alarms) {
    AddUnitName(alarm.unit_id(), config.units, out->mutable_unit_names());
    out->add_open_alarms()->Swap(&alarm);
  }
  for (v1::EventState& event : events) {
    AddUnitNames(event, config.units, out->mutable_unit_names());
    out->add_events()->Swap(&event);
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
