// The reporting tree (逐级报送, issue 16): a county's broker and its city's,
// real processes on loopback with CURVE, the county's broker registered at
// the city with role "broker". Urgent reports go up at once and nothing
// else does; at the city each is stored once, in the county's order, under
// the county's unit there with its origin and hops; a city that stops
// answering leaves the county's queue growing (the county's status says
// so), and when it answers again the queue drains in order and nothing is
// stored twice.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "broker/config/config.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/reporting_tree.h"
#include "tests/integration/test_keys.h"
#include "tests/support/caibian_requests.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/screenshots.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::PeerAs;
using testing::TempDir;

using testing::CityUnits;
using testing::CountyAndCity;
using testing::DrainedLink;
using testing::StatusOf;

v1::Report Urgent(int i) {
  v1::Report report = testing::UrgentShiReport("up-" + std::to_string(i),
                                               "EV-TREE-" + std::to_string(i % 3));
  report.set_unit_id("hekou");
  if (i >= 3) report.set_stage(v1::STAGE_QING);
  return report;
}


TEST(Tree, UrgentReportsGoUpOnceInOrderAndWaitOutAParentThatStops) {
  TempDir dir;
  CountyAndCity tree(dir);
  BrokerProcess& city = *tree.city;
  BrokerProcess& county = *tree.county;
  testing::UnitSubmitters units(county);
  auto analyst = PeerAs(county, county.query_endpoint(), "analyst");

  std::optional<v1::BrokerStatus> before = StatusOf(*analyst);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->broker_id(), "qingshui");
  EXPECT_EQ(before->broker_name(), "清水县");
  ASSERT_TRUE(before->has_upstream_link());
  EXPECT_EQ(before->upstream_link().endpoint(), city.endpoint());

  // Six urgent reports and a general one at the county.
  for (int i = 0; i < 6; ++i) {
    const std::optional<v1::Reply> ack = units.Submit(Urgent(i));
    ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->DebugString() : "none");
  }
  const std::optional<v1::Reply> general =
      units.Submit(testing::GeneralReport("general-1", "hekou"));
  ASSERT_TRUE(general && general->has_ack());
  v1::UpstreamLink link = DrainedLink(*analyst, 6);
  EXPECT_TRUE(link.connected());
  EXPECT_EQ(link.forwarded(), 6u);
  EXPECT_EQ(link.refused(), 0u);
  EXPECT_EQ(link.last_forwarded_sequence(), 6u);

  // The city stops answering; the county goes on taking reports.
  city.Pause();
  for (int i = 6; i < 12; ++i) {
    const std::optional<v1::Reply> ack = units.Submit(Urgent(i));
    ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->DebugString() : "none");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  std::optional<v1::BrokerStatus> waiting = StatusOf(*analyst);
  ASSERT_TRUE(waiting.has_value());
  EXPECT_EQ(waiting->upstream_link().queued(), 6u) << waiting->DebugString();
  EXPECT_FALSE(waiting->upstream_link().connected());
  EXPECT_GT(waiting->upstream_link().oldest_queued_ms(), 1000);
  EXPECT_FALSE(waiting->upstream_link().problem().empty());
  // `xinbao status` at the county says so, in words; kept for a person
  // to read under <build>/screenshots/.
  const auto said = testing::RunCommand(testing::CliAs(
      county, "analyst", {"--query-endpoint", county.query_endpoint(), "status"}));
  ASSERT_EQ(said.exit_code, 0) << said.output;
  std::ofstream(testing::ScreenshotDir() / "tree-county-status-while-city-stopped.txt")
      << said.output;
  for (const std::string& line :
       {std::string("本级: 清水县（qingshui）"),
        "上级连接: " + city.endpoint() + " 未连接；待转报 6 份（最早一份已等 ",
        std::string("本级序号 6 → 上级序号 6"), std::string("启动以来转报 6 份"),
        std::string("无应答（超过 500 毫秒），正在重连")}) {
    EXPECT_NE(said.output.find(line), std::string::npos) << line << "\n" << said.output;
  }

  city.Resume();
  link = DrainedLink(*analyst, 12);
  EXPECT_EQ(link.queued(), 0u);
  EXPECT_EQ(link.last_forwarded_sequence(), 13u);  // the general one is 7
  EXPECT_TRUE(link.problem().empty()) << link.problem();

  // The city's duty officer sees where an event's reports come from
  // (`xinbao event`); kept for a person to read under <build>/screenshots/.
  {
    const auto shown = testing::RunCommand(testing::CliAs(
        city, "analyst", {"--query-endpoint", city.query_endpoint(), "event", "EV-TREE-0"}));
    ASSERT_EQ(shown.exit_code, 0) << shown.output;
    std::ofstream(testing::ScreenshotDir() / "tree-city-event.txt") << shown.output;
    EXPECT_NE(shown.output.find("转报来源"), std::string::npos) << shown.output;
    EXPECT_NE(shown.output.find("：河口镇（清水县），经 清水县\n"), std::string::npos)
        << shown.output;
    EXPECT_NE(shown.output.find("清水县"), std::string::npos) << shown.output;
  }

  // The city's status names the county among its children.
  {
    auto city_analyst = PeerAs(city, city.query_endpoint(), "analyst");
    std::optional<v1::BrokerStatus> above = StatusOf(*city_analyst);
    ASSERT_TRUE(above.has_value());
    EXPECT_EQ(above->broker_id(), "jiangzhou");
    EXPECT_FALSE(above->has_upstream_link());
    ASSERT_EQ(above->children_size(), 1) << above->DebugString();
    const v1::ChildLink& child = above->children(0);
    EXPECT_EQ(child.broker_id(), "qingshui");
    EXPECT_EQ(child.user(), "qingshui-broker");
    EXPECT_EQ(child.unit_id(), "qingshui");
    EXPECT_EQ(child.received(), 12u);
    EXPECT_GT(child.last_report_at_ms(), 0);
  }

  // At the city: each urgent report once, in the county's order, under the
  // county's unit with its origin; the general one stayed below.
  const std::vector<v1::Report> stored = tree.CityStore();
  ASSERT_EQ(stored.size(), 12u);
  uint64_t county_sequence = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const v1::Report& report = stored[i];
    EXPECT_EQ(report.unit_id(), "qingshui");
    EXPECT_EQ(report.kind(), v1::KIND_URGENT);
    EXPECT_EQ(report.idempotency_key(), "up-" + std::to_string(i));
    const v1::Forwarding& way = report.forwarded();
    EXPECT_EQ(way.origin_broker(), "qingshui");
    EXPECT_EQ(way.origin_unit_id(), "hekou");
    EXPECT_EQ(way.origin_unit_name(), "河口镇");
    ASSERT_EQ(way.hops_size(), 1);
    EXPECT_EQ(way.hops(0).broker_id(), "qingshui");
    EXPECT_EQ(way.hop_names(0), "清水县");
    EXPECT_GT(way.hops(0).sequence(), county_sequence);  // the county's order
    county_sequence = way.hops(0).sequence();
    EXPECT_EQ(way.link_position(), i + 1);
  }
  EXPECT_EQ(tree.link_position, 12u);
}

// Other kinds go up once the county passes them on — adopted into a
// bulletin the county's office issues — and not before.
TEST(Tree, OtherKindsGoUpWhenTheCountyPassesThemOn) {
  TempDir dir;
  CountyAndCity tree(dir);
  testing::UnitSubmitters units(*tree.county);
  auto analyst = PeerAs(*tree.county, tree.county->query_endpoint(), "analyst");
  auto office = PeerAs(*tree.county, tree.county->endpoint(), "county-office");
  uint64_t adopted = 0;
  for (const char* key : {"general-kept", "general-adopted"}) {
    const std::optional<v1::Reply> ack =
        units.Submit(testing::GeneralReport(key, "chengguan"));
    ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->DebugString() : "none");
    adopted = ack->ack().sequence();
  }
  // Nothing waits to go up yet.
  std::optional<v1::BrokerStatus> before = StatusOf(*analyst);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->upstream_link().queued(), 0u);

  // The office adopts the second into an issue of its bulletin and signs it.
  auto caibian = [&](v1::CaibianRequest action) {
    v1::Envelope request;
    *request.mutable_caibian() = std::move(action);
    const std::optional<v1::Reply> reply = office->Ask(request);
    EXPECT_TRUE(reply && reply->has_caibian_changed())
        << (reply ? reply->DebugString() : "none");
    return reply ? reply->caibian_changed() : v1::CaibianChanged();
  };
  caibian(testing::PutItemAction("tree-item", "城关镇冬季消防检查", {adopted}));
  const v1::CaibianChanged draft =
      caibian(testing::PutIssueAction("tree-issue", "zwxx", {"tree-item"}));
  caibian(testing::SignAction("tree-issue", draft.issue().revision()));
  const v1::UpstreamLink link = DrainedLink(*analyst, 1);
  EXPECT_EQ(link.forwarded(), 1u);
  EXPECT_EQ(link.last_forwarded_sequence(), adopted);

  const std::vector<v1::Report> stored = tree.CityStore();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].idempotency_key(), "general-adopted");
  EXPECT_EQ(stored[0].kind(), v1::KIND_GENERAL_DYNAMIC);
  EXPECT_EQ(stored[0].unit_id(), "qingshui");
  EXPECT_EQ(stored[0].forwarded().origin_unit_id(), "chengguan");
  EXPECT_EQ(stored[0].forwarded().origin_unit_name(), "城关镇");
}

// kill -9 of the city while reports go up, then of the county with
// reports still queued: every report the county acknowledged reaches the
// city, once, in the county's order.
// 转报 by hand: the county's office passes a general report up with
// `xinbao bulletin pass-up`; an urgent one went already; a sequence the
// county does not hold, an analyst, and a broker without a parent are
// refused in words. Passed up twice, it is stored above once.
TEST(Tree, TheCountyOfficePassesAReportUpByHand) {
  TempDir dir;
  CountyAndCity tree(dir);
  testing::UnitSubmitters units(*tree.county);
  auto analyst = PeerAs(*tree.county, tree.county->query_endpoint(), "analyst");
  std::vector<uint64_t> general;
  for (const char* key : {"general-stays", "general-passed"}) {
    const std::optional<v1::Reply> ack =
        units.Submit(testing::GeneralReport(key, "chengguan"));
    ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->DebugString() : "none");
    general.push_back(ack->ack().sequence());
  }
  const std::optional<v1::Reply> urgent = units.Submit(Urgent(0));
  ASSERT_TRUE(urgent && urgent->has_ack());
  DrainedLink(*analyst, 1);

  auto pass_up = [&](BrokerProcess& broker, const std::string& user,
                     const std::string& sequence) {
    return testing::RunCommand(testing::CliAs(
        broker, user,
        {"bulletin", "pass-up", sequence, "--unit", "county-office", "--by", "张敏",
         "--endpoint", broker.endpoint(), "--query-endpoint", broker.query_endpoint(),
         "--outbox", (dir / ("outbox-" + user)).string()}));
  };
  const std::string passed = std::to_string(general[1]);
  auto done = pass_up(*tree.county, "county-office", passed);
  ASSERT_EQ(done.exit_code, 0) << done.output;
  EXPECT_NE(done.output.find("已转报上级：序号 " + passed + "《"), std::string::npos)
      << done.output;
  done = pass_up(*tree.county, "county-office", passed);  // twice
  ASSERT_EQ(done.exit_code, 0) << done.output;

  const auto went = pass_up(*tree.county, "county-office",
                            std::to_string(urgent->ack().sequence()));
  ASSERT_EQ(went.exit_code, 0) << went.output;
  EXPECT_NE(went.output.find("无需转报"), std::string::npos) << went.output;
  EXPECT_NE(went.output.find("随报随转"), std::string::npos) << went.output;

  const auto unknown = pass_up(*tree.county, "county-office", "999");
  EXPECT_EQ(unknown.exit_code, 4) << unknown.output;
  EXPECT_NE(unknown.output.find("本级没有第 999 号报告"), std::string::npos)
      << unknown.output;
  const auto zero = pass_up(*tree.county, "county-office", "0");
  EXPECT_EQ(zero.exit_code, 4) << zero.output;
  EXPECT_NE(zero.output.find("要转报的报告序号"), std::string::npos) << zero.output;
  const auto not_office = pass_up(*tree.county, "analyst", passed);
  EXPECT_EQ(not_office.exit_code, 4) << not_office.output;
  const auto no_parent = pass_up(*tree.city, "county-office", "1");
  EXPECT_EQ(no_parent.exit_code, 4) << no_parent.output;
  EXPECT_NE(no_parent.output.find("本级没有配置上级"), std::string::npos)
      << no_parent.output;

  const v1::UpstreamLink link = DrainedLink(*analyst, 3);
  EXPECT_EQ(link.forwarded(), 3u);  // the urgent one and the passed one twice
  const std::vector<v1::Report> stored = tree.CityStore();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].idempotency_key(), "up-0");
  EXPECT_EQ(stored[1].idempotency_key(), "general-passed");
  EXPECT_EQ(stored[1].forwarded().origin_unit_id(), "chengguan");
  EXPECT_EQ(stored[1].forwarded().hops(0).sequence(), general[1]);
}

TEST(Tree, ACrashAtEitherEndLosesNothingAndStoresNothingTwice) {
  TempDir dir;
  CountyAndCity tree(dir);
  auto submit = [&](int from, int to) {
    testing::UnitSubmitters units(*tree.county);
    for (int i = from; i < to; ++i) {
      const std::optional<v1::Reply> ack = units.Submit(Urgent(i));
      ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->DebugString() : "none");
    }
  };
  submit(0, 10);
  tree.city->Kill9();  // some of the ten may be in flight
  submit(10, 20);
  tree.RestartCity();
  {
    auto analyst = PeerAs(*tree.county, tree.county->query_endpoint(), "analyst");
    DrainedLink(*analyst, 1);
  }
  // The county dies with reports acknowledged to its units and not yet
  // up; they go up after its restart.
  tree.city->Pause();
  submit(20, 30);
  tree.county->Kill9();
  tree.city->Resume();
  tree.RestartCounty();
  {
    auto analyst = PeerAs(*tree.county, tree.county->query_endpoint(), "analyst");
    DrainedLink(*analyst, 1);
  }

  const std::vector<v1::Report> stored = tree.CityStore();
  ASSERT_EQ(stored.size(), 30u);
  uint64_t county_sequence = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].idempotency_key(), "up-" + std::to_string(i));
    EXPECT_GT(stored[i].forwarded().hops(0).sequence(), county_sequence);
    county_sequence = stored[i].forwarded().hops(0).sequence();
  }
  EXPECT_EQ(tree.link_position, 30u);
}

// A misconfigured loop — two brokers each the other's parent — is caught
// by the hop list: a report comes back to its origin, which refuses it
// (FORWARD_LOOP, not retryable); the broker that sent it keeps it, counts
// it and says so in its status, and nothing circles.
TEST(Tree, ALoopInTheConfigurationIsRefusedAndShown) {
  TempDir dir;
  const std::filesystem::path a_data = dir / "a";
  const std::filesystem::path b_data = dir / "b";
  std::filesystem::create_directories(dir / "a-etc");
  std::filesystem::create_directories(dir / "b-etc");
  testing::MakeTestKeys(a_data);
  testing::MakeTestKeys(b_data);
  auto register_broker = [](const std::filesystem::path& at,
                            const std::filesystem::path& of, const std::string& unit) {
    Result<CurveKeyPair> key = ReadKeyFile(testing::KeysDir(of) / "broker.pub");
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    std::ofstream(testing::KeysDir(at) / "users.toml", std::ios::app)
        << "\n[[user]]\nname = \"" << unit << "-broker\"\nunit = \"" << unit
        << "\"\nrole = \"broker\"\npublic_key = \"" << key->public_key << "\"\n";
  };
  auto upstream = [](const std::string& endpoint, const std::string& unit,
                     const std::filesystem::path& parent_data) {
    return "[upstream]\nendpoint = \"" + endpoint + "\"\nunit = \"" + unit +
           "\"\nserver_key_file = \"" +
           (testing::KeysDir(parent_data) / "broker.pub").string() +
           "\"\nreply_timeout = \"500ms\"\n";
  };
  // B first, without a parent, to learn its endpoint; then A under B;
  // then B again, on its endpoint, under A.
  const std::string b_tree = "[tree]\nid = \"b\"\n" + CityUnits("a-unit", "甲");
  auto b_config = testing::CurveConfig(dir / "b-etc", b_data, b_tree);
  register_broker(b_data, a_data, "a-unit");
  auto b = std::make_unique<BrokerProcess>(
      b_data, "tcp://127.0.0.1:*", std::vector<std::string>{"--config", b_config.string()});
  const std::string b_endpoint = b->endpoint();
  const auto a_config = testing::CurveConfig(
      dir / "a-etc", a_data,
      "[tree]\nid = \"a\"\n" + CityUnits("b-unit", "乙") +
          upstream(b_endpoint, "a-unit", b_data));
  register_broker(a_data, b_data, "b-unit");
  BrokerProcess a(a_data, "tcp://127.0.0.1:*", {"--config", a_config.string()});
  ASSERT_EQ(b->Terminate(), 0);
  b.reset();
  std::ofstream(b_config) << b_tree << upstream(a.endpoint(), "b-unit", a_data)
                          << "[security]\nmode = \"curve\"\n"
                          << testing::KeysConfig(b_data);
  b = std::make_unique<BrokerProcess>(
      b_data, b_endpoint, std::vector<std::string>{"--config", b_config.string()});

  testing::UnitSubmitters units(a);
  const std::optional<v1::Reply> ack = units.Submit(Urgent(0));
  ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->DebugString() : "none");

  // A forwards it to B; B forwards it back to A, which refuses it.
  auto b_analyst = PeerAs(*b, b->query_endpoint(), "analyst");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  v1::UpstreamLink link;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::optional<v1::BrokerStatus> status = StatusOf(*b_analyst)) {
      link = status->upstream_link();
      if (link.refused() > 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(link.refused(), 1u) << link.DebugString();
  EXPECT_EQ(link.forwarded(), 0u);
  EXPECT_EQ(link.queued(), 0u);  // answered, and kept in B's store
  EXPECT_NE(link.problem().find("ERROR_CODE_FORWARD_LOOP"), std::string::npos)
      << link.problem();
  EXPECT_NE(link.problem().find("环路"), std::string::npos) << link.problem();
  auto a_analyst = PeerAs(a, a.query_endpoint(), "analyst");
  std::optional<v1::BrokerStatus> a_status = StatusOf(*a_analyst);
  ASSERT_TRUE(a_status.has_value());
  EXPECT_EQ(a_status->upstream_link().forwarded(), 1u);
  EXPECT_EQ(a_status->reports_stored(), 1u);  // nothing came back into A
  bool counted = false;
  for (const v1::RefusalCount& refusal : a_status->refusals()) {
    counted |= refusal.code() == v1::ERROR_CODE_FORWARD_LOOP && refusal.count() == 1;
  }
  EXPECT_TRUE(counted) << a_status->DebugString();

  // B keeps the refusal: after a restart it still says so.
  b.reset();
  b = std::make_unique<BrokerProcess>(
      b_data, b_endpoint, std::vector<std::string>{"--config", b_config.string()});
  auto b_again = PeerAs(*b, b->query_endpoint(), "analyst");
  std::optional<v1::BrokerStatus> after = StatusOf(*b_again);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->upstream_link().refused(), 1u);
  EXPECT_NE(after->upstream_link().problem().find("ERROR_CODE_FORWARD_LOOP"),
            std::string::npos)
      << after->upstream_link().problem();
}

}  // namespace
}  // namespace xinbao
