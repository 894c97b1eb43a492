// ReportStore: 督办 items (duban, open_duban, duban_history families),
// kept as events are (storage/state_records.h). Written by PutEvents.
#include <rocksdb/snapshot.h>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"
#include "storage/state_records.h"

namespace xinbao::storage {
Result<std::optional<v1::DubanState>> ReportStore::GetItem(
    std::string_view item_id) const {
  if (layout::HasNul(item_id)) return NulInName("item_id");
  v1::DubanState item;
  bool found = false;
  XINBAO_RETURN_IF_ERROR(ReadState(*impl_, rocksdb::ReadOptions(),
                                   kDubanFamilies, item_id, &item, &found));
  if (!found) return std::optional<v1::DubanState>();
  return std::optional<v1::DubanState>(std::move(item));
}

Status ReportStore::ScanOpenItems(const DubanVisitor& visit) const {
  OneInstant at(impl_->db.get());
  v1::DubanState item;
  return ScanOpenStates(*impl_, at.options, kDubanFamilies, &item,
                        [&] { return visit(item); });
}

Status ReportStore::ScanItems(const DubanVisitor& visit) const {
  OneInstant at(impl_->db.get());
  v1::DubanState item;
  return ScanAllStates(*impl_, at.options, kDubanFamilies, &item,
                       [&] { return visit(item); });
}

Result<std::optional<v1::DubanState>> ReportStore::GetItemAsOf(
    std::string_view item_id, int64_t at_ms) const {
  if (layout::HasNul(item_id)) return NulInName("item_id");
  v1::DubanState item;
  bool found = false;
  XINBAO_RETURN_IF_ERROR(ReadStateAsOf(*impl_, rocksdb::ReadOptions(),
                                       kDubanFamilies, item_id, at_ms, &item,
                                       &found));
  if (!found) return std::optional<v1::DubanState>();
  return std::optional<v1::DubanState>(std::move(item));
}

Status ReportStore::ScanItemsAsOf(int64_t at_ms,
                                  const DubanVisitor& visit) const {
  OneInstant at(impl_->db.get());
  v1::DubanState item;
  return ScanStatesAsOf(*impl_, at.options, kDubanFamilies, at_ms, &item,
                        [&] { return visit(item); });
}

}  // namespace xinbao::storage
