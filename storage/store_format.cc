// The store's on-disk format version (layout.h, kFormatVersionKey): what
// lets an older xinbao-broker refuse a store a newer one has changed,
// rather than misread it.
#include <string>

#include "storage/layout.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

Status ReportStore::Impl::CheckFormatVersion() {
  rocksdb::PinnableSlice bytes;
  const rocksdb::Status read = db->Get(rocksdb::ReadOptions(),
                                       family(Family::kDefault),
                                       layout::kFormatVersionKey, &bytes);
  if (read.IsNotFound()) {
    std::string value;
    layout::PutFixed64(&value, layout::kFormatVersion);
    rocksdb::WriteOptions synced;
    synced.sync = true;
    const rocksdb::Status written =
        db->Put(synced, family(Family::kDefault), layout::kFormatVersionKey,
                value);
    if (!written.ok()) return StorageFailure("写入报告库格式版本失败", written);
    return Status::Ok();
  }
  if (!read.ok()) return StorageFailure("读取报告库格式版本失败", read);
  if (bytes.size() != layout::kSequenceSize) {
    return Corruption("格式版本的长度不对 (" + std::to_string(bytes.size()) +
                      " 字节)");
  }
  const uint64_t version = layout::DecodeFixed64(bytes.data());
  if (version > layout::kFormatVersion) {
    return Status(
        v1::ERROR_CODE_STORAGE_FAILURE,
        "报告库的格式版本为 " + std::to_string(version) +
            "，而本程序只认得到版本 " + std::to_string(layout::kFormatVersion) +
            "：这个库由更新版本的 xinbao-broker 写过，本程序不能打开它。"
            "请用那个版本（或更新的版本）运行；要退回旧版本，请从旧版本做的"
            "备份恢复（docs/OPERATIONS.md，“升级”）");
  }
  return Status::Ok();
}

}  // namespace xinbao::storage
