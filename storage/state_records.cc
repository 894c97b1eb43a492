#include "storage/state_records.h"

#include <rocksdb/iterator.h>

#include <memory>
#include <string>

#include "storage/layout.h"

namespace xinbao::storage {
namespace {

bool Parse(std::string_view bytes, google::protobuf::MessageLite* out) {
  return out->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

Status Unreadable(const StateFamilies& families, std::string_view id) {
  return Corruption(std::string(families.noun) + " " + std::string(id) +
                    " 的记录无法解析");
}

}  // namespace

rocksdb::Status AddStateToBatch(ReportStore::Impl& impl,
                                const StateFamilies& families,
                                std::string_view id, bool open, int64_t at_ms,
                                const google::protobuf::MessageLite& state) {
  if (id.empty() || layout::HasNul(id)) {
    return rocksdb::Status::InvalidArgument("state id empty or with NUL");
  }
  if (!state.SerializeToString(&impl.entry)) {
    return rocksdb::Status::InvalidArgument("state too large");
  }
  rocksdb::Status status =
      impl.batch.Put(impl.family(families.states), id, impl.entry);
  if (!status.ok()) return status;
  impl.key.clear();
  layout::AppendHistoryKey(&impl.key, id, at_ms);
  status = impl.batch.Put(impl.family(families.history), impl.key, impl.entry);
  if (!status.ok()) return status;
  AddPendingLink(&impl.links, families.chain_kind, impl.key, impl.entry, at_ms);
  return open ? impl.batch.Put(impl.family(families.open), id, "")
              : impl.batch.Delete(impl.family(families.open), id);
}

Status ReadState(const ReportStore::Impl& impl,
                 const rocksdb::ReadOptions& options,
                 const StateFamilies& families, std::string_view id,
                 google::protobuf::MessageLite* out, bool* found) {
  *found = false;
  rocksdb::PinnableSlice bytes;
  rocksdb::Status status =
      impl.db->Get(options, impl.family(families.states), id, &bytes);
  if (status.IsNotFound()) return Status::Ok();
  if (!status.ok()) {
    return StorageFailure("读取" + std::string(families.noun) + "失败", status);
  }
  if (!Parse(bytes.ToStringView(), out)) return Unreadable(families, id);
  *found = true;
  return Status::Ok();
}

Status ReadStateAsOf(const ReportStore::Impl& impl,
                     const rocksdb::ReadOptions& options,
                     const StateFamilies& families, std::string_view id,
                     int64_t at_ms, google::protobuf::MessageLite* out,
                     bool* found) {
  *found = false;
  std::string target;
  layout::AppendHistoryKey(&target, id, at_ms);
  std::unique_ptr<rocksdb::Iterator> it(
      impl.db->NewIterator(options, impl.family(families.history)));
  it->SeekForPrev(target);
  if (!it->Valid()) {
    if (!it->status().ok()) {
      return StorageFailure("读取" + std::string(families.noun) + "历史失败",
                            it->status());
    }
    return Status::Ok();
  }
  const std::string_view key = it->key().ToStringView();
  // The key found belongs to this id only if it is "id \0 time".
  if (key.size() != layout::NamedKeySize(id) ||
      key.substr(0, id.size() + 1) != target.substr(0, id.size() + 1)) {
    return Status::Ok();
  }
  if (!Parse(it->value().ToStringView(), out)) {
    return Corruption(std::string(families.noun) + " " + std::string(id) +
                      " 的历史记录无法解析");
  }
  *found = true;
  return Status::Ok();
}

Status ScanOpenStates(const ReportStore::Impl& impl,
                      const rocksdb::ReadOptions& options,
                      const StateFamilies& families,
                      google::protobuf::MessageLite* scratch,
                      const StateVisit& visit) {
  std::unique_ptr<rocksdb::Iterator> it(
      impl.db->NewIterator(options, impl.family(families.open)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    bool found = false;
    XINBAO_RETURN_IF_ERROR(ReadState(impl, options, families,
                                     it->key().ToStringView(), scratch,
                                     &found));
    if (!found) {
      return Corruption("未结" + std::string(families.noun) + " " +
                        it->key().ToString() + " 没有记录");
    }
    if (!visit()) return Status::Ok();
  }
  if (!it->status().ok()) {
    return StorageFailure("扫描" + std::string(families.noun) + "失败",
                          it->status());
  }
  return Status::Ok();
}

Status ScanAllStates(const ReportStore::Impl& impl,
                     const rocksdb::ReadOptions& options,
                     const StateFamilies& families,
                     google::protobuf::MessageLite* scratch,
                     const StateVisit& visit) {
  std::unique_ptr<rocksdb::Iterator> it(
      impl.db->NewIterator(options, impl.family(families.states)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!Parse(it->value().ToStringView(), scratch)) {
      return Unreadable(families, it->key().ToStringView());
    }
    if (!visit()) return Status::Ok();
  }
  if (!it->status().ok()) {
    return StorageFailure("扫描" + std::string(families.noun) + "失败",
                          it->status());
  }
  return Status::Ok();
}

Status ScanStatesAsOf(const ReportStore::Impl& impl,
                      const rocksdb::ReadOptions& options,
                      const StateFamilies& families, int64_t at_ms,
                      google::protobuf::MessageLite* scratch,
                      const StateVisit& visit) {
  std::unique_ptr<rocksdb::Iterator> it(
      impl.db->NewIterator(options, impl.family(families.states)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    bool found = false;
    XINBAO_RETURN_IF_ERROR(ReadStateAsOf(impl, options, families,
                                         it->key().ToStringView(), at_ms,
                                         scratch, &found));
    if (found && !visit()) return Status::Ok();
  }
  if (!it->status().ok()) {
    return StorageFailure("扫描" + std::string(families.noun) + "失败",
                          it->status());
  }
  return Status::Ok();
}

}  // namespace xinbao::storage
