// The broker's log as an operator reads it: --log-level and [log] level
// (the flag wins), RocksDB's own lines at debug and no LOG file, journald's
// priorities when stderr is the journal's stream, and a flood of refusals
// summed up instead of a line each.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

namespace fs = std::filesystem;
using testing::BrokerProcess;
using testing::SpawnSetup;
using testing::TempDir;

std::string Read(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Starts an insecure broker on `dir`/data with `args`, its stderr to
// `dir`/<name>.log, stops it cleanly and returns what it logged.
std::string LogOfARun(const TempDir& dir, const std::string& name,
                      std::vector<std::string> args,
                      std::vector<std::string> environment = {}) {
  const fs::path log = dir / (name + ".log");
  args.insert(args.begin(), "--insecure");
  {
    BrokerProcess broker(dir / "data", "tcp://127.0.0.1:*", args,
                         std::chrono::seconds(20),
                         SpawnSetup{.environment = std::move(environment),
                                    .stderr_file = log});
    EXPECT_EQ(broker.Terminate(), 0);
  }
  return Read(log);
}

TEST(BrokerLog, DebugShowsRocksDbsOwnLinesAndNoLogFileIsWritten) {
  TempDir dir;
  const std::string log = LogOfARun(dir, "debug", {"--log-level", "debug"});
  EXPECT_TRUE(Has(log, " debug rocksdb: RocksDB version")) << log;
  EXPECT_TRUE(Has(log, " info broker serving on ")) << log;
  for (const auto& entry : fs::directory_iterator(dir / "data" / "reports")) {
    EXPECT_FALSE(entry.path().filename().string().starts_with("LOG"))
        << entry.path();
  }
  // At the default level RocksDB's chatter stays out.
  const std::string info = LogOfARun(dir, "info", {});
  EXPECT_TRUE(Has(info, " info broker serving on ")) << info;
  EXPECT_FALSE(Has(info, "rocksdb:")) << info;
  EXPECT_FALSE(Has(info, " debug ")) << info;
}

TEST(BrokerLog, WarnHidesTheStartupLineButNotTheWarnings) {
  TempDir dir;
  const std::string log = LogOfARun(dir, "warn", {"--log-level", "warn"});
  EXPECT_FALSE(Has(log, "broker serving")) << log;
  EXPECT_FALSE(Has(log, " info ")) << log;
  EXPECT_TRUE(Has(log, " warning * INSECURE MODE")) << log;
}

TEST(BrokerLog, TheConfigSetsTheLevelAndTheFlagWins) {
  TempDir dir;
  const fs::path config = dir / "broker.toml";
  std::ofstream(config) << "[security]\nmode = \"insecure\"\n"
                        << "[log]\nlevel = \"debug\"\n";
  const std::string debug =
      LogOfARun(dir, "config", {"--config", config.string()});
  EXPECT_TRUE(Has(debug, " debug rocksdb: ")) << debug;
  const std::string flag = LogOfARun(
      dir, "flag", {"--config", config.string(), "--log-level", "info"});
  EXPECT_TRUE(Has(flag, " info broker serving on ")) << flag;
  EXPECT_FALSE(Has(flag, " debug ")) << flag;
}

TEST(BrokerLog, ABadLevelIsRefusedInPlainChinese) {
  const testing::CommandResult flag = testing::RunCommand(
      {testing::BrokerBinary(), "--insecure", "--log-level", "loud"});
  EXPECT_EQ(flag.exit_code, 2) << flag.output;
  EXPECT_TRUE(Has(flag.output, "--log-level: 日志级别 \"loud\" 不认识；应为 "
                               "trace（最详细）、debug、info（默认）、warn、"
                               "error（只记错误）之一"))
      << flag.output;
  EXPECT_TRUE(Has(testing::RunCommand({testing::BrokerBinary(), "--help"}).output,
                  "--log-level"));

  // In the file it is a configuration error like any other, its key named.
  TempDir dir;
  const fs::path config = dir / "broker.toml";
  std::ofstream(config) << "[security]\nmode = \"insecure\"\n"
                        << "[log]\nlevel = \"loud\"\n";
  const testing::CommandResult file = testing::RunCommand(
      {testing::BrokerBinary(), "--config", config.string(), "--check-config"});
  EXPECT_EQ(file.exit_code, 1) << file.output;
  EXPECT_TRUE(Has(file.output, "配置项 log.level: 日志级别 \"loud\" 不认识"))
      << file.output;
}

TEST(BrokerLog, UnderJournaldEveryLineCarriesItsPriority) {
  TempDir dir;
  // systemd names the journal's stream by device and inode; here the file
  // the broker's stderr goes to stands in for it.
  const fs::path journal = dir / "journal.log";
  std::ofstream(journal).flush();
  struct stat status {};
  ASSERT_EQ(::stat(journal.c_str(), &status), 0);
  const std::string stream = "JOURNAL_STREAM=" + std::to_string(status.st_dev) +
                             ":" + std::to_string(status.st_ino);
  const std::string log = LogOfARun(dir, "journal", {}, {stream});
  EXPECT_TRUE(Has(log, "<6>")) << log;
  EXPECT_TRUE(Has(log, "<4>")) << log;  // the insecure mode's warning
  std::istringstream lines(log);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_TRUE(std::regex_search(line, std::regex("^<[2-7]>[0-9]{4}-"))) << line;
    if (Has(line, "broker serving")) {
      EXPECT_TRUE(line.starts_with("<6>")) << line;
    }
    if (Has(line, "INSECURE MODE")) {
      EXPECT_TRUE(line.starts_with("<4>")) << line;
    }
  }
  EXPECT_GT(count, 2);

  // A JOURNAL_STREAM that names another file (stderr was redirected after
  // systemd set it): the plain lines.
  const std::string other = LogOfARun(
      dir, "other", {},
      {"JOURNAL_STREAM=" + std::to_string(status.st_dev) + ":" +
       std::to_string(status.st_ino)});
  EXPECT_FALSE(Has(other, "<6>")) << other;
  EXPECT_TRUE(Has(other, " info broker serving on ")) << other;
}

// Every refusal is written or counted: N lines of a kind a second, the
// rest in summaries, which add up to what was refused.
TEST(BrokerLog, AFloodOfRefusalsIsSummedUpNotWrittenLineByLine) {
  TempDir dir;
  const fs::path log_file = dir / "flood.log";
  constexpr int kRefused = 400;
  {
    BrokerProcess broker(dir / "data", "tcp://127.0.0.1:*", {"--insecure"},
                         std::chrono::seconds(20),
                         SpawnSetup{.stderr_file = log_file});
    testing::WirePeer peer(broker.endpoint());
    for (int i = 0; i < kRefused; ++i) {
      v1::Report report = testing::GeneralReport("flood-" + std::to_string(i),
                                                 "hekou");
      report.clear_body();
      peer.SendSubmit(report);
    }
    for (int i = 0; i < kRefused; ++i) {
      std::optional<v1::Reply> reply = peer.Receive();
      ASSERT_TRUE(reply.has_value()) << i;
      ASSERT_TRUE(reply->has_error()) << i;
    }
    EXPECT_EQ(broker.Terminate(), 0);
  }
  const std::string log = Read(log_file);
  std::istringstream lines(log);
  std::string line;
  int written = 0;
  int summed = 0;
  const std::regex summary(
      "过去 [0-9]+ 秒又有 ([0-9]+) 次同类拒绝（河口镇，MISSING_FIELD）未逐条记录");
  while (std::getline(lines, line)) {
    if (Has(line, "refused request") && Has(line, "from 河口镇")) ++written;
    std::smatch match;
    if (std::regex_search(line, match, summary)) summed += std::stoi(match[1]);
  }
  EXPECT_GE(written, 5) << log;
  EXPECT_LT(written, kRefused / 2) << log;
  EXPECT_EQ(written + summed, kRefused) << log;
}

}  // namespace
}  // namespace xinbao
