#include "broker/query/report_answers.h"

#include <set>

#include "broker/units/unit_names.h"

namespace xinbao::broker {

Status GetReports(const storage::ReportStore& store, const UnitRegistry& units,
                  const v1::GetReportsRequest& request,
                  const std::string& only_unit, v1::ReportList* list) {
  if (request.sequences().empty()) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "缺少必填项：报告序号",
                  "get_reports.sequences");
  }
  if (request.sequences_size() > kMaxReportsAsked) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "一次最多查看 " + std::to_string(kMaxReportsAsked) + " 份报告",
                  "get_reports.sequences");
  }
  std::set<uint64_t> seen;
  for (const uint64_t sequence : request.sequences()) {
    if (sequence == 0) {
      return Status(v1::ERROR_CODE_INVALID_FIELD, "报告序号从 1 开始",
                    "get_reports.sequences");
    }
    if (!seen.insert(sequence).second) continue;
    Result<v1::Report> report = store.Get(sequence);
    if (!report.ok()) {
      if (report.status().code() == v1::ERROR_CODE_STORAGE_FAILURE) {
        return report.status();
      }
      list->add_missing(sequence);
      continue;
    }
    if (!only_unit.empty() && report->unit_id() != only_unit) {
      list->add_missing(sequence);
      continue;
    }
    AddUnitNames(*report, units, list->mutable_unit_names());
    *list->add_reports() = std::move(report).value();
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
