// 越级上报 (issue 16, item 3): a county's unit sends a grave urgent report
// straight to the city as well as to its county. A real county and city
// with CURVE; the city registers the unit's key for 越级 (home_broker
// "qingshui", home_unit "hekou"). Whichever arrives first — the unit's own
// report or the county's forward of it — the city stores it once, under
// the county's unit with the unit as its origin, and the county's link
// goes on in order after the second arrival. What the key may do at the
// city is that and nothing more.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/reporting_tree.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/screenshots.h"

namespace xinbao {
namespace {

using testing::CountyAndCity;
using testing::DrainedLink;
using testing::PeerAs;
using testing::TempDir;

v1::Envelope Submit(const v1::Report& report) {
  v1::Envelope envelope;
  *envelope.mutable_submit()->mutable_report() = report;
  return envelope;
}

v1::Report Grave(const std::string& key, v1::Stage stage = v1::STAGE_SHI) {
  v1::Report report = testing::UrgentShiReport(key, "EV-SKIP-1");
  report.set_stage(stage);
  return report;  // hekou's, grade Ⅲ
}

TEST(TreeSkipLevel, OneReportWhicheverWayArrivesFirst) {
  TempDir dir;
  CountyAndCity tree(dir, {"hekou"});
  testing::BrokerProcess& city = *tree.city;
  testing::BrokerProcess& county = *tree.county;
  testing::UnitSubmitters units(county);
  auto analyst = PeerAs(county, county.query_endpoint(), "analyst");
  // The unit's own key, at the city.
  testing::WirePeer direct(city.endpoint(), testing::KeysOf(county, "hekou"),
                           testing::ServerKeyOf(city));

  // 越级 first: the city has it before the county forwards it. (One
  // report, sent both ways: its times are made when it is written.)
  const v1::Report first = Grave("skip-1");
  const v1::Report second = Grave("skip-2", v1::STAGE_QING);
  std::optional<v1::Reply> skipped = direct.Ask(Submit(first));
  ASSERT_TRUE(skipped && skipped->has_ack()) << (skipped ? skipped->DebugString() : "none");
  EXPECT_FALSE(skipped->ack().duplicate());
  EXPECT_EQ(skipped->ack().unit_id(), "hekou");  // as the unit named it
  const uint64_t first_at_city = skipped->ack().sequence();
  std::optional<v1::Reply> own = units.Submit(first);
  ASSERT_TRUE(own && own->has_ack()) << (own ? own->DebugString() : "none");
  v1::UpstreamLink link = DrainedLink(*analyst, 1);
  EXPECT_EQ(link.refused(), 0u);
  EXPECT_EQ(link.parent_sequence(), first_at_city);  // answered as the same

  // The county's forward first: the 越级 arrival is the duplicate.
  own = units.Submit(second);
  ASSERT_TRUE(own && own->has_ack());
  link = DrainedLink(*analyst, 2);
  skipped = direct.Ask(Submit(second));
  ASSERT_TRUE(skipped && skipped->has_ack()) << (skipped ? skipped->DebugString() : "none");
  EXPECT_TRUE(skipped->ack().duplicate());
  EXPECT_EQ(skipped->ack().sequence(), link.parent_sequence());

  // The county's order goes on after both.
  own = units.Submit(Grave("skip-3", v1::STAGE_QING));
  ASSERT_TRUE(own && own->has_ack());
  link = DrainedLink(*analyst, 3);
  EXPECT_EQ(link.refused(), 0u);
  EXPECT_TRUE(link.problem().empty()) << link.problem();

  // What the key may not do at the city, each refused in plain words.
  struct Refusal {
    v1::Envelope envelope;
    std::string words;
  };
  v1::Report minor = Grave("skip-4");
  minor.set_severity(v1::SEVERITY_IV);
  v1::Report general = testing::GeneralReport("skip-5", "hekou");
  v1::Report other = Grave("skip-6");
  other.set_unit_id("chengguan");
  const std::vector<Refusal> refusals = {
      {Submit(minor), "越级上报只收Ⅲ级(较大)及以上等级的事件"},
      {Submit(general), "越级上报只收紧急信息"},
      {Submit(other), "只能以本单位（qingshui 的 hekou）名义越级报送"},
  };
  for (const Refusal& refusal : refusals) {
    const std::optional<v1::Reply> reply = direct.Ask(refusal.envelope);
    ASSERT_TRUE(reply && reply->has_error()) << (reply ? reply->DebugString() : "none");
    EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_NOT_PERMITTED);
    EXPECT_NE(reply->error().message().find(refusal.words), std::string::npos)
        << reply->error().message();
  }
  {
    testing::WirePeer reader(city.query_endpoint(), testing::KeysOf(county, "hekou"),
                             testing::ServerKeyOf(city));
    v1::Envelope events;
    events.mutable_snapshot();
    const std::optional<v1::Reply> reply = reader.Ask(events);
    ASSERT_TRUE(reply && reply->has_error()) << (reply ? reply->DebugString() : "none");
    EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_NOT_PERMITTED);
    v1::Envelope who;
    who.mutable_whoami();
    const std::optional<v1::Reply> answered = reader.Ask(who);
    ASSERT_TRUE(answered && answered->has_whoami()) << (answered ? answered->DebugString() : "none");
  }

  // At the city: three reports, once each, under the county's unit with
  // the unit as origin; the one that came 越级 first has no hops.
  const std::vector<v1::Report> stored = tree.CityStore();
  ASSERT_EQ(stored.size(), 3u);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const v1::Report& report = stored[i];
    EXPECT_EQ(report.idempotency_key(), "skip-" + std::to_string(i + 1));
    EXPECT_EQ(report.unit_id(), "qingshui");
    EXPECT_EQ(report.forwarded().origin_broker(), "qingshui");
    EXPECT_EQ(report.forwarded().origin_unit_id(), "hekou");
    EXPECT_EQ(report.forwarded().origin_unit_name(), "河口镇");
    EXPECT_EQ(report.forwarded().origin_broker_name(), "清水县");
    EXPECT_EQ(report.forwarded().hops_size(), i == 0 ? 0 : 1);
  }
  EXPECT_EQ(tree.link_position, 3u);
}

// The unit's report reached only the city (its county was out of reach
// for it): the county gets the city's copy (下发), stores it as the unit's
// own — once, also when the unit's own submission comes later — and its
// forward of it is the same report at the city. Each side's status says
// so: the copy fetched at the city, the copy new at the county.
TEST(TreeSkipLevel, TheLevelSkippedGetsACopyAndPassesItUpOnce) {
  TempDir dir;
  CountyAndCity tree(dir, {"hekou"});
  testing::BrokerProcess& city = *tree.city;
  testing::BrokerProcess& county = *tree.county;
  std::unique_ptr<testing::WirePeer> county_analyst =
      PeerAs(county, county.query_endpoint(), "analyst");
  auto city_analyst = PeerAs(city, city.query_endpoint(), "analyst");
  testing::WirePeer direct(city.endpoint(), testing::KeysOf(county, "hekou"),
                           testing::ServerKeyOf(city));

  const v1::Report report = Grave("only-up-1");
  std::optional<v1::Reply> skipped = direct.Ask(Submit(report));
  ASSERT_TRUE(skipped && skipped->has_ack()) << (skipped ? skipped->DebugString() : "none");
  const uint64_t at_city = skipped->ack().sequence();

  // The county fetches the copy, stores it and forwards it: one report at
  // the city.
  v1::UpstreamLink link = DrainedLink(*county_analyst, 1);
  EXPECT_EQ(link.down_received(), 1u);
  EXPECT_EQ(link.copies_new(), 1u);
  EXPECT_EQ(link.down_endpoint(), city.query_endpoint());
  EXPECT_EQ(link.parent_sequence(), at_city);
  EXPECT_EQ(link.refused(), 0u);
  EXPECT_TRUE(link.problem().empty()) << link.problem();

  // The unit's own submission to its county, late: the same report.
  testing::UnitSubmitters units(county);
  const std::optional<v1::Reply> own = units.Submit(report);
  ASSERT_TRUE(own && own->has_ack()) << (own ? own->DebugString() : "none");
  EXPECT_TRUE(own->ack().duplicate());
  EXPECT_EQ(own->ack().sequence(), link.last_forwarded_sequence());

  // The city's status: the copy queued for qingshui, and fetched (the
  // county's next pull is its receipt).
  v1::ChildLink child;
  for (int i = 0; i < 100 && child.down_fetched() < 1; ++i) {
    std::optional<v1::BrokerStatus> status = testing::StatusOf(*city_analyst);
    ASSERT_TRUE(status.has_value());
    for (const v1::ChildLink& each : status->children()) {
      if (each.unit_id() == "qingshui") child = each;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(child.down_queued(), 1u) << child.DebugString();
  EXPECT_EQ(child.down_fetched(), 1u) << child.DebugString();
  EXPECT_EQ(child.broker_id(), "qingshui");  // it forwarded too

  // `xinbao status` at each end says it in words; kept for reading.
  const auto county_said = testing::RunCommand(testing::CliAs(
      county, "analyst", {"--query-endpoint", county.query_endpoint(), "status"}));
  ASSERT_EQ(county_said.exit_code, 0) << county_said.output;
  std::ofstream(testing::ScreenshotDir() / "tree-county-status-skip-level-copy.txt")
      << county_said.output;
  EXPECT_NE(county_said.output.find("上级下发: 已收到第 1 条（越级抄送本级此前未收到的 1 份，登记上级采用 0 条）"),
            std::string::npos)
      << county_said.output;
  const auto city_said = testing::RunCommand(testing::CliAs(
      city, "analyst", {"--query-endpoint", city.query_endpoint(), "status"}));
  ASSERT_EQ(city_said.exit_code, 0) << city_said.output;
  std::ofstream(testing::ScreenshotDir() / "tree-city-status-skip-level-copy.txt")
      << city_said.output;
  EXPECT_NE(city_said.output.find("下发 1 条，已取 1 条"), std::string::npos)
      << city_said.output;

  // Asking the city for what it holds for someone else, or past its
  // tail, is refused in words.
  {
    testing::WirePeer as_county(city.query_endpoint(),
                                testing::KeysOf(county, "broker"),
                                testing::ServerKeyOf(city));
    v1::Envelope ask;
    ask.mutable_downward()->set_after(99);
    std::optional<v1::Reply> reply = as_county.Ask(ask);
    ASSERT_TRUE(reply && reply->has_error()) << (reply ? reply->DebugString() : "none");
    EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_NE(reply->error().message().find("下发只到第 1 条"), std::string::npos)
        << reply->error().message();
    ask.mutable_downward()->set_after(0);
    reply = as_county.Ask(ask);
    ASSERT_TRUE(reply && reply->has_downward_page()) << (reply ? reply->DebugString() : "none");
    ASSERT_EQ(reply->downward_page().items_size(), 1);
    EXPECT_EQ(reply->downward_page().items(0).kind(), v1::DOWNWARD_KIND_SKIP_LEVEL_COPY);
    EXPECT_EQ(reply->downward_page().items(0).report().idempotency_key(), "only-up-1");
    auto reporter = PeerAs(city, city.query_endpoint(), "hekou");
    reply = reporter->Ask(ask);
    ASSERT_TRUE(reply && reply->has_error());
    EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_NOT_PERMITTED);
  }

  // A county restarted from its data directory knows how far it got: it
  // fetches nothing again as new.
  tree.RestartCounty();
  county_analyst = PeerAs(*tree.county, tree.county->query_endpoint(), "analyst");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  std::optional<v1::BrokerStatus> again = testing::StatusOf(*county_analyst);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->upstream_link().down_received(), 1u);
  EXPECT_EQ(again->upstream_link().copies_new(), 0u);

  // The county holds it once, as its unit's own; the city once.
  EXPECT_EQ(tree.county->Terminate(), 0);
  const std::vector<v1::Report> at_county = testing::StoredReports(tree.county_data / "reports");
  ASSERT_EQ(at_county.size(), 1u);
  EXPECT_EQ(at_county[0].unit_id(), "hekou");
  EXPECT_FALSE(at_county[0].has_forwarded());
  EXPECT_EQ(at_county[0].idempotency_key(), "only-up-1");
  tree.county = std::make_unique<testing::BrokerProcess>(
      tree.county_data, "tcp://127.0.0.1:*",
      std::vector<std::string>{"--config", tree.county_config.string()});
  const std::vector<v1::Report> stored = tree.CityStore();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_TRUE(stored[0].forwarded().hops().empty());  // the 越级 one
}

// The unit's client: one `xinbao submit` with a profile that names a
// skip_level profile sends a grave urgent report to both brokers — the
// same report, so one at the city — and a minor one only to its county.
TEST(TreeSkipLevel, OneSubmitSendsAGraveReportBothWays) {
  TempDir dir;
  CountyAndCity tree(dir, {"hekou"});
  testing::BrokerProcess& city = *tree.city;
  testing::BrokerProcess& county = *tree.county;
  const std::filesystem::path config = dir / "client.toml";
  std::ofstream(config)
      << "default_profile = \"qingshui\"\n"
         "[profiles.qingshui]\nendpoint = \"" << county.endpoint() << "\"\n"
      << "key_file = \"" << (testing::KeysDir(tree.county_data) / "hekou.key").string()
      << "\"\nserver_key = \""
      << (testing::KeysDir(tree.county_data) / "broker.pub").string() << "\"\n"
      << "unit = \"hekou\"\noutbox = \"" << (dir / "outbox").string() << "\"\n"
      << "skip_level = \"jiangzhou\"\n"
         "[profiles.jiangzhou]\nendpoint = \"" << city.endpoint() << "\"\n"
      << "server_key = \"" << (testing::KeysDir(tree.city_data) / "broker.pub").string()
      << "\"\n";
  auto submit = [&](const std::string& grade, const std::string& title) {
    return testing::RunCommand(
        {testing::CliBinary(), "--config", config.string(), "submit", "--kind", "urgent",
         "--event-id", "new", "--stage", "事", "--severity", grade, "--title", title,
         "--body", "今日6时许，河口镇李家村发生山体滑坡，掩埋民房2间。", "--place",
         "河口镇李家村", "--occurred", "2026-12-03 06:10", "--dead", "0", "--injured",
         "1", "--missing", "2"});
  };
  const auto grave = submit("III", "河口镇李家村发生山体滑坡");
  ASSERT_EQ(grave.exit_code, 0) << grave.output;
  std::ofstream(testing::ScreenshotDir() / "submit-skip-level.txt") << grave.output;
  EXPECT_NE(grave.output.find("越级报送（jiangzhou，" + city.endpoint() + "）："),
            std::string::npos)
      << grave.output;
  const auto minor = submit("IV", "河口镇一处边坡出现裂缝");
  ASSERT_EQ(minor.exit_code, 0) << minor.output;
  EXPECT_EQ(minor.output.find("越级报送"), std::string::npos) << minor.output;

  auto analyst = PeerAs(county, county.query_endpoint(), "analyst");
  DrainedLink(*analyst, 2);
  const std::vector<v1::Report> stored = tree.CityStore();
  ASSERT_EQ(stored.size(), 2u);  // the grave one once, the minor one
  EXPECT_EQ(stored[0].title(), "河口镇李家村发生山体滑坡");
  EXPECT_EQ(stored[1].title(), "河口镇一处边坡出现裂缝");
  EXPECT_FALSE(stored[1].forwarded().hops().empty());  // only by the county
}

}  // namespace
}  // namespace xinbao
