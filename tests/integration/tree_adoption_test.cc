// 上级采用 back down the tree (issue 16, item 4): the city's office adopts
// a report a county forwarded, in a bulletin it issues; the county learns
// of it through its 下发 pull and records it for its own copy of the
// report, so the township's feedback shows it and its score counts it.
// A real county and city with CURVE.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "tests/integration/broker_process.h"
#include "tests/integration/reporting_tree.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/caibian_requests.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::CountyAndCity;
using testing::DrainedLink;
using testing::PeerAs;
using testing::StatusOf;
using testing::TempDir;

constexpr char kOffice[] = "county-office";  // the demo's office, at both

using testing::Shown;

v1::Envelope Caibian(v1::CaibianRequest action) {
  v1::Envelope request;
  *request.mutable_caibian() = std::move(action);
  return request;
}

v1::CaibianChanged Done(testing::WirePeer& office, const v1::Envelope& request) {
  const std::optional<v1::Reply> reply = office.Ask(request);
  EXPECT_TRUE(reply && reply->has_caibian_changed()) << Shown(reply);
  return reply && reply->has_caibian_changed() ? reply->caibian_changed()
                                               : v1::CaibianChanged();
}

// hekou's report `sequence` at the county as its feedback shows it, once
// it lists `adoptions` adoptions (bounded wait: the pull runs each second).
v1::ReportFeedback FeedbackOnceAdopted(testing::WirePeer& reader, uint64_t sequence,
                                       int adoptions) {
  v1::Envelope request;
  request.mutable_feedback()->set_unit_id("hekou");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  v1::ReportFeedback found;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::optional<v1::Reply> reply = reader.Ask(request);
    if (reply && reply->has_feedback()) {
      for (const v1::ReportFeedback& report : reply->feedback().reports()) {
        if (report.sequence() == sequence) found = report;
      }
      if (found.adoptions_size() >= adoptions) return found;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "the county's feedback did not show the adoption: "
                << found.ShortDebugString();
  return found;
}

TEST(TreeAdoption, AnAdoptionAtTheCityCountsForTheTownshipAtTheCounty) {
  TempDir dir;
  CountyAndCity tree(dir, {}, "[caibian]\nlevel = \"city\"\n");
  testing::UnitSubmitters units(*tree.county);
  auto county_reader = PeerAs(*tree.county, tree.county->query_endpoint(), kOffice);
  auto county_analyst = PeerAs(*tree.county, tree.county->query_endpoint(), "analyst");
  auto city_office = PeerAs(*tree.city, tree.city->endpoint(), kOffice);

  // 河口镇's urgent report goes up at once; 城关镇's too, and is not adopted.
  std::optional<v1::Reply> hekou = units.Submit(testing::UrgentShiReport("adopt-1", "EV-AD-1"));
  ASSERT_TRUE(hekou && hekou->has_ack()) << Shown(hekou);
  v1::Report other = testing::UrgentShiReport("adopt-2", "EV-AD-2");
  other.set_unit_id("chengguan");
  std::optional<v1::Reply> chengguan = units.Submit(other);
  ASSERT_TRUE(chengguan && chengguan->has_ack()) << Shown(chengguan);
  const v1::UpstreamLink link = DrainedLink(*county_analyst, 2);
  // The city's sequence of 河口镇's report (the first forwarded).
  const uint64_t at_city = link.parent_sequence() - 1;

  // The city's office edits it into its bulletin and signs it.
  v1::CaibianRequest item =
      testing::PutItemAction("jz-item", "我市多地及时处置突发险情", {at_city});
  ASSERT_TRUE(Done(*city_office, Caibian(item)).changed());
  const v1::CaibianChanged drafted =
      Done(*city_office, Caibian(testing::PutIssueAction("jz-issue", "kuaibao", {"jz-item"})));
  ASSERT_TRUE(drafted.changed());
  const v1::CaibianChanged issued = Done(
      *city_office, Caibian(testing::SignAction("jz-issue", drafted.issue().revision())));
  ASSERT_EQ(issued.adoptions_size(), 1);
  EXPECT_EQ(issued.adoptions(0).unit_id(), "qingshui");  // the county, at the city
  EXPECT_EQ(issued.adoptions(0).level(), v1::LEADER_LEVEL_CITY);

  // At the county: recorded for 河口镇's own report, as the city's.
  const v1::ReportFeedback shown =
      FeedbackOnceAdopted(*county_reader, hekou->ack().sequence(), 1);
  ASSERT_EQ(shown.adoptions_size(), 1);
  const v1::Adoption& here = shown.adoptions(0);
  EXPECT_EQ(here.origin(), v1::ADOPTION_ORIGIN_UPSTREAM);
  EXPECT_EQ(here.upstream_broker(), "jiangzhou");
  EXPECT_EQ(here.level(), v1::LEADER_LEVEL_CITY);
  EXPECT_EQ(here.series_name(), issued.adoptions(0).series_name());
  EXPECT_EQ(here.reference(), issued.adoptions(0).reference());
  EXPECT_EQ(here.unit_id(), "hekou");
  EXPECT_EQ(here.report_sequence(), hekou->ack().sequence());
  EXPECT_EQ(here.item_title(), "我市多地及时处置突发险情");

  // 河口镇's score at the county counts it; 城关镇's has none.
  v1::Envelope stats;
  stats.mutable_stats()->set_from_ms(here.adopted_at_ms() - 86'400'000);
  stats.mutable_stats()->set_to_ms(here.adopted_at_ms() + 86'400'000);
  const std::optional<v1::Reply> scored = county_analyst->Ask(stats);
  ASSERT_TRUE(scored && scored->has_stats()) << Shown(scored);
  bool saw_hekou = false;
  for (const v1::UnitStats& unit : scored->stats().units()) {
    if (unit.unit_id() == "hekou") {
      saw_hekou = true;
      EXPECT_EQ(unit.adoptions(), 1u);
      EXPECT_GT(unit.adoption_points(), 0.0);
    } else {
      EXPECT_EQ(unit.adoptions(), 0u) << unit.unit_id();
    }
  }
  EXPECT_TRUE(saw_hekou);

  // Both ends say so in their status.
  const std::optional<v1::BrokerStatus> county_status = StatusOf(*county_analyst);
  ASSERT_TRUE(county_status);
  EXPECT_EQ(county_status->upstream_link().adoptions_new(), 1u);
  EXPECT_EQ(county_status->upstream_link().down_received(), 1u);
  auto city_analyst = PeerAs(*tree.city, tree.city->query_endpoint(), "analyst");
  const std::optional<v1::BrokerStatus> city_status = StatusOf(*city_analyst);
  ASSERT_TRUE(city_status);
  ASSERT_EQ(city_status->children_size(), 1);
  EXPECT_EQ(city_status->children(0).down_queued(), 1u);

  // After a kill -9 of the county the adoption is still there, once;
  // whether or not the pull's cursor survived (it is not synced; a
  // refetch is answered as already recorded), nothing new is recorded.
  tree.county->Kill9();
  tree.RestartCounty();
  county_reader = PeerAs(*tree.county, tree.county->query_endpoint(), kOffice);
  county_analyst = PeerAs(*tree.county, tree.county->query_endpoint(), "analyst");
  const v1::ReportFeedback after =
      FeedbackOnceAdopted(*county_reader, hekou->ack().sequence(), 1);
  EXPECT_EQ(after.adoptions_size(), 1);
  const auto settled = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::optional<v1::BrokerStatus> again;
  while (std::chrono::steady_clock::now() < settled) {
    again = StatusOf(*county_analyst);
    if (again && again->upstream_link().down_received() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(again);
  EXPECT_EQ(again->upstream_link().down_received(), 1u);
  EXPECT_EQ(again->upstream_link().adoptions_new(), 0u);
  EXPECT_EQ(FeedbackOnceAdopted(*county_reader, hekou->ack().sequence(), 1).adoptions_size(),
            1);
}

TEST(TreeAdoption, NoClientMaySendWhatOnlyComesDownFromTheParent) {
  TempDir dir;
  CountyAndCity tree(dir);
  auto office = PeerAs(*tree.county, tree.county->endpoint(), kOffice);
  v1::Envelope forged;
  v1::DownwardItem& item = *forged.mutable_downward_item();
  item.set_kind(v1::DOWNWARD_KIND_ADOPTION);
  item.mutable_adoption()->set_adoption_id("forged");
  item.mutable_adoption()->set_level(v1::LEADER_LEVEL_PROVINCE);
  item.mutable_report()->set_idempotency_key("adopt-1");
  item.mutable_report()->mutable_forwarded()->set_origin_broker("qingshui");
  item.mutable_report()->mutable_forwarded()->set_origin_unit_id("hekou");
  const std::optional<v1::Reply> reply = office->Ask(forged);
  ASSERT_TRUE(reply && reply->has_error()) << Shown(reply);
  EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_UNKNOWN_REQUEST);
  EXPECT_NE(reply->error().message().find("客户端不能提交"), std::string::npos)
      << reply->error().message();
  // The broker goes on serving.
  testing::UnitSubmitters units(*tree.county);
  const std::optional<v1::Reply> ack = units.Submit(testing::UrgentShiReport("adopt-9", "EV-AD-9"));
  EXPECT_TRUE(ack && ack->has_ack()) << Shown(ack);
}

}  // namespace
}  // namespace xinbao
