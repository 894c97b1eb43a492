// The query socket's 督办 questions: list_duban (items by state, unit,
// leader, due range, phase, light) and get_duban (one item whole, with its
// timeline).
//
// Who sees what: `only_unit` (a user outside the reading-all roles, i.e.
// a reporter) sees only the items assigned to its unit — another item
// reads as unknown, and the caller audits the asking; `reader_unit` (the
// user's unit; empty without CURVE) reads an item whole only if it is the
// issuing office or assigned, else redacted (no instruction, texts,
// attachments).
//
// Threads: reads the store only; safe on the query thread.
#pragma once

#include <string>
#include <string_view>

#include "broker/config/config.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

struct DubanReader {
  std::string only_unit;    // non-empty: only items assigned to it
  std::string reader_unit;  // the asker's unit (empty: no CURVE)
};

Status ListDuban(const storage::ReportStore& store, const BrokerConfig& config,
                 const v1::ListDubanRequest& request, const DubanReader& reader,
                 v1::DubanList* list);

// Sets *withheld to the item id when the item exists but is not the
// reader's (answered UNKNOWN_ITEM).
Status GetDuban(const storage::ReportStore& store, const BrokerConfig& config,
                const v1::GetDubanRequest& request, const DubanReader& reader,
                v1::DubanDetail* detail, std::string* withheld);

}  // namespace xinbao::broker
