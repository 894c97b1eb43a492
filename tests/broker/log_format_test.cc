// The broker's log lines: journald's priorities when stderr is the
// journal's stream, the plain format otherwise.
#include "broker/log_format.h"

#include <gtest/gtest.h>
#include <spdlog/details/log_msg.h>
#include <sys/stat.h>

#include <cstdio>
#include <string>

namespace xinbao::broker {
namespace {

std::string Line(bool journal, spdlog::level::level_enum level,
                 const std::string& text) {
  const spdlog::details::log_msg message("xinbao-broker", level, text);
  spdlog::memory_buf_t out;
  LogLineFormatter(journal)->format(message, out);
  return std::string(out.data(), out.size());
}

TEST(LogFormat, UnderJournaldEachLineStartsWithItsPriority) {
  EXPECT_EQ(Line(true, spdlog::level::err, "x").substr(0, 3), "<3>");
  EXPECT_EQ(Line(true, spdlog::level::warn, "x").substr(0, 3), "<4>");
  EXPECT_EQ(Line(true, spdlog::level::info, "x").substr(0, 3), "<6>");
  EXPECT_EQ(Line(true, spdlog::level::debug, "x").substr(0, 3), "<7>");
  EXPECT_EQ(Line(true, spdlog::level::trace, "x").substr(0, 3), "<7>");
  EXPECT_EQ(Line(true, spdlog::level::critical, "x").substr(0, 3), "<2>");
  const std::string line = Line(true, spdlog::level::warn, "磁盘将满");
  EXPECT_NE(line.find(" warning 磁盘将满\n"), std::string::npos) << line;
}

TEST(LogFormat, ElsewhereTheLineStartsWithItsTime) {
  const std::string line = Line(false, spdlog::level::info, "broker serving");
  ASSERT_GE(line.size(), 4u);
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(line[0]))) << line;
  EXPECT_EQ(line.find('<'), std::string::npos) << line;
  EXPECT_NE(line.find(" info broker serving\n"), std::string::npos) << line;
}

TEST(LogFormat, TheJournalStreamMustNameThisVeryFile) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  const int fd = fileno(file);
  struct stat status {};
  ASSERT_EQ(fstat(fd, &status), 0);
  const std::string device = std::to_string(status.st_dev);
  const std::string inode = std::to_string(status.st_ino);
  EXPECT_TRUE(IsJournalStream(device + ":" + inode, fd));
  EXPECT_FALSE(IsJournalStream(device + ":" + inode + "1", fd));
  EXPECT_FALSE(IsJournalStream(device + ":", fd));
  EXPECT_FALSE(IsJournalStream(inode, fd));
  EXPECT_FALSE(IsJournalStream("", fd));
  EXPECT_FALSE(IsJournalStream("x:y", fd));
  std::fclose(file);
}

TEST(LogFormat, OperatorsLevelsMapToTheLogger) {
  EXPECT_EQ(SpdlogLevel(LogLevel::kTrace), spdlog::level::trace);
  EXPECT_EQ(SpdlogLevel(LogLevel::kDebug), spdlog::level::debug);
  EXPECT_EQ(SpdlogLevel(LogLevel::kInfo), spdlog::level::info);
  EXPECT_EQ(SpdlogLevel(LogLevel::kWarn), spdlog::level::warn);
  EXPECT_EQ(SpdlogLevel(LogLevel::kError), spdlog::level::err);
}

}  // namespace
}  // namespace xinbao::broker
