// `xinbao status` and the client's config-file profiles against the real
// broker: who the broker takes each demo key for (two roles), the answer
// without CURVE, and an officer who gives nothing but a profile
// (XDG_CONFIG_HOME pointing at a temporary folder).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::CliAs;
using testing::CliBinary;
using testing::KeysDir;
using testing::RunCommand;
using testing::TempDir;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Status, SaysAsWhomForEachRole) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  const auto hekou = RunCommand(CliAs(
      broker, "hekou", {"--query-endpoint", broker.query_endpoint(), "status"}));
  ASSERT_EQ(hekou.exit_code, 0) << hekou.output;
  EXPECT_TRUE(Has(hekou.output, "用户 hekou，单位 河口镇（hekou），角色 报送员"))
      << hekou.output;
  EXPECT_TRUE(Has(hekou.output, "查询 " + broker.query_endpoint()))
      << hekou.output;
  EXPECT_TRUE(Has(hekou.output, "服务器允许报告时间超前 300 秒")) << hekou.output;
  EXPECT_TRUE(Has(hekou.output, "服务器版本: 0.")) << hekou.output;
  EXPECT_FALSE(Has(hekou.output, "警告")) << hekou.output;  // same machine

  const auto analyst = RunCommand(CliAs(
      broker, "analyst",
      {"--json", "--query-endpoint", broker.query_endpoint(), "status"}));
  ASSERT_EQ(analyst.exit_code, 0) << analyst.output;
  EXPECT_TRUE(Has(analyst.output, "\"role\":\"analyst\"")) << analyst.output;
  EXPECT_TRUE(Has(analyst.output, "\"authenticated\":true")) << analyst.output;
  EXPECT_TRUE(Has(analyst.output, "\"clock_skew_too_large\":false"))
      << analyst.output;
}

TEST(Status, WithoutCurveTheBrokerKnowsNoUser) {
  TempDir dir;
  BrokerProcess broker(dir / "data", "tcp://127.0.0.1:*", {"--insecure"});
  const auto result = RunCommand(
      {CliBinary(), "--query-endpoint", broker.query_endpoint(), "status"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(Has(result.output, "身份: 无（服务器未启用 CURVE")) << result.output;
}

// Only the environment below: no XINBAO_* variables, no flags but the
// command's own.
std::vector<std::string> WithOnlyProfile(const TempDir& dir,
                                         std::vector<std::string> args) {
  std::vector<std::string> line = {
      "/usr/bin/env", "-i", "HOME=" + (dir / "home").string(),
      "XDG_CONFIG_HOME=" + (dir / "xdg").string(), CliBinary()};
  line.insert(line.end(), args.begin(), args.end());
  return line;
}

TEST(Status, AnOfficerNeedsNothingButAProfile) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  std::filesystem::create_directories(dir / "xdg" / "xinbao");
  std::ofstream(dir / "xdg" / "xinbao" / "config.toml")
      << "default_profile = \"donghu\"\n"
         "[profiles.donghu]\n"
         "endpoint = \"" << broker.endpoint() << "\"\n"
         "query_endpoint = \"" << broker.query_endpoint() << "\"\n"
         "feed_endpoint = \"" << broker.feed_endpoint() << "\"\n"
         "key_file = \"" << (KeysDir(broker.data_dir()) / "donghu.key").string()
      << "\"\n"
         "server_key = \""
      << (KeysDir(broker.data_dir()) / "broker.pub").string() << "\"\n"
         "unit = \"donghu\"\n"
         "outbox = \"" << (dir / "outbox").string() << "\"\n";

  const auto submitted = RunCommand(WithOnlyProfile(
      dir, {"submit", "--kind", "一般动态", "--title", "东湖街道开展防汛演练",
            "--body", "东湖街道组织防汛应急演练，参演人员120人。"}));
  ASSERT_EQ(submitted.exit_code, 0) << submitted.output;
  EXPECT_TRUE(Has(submitted.output, "序号 1")) << submitted.output;

  const auto status = RunCommand(WithOnlyProfile(dir, {"status"}));
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_TRUE(Has(status.output, "配置: donghu")) << status.output;
  EXPECT_TRUE(Has(status.output, "单位 东湖街道（donghu）")) << status.output;
  EXPECT_TRUE(Has(status.output, "推送 " + broker.feed_endpoint()))
      << status.output;

  // A flag still wins over the profile: a wrong endpoint, no answer.
  const auto flagged = RunCommand(WithOnlyProfile(
      dir, {"--timeout", "0.3", "--query-endpoint", "tcp://127.0.0.1:1",
            "status"}));
  EXPECT_EQ(flagged.exit_code, 3) << flagged.output;

  // An unknown profile is a local error naming the file, whether --profile
  // or XINBAO_PROFILE asks for it.
  const auto unknown =
      RunCommand(WithOnlyProfile(dir, {"--profile", "xihu", "status"}));
  EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
  EXPECT_TRUE(Has(unknown.output, "没有名为 xihu 的配置")) << unknown.output;
  std::vector<std::string> by_environment =
      WithOnlyProfile(dir, {"status"});
  by_environment.insert(by_environment.begin() + 2, "XINBAO_PROFILE=xihu");
  const auto unknown_env = RunCommand(by_environment);
  EXPECT_EQ(unknown_env.exit_code, 2) << unknown_env.output;
  EXPECT_TRUE(Has(unknown_env.output, "配置文件 " +
                                          (dir / "xdg" / "xinbao" /
                                           "config.toml").string()))
      << unknown_env.output;
}

}  // namespace
}  // namespace xinbao
