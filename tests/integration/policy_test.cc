// The broker's policy on the real broker: any registered user (a gateway
// by itself too) asks with QueryClient::Policy() or `xinbao policy`, and
// gets the rules its configuration sets — the preset's elements and
// deadlines, the limits, the text rules and the zone.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <string>

#include "clients/lib/query_client.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::TempDir;

Result<v1::Policy> PolicyAs(const BrokerProcess& broker,
                            const std::string& user) {
  client::QueryOptions options;
  options.endpoint = broker.query_endpoint();
  options.curve = testing::ClientKeysOf(broker, user);
  auto client = client::QueryClient::Open(std::move(options));
  if (!client.ok()) return client.status();
  return (*client)->Policy();
}

TEST(Policy, EveryUserMayAskAndHearsTheConfiguredRules) {
  TempDir dir;
  const std::filesystem::path data = dir / "data";
  const std::filesystem::path config = testing::CurveConfig(
      dir.path(), data,
      "[limits]\nmax_attachments = 3\n[events]\npreset = \"provincial\"\n");
  BrokerProcess broker(data, "tcp://127.0.0.1:*",
                       {"--config", config.string()});
  for (const std::string& user :
       {std::string("hekou"), std::string("county-office"),
        std::string("analyst"), testing::kGateway}) {
    Result<v1::Policy> policy = PolicyAs(broker, user);
    ASSERT_TRUE(policy.ok()) << user << ": " << policy.status().ToString();
    EXPECT_EQ(policy->preset(), "provincial");
    EXPECT_EQ(policy->max_attachments(), 3u);
  }
  Result<v1::Policy> policy = PolicyAs(broker, "hekou");
  ASSERT_TRUE(policy.ok());
  ASSERT_EQ(policy->stages_size(), 4);
  ASSERT_GT(policy->stages(0).elements_size(), 0);
  EXPECT_EQ(policy->stages(0).elements(0).name(), "occurred_at");
  EXPECT_EQ(policy->stages(0).elements(0).label(), "发生时间");
  ASSERT_EQ(policy->grades_size(), 4);
  EXPECT_EQ(policy->grades(2).severity(), v1::SEVERITY_III);
  EXPECT_EQ(policy->grades(2).shi_within_ms(), 60 * 60 * 1000);
  EXPECT_EQ(policy->grades(2).followup().at_minutes_size(), 2);
  EXPECT_EQ(policy->max_classification(), v1::CLASSIFICATION_INTERNAL);
  EXPECT_EQ(policy->time_zone(), "Asia/Shanghai");
  bool title = false;
  for (const v1::TextLimit& limit : policy->text_limits()) {
    if (limit.field() == "report.title") {
      title = true;
      EXPECT_EQ(limit.max_chars(), 200u);
    }
  }
  EXPECT_TRUE(title);
}

TEST(Policy, TheCommandLineShowsItAsTablesOrJson) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  const std::vector<std::string> endpoint = {"--query-endpoint",
                                             broker.query_endpoint()};
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), endpoint.begin(), endpoint.end());
    return testing::RunCommand(testing::CliAs(broker, "hekou", args));
  };
  const testing::CommandResult text = cli({"policy"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  for (const char* words :
       {"报送规则（时限预设 national，时区 Asia/Shanghai）", "各等级的报送时限",
        "Ⅰ级(特别重大)", "发生时间", "每个附件", "256 KiB", "report.title",
        "标题", "最高密级"}) {
    EXPECT_NE(text.output.find(words), std::string::npos) << words << "\n"
                                                          << text.output;
  }
  const testing::CommandResult json = cli({"--json", "policy"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  v1::Policy parsed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json.output, &parsed).ok())
      << json.output;
  EXPECT_EQ(parsed.preset(), "national");
  EXPECT_EQ(parsed.grades_size(), 4);
  // The alias, in Chinese.
  EXPECT_EQ(cli({"报送规则"}).exit_code, 0);
}

}  // namespace
}  // namespace xinbao
