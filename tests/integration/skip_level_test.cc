// 越级上报 (issue 16, item 3): a county's unit sends a grave urgent report
// straight to the city as well as to its county. A real county and city
// with CURVE; the city registers the unit's key for 越级 (home_broker
// "qingshui", home_unit "hekou"). Whichever arrives first — the unit's own
// report or the county's forward of it — the city stores it once, under
// the county's unit with the unit as its origin, and the county's link
// goes on in order after the second arrival. What the key may do at the
// city is that and nothing more.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/reporting_tree.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

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
    EXPECT_EQ(report.forwarded().hops_size(), i == 0 ? 0 : 1);
  }
  EXPECT_EQ(tree.link_position, 3u);
}

}  // namespace
}  // namespace xinbao
