// The city's duty dashboard in a reporting tree (issue 16, item 5): a
// county's broker forwards to its city's (real processes, CURVE), and the
// city's `xinbao centre` shows, in Debian's headless Chromium, an event
// reported at a township of the county — on the board under the county
// with where it came from, and on the event's page each report with its
// origin and the way it came — one sent by the township straight to the
// city too (越级上报) says so. Screenshots go to
// build/screenshots/TreeBoardTest.*/.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "tests/integration/reporting_tree.h"
#include "tests/integration/test_keys.h"
#include "tests/support/duban_requests.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/browser.h"
#include "tests/support/web/chromedriver_process.h"
#include "tests/support/web/screenshots.h"
#include "tests/web/face_lines.h"
#include "tests/web/face_page.h"
#include "tests/web/web_face_process.h"

namespace xinbao::testing {
namespace {

using namespace std::chrono_literals;

TEST(TreeBoardTest, TheCitysBoardShowsACountysEventWithItsOrigin) {
  if (!ChromeDriverProcess::Available()) GTEST_SKIP() << "no chromedriver";
  TempDir dir;
  CountyAndCity tree(dir, {"hekou"});
  const std::filesystem::path centre_dir = dir.path() / "centre";
  WebFaceProcess centre(CentreLine(*tree.city, centre_dir));

  ChromeDriverProcess driver;
  Browser browser(driver);
  SignInAs(browser, centre.url(), centre_dir, "zhiban", "header .who #person");
  browser.WaitForText("#link-state", "实时", 10s);

  // At the county: 河口镇's 事 and a 情 of a landslide.
  UnitSubmitters units(*tree.county);
  const std::string event = "evt-qingshui-landslide";
  v1::Report shi = UrgentShiReport("qs-shi", event, "hekou");
  shi.set_severity(v1::SEVERITY_III);
  shi.set_title("河口镇龙潭村发生山体滑坡");
  for (const v1::Report& report :
       {shi, UrgentStageReport("qs-qing-1", event, v1::STAGE_QING, "hekou")}) {
    const std::optional<v1::Reply> ack = units.Submit(report);
    ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->ShortDebugString() : "");
  }

  // 河口镇 sends its next 情 straight to the city as well (越级上报).
  v1::Report skipped = UrgentStageReport("qs-qing-2", event, v1::STAGE_QING, "hekou");
  skipped.set_severity(v1::SEVERITY_III);
  skipped.set_body("滑坡体仍在移动，已转移群众 46 人。");
  {
    WirePeer direct(tree.city->endpoint(), KeysOf(*tree.county, "hekou"),
                    ServerKeyOf(*tree.city));
    v1::Envelope envelope;
    *envelope.mutable_submit()->mutable_report() = skipped;
    const std::optional<v1::Reply> ack = direct.Ask(envelope);
    ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->ShortDebugString() : "");
  }

  // At the city: the event under the county, and where it came from.
  const std::string row = "#events tr[data-event='" + event + "']";
  browser.WaitForCss(row, 15s);
  browser.WaitForText(row, "来自 河口镇（清水县）", 10s);
  EXPECT_NE(TextOf(browser, row).find("清水县"), std::string::npos) << TextOf(browser, row);
  browser.WaitForText("#stream", "河口镇（清水县）", 10s);
  Snap(browser, "city-board");

  Follow(browser, row + " .title a");
  browser.WaitForText("#view", "转报来源", 10s);
  browser.WaitForText("#view", "河口镇（清水县），经 清水县");
  browser.WaitForText("#view", "河口镇（清水县），越级直报本级");
  browser.WaitForText("#view [data-sequence] .muted.small", "河口镇（清水县） · ");
  EXPECT_EQ(browser.PageSource().find("[object"), std::string::npos);
  Snap(browser, "city-event");
  // The 越级 one (first or last, as it raced the county's forwards):
  // scrolled to for the eye.
  browser.SetViewportSize(1366, 768);
  browser.ExecuteScript(
      "const card = [...document.querySelectorAll('#view [data-sequence]')]"
      "  .find((c) => c.textContent.includes('越级直报本级'));"
      "card.scrollIntoView({block: 'start'});");
  browser.Screenshot(ScreenshotDir() / "city-event-skip-level-1366x768.png");
}

// 督办 back down (issue 16, item 4): the city's office issues an
// instruction to the county; the county's 督办 page lists it under 上级交办,
// and its office carries it on (转办) from a form filled in from the city's
// item, naming 河口镇; the city then sees the county's 签收.
TEST(TreeBoardTest, TheCountysCentreCarriesOnTheCitysInstruction) {
  if (!ChromeDriverProcess::Available()) GTEST_SKIP() << "no chromedriver";
  TempDir dir;
  CountyAndCity tree(dir);
  v1::Envelope issue = IssueRequest("jz-db-7", "qingshui");
  v1::DubanItem& item = *issue.mutable_issue_duban()->mutable_item();
  item.set_title("清水县汛期地质灾害隐患排查");
  item.set_instruction("请清水县十日内完成全县地质灾害隐患点排查，逐点落实责任人。");
  item.set_leader("刘市长");
  item.set_leader_level(v1::LEADER_LEVEL_CITY);
  {
    auto city_office = PeerAs(*tree.city, tree.city->endpoint(), kOffice);
    const std::optional<v1::Reply> issued = city_office->Ask(issue);
    ASSERT_TRUE(issued && issued->has_duban_changed())
        << (issued ? issued->ShortDebugString() : "");
  }
  const std::filesystem::path centre_dir = dir.path() / "centre";
  WebFaceProcess centre(CentreLine(*tree.county, centre_dir));
  ChromeDriverProcess driver;
  Browser browser(driver);
  SignInAs(browser, centre.url(), centre_dir, "zhiban", "header .who #person");

  // The county's 督办 page: the city's item under 上级交办 (the county
  // fetches it within about a second; the page asks when shown).
  const std::string row = "#upstream-duban tr[data-upstream='jz-db-7']";
  {
    auto county_reader = PeerAs(*tree.county, tree.county->query_endpoint(), kOffice);
    v1::Envelope list;
    list.mutable_list_duban();
    const auto held_by = std::chrono::steady_clock::now() + 20s;
    bool held = false;
    while (!held && std::chrono::steady_clock::now() < held_by) {
      const std::optional<v1::Reply> reply = county_reader->Ask(list);
      held = reply && reply->has_duban_list() && reply->duban_list().upstream_size() == 1;
      if (!held) std::this_thread::sleep_for(100ms);
    }
    ASSERT_TRUE(held) << "the county did not fetch the city's item";
  }
  browser.Navigate(centre.url() + "/#/duban");
  browser.WaitForCss(row, 10s);
  EXPECT_NE(TextOf(browser, row).find("刘市长"), std::string::npos) << TextOf(browser, row);
  EXPECT_NE(TextOf(browser, row).find("未转办"), std::string::npos) << TextOf(browser, row);
  Snap(browser, "county-upstream");

  // 转办: the form comes filled in from the city's item.
  Follow(browser, row + " a.button");
  browser.WaitForCss("#carried-from", 10s);
  EXPECT_EQ(AsString(browser.ExecuteScript("return document.querySelector('#d-title').value;")),
            "清水县汛期地质灾害隐患排查");
  EXPECT_EQ(AsString(browser.ExecuteScript("return document.querySelector('#d-leader').value;")),
            "刘市长");
  EXPECT_FALSE(AsString(browser.ExecuteScript(
                   "return document.querySelector('#d-due').value;")).empty());
  browser.WaitForCss("#issue-form #d-lead option[value='hekou']", 10s);
  browser.ExecuteScript("document.querySelector('#d-lead').value = 'hekou';");
  Snap(browser, "county-transfer-form");
  browser.Click(browser.FindCss("#issue-send"));
  browser.WaitForCss("#duban-item", 10s);
  browser.WaitForText("#view", "上级交办 jz-db-7（jiangzhou），本级转办", 10s);
  Snap(browser, "county-transfer-item");

  // At the city: the county has signed.
  auto city_reader = PeerAs(*tree.city, tree.city->query_endpoint(), kOffice);
  v1::Envelope get;
  get.mutable_get_duban()->set_item_id("jz-db-7");
  std::string phase;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline && phase != "UNIT_PHASE_SIGNED") {
    const std::optional<v1::Reply> reply = city_reader->Ask(get);
    if (reply && reply->has_duban_detail()) {
      phase = v1::UnitPhase_Name(reply->duban_detail().item().units(0).phase());
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(phase, "UNIT_PHASE_SIGNED");
}

}  // namespace
}  // namespace xinbao::testing
