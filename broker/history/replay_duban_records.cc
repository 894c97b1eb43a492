#include "broker/history/replay_duban_records.h"

#include <algorithm>
#include <string>

#include "broker/duban/duban_view.h"
#include "proto/duban_record_order.h"

namespace xinbao::broker {
namespace {

bool Among(const std::vector<std::string>& ids, std::string_view id) {
  return !id.empty() && std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Whether the whole item belongs to one of `units`: assigned or issued.
bool ItemOfUnits(const v1::DubanState& item,
                 const std::vector<std::string>& units) {
  return std::any_of(units.begin(), units.end(), [&](const std::string& u) {
    return AssignedTo(item, u) || item.item().office_unit_id() == u;
  });
}

bool InWindow(const ReplayPlan& plan, int64_t at_ms) {
  return at_ms >= plan.from_ms && (plan.to_ms == 0 || at_ms < plan.to_ms);
}

}  // namespace

Result<std::vector<v1::DubanRecord>> DubanRecordsInWindow(
    const storage::ReportStore& store, const ReplayPlan& plan,
    std::string_view reader_unit) {
  std::vector<v1::DubanRecord> records;
  const std::vector<std::string>& units = plan.filter.unit_ids;
  const std::vector<std::string>& events = plan.filter.event_ids;
  XINBAO_RETURN_IF_ERROR(store.ScanItems([&](const v1::DubanState& stored) {
    if (!events.empty() && !Among(events, stored.item().source_event_id())) {
      return true;
    }
    const bool whole_item = units.empty() || ItemOfUnits(stored, units);
    const bool readable =
        reader_unit.empty() || SeesInstruction(stored, reader_unit);
    const v1::DubanState item = readable ? stored : Redacted(stored);
    for (const v1::DubanStep& step : item.steps()) {
      if (!InWindow(plan, step.at_ms())) continue;
      if (!whole_item && !Among(units, step.unit_id()) &&
          !Among(units, step.target_unit_id())) {
        continue;
      }
      v1::DubanRecord& record = records.emplace_back();
      record.set_item_id(item.item().item_id());
      record.set_title(item.item().title());
      record.set_redacted(item.redacted());
      *record.mutable_step() = step;
      if (!plan.include_attachments) {
        for (v1::Attachment& a : *record.mutable_step()->mutable_attachments()) {
          a.clear_data();
        }
      }
    }
    return true;
  }));
  std::sort(records.begin(), records.end(), DubanRecordBefore);
  return records;
}

}  // namespace xinbao::broker
