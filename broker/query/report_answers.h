// The query socket's get_reports: stored reports in full by sequence, for
// an editor making an item from them (采编) or an officer reading one back.
//
// Who sees what: `only_unit` empty (a user who reads every unit, or no
// CURVE) gets every stored report asked for; otherwise only that unit's.
// Any other sequence, like one not stored, is listed in `missing`: the
// answer does not say which, so a unit cannot probe another's reports.
//
// Threads: reads the store only; safe on the query thread.
#pragma once

#include <string>

#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// The most sequences one request may ask for.
inline constexpr int kMaxReportsAsked = 50;

// Fails: MISSING_FIELD (no sequence), INVALID_FIELD (more than
// kMaxReportsAsked, or sequence 0), STORAGE_FAILURE.
Status GetReports(const storage::ReportStore& store, const UnitRegistry& units,
                  const v1::GetReportsRequest& request,
                  const std::string& only_unit, v1::ReportList* list);

}  // namespace xinbao::broker
