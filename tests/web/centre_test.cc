// The centre's duty dashboard (`xinbao centre`) end to end: the real broker
// with test-shortened deadlines, the real dashboard process speaking through
// its gateway key, and Debian's headless Chromium. A duty officer watches an
// event appear live, its deadline count down, the overdue alarm flash up
// when the deadline passes and clear when the 情 arrives; an analyst's
// pages work and an analyst cannot merge. Screenshots of each page at
// 1920×1080 and 1366×768 go to build/screenshots/CentreTest.*/.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/support/duban_requests.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/browser.h"
#include "tests/support/web/chromedriver_process.h"
#include "tests/support/web/screenshots.h"
#include "tests/web/demo_logins.h"
#include "tests/web/face_lines.h"
#include "tests/web/face_page.h"
#include "tests/web/web_face_process.h"

namespace xinbao::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int64_t kSecond = 1000;

class CentreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ChromeDriverProcess::Available()) GTEST_SKIP() << "no chromedriver";
    const auto data = dir_.path() / "broker";
    // Ⅳ: the first 情 is due 12 s after the incident; the clock ticks often.
    const auto config = CurveConfig(dir_.path(), data,
                                    "[events]\ncheck_interval_ms = 100\n"
                                    "[events.grade.IV]\nshi_within = \"1h\"\n"
                                    "first_qing_within = \"12s\"\n"
                                    "escalate_after = \"1h\"\n");
    broker_ = std::make_unique<BrokerProcess>(
        data, "tcp://127.0.0.1:*", std::vector<std::string>{"--config", config.string()});
    centre_dir_ = dir_.path() / "centre";
    centre_ = std::make_unique<WebFaceProcess>(CentreLine(*broker_, centre_dir_));
  }

  void SignIn(Browser& browser, const std::string& login) {
    SignInAs(browser, centre_->url(), centre_dir_, login, "header .who #person");
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_;
  std::filesystem::path centre_dir_;
  std::unique_ptr<WebFaceProcess> centre_;
};

TEST_F(CentreTest, TheDutyOfficerSeesAnEventLiveAndItsOverdueAlarmComeAndGo) {
  ChromeDriverProcess driver;
  Browser browser(driver);
  SignIn(browser, "zhiban");
  browser.WaitForText("#link-state", "实时", 10s);
  browser.WaitForText("#events", "目前没有未办结的突发事件", 10s);

  UnitSubmitters units(*broker_);
  const std::string event = "evt-longtan-landslide";
  v1::Report shi = UrgentShiReport("ht-shi", event, "hekou");
  shi.set_severity(v1::SEVERITY_IV);
  shi.set_title("河口镇龙潭村发生山体滑坡");
  shi.set_occurred_at_ms(NowMs() - 2 * kSecond);
  std::optional<v1::Reply> ack = units.Submit(shi);
  ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->ShortDebugString() : "");
  // It comes on the open page by itself, no reload (how fast is
  // web_bench's to measure, not a test's: BENCHMARKS.md).
  browser.WaitForCss("#events tr[data-event='" + event + "']", 5s);
  // The next deadline (the first 情) counts down.
  const std::string before = TextOf(browser, "#events tr[data-event='" + event + "'] .countdown");
  EXPECT_NE(before.find("剩"), std::string::npos) << before;
  // The header's clock always reads a time (the countdowns' timer once
  // wrote "剩 NaN分" over it, every other second).
  for (int i = 0; i < 10; ++i) {
    const std::string clock = TextOf(browser, "#clock");
    EXPECT_EQ(clock.find("NaN"), std::string::npos) << clock;
    EXPECT_NE(clock.find(':'), std::string::npos) << clock;
    std::this_thread::sleep_for(230ms);
  }
  Snap(browser, "board-live");

  // The deadline passes: the overdue alarm flashes up on the strip.
  browser.WaitForCss(".alarm-chip[data-kind='ALARM_KIND_OVERDUE']", 25s);
  EXPECT_NE(TextOf(browser, ".alarm-chip[data-kind='ALARM_KIND_OVERDUE']").find("超时未报"),
            std::string::npos);
  EXPECT_FALSE(browser.FindAllCss(".alarm-chip.fresh").empty());
  EXPECT_NE(TextOf(browser, "#events tr[data-event='" + event + "'] .countdown")
                .find("已超时"),
            std::string::npos);
  Snap(browser, "board-overdue");

  v1::Report qing = UrgentStageReport("ht-qing-1", event, v1::STAGE_QING, "hekou", 2 * kSecond);
  ack = units.Submit(qing);
  ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->ShortDebugString() : "");
  const auto deadline = Clock::now() + 10s;
  while (!browser.FindAllCss(".alarm-chip[data-kind='ALARM_KIND_OVERDUE']").empty()) {
    ASSERT_LT(Clock::now(), deadline) << "the overdue alarm did not clear";
    std::this_thread::sleep_for(50ms);
  }
  browser.WaitForCss("#events tr[data-event='" + event + "'] .stages span.done:nth-child(2)", 5s);
  Snap(browser, "board-cleared");

  Follow(browser, "#events tr[data-event='" + event + "'] .title a");
  browser.WaitForText("#view", "时间线", 10s);
  browser.WaitForText("#view", "河口镇龙潭村发生山体滑坡");
  // Every report in full: the 事's body and its facts, not placeholders.
  browser.WaitForText("#view [data-sequence] pre.body", "S235线河口镇段");
  EXPECT_EQ(browser.PageSource().find("[object"), std::string::npos);
  Snap(browser, "event");

  // A phone report from the police about a new incident in 城关镇.
  browser.Navigate(centre_->url() + "/#/phone");
  browser.WaitForCss("#phone-form #p-caller-unit option[value='gongan']");
  browser.ExecuteScript(
      "document.querySelector('#p-caller-unit').value = 'gongan';"
      "document.querySelector('#p-responsible').value = 'chengguan';");
  browser.SendKeys(browser.FindCss("#p-caller"), "县公安局指挥中心 值班民警");
  browser.SendKeys(browser.FindCss("#p-title"), "电话登记：城关镇一仓库起火");
  browser.SendKeys(browser.FindCss("#p-place"), "城关镇建设路");
  browser.SendKeys(browser.FindCss("#p-body"), "来电称城关镇建设路一仓库起火，消防已出动，伤亡不明。");
  Snap(browser, "phone");
  browser.Click(browser.FindCss("#phone-form button[type='submit']"));
  browser.WaitForText("#view", "电话登记：城关镇一仓库起火", 10s);
  browser.WaitForText("#view", "县公安局指挥中心 值班民警");
  browser.WaitForText("#view", "接报 值班员");
  Snap(browser, "phone-logged");

  browser.Navigate(centre_->url() + "/?mode=wall#/board");
  browser.WaitForCss("body.wall #events tr[data-event='" + event + "']", 10s);
  Snap(browser, "board-wall");
}

TEST_F(CentreTest, AnAnalystSeesTheStatisticsButCannotMerge) {
  UnitSubmitters units(*broker_);
  for (const char* unit : {"hekou", "chengguan"}) {
    std::optional<v1::Reply> ack =
        units.Submit(UrgentShiReport(std::string(unit) + "-1", std::string("evt-") + unit, unit));
    ASSERT_TRUE(ack && ack->has_ack());
  }
  // A 督办 item this month: 河口镇 signs, answers and is 销号 at once (well
  // within the default deadlines); 青山乡, its co-unit, is urged by hand.
  const auto step = [this](const std::string& user, const v1::Envelope& request) {
    std::optional<v1::Reply> reply = PeerAs(*broker_, broker_->endpoint(), user)->Ask(request);
    ASSERT_TRUE(reply && reply->has_duban_changed())
        << (reply ? reply->ShortDebugString() : "no reply");
  };
  step(kOffice, IssueRequest("db-stats", "hekou", {"qingshan"}));
  step("hekou", StepRequest("db-stats", "s-hk", v1::STEP_KIND_SIGN, "hekou"));
  step("hekou", StepRequest("db-stats", "r-hk", v1::STEP_KIND_RESULT, "hekou", "已补齐。"));
  step(kOffice, StepRequest("db-stats", "a-hk", v1::STEP_KIND_ACCEPT, kOffice, "", "hekou"));
  step(kOffice,
       StepRequest("db-stats", "u-qs", v1::STEP_KIND_URGE, kOffice, "请抓紧签收", "qingshan"));

  ChromeDriverProcess driver;
  Browser browser(driver);
  SignIn(browser, "fenxi");
  browser.Navigate(centre_->url() + "/#/stats");
  browser.WaitForText("#view", "河口镇", 10s);
  Snap(browser, "stats");
  // The 督办 columns, under their own heading, and their weights.
  EXPECT_NE(TextOf(browser, "#stats-table thead").find("督查督办"), std::string::npos);
  const std::string hekou = "#stats-table tr[data-unit='hekou'] td.duban";
  EXPECT_EQ(TextOf(browser, hekou + "[data-figure='received']"), "1");
  EXPECT_EQ(TextOf(browser, hekou + "[data-figure='signed_on_time']"), "1");
  EXPECT_EQ(TextOf(browser, hekou + "[data-figure='closed_on_time']"), "1");
  EXPECT_EQ(TextOf(browser, hekou + "[data-figure='urged']"), "0");
  EXPECT_EQ(TextOf(browser, "#stats-table tr[data-unit='qingshan'] td[data-figure='urged']"),
            "1");
  EXPECT_NE(TextOf(browser, "#stats-weights").find("督办：按时办结每件加 2 分"),
            std::string::npos);
  // The whole table fits the smaller screen: nothing hidden off to the side.
  browser.SetViewportSize(1366, 768);
  const double hidden = browser.ExecuteScript(
      "const box = document.querySelector('#stats-table').parentElement;"
      "return box.scrollWidth - box.clientWidth;").number_value();
  EXPECT_LE(hidden, 0) << "the statistics table is wider than a 1366-pixel screen";
  browser.ExecuteScript("document.querySelector('#stats-table').scrollIntoView();");
  Snap(browser, "stats-table");
  browser.Navigate(centre_->url() + "/#/history");
  browser.WaitForCss("#view form", 10s);
  Snap(browser, "history");

  const double merged = browser.ExecuteScript(R"(
    return fetch('/api/events/evt-hekou/merge', {method: 'POST',
        headers: {'Content-Type': 'application/json',
                  'X-CSRF-Token': Xinbao.session().csrf_token},
        body: JSON.stringify({into_event_id: 'evt-chengguan', reason: '同一事件'})})
      .then((r) => r.status);)").number_value();
  EXPECT_EQ(merged, 403);
  EXPECT_NE(std::ifstream(centre_dir_ / "journal.jsonl").good(), false);
  std::stringstream journal;
  journal << std::ifstream(centre_dir_ / "journal.jsonl").rdbuf();
  EXPECT_NE(journal.str().find("\"action\":\"merge\""), std::string::npos) << journal.str();
  EXPECT_NE(journal.str().find("分析员"), std::string::npos);
}

TEST_F(CentreTest, TheBoardRecoversByItselfFromABrokerRestartAndTheOfficerMergesAndReopens) {
  ChromeDriverProcess driver;
  Browser browser(driver);
  SignIn(browser, "zhiban");
  browser.WaitForText("#link-state", "实时", 10s);

  // The broker goes away and comes back on the same addresses: the board
  // says so, then follows again without a reload.
  const std::string submit = broker_->endpoint();
  const std::string query = broker_->query_endpoint();
  const std::string feed = broker_->feed_endpoint();
  const auto data = broker_->data_dir();
  ASSERT_EQ(broker_->Terminate(), 0);
  browser.WaitForText("#link-state", "重连中", 15s);
  broker_ = std::make_unique<BrokerProcess>(
      data, submit,
      std::vector<std::string>{"--config", (dir_.path() / "broker.toml").string(),
                               "--query-endpoint", query, "--feed-endpoint", feed});
  browser.WaitForText("#link-state", "实时", 20s);
  UnitSubmitters units(*broker_);
  ASSERT_TRUE(units.Submit(UrgentShiReport("cg-fire", "evt-fire", "chengguan"))->has_ack());
  ASSERT_TRUE(units.Submit(UrgentShiReport("ht-fire", "evt-fire-dup", "hekou"))->has_ack());
  browser.WaitForCss("#events tr[data-event='evt-fire-dup']", 10s);
  browser.WaitForCss("#events tr[data-event='evt-fire']", 10s);

  // Two reports of one incident opened as two events: merge one into the
  // other, with a reason, as the signed-in officer.
  Follow(browser, "#events tr[data-event='evt-fire-dup'] .title a");
  browser.WaitForCss("#merge-into option[value='evt-fire']", 10s);
  browser.ExecuteScript("document.querySelector('#merge-into').value = 'evt-fire';");
  browser.SendKeys(browser.FindCss("#action-reason"), "同一起火灾，两镇分别报送");
  browser.Click(browser.FindCss("#merge"));
  browser.WaitForText("#view", "同一起火灾，两镇分别报送", 10s);
  browser.WaitForCss("#view [data-sequence]", 5s);
  EXPECT_GE(browser.FindAllCss("#view [data-sequence]").size(), 2u);
  Snap(browser, "event-merged");
  const auto gone = Clock::now() + 10s;
  browser.Navigate(centre_->url() + "/#/board");
  while (!browser.FindAllCss("#events tr[data-event='evt-fire-dup']").empty()) {
    ASSERT_LT(Clock::now(), gone) << "the merged-away event stayed on the board";
    std::this_thread::sleep_for(50ms);
  }

  // The incident closes with its 果, and is reopened.
  ASSERT_TRUE(units.Submit(UrgentStageReport("cg-guo", "evt-fire", v1::STAGE_GUO, "chengguan"))
                  ->has_ack());
  const auto closed = Clock::now() + 10s;
  while (!browser.FindAllCss("#events tr[data-event='evt-fire']").empty()) {
    ASSERT_LT(Clock::now(), closed) << "the closed event stayed on the board";
    std::this_thread::sleep_for(50ms);
  }
  browser.Navigate(centre_->url() + "/#/event/evt-fire");
  browser.SendKeys(browser.WaitForCss("#action-reason", 10s), "发现新的过火区域，重新处置");
  browser.Click(browser.FindCss("#reopen"));
  browser.WaitForText("#view", "发现新的过火区域，重新处置", 10s);
  browser.Navigate(centre_->url() + "/#/board");
  browser.WaitForCss("#events tr[data-event='evt-fire']", 10s);
  std::stringstream journal;
  journal << std::ifstream(centre_dir_ / "journal.jsonl").rdbuf();
  EXPECT_NE(journal.str().find("\"action\":\"merge\""), std::string::npos);
  EXPECT_NE(journal.str().find("\"action\":\"reopen\""), std::string::npos);
}

}  // namespace
}  // namespace xinbao::testing
