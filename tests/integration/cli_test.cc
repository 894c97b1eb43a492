// The information officer's path: the `xinbao` command line against the
// real broker (CURVE on, its demo keys), including a broker that is down
// when the officer submits. Each officer uses the key of the unit reported.
#include <gtest/gtest.h>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::CliBinary;
using testing::KeysDir;
using testing::RunCommand;

// `xinbao <command>` as `user` of the demo key set in <data_dir>/keys. The
// key set need not have a running broker yet (cf. CliAs in test_keys.h,
// which asks a BrokerProcess for the data directory).
std::vector<std::string> Cli(const std::filesystem::path& data_dir,
                             const std::string& user,
                             const std::string& command,
                             const std::string& endpoint,
                             const std::filesystem::path& outbox,
                             std::vector<std::string> more = {}) {
  std::vector<std::string> args = {
      CliBinary(),
      "--key-file", (KeysDir(data_dir) / (user + ".key")).string(),
      "--server-key", (KeysDir(data_dir) / "broker.pub").string(),
      command, "--endpoint", endpoint, "--outbox", outbox.string()};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

const std::vector<std::string> kGeneralReport = {
    "--unit", "donghu", "--kind", "一般动态",
    "--title", "东湖街道完成老旧小区加装电梯12部",
    "--body", "今年以来，东湖街道累计完成老旧小区加装电梯12部，惠及居民400余户。",
    "--approver", "陈刚", "--contact", "刘洋", "--phone", "0531-87654321"};

TEST(Cli, SubmitPrintsTheAcknowledgement) {
  testing::TempDir dir;
  BrokerProcess broker(dir / "data");
  auto result = RunCommand(Cli(broker.data_dir(), "donghu", "submit",
                               broker.endpoint(), dir / "outbox",
                               kGeneralReport));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("序号 1"), std::string::npos) << result.output;
}

TEST(Cli, UrgentReportWithMintedEventId) {
  testing::TempDir dir;
  BrokerProcess broker(dir / "data");
  auto result = RunCommand(Cli(
      broker.data_dir(), "hekou", "submit", broker.endpoint(), dir / "outbox",
      {"--unit", "hekou", "--kind", "urgent", "--event-id", "new", "--stage", "事",
       "--severity", "III", "--title", "河口镇发生山体滑坡", "--body",
       "今日6时许，河口镇李家村发生山体滑坡，掩埋民房2间。", "--place",
       "河口镇李家村", "--occurred", "2026-01-05 06:10", "--dead", "0",
       "--injured", "1", "--missing", "2"}));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("序号 1"), std::string::npos) << result.output;
}

TEST(Cli, ReportWrittenWhileTheBrokerIsDownIsDeliveredLater) {
  testing::TempDir dir;
  std::string endpoint;
  {
    BrokerProcess probe(dir / "probe");  // find a free port, then free it
    endpoint = probe.endpoint();
  }
  // The officer holds a key before the broker first starts; the broker
  // then uses that key set.
  const std::filesystem::path data = dir / "data";
  testing::MakeTestKeys(data);
  auto offline = RunCommand(Cli(data, "donghu", "submit", endpoint,
                                dir / "outbox",
                                [] {
                                  auto args = kGeneralReport;
                                  args.insert(args.end(), {"--timeout", "1"});
                                  return args;
                                }()));
  EXPECT_EQ(offline.exit_code, 3) << offline.output;

  auto listed =
      RunCommand(Cli(data, "donghu", "outbox", endpoint, dir / "outbox"));
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("东湖街道完成老旧小区加装电梯12部"),
            std::string::npos)
      << listed.output;

  BrokerProcess broker(data, endpoint);
  auto flushed =
      RunCommand(Cli(data, "donghu", "flush", endpoint, dir / "outbox"));
  EXPECT_EQ(flushed.exit_code, 0) << flushed.output;
  EXPECT_NE(flushed.output.find("序号 1"), std::string::npos) << flushed.output;

  auto empty = RunCommand(
      Cli(data, "donghu", "outbox", endpoint, dir / "outbox", {"--json"}));
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_EQ(empty.output.find("东湖"), std::string::npos) << empty.output;
}

// An officer of 东湖 who mistypes the unit: with CURVE the key decides the
// sender, so a report in another unit's name (even one not in the registry)
// is refused as an impersonation before validation could call the unit
// unknown.
TEST(Cli, RefusedReportIsExplainedAndKeptAsRejected) {
  testing::TempDir dir;
  BrokerProcess broker(dir / "data");
  auto args = kGeneralReport;
  args[1] = "no-such-unit";
  auto result = RunCommand(Cli(broker.data_dir(), "donghu", "submit",
                               broker.endpoint(), dir / "outbox", args));
  EXPECT_EQ(result.exit_code, 4) << result.output;
  EXPECT_NE(result.output.find("ERROR_CODE_NOT_PERMITTED"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("只能以本单位（donghu）名义报送"),
            std::string::npos)
      << result.output;
  auto listed = RunCommand(Cli(broker.data_dir(), "donghu", "outbox",
                               broker.endpoint(), dir / "outbox"));
  EXPECT_NE(listed.output.find("ERROR_CODE_NOT_PERMITTED"), std::string::npos)
      << listed.output;
}

}  // namespace
}  // namespace xinbao
