// The information officer's path: the `xinbao` command line against the
// real broker, including a broker that is down when the officer submits.
#include <gtest/gtest.h>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::CliBinary;
using testing::RunCommand;

std::vector<std::string> Cli(const std::string& command,
                             const std::string& endpoint,
                             const std::filesystem::path& outbox,
                             std::vector<std::string> more = {}) {
  std::vector<std::string> args = {CliBinary(), command, "--endpoint", endpoint,
                                   "--outbox", outbox.string()};
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
  auto result = RunCommand(Cli("submit", broker.endpoint(), dir / "outbox",
                               kGeneralReport));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("序号 1"), std::string::npos) << result.output;
}

TEST(Cli, UrgentReportWithMintedEventId) {
  testing::TempDir dir;
  BrokerProcess broker(dir / "data");
  auto result = RunCommand(Cli(
      "submit", broker.endpoint(), dir / "outbox",
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
  auto offline = RunCommand(Cli("submit", endpoint, dir / "outbox",
                                [] {
                                  auto args = kGeneralReport;
                                  args.insert(args.end(), {"--timeout", "1"});
                                  return args;
                                }()));
  EXPECT_EQ(offline.exit_code, 3) << offline.output;

  auto listed = RunCommand(Cli("outbox", endpoint, dir / "outbox"));
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("东湖街道完成老旧小区加装电梯12部"),
            std::string::npos)
      << listed.output;

  BrokerProcess broker(dir / "data", endpoint);
  auto flushed = RunCommand(Cli("flush", endpoint, dir / "outbox"));
  EXPECT_EQ(flushed.exit_code, 0) << flushed.output;
  EXPECT_NE(flushed.output.find("序号 1"), std::string::npos) << flushed.output;

  auto empty = RunCommand(Cli("outbox", endpoint, dir / "outbox", {"--json"}));
  EXPECT_EQ(empty.exit_code, 0);
  EXPECT_EQ(empty.output.find("东湖"), std::string::npos) << empty.output;
}

TEST(Cli, RefusedReportIsExplainedAndKeptAsRejected) {
  testing::TempDir dir;
  BrokerProcess broker(dir / "data");
  auto args = kGeneralReport;
  args[1] = "no-such-unit";
  auto result = RunCommand(Cli("submit", broker.endpoint(), dir / "outbox", args));
  EXPECT_EQ(result.exit_code, 4) << result.output;
  EXPECT_NE(result.output.find("ERROR_CODE_UNKNOWN_UNIT"), std::string::npos)
      << result.output;
  auto listed = RunCommand(Cli("outbox", broker.endpoint(), dir / "outbox"));
  EXPECT_NE(listed.output.find("ERROR_CODE_UNKNOWN_UNIT"), std::string::npos)
      << listed.output;
}

}  // namespace
}  // namespace xinbao
