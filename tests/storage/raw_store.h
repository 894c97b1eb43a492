// PutUnderTheStore, DeleteUnderTheStore: write or delete one key straight
// in a closed store's RocksDB, behind ReportStore's back - what damaged
// bytes, a newer program, or someone editing history would leave on disk.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace xinbao::storage {

// Opens the closed store in `dir` with RocksDB alone and calls `edit` with
// the handle of `family`.
inline void EditUnderTheStore(
    const std::filesystem::path& dir, std::string_view family,
    const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>&
        edit) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies({}, dir.string(), &names).ok());
  const auto found = std::find(names.begin(), names.end(), family);
  ASSERT_NE(found, names.end()) << "no family " << family;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) {
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open({}, dir.string(), families, &handles, &db).ok());
  edit(db, handles[found - names.begin()]);
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    EXPECT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  }
  delete db;
}

inline void PutUnderTheStore(const std::filesystem::path& dir,
                             std::string_view family, std::string_view key,
                             std::string_view value) {
  EditUnderTheStore(dir, family, [&](rocksdb::DB* db,
                                     rocksdb::ColumnFamilyHandle* handle) {
    EXPECT_TRUE(db->Put({}, handle, rocksdb::Slice(key.data(), key.size()),
                        rocksdb::Slice(value.data(), value.size()))
                    .ok());
  });
}

inline void DeleteUnderTheStore(const std::filesystem::path& dir,
                                std::string_view family, std::string_view key) {
  EditUnderTheStore(dir, family, [&](rocksdb::DB* db,
                                     rocksdb::ColumnFamilyHandle* handle) {
    EXPECT_TRUE(
        db->Delete({}, handle, rocksdb::Slice(key.data(), key.size())).ok());
  });
}

// The value under `key` in `family` ("" if none).
inline std::string ReadUnderTheStore(const std::filesystem::path& dir,
                                     std::string_view family,
                                     std::string_view key) {
  std::string value;
  EditUnderTheStore(dir, family, [&](rocksdb::DB* db,
                                     rocksdb::ColumnFamilyHandle* handle) {
    (void)db->Get({}, handle, rocksdb::Slice(key.data(), key.size()), &value);
  });
  return value;
}

}  // namespace xinbao::storage
