// xinbao-broker as an operator starts it: `--check-config` (the systemd
// unit's ExecStartPre) refuses what would make the start fail, `--version`,
// a flag it does not know, and what a first start prints on stderr.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "proto/curve_keys.h"
#include "tests/integration/test_keys.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

namespace fs = std::filesystem;
using testing::BrokerBinary;
using testing::CommandResult;
using testing::RunCommand;
using testing::TempDir;

bool Says(const CommandResult& result, const std::string& text) {
  return result.output.find(text) != std::string::npos;
}

CommandResult CheckConfig(const fs::path& config) {
  return RunCommand(
      {BrokerBinary(), "--config", config.string(), "--check-config"});
}

TEST(BrokerStart, CheckingTheUneditedExampleNamesWhatIsMissing) {
  if (fs::exists("/etc/xinbao/broker.key") ||
      fs::exists("/etc/xinbao/users.toml")) {
    GTEST_SKIP() << "this machine has a real /etc/xinbao";
  }
  const CommandResult checked =
      CheckConfig(fs::path(XINBAO_SOURCE_DIR) / "deploy/xinbao-broker.toml");
  EXPECT_NE(checked.exit_code, 0) << checked.output;
  EXPECT_FALSE(Says(checked, "配置正确")) << checked.output;
  EXPECT_TRUE(Says(checked, "/etc/xinbao/broker.key")) << checked.output;
  EXPECT_TRUE(Says(checked, "/etc/xinbao/users.toml")) << checked.output;
  EXPECT_TRUE(Says(checked, "不存在")) << checked.output;
}

// A CURVE configuration in a temporary folder, with the demo key set.
class CheckConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::MakeTestKeys(data_); }

  fs::path Config(const fs::path& data_dir) {
    const fs::path file = dir_ / "broker.toml";
    std::ofstream(file) << "[broker]\ndata_dir = \"" << data_dir.string()
                        << "\"\n[security]\nmode = \"curve\"\n"
                        << testing::KeysConfig(data_);
    return file;
  }

  TempDir dir_;
  const fs::path data_ = dir_ / "data";
};

TEST_F(CheckConfigTest, WhatStartNeedsIsThere) {
  const CommandResult checked = CheckConfig(Config(data_));
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  EXPECT_TRUE(Says(checked, "配置正确")) << checked.output;
  // A data folder not there yet is fine when it can be made.
  const CommandResult fresh = CheckConfig(Config(dir_ / "new" / "data"));
  EXPECT_EQ(fresh.exit_code, 0) << fresh.output;
  EXPECT_FALSE(fs::exists(dir_ / "new")) << "a check changes nothing";
}

TEST_F(CheckConfigTest, EveryProblemIsNamed) {
  // A registry user whose unit the unit registry does not know, and a data
  // folder that cannot be made (a file stands where its parent should be).
  std::ofstream(testing::KeysDir(data_) / "users.toml", std::ios::app)
      << "\n[[user]]\nname = \"ghost\"\nunit = \"nowhere\"\nrole = "
         "\"reporter\"\npublic_key = \""
      << GenerateCurveKeyPair()->public_key << "\"\n";
  std::ofstream(dir_ / "a-file") << "not a folder";
  const CommandResult checked = CheckConfig(Config(dir_ / "a-file" / "data"));
  EXPECT_EQ(checked.exit_code, 1) << checked.output;
  EXPECT_FALSE(Says(checked, "配置正确")) << checked.output;
  EXPECT_TRUE(Says(checked, "users.toml")) << checked.output;
  EXPECT_TRUE(Says(checked, "nowhere")) << checked.output;
  EXPECT_TRUE(Says(checked, "数据目录")) << checked.output;

  // No server key file at all.
  fs::remove(testing::KeysDir(data_) / "broker.key");
  const CommandResult no_key = CheckConfig(Config(data_));
  EXPECT_EQ(no_key.exit_code, 1) << no_key.output;
  EXPECT_TRUE(Says(no_key, "broker.key")) << no_key.output;
}

TEST_F(CheckConfigTest, TheCalendarIsCheckedAndAProvisionalYearNoted) {
  // The built-in calendar: fine, with a note on its provisional 2027.
  const CommandResult built_in = CheckConfig(Config(data_));
  EXPECT_EQ(built_in.exit_code, 0) << built_in.output;
  EXPECT_TRUE(Says(built_in, "注意: 工作日历（内置日历）中 2027 年为暂定安排"))
      << built_in.output;

  // A calendar file that does not load stops the start, the key named.
  const fs::path config = Config(data_);
  std::ofstream(config, std::ios::app)
      << "[calendar]\nfile = \"workdays.toml\"\n";
  std::ofstream(dir_ / "workdays.toml")
      << "[[year]]\nyear = 1999\nstatus = \"official\"\nsource = \"x\"\n"
         "workdays = [\"1999-10-04\"]\n";
  const CommandResult bad = CheckConfig(config);
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_TRUE(Says(bad, "calendar.file")) << bad.output;
  EXPECT_TRUE(Says(bad, "\"1999-10-04\" 是周一")) << bad.output;

  // One that loads but lacks this year: started, with a note.
  std::ofstream(dir_ / "workdays.toml")
      << "[[year]]\nyear = 1999\nstatus = \"official\"\nsource = \"x\"\n";
  const CommandResult old_year = CheckConfig(config);
  EXPECT_EQ(old_year.exit_code, 0) << old_year.output;
  EXPECT_TRUE(Says(old_year, "未包含今年")) << old_year.output;
  EXPECT_FALSE(Says(old_year, "暂定")) << old_year.output;
}

TEST(BrokerStart, VersionAndABadFlag) {
  const CommandResult version = RunCommand({BrokerBinary(), "--version"});
  EXPECT_EQ(version.exit_code, 0) << version.output;
  EXPECT_EQ(version.output, "xinbao-broker " XINBAO_VERSION "\n");

  const CommandResult bad = RunCommand({BrokerBinary(), "--no-such-flag"});
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_TRUE(Says(bad, "--no-such-flag")) << bad.output;
}

// The first start makes a new store; RocksDB looking for files that are not
// there yet is no error in the broker's log. The broker is given a submit
// endpoint it cannot bind, so that it opens the store and ends by itself.
TEST(BrokerStart, AFirstStartLogsNoStoreError) {
  TempDir dir;
  const CommandResult started = RunCommand(
      {BrokerBinary(), "--insecure", "--data-dir", (dir / "data").string(),
       "--submit-endpoint", "tcp://999.0.0.1:7601"});
  EXPECT_EQ(started.exit_code, 1) << started.output;
  EXPECT_TRUE(fs::exists(dir / "data" / "reports" / "CURRENT"))
      << started.output;
  EXPECT_FALSE(Says(started, "[ERROR]")) << started.output;
  EXPECT_FALSE(Says(started, " error ")) << started.output;
}

}  // namespace
}  // namespace xinbao
