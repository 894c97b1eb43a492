#include "broker/history/stats_query.h"

#include <iterator>

#include "broker/history/assessment.h"
#include "broker/units/unit_names.h"

namespace xinbao::broker {

Status AnswerStats(const storage::ReportStore& store,
                   const BrokerConfig& config, const v1::StatsRequest& request,
                   int64_t now_ms, v1::StatsTable* out) {
  Result<StatsPeriod> period =
      ResolvePeriod(request, config.zone());
  if (!period.ok()) return period.status();
  Assessment assessment(*period, config.assessment, config.units);
  XINBAO_RETURN_IF_ERROR(store.ScanStoredTime(
      period->from_ms, period->to_ms, [&assessment](const v1::Report& report) {
        assessment.CountReport(report.unit_id(), report.kind(),
                               report.stored_at_ms());
        return true;
      }));
  XINBAO_RETURN_IF_ERROR(
      store.ScanEvents([&assessment](const v1::EventState& event) {
        assessment.CountEvent(event);
        return true;
      }));
  XINBAO_RETURN_IF_ERROR(
      store.ScanAdoptions(period->from_ms, period->to_ms,
                          [&assessment](const v1::Adoption& adoption) {
                            assessment.CountAdoption(adoption);
                            return true;
                          }));
  // Instructions on edited items first: a 督办 item's 批示 on the same
  // report by the same leader is then not counted twice.
  XINBAO_RETURN_IF_ERROR(store.ScanBulletinItems(
      false, [&assessment](const v1::BulletinItem& item) {
        if (item.instructions_size() > 0) assessment.CountInstructions(item);
        return true;
      }));
  std::vector<v1::DubanItem> from_reports;
  XINBAO_RETURN_IF_ERROR(
      store.ScanItems([&](const v1::DubanState& item) {
        assessment.CountItem(item);
        if (item.item().source_report_sequence() != 0) {
          from_reports.push_back(item.item());
        }
        return true;
      }));
  for (const v1::DubanItem& item : from_reports) {
    Result<v1::Report> report = store.Get(item.source_report_sequence());
    if (!report.ok()) {
      if (report.status().code() == v1::ERROR_CODE_STORAGE_FAILURE) {
        return report.status();
      }
      continue;  // not stored: nobody to credit
    }
    assessment.CountDubanInstruction(item, report->unit_id());
  }
  XINBAO_RETURN_IF_ERROR(
      store.ScanCommissions(false, [&](const v1::CommissionState& commission) {
        assessment.CountCommission(commission, now_ms);
        return true;
      }));
  out->Clear();
  assessment.Finish(out);
  if (!request.explain()) {
    for (v1::UnitStats& row : *out->mutable_units()) row.clear_lines();
  }
  for (const v1::UnitStats& row : out->units()) {
    AddUnitName(row.unit_id(), config.units, out->mutable_unit_names());
  }
  out->set_computed_at_ms(now_ms);
  out->set_ranked_units(static_cast<uint32_t>(out->units_size()));
  return Status::Ok();
}

void KeepOwnRow(std::string_view unit_id, v1::StatsTable* table) {
  v1::UnitStats own;
  bool found = false;
  for (v1::UnitStats& row : *table->mutable_units()) {
    if (row.unit_id() == unit_id) {
      own.Swap(&row);
      found = true;
      break;
    }
  }
  table->clear_units();
  if (found) table->add_units()->Swap(&own);
  // Only the asker's own unit's name: the others' are no business of it.
  auto& names = *table->mutable_unit_names();
  for (auto it = names.begin(); it != names.end();) {
    it = it->first == unit_id ? std::next(it) : names.erase(it);
  }
}

}  // namespace xinbao::broker
