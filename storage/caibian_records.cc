// ReportStore: 采编 records — edited items, issues and commissions, kept as
// events are (storage/state_records.h), and adoptions, written once per
// (report, adoption id) with an entry by adoption time. Written by
// PutEvents, or by Append's hook (a report answering a commission).
#include <rocksdb/iterator.h>
#include <rocksdb/snapshot.h>

#include <memory>
#include <string>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"
#include "storage/state_records.h"

namespace xinbao::storage {
namespace {

void AppendAdoptionKey(std::string* out, uint64_t sequence,
                       std::string_view adoption_id) {
  out->push_back(layout::kAdoptionTag);
  layout::PutFixed64(out, sequence);
  out->append(adoption_id);
}

void AppendAdoptionTimeKey(std::string* out, const v1::Adoption& adoption) {
  out->push_back(layout::kAdoptionTimeTag);
  layout::AppendTimeKey(out, adoption.adopted_at_ms(),
                        adoption.report_sequence());
  out->append(adoption.adoption_id());
}

// One stored state by id, for any of the three kept 采编 records.
template <class State>
Result<std::optional<State>> ReadOne(const ReportStore::Impl& impl,
                                     const StateFamilies& families,
                                     std::string_view id,
                                     std::string_view field) {
  if (layout::HasNul(id)) return NulInName(field);
  State state;
  bool found = false;
  XINBAO_RETURN_IF_ERROR(ReadState(impl, rocksdb::ReadOptions(), families, id,
                                   &state, &found));
  if (!found) return std::optional<State>();
  return std::optional<State>(std::move(state));
}

template <class State, class Visitor>
Status ScanKept(const ReportStore::Impl& impl, const StateFamilies& families,
                bool open_only, const Visitor& visit) {
  OneInstant at(impl.db.get());
  State state;
  if (open_only) {
    return ScanOpenStates(impl, at.options, families, &state,
                          [&] { return visit(state); });
  }
  return ScanAllStates(impl, at.options, families, &state,
                       [&] { return visit(state); });
}

bool ItemOpen(const v1::BulletinItem& item) {
  return item.phase() == v1::ITEM_PHASE_CANDIDATE ||
         item.phase() == v1::ITEM_PHASE_PLACED;
}

}  // namespace

rocksdb::Status ReportStore::Impl::AddCaibianToBatch(const EventWrites& writes) {
  rocksdb::Status status;
  for (const v1::BulletinItem* item : writes.bulletin_items) {
    if (item == nullptr) return rocksdb::Status::InvalidArgument("no item");
    status = AddStateToBatch(*this, kBulletinItemFamilies, item->item_id(),
                             ItemOpen(*item), item->updated_at_ms(), *item);
    if (!status.ok()) return status;
  }
  for (const v1::BulletinIssue* issue : writes.bulletin_issues) {
    if (issue == nullptr) return rocksdb::Status::InvalidArgument("no issue");
    status = AddStateToBatch(*this, kBulletinIssueFamilies, issue->issue_id(),
                             issue->phase() == v1::ISSUE_PHASE_DRAFT,
                             issue->updated_at_ms(), *issue);
    if (!status.ok()) return status;
  }
  for (const v1::CommissionState* commission : writes.commissions) {
    if (commission == nullptr) {
      return rocksdb::Status::InvalidArgument("no commission");
    }
    status = AddStateToBatch(*this, kCommissionFamilies,
                             commission->commission().commission_id(),
                             !commission->closed(),
                             commission->updated_at_ms(), *commission);
    if (!status.ok()) return status;
  }
  for (const v1::Adoption* adoption : writes.adoptions) {
    if (adoption == nullptr || layout::HasNul(adoption->adoption_id())) {
      return rocksdb::Status::InvalidArgument("bad adoption");
    }
    entry.clear();
    AppendAdoptionKey(&entry, adoption->report_sequence(),
                      adoption->adoption_id());
    const std::string bytes = adoption->SerializeAsString();
    status = batch.Put(family(Family::kAdoptions), entry, bytes);
    if (!status.ok()) return status;
    AddPendingLink(&links, v1::CHAIN_RECORD_KIND_ADOPTION, entry, bytes,
                   adoption->recorded_at_ms());
    entry.clear();
    AppendAdoptionTimeKey(&entry, *adoption);
    status = batch.Put(family(Family::kAdoptions), entry, "");
    if (!status.ok()) return status;
  }
  return status;
}

Result<std::optional<v1::BulletinItem>> ReportStore::GetBulletinItem(
    std::string_view item_id) const {
  return ReadOne<v1::BulletinItem>(*impl_, kBulletinItemFamilies, item_id,
                                   "item_id");
}

Status ReportStore::ScanBulletinItems(bool open_only,
                                      const BulletinItemVisitor& visit) const {
  return ScanKept<v1::BulletinItem>(*impl_, kBulletinItemFamilies, open_only,
                                    visit);
}

Result<std::optional<v1::BulletinIssue>> ReportStore::GetBulletinIssue(
    std::string_view issue_id) const {
  return ReadOne<v1::BulletinIssue>(*impl_, kBulletinIssueFamilies, issue_id,
                                    "issue_id");
}

Status ReportStore::ScanBulletinIssues(const BulletinIssueVisitor& visit) const {
  return ScanKept<v1::BulletinIssue>(*impl_, kBulletinIssueFamilies, false,
                                     visit);
}

Result<std::optional<v1::CommissionState>> ReportStore::GetCommission(
    std::string_view commission_id) const {
  return ReadOne<v1::CommissionState>(*impl_, kCommissionFamilies,
                                      commission_id, "commission_id");
}

Status ReportStore::ScanCommissions(bool open_only,
                                    const CommissionVisitor& visit) const {
  return ScanKept<v1::CommissionState>(*impl_, kCommissionFamilies, open_only,
                                       visit);
}

Result<std::vector<v1::Adoption>> ReportStore::ReportAdoptions(
    uint64_t sequence) const {
  std::string lower;
  lower.push_back(layout::kAdoptionTag);
  layout::PutFixed64(&lower, sequence);
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(
      rocksdb::ReadOptions(), impl_->family(Family::kAdoptions)));
  std::vector<v1::Adoption> adoptions;
  for (it->Seek(lower); it->Valid() && it->key().starts_with(lower);
       it->Next()) {
    v1::Adoption& adoption = adoptions.emplace_back();
    if (!adoption.ParseFromArray(it->value().data(),
                                 static_cast<int>(it->value().size()))) {
      return Corruption("第 " + std::to_string(sequence) +
                        " 号报告的采用记录无法解析");
    }
  }
  if (!it->status().ok()) return StorageFailure("读取采用记录失败", it->status());
  return adoptions;
}

Status ReportStore::ScanAdoptions(int64_t from_ms, int64_t to_ms,
                                  const AdoptionVisitor& visit) const {
  OneInstant at(impl_->db.get());
  std::string lower;
  lower.push_back(layout::kAdoptionTimeTag);
  layout::AppendTimePrefix(&lower, from_ms);
  std::string upper;
  upper.push_back(layout::kAdoptionTimeTag);
  if (to_ms != 0) {
    layout::AppendTimePrefix(&upper, to_ms);
  } else {
    upper.back() = layout::kAdoptionTimeTag + 1;
  }
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(at.options, impl_->family(Family::kAdoptions)));
  std::string key;
  for (it->Seek(lower); it->Valid() && it->key().compare(upper) < 0;
       it->Next()) {
    const std::string_view time_key = it->key().ToStringView();
    if (time_key.size() < 1 + layout::kTimeKeySize) {
      return Corruption("采用记录的时间索引长度不对");
    }
    // 't' time(8) seq(8) id  ->  'r' seq(8) id
    key.clear();
    key.push_back(layout::kAdoptionTag);
    key.append(time_key.substr(1 + 8));
    rocksdb::PinnableSlice bytes;
    rocksdb::Status status = impl_->db->Get(
        at.options, impl_->family(Family::kAdoptions), key, &bytes);
    if (!status.ok()) return StorageFailure("读取采用记录失败", status);
    v1::Adoption adoption;
    if (!adoption.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return Corruption("采用记录无法解析");
    }
    if (!visit(adoption)) return Status::Ok();
  }
  if (!it->status().ok()) return StorageFailure("读取采用记录失败", it->status());
  return Status::Ok();
}

}  // namespace xinbao::storage
