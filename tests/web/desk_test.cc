// The office's report desk (`xinbao desk`) end to end: the real broker, the
// real desk process and Debian's headless Chromium, as an information
// officer uses them — sign in, a field error in plain Chinese, a report
// written while the county is unreachable waiting in the outbox and going
// by itself when the broker is back, another unit's event refused (403 and
// audited), a forged request refused, a draft that outlives the page.
// Screenshots of every page at 1920×1080 and 1366×768 go to
// build/screenshots/DeskTest.*/.
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

class DeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ChromeDriverProcess::Available()) GTEST_SKIP() << "no chromedriver";
    broker_ = std::make_unique<BrokerProcess>(dir_.path() / "broker");
  }

  // `xinbao desk` for `unit`, with that unit's key, on a free port.
  void StartDesk(const std::string& unit = "hekou") {
    desk_dir_ = dir_.path() / ("desk-" + unit);
    desk_ = std::make_unique<WebFaceProcess>(DeskLine(*broker_, unit, desk_dir_));
  }

  // The demo login the desk made: xinxiyuan (信息员).
  void SignIn(Browser& browser) {
    const std::string password = DemoPassword(desk_dir_, "xinxiyuan");
    ASSERT_FALSE(password.empty()) << desk_->output();
    browser.Navigate(desk_->url() + "/login.html");
    browser.SendKeys(browser.WaitForCss("#name"), "xinxiyuan");
    browser.SendKeys(browser.FindCss("#password"), password);
    browser.Click(browser.FindCss("#sign-in button"));
    browser.WaitForCss("#report-form", 10s);
  }

  // Sets a form control's value as a person would and tells the page.
  void SetValue(Browser& browser, const std::string& selector,
                const std::string& value) {
    browser.ExecuteScript(
        "const node = document.querySelector(arguments[0]);"
        "node.value = arguments[1];"
        "node.dispatchEvent(new Event('input', {bubbles: true}));"
        "node.dispatchEvent(new Event('change', {bubbles: true}));",
        {JsonString(selector), JsonString(value)});
  }

  // A 事 with every element but the place.
  void FillShiWithoutPlace(Browser& browser) {
    SetValue(browser, "#f-kind", "KIND_URGENT");
    SetValue(browser, "#f-stage", "STAGE_SHI");
    SetValue(browser, "#f-severity", "SEVERITY_IV");
    SetValue(browser, "#f-occurred_at_ms", LocalMinutesAgo(browser, 30));
    browser.SendKeys(browser.FindCss("#f-title"), "河口镇龙潭村发生山体滑坡");
    browser.SendKeys(browser.FindCss("#f-body"),
                     "今日上午龙潭村后山发生小规模山体滑坡，冲毁村道约20米，"
                     "暂无人员伤亡，已疏散附近群众12户。");
    browser.Click(browser.FindCss("#f-casualties-known"));
    SetValue(browser, "#f-casualties-dead", "0");
    SetValue(browser, "#f-casualties-injured", "0");
    SetValue(browser, "#f-casualties-missing", "0");
    browser.SendKeys(browser.FindCss("#f-source"), "龙潭村村委会");
  }

  // "2026-12-01T08:30" `minutes` ago, in the page's (the broker's) zone.
  std::string LocalMinutesAgo(Browser& browser, int minutes) {
    return AsString(browser.ExecuteScript(
        "return Xinbao.toLocalInput(Date.now() - arguments[0] * 60000);",
        {JsonNumber(minutes)}));
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_;
  std::filesystem::path desk_dir_;
  std::unique_ptr<WebFaceProcess> desk_;
};

TEST_F(DeskTest, AReportWrittenWhileTheCountyIsDownWaitsInTheOutboxAndGoesWhenItIsBack) {
  StartDesk();
  ChromeDriverProcess driver;
  Browser browser(driver);
  SignIn(browser);
  EXPECT_NE(browser.Text(browser.FindCss("#unit-title")).find("河口镇"), std::string::npos);
  // The policy's required elements of 事 are marked before sending.
  browser.WaitForText(".required-list", "地点");

  FillShiWithoutPlace(browser);
  browser.Click(browser.FindCss("#send"));
  EXPECT_NE(browser.WaitForText("[data-field='report.place'] .problem", "地点")
                .find("事报须写明地点"),
            std::string::npos);
  EXPECT_EQ(browser.FindAllCss(".field.has-problem").size(), 1u);
  Snap(browser, "write-field-error");

  browser.SendKeys(browser.FindCss("#f-place"), "龙潭村后山");
  const std::string endpoint = broker_->endpoint();
  const std::string query_endpoint = broker_->query_endpoint();
  ASSERT_EQ(broker_->Terminate(), 0);
  browser.Click(browser.FindCss("#send"));
  browser.WaitForCss("#outbox-table tr[data-state='STATE_PENDING']", 10s);
  browser.WaitForText("#view .banner", "暂时联系不上中心", 10s);
  Snap(browser, "outbox-waiting");

  broker_ = std::make_unique<BrokerProcess>(
      dir_.path() / "broker", endpoint,
      std::vector<std::string>{"--query-endpoint", query_endpoint});
  browser.WaitForCss("#outbox-table tr[data-state='STATE_SENT']", 20s);
  EXPECT_NE(TextOf(browser, "#outbox-table tr[data-state='STATE_SENT']").find("已送达"),
            std::string::npos);
  EXPECT_TRUE(browser.FindAllCss("#outbox-table tr[data-state='STATE_PENDING']").empty());
  Snap(browser, "outbox-delivered");

  // The centre has it, once, under the event the form minted.
  const std::string key = AsString(browser.ExecuteScript(
      "return document.querySelector(\"#outbox-table tr[data-state='STATE_SENT']\").dataset.key;"));
  auto analyst = PeerAs(*broker_, broker_->query_endpoint(), "analyst");
  v1::Envelope replay;
  replay.mutable_replay()->add_unit_ids("hekou");
  replay.mutable_replay()->set_credit(1);
  std::optional<v1::Reply> chunk = analyst->Ask(replay);
  ASSERT_TRUE(chunk && chunk->has_replay_chunk()) << (chunk ? chunk->ShortDebugString() : "");
  int stored = 0;
  for (const v1::Report& report : chunk->replay_chunk().reports()) {
    if (report.idempotency_key() == key) {
      ++stored;
      EXPECT_EQ(report.place(), "龙潭村后山");
      EXPECT_EQ(report.stage(), v1::STAGE_SHI);
    }
  }
  EXPECT_EQ(stored, 1);

  // What the unit owes now: the event, with the next deadline counting down.
  browser.Navigate(desk_->url() + "/#/owed");
  browser.WaitForCss(".event-card .countdown", 10s);
  EXPECT_EQ(browser.PageSource().find("[object"), std::string::npos);
  Snap(browser, "owed");
  browser.Click(browser.FindCss(".event-card a.button.primary"));  // 续报
  browser.WaitForText("#report-form", "已按本单位上一次报告预填", 10s);
  EXPECT_EQ(AsString(browser.Property(browser.FindCss("#f-place"), "value")), "龙潭村后山");
  Snap(browser, "write-followup-prefilled");

  // The unit's own reports of the month and its own line of the standing.
  browser.Navigate(desk_->url() + "/#/history");
  browser.WaitForText("#view table", "河口镇龙潭村发生山体滑坡", 10s);
  Snap(browser, "history");
  browser.Navigate(desk_->url() + "/#/standing");
  browser.WaitForText("#view", "名次", 10s);
  EXPECT_EQ(browser.PageSource().find("城关镇"), std::string::npos);  // no other unit
  EXPECT_NE(TextOf(browser, "#view dl.facts").find("督办按时办结"), std::string::npos);
  Snap(browser, "standing");
}

TEST_F(DeskTest, AnAttachmentGoesWithItsReport) {
  StartDesk();
  ChromeDriverProcess driver;
  Browser browser(driver);
  SignIn(browser);
  const auto photo = dir_.path() / "现场照片.jpg";
  std::ofstream(photo, std::ios::binary) << std::string("\xff\xd8\xff\xe0 a small photo", 20);
  SetValue(browser, "#f-kind", "KIND_GENERAL_DYNAMIC");
  browser.SendKeys(browser.FindCss("#f-title"), "河口镇开展冬季防火检查");
  browser.SendKeys(browser.FindCss("#f-body"), "镇安监办检查沿街商铺18家，发现隐患3处，已当场整改。");
  browser.SendKeys(browser.FindCss("#f-attachments"), photo.string());
  browser.WaitForText(".attachments-list", "现场照片.jpg");
  Snap(browser, "write-attachment");
  browser.Click(browser.FindCss("#send"));
  browser.WaitForCss("#outbox-table tr[data-state='STATE_SENT']", 20s);

  auto analyst = PeerAs(*broker_, broker_->query_endpoint(), "analyst");
  v1::Envelope replay;
  replay.mutable_replay()->add_unit_ids("hekou");
  replay.mutable_replay()->set_credit(1);
  replay.mutable_replay()->set_include_attachments(true);
  std::optional<v1::Reply> chunk = analyst->Ask(replay);
  ASSERT_TRUE(chunk && chunk->has_replay_chunk());
  ASSERT_EQ(chunk->replay_chunk().reports_size(), 1);
  const v1::Report& stored = chunk->replay_chunk().reports(0);
  ASSERT_EQ(stored.attachments_size(), 1);
  EXPECT_EQ(stored.attachments(0).name(), "现场照片.jpg");
  EXPECT_EQ(stored.attachments(0).data(), std::string("\xff\xd8\xff\xe0 a small photo", 20));
}

TEST_F(DeskTest, AReportTheCentreRefusesIsFixedAndResentFromTheOutbox) {
  // The desk starts while the county is unreachable: it does not know the
  // network's classification ceiling yet, so the officer can pick 秘密.
  const std::string endpoint = broker_->endpoint();
  const std::string query_endpoint = broker_->query_endpoint();
  ASSERT_EQ(broker_->Terminate(), 0);
  StartDesk();
  ChromeDriverProcess driver;
  Browser browser(driver);
  SignIn(browser);
  SetValue(browser, "#f-kind", "KIND_GENERAL_DYNAMIC");
  SetValue(browser, "#f-classification", "CLASSIFICATION_SECRET");
  browser.SendKeys(browser.FindCss("#f-title"), "河口镇征地补偿方案（讨论稿）");
  browser.SendKeys(browser.FindCss("#f-body"), "镇政府研究了龙潭村征地补偿方案，待县里审定。");
  browser.Click(browser.FindCss("#send"));
  browser.WaitForCss("#outbox-table tr[data-state='STATE_PENDING']", 10s);

  broker_ = std::make_unique<BrokerProcess>(
      dir_.path() / "broker", endpoint,
      std::vector<std::string>{"--query-endpoint", query_endpoint});
  const std::string refused = browser.WaitForText(
      "#outbox-table tr[data-state='STATE_REFUSED']", "退回原因", 20s);
  EXPECT_NE(refused.find("密"), std::string::npos) << refused;
  Snap(browser, "outbox-refused");

  Follow(browser, "#outbox-table tr[data-state='STATE_REFUSED'] a.button");
  EXPECT_EQ(AsString(browser.Property(browser.WaitForCss("#f-title"), "value")),
            "河口镇征地补偿方案（讨论稿）");
  browser.WaitForText("#report-form h2", "修改后重发");
  SetValue(browser, "#f-classification", "CLASSIFICATION_INTERNAL");
  browser.Click(browser.FindCss("#send"));
  browser.WaitForCss("#outbox-table tr[data-state='STATE_SENT']", 20s);
  EXPECT_TRUE(browser.FindAllCss("#outbox-table tr[data-state='STATE_REFUSED']").empty());
  EXPECT_NE(TextOf(browser, "#outbox-table tr[data-state='STATE_SENT']").find("河口镇征地补偿方案"),
            std::string::npos);
}

TEST_F(DeskTest, AnotherUnitsEventIsRefusedAndAudited) {
  UnitSubmitters units(*broker_);
  const std::string other_event = "evt-chengguan-fire";
  std::optional<v1::Reply> ack =
      units.Submit(UrgentShiReport("cg-1", other_event, "chengguan"));
  ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->ShortDebugString() : "");
  StartDesk();
  ChromeDriverProcess driver;
  Browser browser(driver);
  SignIn(browser);
  browser.Navigate(desk_->url() + "/#/event/" + other_event);
  EXPECT_NE(browser.WaitForText("#event-refused", "无权查看").find("无权查看"),
            std::string::npos);
  Snap(browser, "event-refused");
  const int status = static_cast<int>(browser.ExecuteScript(
      "return fetch('/api/events/' + arguments[0]).then((r) => r.status);",
      {JsonString(other_event)}).number_value());
  EXPECT_EQ(status, 403);
  EXPECT_NE(ReadFile(desk_dir_ / "journal.jsonl").find("event " + other_event),
            std::string::npos);
  auto admin = PeerAs(*broker_, broker_->query_endpoint(), "admin");
  v1::Envelope audit;
  audit.mutable_list_audit();
  std::optional<v1::Reply> records = admin->Ask(audit);
  ASSERT_TRUE(records && records->has_audit_list());
  bool found = false;
  for (const v1::AuditRecord& record : records->audit_list().records()) {
    if (record.detail().find(other_event) != std::string::npos &&
        record.user() == "hekou" && record.person() == "信息员") {
      found = true;
    }
  }
  EXPECT_TRUE(found) << records->ShortDebugString();
}

TEST_F(DeskTest, AForgedRequestIsRefusedAndADraftOutlivesThePage) {
  StartDesk();
  ChromeDriverProcess driver;
  Browser browser(driver);
  SignIn(browser);
  const std::string forged = R"(
    return fetch('/api/reports', {method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': arguments[0]},
        body: JSON.stringify({report: {title: '伪造', body: '伪造', kind: 'KIND_GENERAL_DYNAMIC',
                                       classification: 'CLASSIFICATION_INTERNAL'}})})
      .then((r) => r.status);)";
  EXPECT_EQ(browser.ExecuteScript(forged, {JsonString("forged-token")}).number_value(), 403);
  EXPECT_EQ(browser.ExecuteScript(forged, {JsonString("")}).number_value(), 403);
  EXPECT_NE(ReadFile(desk_dir_ / "journal.jsonl").find("防伪令牌"), std::string::npos);
  browser.Navigate(desk_->url() + "/#/outbox");
  browser.WaitForText("#view", "发件箱是空的");

  browser.Navigate(desk_->url() + "/#/write");
  browser.SendKeys(browser.WaitForCss("#f-title"), "草稿：龙潭村村道抢通进展");
  browser.Navigate("about:blank");
  browser.Navigate(desk_->url() + "/#/write");
  EXPECT_EQ(AsString(browser.Property(browser.WaitForCss("#f-title"), "value")),
            "草稿：龙潭村村道抢通进展");
  Snap(browser, "write-draft-restored");

  browser.Navigate(desk_->url() + "/login.html");
  browser.WaitForCss("#sign-in");
  Snap(browser, "login");
}

}  // namespace
}  // namespace xinbao::testing
