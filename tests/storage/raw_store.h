// PutUnderTheStore: writes one key straight into a closed store's RocksDB,
// behind ReportStore's back - what damaged bytes, or a newer program, would
// leave on disk.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace xinbao::storage {

inline void PutUnderTheStore(const std::filesystem::path& dir,
                             std::string_view family, std::string_view key,
                             std::string_view value) {
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
  EXPECT_TRUE(db->Put({}, handles[found - names.begin()],
                      rocksdb::Slice(key.data(), key.size()),
                      rocksdb::Slice(value.data(), value.size()))
                  .ok());
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    EXPECT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  }
  delete db;
}

}  // namespace xinbao::storage
