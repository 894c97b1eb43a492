// Durable files (proto/durable_file.h): a bare file name is written in the
// working directory, a file gets exactly the mode asked for, and without
// overwrite an existing file is kept.
#include "proto/durable_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

namespace fs = std::filesystem;

std::string Content(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

unsigned Mode(const fs::path& file) {
  struct stat info {};
  EXPECT_EQ(::stat(file.c_str(), &info), 0) << file;
  return info.st_mode & 0777;
}

// Runs each test in a fresh temporary working directory, as a user who
// types `--output 考核.csv` in their own folder.
class DurableFile : public ::testing::Test {
 protected:
  void SetUp() override { fs::current_path(dir_.path()); }
  void TearDown() override { fs::current_path(previous_); }

  const fs::path previous_ = fs::current_path();
  testing::TempDir dir_;
};

TEST_F(DurableFile, ABareFileNameIsWrittenInTheWorkingDirectory) {
  const Status written = WriteFileDurably("2026-12考核.csv", "名次,单位\r\n");
  ASSERT_TRUE(written.ok()) << written.ToString();
  EXPECT_EQ(Content(dir_ / "2026-12考核.csv"), "名次,单位\r\n");
  EXPECT_FALSE(fs::exists(dir_ / "2026-12考核.csv.tmp"));

  ASSERT_TRUE(RenameDurably("2026-12考核.csv", "旧.csv").ok());
  EXPECT_EQ(Content(dir_ / "旧.csv"), "名次,单位\r\n");
  ASSERT_TRUE(RemoveDurably("旧.csv").ok());
  EXPECT_TRUE(fs::is_empty(dir_.path()));
}

TEST_F(DurableFile, TheFileHasExactlyTheModeAskedForWhateverTheUmask) {
  const mode_t previous = ::umask(0);
  // A leftover temporary file of an interrupted write, open to everyone.
  std::ofstream(dir_ / "me.key.tmp") << "old";
  fs::permissions(dir_ / "me.key.tmp", fs::perms::all);
  const Status written = WriteFileDurably(dir_ / "me.key", "secret\n");
  ::umask(previous);
  ASSERT_TRUE(written.ok()) << written.ToString();
  EXPECT_EQ(Mode(dir_ / "me.key"), 0600u);
  EXPECT_FALSE(fs::exists(dir_ / "me.key.tmp"));

  FileWriteOptions public_file;
  public_file.mode = fs::perms::owner_read | fs::perms::owner_write |
                     fs::perms::group_read | fs::perms::others_read;
  ASSERT_TRUE(WriteFileDurably(dir_ / "me.pub", "public\n", public_file).ok());
  EXPECT_EQ(Mode(dir_ / "me.pub"), 0644u);
}

TEST_F(DurableFile, WithoutOverwriteAnExistingFileIsKept) {
  ASSERT_TRUE(WriteFileDurably("me.key", "first").ok());
  FileWriteOptions keep;
  keep.overwrite = false;
  const Status refused = WriteFileDurably("me.key", "second", keep);
  EXPECT_EQ(refused.code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(refused.field(), "me.key");
  EXPECT_EQ(Content(dir_ / "me.key"), "first");
  EXPECT_FALSE(fs::exists(dir_ / "me.key.tmp"));

  ASSERT_TRUE(WriteFileDurably("other.key", "new", keep).ok());
  EXPECT_EQ(Content(dir_ / "other.key"), "new");
  EXPECT_FALSE(fs::exists(dir_ / "other.key.tmp"));
  // With overwrite (the default) the file is replaced.
  ASSERT_TRUE(WriteFileDurably("me.key", "second").ok());
  EXPECT_EQ(Content(dir_ / "me.key"), "second");
}

TEST_F(DurableFile, AFolderThatIsNotThereIsAStorageFailure) {
  const Status failed = WriteFileDurably(dir_ / "absent" / "x.csv", "x");
  EXPECT_EQ(failed.code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_NE(failed.message().find("absent"), std::string::npos)
      << failed.message();
}

TEST(SystemReason, SaysInPlainChineseWhatWentWrong) {
  EXPECT_EQ(SystemReason(EACCES), "权限不足");
  EXPECT_EQ(SystemReason(EPERM), "权限不足");
  EXPECT_EQ(SystemReason(ENOENT), "不存在");
  EXPECT_EQ(SystemReason(ENOSPC), "磁盘已满");
  EXPECT_FALSE(SystemReason(EPROTO).empty());
}

TEST_F(DurableFile, ReadingSaysWhatCouldNotBeRead) {
  Result<std::string> absent = ReadWholeFile("absent.toml", 1024, "用户名录");
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.status().message(), "无法读取用户名录 absent.toml：不存在");
  fs::create_directory(dir_ / "folder");
  Result<std::string> folder = ReadWholeFile("folder", 1024, "用户名录");
  ASSERT_FALSE(folder.ok());
  EXPECT_NE(folder.status().message().find("不是普通文件"), std::string::npos);
  ASSERT_TRUE(WriteFileDurably("big.toml", std::string(2000, 'x')).ok());
  EXPECT_FALSE(ReadWholeFile("big.toml", 1024).ok());
  Result<std::string> whole = ReadWholeFile("big.toml", 2000);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(*whole, std::string(2000, 'x'));
}

}  // namespace
}  // namespace xinbao
