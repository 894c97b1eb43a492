// The store's on-disk format version (layout.h, kFormatVersionKey): what
// lets an older xinbao-broker refuse a store a newer one has changed,
// rather than misread it, and tells Open() what an older store lacks.
#include <string>

#include "storage/layout.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

Status ReportStore::Impl::CheckFormatVersion(uint64_t* stored) {
  rocksdb::PinnableSlice bytes;
  const rocksdb::Status read = db->Get(rocksdb::ReadOptions(),
                                       family(Family::kDefault),
                                       layout::kFormatVersionKey, &bytes);
  *stored = 1;  // made before the key existed
  if (read.IsNotFound()) return Status::Ok();
  if (!read.ok()) return StorageFailure("读取报告库格式版本失败", read);
  if (bytes.size() != layout::kSequenceSize) {
    return Corruption("格式版本的长度不对 (" + std::to_string(bytes.size()) +
                      " 字节)");
  }
  *stored = layout::DecodeFixed64(bytes.data());
  if (*stored > layout::kFormatVersion) {
    return Status(
        v1::ERROR_CODE_STORAGE_FAILURE,
        "报告库的格式版本为 " + std::to_string(*stored) +
            "，而本程序只认得到版本 " + std::to_string(layout::kFormatVersion) +
            "：这个库由更新版本的 xinbao-broker 写过，本程序不能打开它。"
            "请用那个版本（或更新的版本）运行；要退回旧版本，请从旧版本做的"
            "备份恢复（docs/OPERATIONS.md，“升级”）");
  }
  if (read_only && *stored < layout::kFormatVersion) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "报告库的格式版本为 " + std::to_string(*stored) +
                      "，比本程序的版本 " +
                      std::to_string(layout::kFormatVersion) +
                      " 旧：只读打开不能升级它。请先用本版本的 xinbao-broker "
                      "正常启动一次（它会升级这个库），再来查看");
  }
  return Status::Ok();
}

Status ReportStore::Impl::WriteFormatVersion() {
  std::string value;
  layout::PutFixed64(&value, layout::kFormatVersion);
  rocksdb::WriteOptions synced;
  synced.sync = true;
  const rocksdb::Status written = db->Put(
      synced, family(Family::kDefault), layout::kFormatVersionKey, value);
  if (!written.ok()) return StorageFailure("写入报告库格式版本失败", written);
  return Status::Ok();
}

}  // namespace xinbao::storage
