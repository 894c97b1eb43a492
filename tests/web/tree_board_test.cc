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

#include "tests/integration/reporting_tree.h"
#include "tests/integration/test_keys.h"
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

}  // namespace
}  // namespace xinbao::testing
