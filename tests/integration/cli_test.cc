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

// The officer fixes a refused report and sends it again: `outbox
// --rejected` shows why, `resend N --unit …` moves it back to pending with
// the fix and a new key, and the broker accepts it. `discard` drops one.
TEST(Cli, RefusedReportIsFixedAndResentOrDiscarded) {
  testing::TempDir dir;
  BrokerProcess broker(dir / "data");
  const auto run = [&](const std::string& command,
                       std::vector<std::string> more) {
    return RunCommand(Cli(broker.data_dir(), "donghu", command,
                          broker.endpoint(), dir / "outbox", std::move(more)));
  };
  auto args = kGeneralReport;
  args[1] = "no-such-unit";
  ASSERT_EQ(run("submit", args).exit_code, 4);
  args.insert(args.end(), {"--key", "second-key"});
  ASSERT_EQ(run("submit", args).exit_code, 4);

  auto listed = run("outbox", {"--rejected"});
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_NE(listed.output.find("已拒绝 发件箱第 1 份"), std::string::npos)
      << listed.output;
  EXPECT_NE(listed.output.find("ERROR_CODE_NOT_PERMITTED"), std::string::npos)
      << listed.output;

  auto resent = run("resend", {"1", "--unit", "donghu"});
  EXPECT_EQ(resent.exit_code, 0) << resent.output;
  EXPECT_NE(resent.output.find("已移回待发"), std::string::npos)
      << resent.output;
  EXPECT_NE(resent.output.find("已送达 序号 1"), std::string::npos)
      << resent.output;

  auto discarded = run("discard", {"second-key"});
  EXPECT_EQ(discarded.exit_code, 0) << discarded.output;
  EXPECT_NE(discarded.output.find("已丢弃"), std::string::npos)
      << discarded.output;
  EXPECT_NE(discarded.output.find("second-key"), std::string::npos)
      << discarded.output;
  auto empty = run("outbox", {});
  EXPECT_NE(empty.output.find("发件箱为空"), std::string::npos) << empty.output;
  EXPECT_EQ(run("resend", {"1"}).exit_code, 2);  // nothing refused left
}

// What the client can check, it checks before the outbox: every broken
// rule is named in Chinese, nothing is saved, exit code 2. No broker runs.
TEST(Cli, IncompleteReportIsRefusedBeforeTheOutbox) {
  testing::TempDir dir;
  const std::string outbox = (dir / "outbox").string();
  auto result = RunCommand(
      {CliBinary(), "submit", "--outbox", outbox, "--unit", "donghu",
       "--kind", "紧急信息", "--stage", "事", "--title", "河口镇发生山体滑坡",
       "--occurred", "2099-01-01 08:00"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  for (const char* said :
       {"缺少必填项：正文（--body）", "缺少必填项：事件编号（--event-id）",
        "发生时间比本机时间快", "报告未保存到发件箱"}) {
    EXPECT_NE(result.output.find(said), std::string::npos)
        << said << ":\n" << result.output;
  }
  auto listed = RunCommand({CliBinary(), "outbox", "--outbox", outbox});
  EXPECT_NE(listed.output.find("发件箱为空"), std::string::npos)
      << listed.output;
}

}  // namespace
}  // namespace xinbao
