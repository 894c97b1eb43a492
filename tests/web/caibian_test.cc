// 采编 on the web faces end to end: the real broker, the real centre
// (值班台, through its gateway key, signed in as the county office's duty
// officer) and the real desk of 河口镇 (报送台, with the unit's key), and
// Debian's headless Chromium. Two units report; the office chooses both
// reports from the live feed into one merged item, edits it, places it in
// a draft of 《政务信息》, previews and signs it; the issue is then frozen
// (no edit buttons, the broker refuses a change), its PDF carries the
// series and 期号; a city adoption and a 批示 are entered, and 河口镇's desk
// shows its report adopted with both — and nothing of 城关镇's. A 约稿
// asked on the centre is answered through the desk's 回复约稿 and shows
// answered on the centre; the monthly 通报 downloads as a workbook and a
// PDF. Screenshots at 1920×1080 and 1366×768 go to
// build/screenshots/CaibianWebTest.*/.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "clients/print/standing_notice.h"
#include "proto/time_zone.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/browser.h"
#include "tests/support/web/chromedriver_process.h"
#include "tests/support/web/screenshots.h"
#include "tests/support/zip_entries.h"
#include "tests/web/centre_and_desk.h"
#include "tests/web/face_lines.h"
#include "tests/web/face_page.h"
#include "tests/web/web_face_process.h"

namespace xinbao::testing {
namespace {

using namespace std::chrono_literals;

struct Answer {
  int status = 0;
  std::string body;  // the JSON answer as text
};

// One API call made from inside the page (same origin, the session's
// CSRF token).
Answer Call(Browser& browser, const std::string& method, const std::string& path,
            const std::string& body_json = "") {
  const Json answer = browser.ExecuteScript(R"(
    return fetch(arguments[1], {method: arguments[0],
        headers: {'Content-Type': 'application/json',
                  'X-CSRF-Token': Xinbao.session().csrf_token},
        body: arguments[0] === 'GET' ? undefined : arguments[2]})
      .then(async (r) => ({status: r.status, body: await r.text()}));)",
                                            {JsonString(method), JsonString(path),
                                             JsonString(body_json)});
  return Answer{static_cast<int>(AsNumber(Member(answer, "status"))),
                AsString(Member(answer, "body"))};
}

struct Download {
  int status = 0;
  std::string disposition;
  std::string bytes;
};

// A file from the face, as the signed-in browser would get it (its cookie).
Download Fetch(Browser& browser, const std::string& url, const std::string& path) {
  std::string cookies;
  for (const Cookie& cookie : browser.GetCookies()) {
    cookies += (cookies.empty() ? "" : "; ") + cookie.name + "=" + cookie.value;
  }
  httplib::Client client(url);
  client.set_read_timeout(30, 0);
  httplib::Result got = client.Get(path, httplib::Headers{{"Cookie", cookies}});
  if (!got) return {};
  return Download{got->status, got->get_header_value("Content-Disposition"), got->body};
}

// Clicks what `selector` finds now, inside the page (views redraw).
void ClickNow(Browser& browser, const std::string& selector) {
  browser.ExecuteScript("document.querySelector(arguments[0]).click();", {JsonString(selector)});
}

// Sets a form control's value as a person typing would (input event).
void SetValue(Browser& browser, const std::string& selector, const std::string& value) {
  browser.ExecuteScript(
      "const n = document.querySelector(arguments[0]); n.value = arguments[1];"
      "n.dispatchEvent(new Event('input', {bubbles: true}));"
      "n.dispatchEvent(new Event('change', {bubbles: true}));",
      {JsonString(selector), JsonString(value)});
}

// A screenshot for the docs without the passing notes (toasts) of the
// steps before it.
void SnapPage(Browser& browser, const std::string& name) {
  browser.ExecuteScript("document.querySelectorAll('.toast').forEach((n) => n.remove());");
  Snap(browser, name);
}

void GoTo(Browser& browser, const std::string& hash) {
  browser.ExecuteScript("location.hash = arguments[0];", {JsonString(hash)});
}

std::string ThisMonth() { return TimeZone().Format(NowMs(), "%Y-%m"); }
std::string ThisYear() { return TimeZone().Format(NowMs(), "%Y"); }

class CaibianWebTest : public CentreAndDeskTest {
 protected:
  void SetUp() override {
    if (!ChromeDriverProcess::Available()) GTEST_SKIP() << "no chromedriver";
    StartFaces("[events]\ncheck_interval_ms = 100\n");
  }

  // The unit's urgent first report, stored; its sequence.
  std::string Report(const std::string& unit, const std::string& title,
                     const std::string& body) {
    v1::Report report = UrgentShiReport("k-" + unit, "evt-" + unit, unit);
    report.set_title(title);
    report.set_body(body);
    std::optional<v1::Reply> reply = units_->Submit(report);
    if (!reply || !reply->has_ack()) return "";
    return std::to_string(reply->ack().sequence());
  }

  std::unique_ptr<UnitSubmitters> units_;
};

TEST_F(CaibianWebTest, TwoUnitsReportsAreMergedIssuedAdoptedAndInstructedAndADeskSeesOnlyItsOwn) {
  units_ = std::make_unique<UnitSubmitters>(*broker_);
  const std::string hekou = Report("hekou", "河口镇S235线发生一起三车相撞交通事故",
                                   "今日7时40分许，S235线河口镇段发生三车相撞事故。");
  const std::string chengguan = Report("chengguan", "城关镇老旧小区发生一起燃气泄漏",
                                       "今日8时许，城关镇幸福小区一处燃气管道泄漏，已疏散群众。");
  ASSERT_FALSE(hekou.empty());
  ASSERT_FALSE(chengguan.empty());

  ChromeDriverProcess driver;
  Browser centre(driver);
  SignInCentre(centre);

  // 选用 both from the live feed: the basket holds them.
  for (const std::string& seq : {hekou, chengguan}) {
    centre.WaitForCss("#stream li[data-sequence='" + seq + "'] button.pick", 10s);
    ClickNow(centre, "#stream li[data-sequence='" + seq + "'] button.pick");
  }
  GoTo(centre, "#/caibian");
  centre.WaitForCss("#caibian-basket li[data-sequence='" + chengguan + "']", 10s);
  EXPECT_EQ(centre.FindAllCss("#caibian-basket li").size(), 2u);

  // One merged item, prefilled from both reports' text, its title edited.
  ClickNow(centre, "#make-item");
  centre.WaitForCss("#item-form #i-sources li[data-sequence='" + hekou + "']", 10s);
  const std::string body = AsString(centre.ExecuteScript(
      "return document.querySelector('#i-body').value;"));
  EXPECT_NE(body.find("三车相撞"), std::string::npos) << body;
  EXPECT_NE(body.find("燃气管道泄漏"), std::string::npos) << body;
  SetValue(centre, "#i-title", "我县两镇妥善处置交通事故和燃气泄漏");
  SetValue(centre, "#i-commentary", "两起事件处置及时，经验值得推广。");
  ClickNow(centre, "#item-save");
  centre.WaitForCss("#candidates tr[data-phase='ITEM_PHASE_CANDIDATE']", 10s);
  const std::string item = AsString(centre.ExecuteScript(
      "return document.querySelector('#candidates tr[data-item]').dataset.item;"));
  EXPECT_NE(TextOf(centre, "#candidates tr[data-item='" + item + "']").find("河口镇"),
            std::string::npos);
  EXPECT_TRUE(centre.FindAllCss("#caibian-basket li").empty());  // made into the item
  SnapPage(centre, "caibian-candidates");

  // Two editors: this page opens the item, another saves first; this
  // page's save gets the broker's words and reloads onto the new text.
  GoTo(centre, "#/caibian/item/" + item);
  centre.WaitForCss("#item-form[data-item='" + item + "'] #i-title", 10s);
  const Answer first = Call(centre, "POST", "/api/bulletin-items",
                            R"({"item_id":")" + item + R"(","base_revision":1,)"
                            R"("title":"我县两镇妥善处置两起突发事件","body":")" + "正文。" +
                                R"(","source_sequences":[")" + hekou + R"(",")" + chengguan +
                                R"("]})");
  ASSERT_EQ(first.status, 200) << first.body;
  SetValue(centre, "#i-commentary", "处置及时。");
  ClickNow(centre, "#item-save");
  EXPECT_NE(centre.WaitForText("#item-problem", "值班员", 10s).find("已由"), std::string::npos);
  ClickNow(centre, "#item-problem button.reload");
  centre.WaitForText("#item-form", "第2稿", 10s);
  EXPECT_EQ(AsString(centre.ExecuteScript("return document.querySelector('#i-title').value;")),
            "我县两镇妥善处置两起突发事件");
  SetValue(centre, "#i-title", "我县两镇妥善处置交通事故和燃气泄漏");
  SetValue(centre, "#i-body", body);
  SetValue(centre, "#i-commentary", "两起事件处置及时，经验值得推广。");
  ClickNow(centre, "#item-save");
  centre.WaitForCss("#candidates tr[data-item='" + item + "']", 10s);

  // A draft of 《政务信息》 with the item; the preview shows the 版头.
  SetValue(centre, "#new-issue-series", "zwxx");
  ClickNow(centre, "#new-issue");
  centre.WaitForCss("#issue-page[data-phase='ISSUE_PHASE_DRAFT'] #add-item option[value='" +
                        item + "']",
                    10s);
  SetValue(centre, "#add-item", item);
  ClickNow(centre, "#add-item-button");
  ClickNow(centre, "#issue-save");
  centre.WaitForCss("#bulletin-preview article[data-item='" + item + "']", 10s);
  const std::string preview = TextOf(centre, "#bulletin-preview");
  EXPECT_NE(preview.find("政务信息"), std::string::npos) << preview;
  EXPECT_NE(preview.find("第1期"), std::string::npos) << preview;
  EXPECT_NE(preview.find("样稿"), std::string::npos) << preview;
  EXPECT_NE(preview.find("我县两镇妥善处置"), std::string::npos) << preview;
  EXPECT_NE(TextOf(centre, "#issue-title").find(ThisYear() + "年第1期"), std::string::npos);
  SnapPage(centre, "caibian-desk");

  // 签发, confirmed in the page; then read-only.
  const std::string issue = AsString(centre.ExecuteScript(
      "return document.querySelector('#issue-page').dataset.issue;"));
  ClickNow(centre, "#sign-start");
  centre.WaitForCss("#sign-confirm-box:not(.hidden) #sign-confirm", 5s);
  ClickNow(centre, "#sign-confirm");
  centre.WaitForCss("#issue-page[data-phase='ISSUE_PHASE_ISSUED']", 10s);
  EXPECT_NE(TextOf(centre, "#issue-title").find(ThisYear() + "年第1期"), std::string::npos);
  EXPECT_TRUE(centre.FindAllCss("#issue-save, #sign-start, #issue-items .up").empty());
  const Answer change = Call(centre, "POST", "/api/bulletins",
                             R"({"issue_id":")" + issue +
                                 R"(","base_revision":3,"series_id":"zwxx","item_ids":[]})");
  EXPECT_EQ(change.status, 409) << change.body;
  EXPECT_NE(change.body.find("已签发，不能再修改"), std::string::npos) << change.body;

  // The PDF through the centre's route: series and 期号 on page 1.
  const Download pdf = Fetch(centre, centre_->url(), "/api/bulletins/" + issue + "/pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_NE(pdf.disposition.find("bulletin-zwxx-" + ThisYear() + "-1.pdf"), std::string::npos)
      << pdf.disposition;
  // (httplib's client percent-decodes the RFC 5987 name as it reads it.)
  EXPECT_NE(pdf.disposition.find("filename*=UTF-8''政务信息-" + ThisYear() + "年第1期.pdf"),
            std::string::npos)
      << pdf.disposition;
  WriteFile(dir_.path() / "issue.pdf", pdf.bytes);
  const std::string page1 = Squeezed(PdfPageText(dir_.path() / "issue.pdf", 1));
  EXPECT_NE(page1.find("政务信息"), std::string::npos) << page1;
  EXPECT_NE(page1.find("第1期"), std::string::npos) << page1;

  // A city adoption and a 批示 on the issued item.
  const std::string on = ".issued-item[data-item='" + item + "'] ";
  SetValue(centre, on + ".adoption-form .ad-series", "市委信息快报");
  SetValue(centre, on + ".adoption-form .ad-reference", ThisYear() + "年第12期");
  ClickNow(centre, on + ".adoption-form .ad-send");
  centre.WaitForText(".toast", "已登记上级采用", 10s);
  centre.WaitForCss(on + ".instruction-form .in-leader", 10s);
  SetValue(centre, on + ".instruction-form .in-leader", "李县长");
  SetValue(centre, on + ".instruction-form .in-text", "处置得力，请各乡镇借鉴。");
  ClickNow(centre, on + ".instruction-form .in-send");
  centre.WaitForText(on + ".instructions", "李县长", 10s);
  SnapPage(centre, "caibian-issue");
  // 已签发 lists it under its year, with its PDF.
  GoTo(centre, "#/caibian/issued");
  EXPECT_NE(centre.WaitForText("#issued-list tr[data-issue='" + issue + "']", ThisYear() + "年第1期", 10s)
                .find("政务信息"),
            std::string::npos);
  const std::string journal = ReadFile(centre_dir_ / "journal.jsonl");
  EXPECT_NE(journal.find("issue_bulletin " + issue), std::string::npos) << journal;

  // 河口镇's desk: its report adopted in 第1期, by the city, instructed;
  // 城关镇's report is not there.
  Browser desk(driver);
  SignInDesk(desk);
  GoTo(desk, "#/feedback");
  const std::string row = "#feedback-list tr[data-sequence='" + hekou + "']";
  desk.WaitForCss(row + "[data-adopted='1']", 10s);
  const std::string shown = TextOf(desk, row);
  EXPECT_NE(shown.find("《政务信息》" + ThisYear() + "年第1期"), std::string::npos) << shown;
  EXPECT_NE(shown.find("《市委信息快报》" + ThisYear() + "年第12期"), std::string::npos) << shown;
  EXPECT_NE(shown.find("李县长"), std::string::npos) << shown;
  EXPECT_TRUE(desk.FindAllCss("#feedback-list tr[data-sequence='" + chengguan + "']").empty());
  EXPECT_EQ(TextOf(desk, "#feedback-adopted"), "1");
  SnapPage(desk, "feedback-desk");

  // Asking for 城关镇's feedback from 河口镇's desk gets 河口镇's.
  const Answer other = Call(desk, "GET", "/api/feedback?unit=chengguan");
  EXPECT_EQ(other.status, 200) << other.body;
  EXPECT_NE(other.body.find(R"("unit_id":"hekou")"), std::string::npos) << other.body;
  EXPECT_EQ(other.body.find(R"("sequence":")" + chengguan + R"(")"), std::string::npos)
      << other.body;
}

TEST_F(CaibianWebTest, ACommissionIsAnsweredFromTheDeskAndTheNoticeDownloads) {
  ChromeDriverProcess driver;
  Browser centre(driver);
  SignInCentre(centre);

  // 约稿 to 河口镇 on the centre.
  GoTo(centre, "#/caibian/commissions");
  centre.WaitForCss("#commission-form .c-unit[value='hekou']", 10s);
  SetValue(centre, "#c-topic", "今冬明春森林防火工作开展情况");
  SetValue(centre, "#c-requirements", "请报送防火巡查、隐患整改和宣传情况，800字以内。");
  ClickNow(centre, "#commission-form .c-unit[value='hekou']");
  ClickNow(centre, "#commission-send");
  centre.WaitForCss("#commission-list tr[data-commission] .unit-answer[data-unit='hekou']", 10s);
  const std::string commission = AsString(centre.ExecuteScript(
      "return document.querySelector('#commission-list tr[data-commission]').dataset.commission;"));
  EXPECT_EQ(centre.FindAllCss(".unit-answer[data-unit='hekou'][data-answered='0']").size(), 1u);

  // 河口镇's desk: the 约稿 waits; 回复约稿 opens the form naming it.
  Browser desk(driver);
  SignInDesk(desk);
  GoTo(desk, "#/feedback");
  const std::string card = "#open-commissions .commission-card[data-commission='" + commission + "']";
  desk.WaitForCss(card, 10s);
  EXPECT_NE(TextOf(desk, card).find("森林防火"), std::string::npos);
  SnapPage(desk, "feedback-commission");
  ClickNow(desk, card + " a.button");
  desk.WaitForText("#commission-note", "森林防火", 10s);
  SetValue(desk, "#f-title", "河口镇扎实开展今冬明春森林防火工作");
  SetValue(desk, "#f-body", "入冬以来，河口镇组织护林员每日巡山，排查整改隐患12处，发放宣传单3000份。");
  SetValue(desk, "#f-place", "河口镇");
  SetValue(desk, "#f-approver", "赵强");
  SetValue(desk, "#f-contact_name", "孙丽");
  SetValue(desk, "#f-contact_phone", "13800000000");
  ClickNow(desk, "#send");
  desk.WaitForText("#outbox-table .commission-ack", "已作为约稿答复", 20s);

  // Another 约稿, to two units, open (its deadline in 3 days).
  const Answer asked = Call(centre, "POST", "/api/commissions",
                            R"({"commission_id":"yg-roads","topic":"农村公路冬季养护情况",)"
                            R"("unit_ids":["chengguan","qingshan"],"due_at_ms":")" +
                                std::to_string(NowMs() + 3 * 86'400'000LL) + R"("})");
  ASSERT_EQ(asked.status, 200) << asked.body;

  // The centre's list shows the first answered, the second waiting.
  GoTo(centre, "#/caibian");
  GoTo(centre, "#/caibian/commissions");
  centre.WaitForCss(".unit-answer[data-unit='hekou'][data-answered='1']", 10s);
  EXPECT_EQ(centre.FindAllCss("tr[data-commission='yg-roads'] .unit-answer[data-answered='0']").size(),
            2u);
  EXPECT_NE(TextOf(centre, "#commission-list").find("已回复"), std::string::npos);
  SnapPage(centre, "commission-list");

  // The 通报 of this month: the office's duty officer (a monitor of the
  // assessing office) gets every unit's row; the analyst downloads the
  // workbook's two sheets and the PDF.
  GoTo(centre, "#/caibian/notice");
  centre.WaitForCss("#notice-links a[data-file='notice.csv']", 5s);
  const Download ranking = Fetch(centre, centre_->url(), "/api/export/notice.csv?month=" + ThisMonth());
  ASSERT_EQ(ranking.status, 200) << ranking.bytes;
  EXPECT_NE(ranking.bytes.find("河口镇"), std::string::npos) << ranking.bytes;
  EXPECT_NE(ranking.bytes.find("城关镇"), std::string::npos) << ranking.bytes;
  Browser analyst(driver);
  SignInAs(analyst, centre_->url(), centre_dir_, "fenxi", "header .who #person");
  // An analyst reads the editing desk and the 约稿 without their buttons.
  GoTo(analyst, "#/caibian");
  analyst.WaitForCss("#candidates", 10s);
  EXPECT_TRUE(analyst.FindAllCss("#new-issue, #pick-add, #candidates button.drop").empty());
  GoTo(analyst, "#/caibian/commissions");
  analyst.WaitForCss("#commission-list tr[data-commission='yg-roads']", 10s);
  EXPECT_TRUE(analyst.FindAllCss("#commission-form, #commission-list button.cancel").empty());
  GoTo(analyst, "#/caibian/notice");
  analyst.WaitForCss("#notice-links a[data-file='notice.pdf']", 5s);
  const std::string month = ThisMonth();
  const Download xlsx = Fetch(analyst, centre_->url(), "/api/export/notice.xlsx?month=" + month);
  ASSERT_EQ(xlsx.status, 200) << xlsx.bytes;
  const auto entries = ZipEntries(xlsx.bytes);
  ASSERT_TRUE(entries.contains("xl/workbook.xml"));
  EXPECT_NE(entries.at("xl/workbook.xml").find("排名"), std::string::npos);
  EXPECT_NE(entries.at("xl/workbook.xml").find("明细"), std::string::npos);
  const Download notice = Fetch(analyst, centre_->url(), "/api/export/notice.pdf?month=" + month);
  ASSERT_EQ(notice.status, 200) << notice.bytes;
  WriteFile(dir_.path() / "notice.pdf", notice.bytes);
  const std::string period = month.substr(0, 4) + "年" + std::to_string(std::stoi(month.substr(5))) + "月";
  EXPECT_NE(Squeezed(PdfPageText(dir_.path() / "notice.pdf", 1))
                .find(print::StandingNoticeTitle(period)),
            std::string::npos);
  const Download csv = Fetch(analyst, centre_->url(), "/api/export/notice.csv?month=" + month);
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.bytes.find("河口镇"), std::string::npos) << csv.bytes;
}

}  // namespace
}  // namespace xinbao::testing
