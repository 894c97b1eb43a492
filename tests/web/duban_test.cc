// 督办 on the web faces end to end: the real broker (its [duban] policy
// shortened so that a new item's 签收 is 临期 — yellow — from the issue on),
// the real centre (值班台, through its gateway key) and the real desk of 河口镇
// (报送台, with the unit's key), and Debian's headless Chromium. The office
// issues an item on the centre's page, sees its board cell yellow, the
// unit signs on its desk, and the board cell turns green without a reload.
// A desk acting on another unit's item, and a step out of order, are
// refused with the broker's words. Screenshots at 1920×1080 and 1366×768 go
// to build/screenshots/DubanWebTest.*/.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/browser.h"
#include "tests/support/web/chromedriver_process.h"
#include "tests/support/web/screenshots.h"
#include "tests/web/centre_and_desk.h"
#include "tests/web/face_lines.h"
#include "tests/web/face_page.h"
#include "tests/web/web_face_process.h"

namespace xinbao::testing {
namespace {

using namespace std::chrono_literals;

// A page's answer to one API call made from inside it (same origin, the
// session's CSRF token): {status, message}.
struct Answer {
  int status = 0;
  std::string message;
};

Answer Call(Browser& browser, const std::string& method, const std::string& path,
            const std::string& body_json) {
  const Json answer = browser.ExecuteScript(R"(
    return fetch(arguments[1], {method: arguments[0],
        headers: {'Content-Type': 'application/json',
                  'X-CSRF-Token': Xinbao.session().csrf_token},
        body: arguments[0] === 'GET' ? undefined : arguments[2]})
      .then(async (r) => ({status: r.status, message: (await r.json()).message || ''}));)",
                                            {JsonString(method), JsonString(path),
                                             JsonString(body_json)});
  return Answer{static_cast<int>(AsNumber(Member(answer, "status"))),
                AsString(Member(answer, "message"))};
}

class DubanWebTest : public CentreAndDeskTest {
 protected:
  void SetUp() override {
    if (!ChromeDriverProcess::Available()) GTEST_SKIP() << "no chromedriver";
    // 签收 due an hour after the issue and reminded two hours before: 临期
    // (黄灯) at once. The clock ticks often.
    StartFaces("[events]\ncheck_interval_ms = 100\n"
               "[duban]\nsign_within = \"1h\"\n"
               "sign_remind_before = \"2h\"\n");
  }

  // Issues an item through the centre's API as the signed-in officer.
  Answer Issue(Browser& centre, const std::string& item_id, const std::string& lead) {
    return Call(centre, "POST", "/api/duban",
                R"({"item_id":")" + item_id + R"(","title":"核查河道采砂问题并报送结果",)"
                R"("instruction":"请抓紧核查，依法处理，结果报县委办。","leader":"王书记",)"
                R"("leader_level":"LEADER_LEVEL_COUNTY","lead_unit_id":")" + lead + R"("})");
  }

  static std::string Cell(const std::string& item, const std::string& unit) {
    return "#duban-board td.cell[data-item='" + item + "'][data-unit='" + unit + "']";
  }

};

TEST_F(DubanWebTest, TheOfficeIssuesTheUnitSignsOnItsDeskAndTheBoardTurnsFromYellowToGreen) {
  ChromeDriverProcess driver;
  Browser centre(driver);
  SignInCentre(centre);

  // 交办 on the centre's form: 河口镇 leads, 城关镇 assists.
  centre.Navigate(centre_->url() + "/#/duban/new");
  centre.WaitForCss("#issue-form #d-lead option[value='hekou']", 10s);
  centre.SendKeys(centre.FindCss("#d-title"), "龙潭村滑坡隐患点群众安置情况");
  centre.SendKeys(centre.FindCss("#d-instruction"),
                  "请河口镇会同城关镇逐户核实安置情况，确保群众安全过冬，一周内报结果。");
  centre.SendKeys(centre.FindCss("#d-leader"), "李县长");
  centre.ExecuteScript("document.querySelector('#d-lead').value = 'hekou';");
  centre.Click(centre.FindCss(".co-unit[value='chengguan']"));
  centre.SendKeys(centre.FindCss("#d-requirements"), "逐户登记，附照片。");
  Snap(centre, "issue-form");
  centre.Click(centre.FindCss("#issue-send"));
  centre.WaitForCss("#duban-item", 10s);
  const std::string item = AsString(centre.ExecuteScript(
      "return document.querySelector('#duban-item').dataset.item;"));
  ASSERT_FALSE(item.empty());
  centre.WaitForText("#duban-timeline", "交办");

  // The board: the item's 河口镇 cell is yellow (签收 临期), 城关镇's too.
  centre.Navigate(centre_->url() + "/#/duban");
  centre.WaitForCss(Cell(item, "hekou") + "[data-light='LIGHT_YELLOW']", 10s);
  centre.WaitForCss(Cell(item, "chengguan") + "[data-light='LIGHT_YELLOW']", 5s);
  EXPECT_NE(TextOf(centre, Cell(item, "hekou")).find("待签收"), std::string::npos);
  EXPECT_NE(TextOf(centre, "#duban-board tr[data-item='" + item + "'] .next").find("签收"),
            std::string::npos);
  Snap(centre, "board-yellow");

  // 河口镇's desk: the item waits to be signed; the officer signs.
  Browser desk(driver);
  SignInDesk(desk);
  desk.WaitForText("#duban-count", "1", 20s);
  desk.Navigate(desk_->url() + "/#/duban");
  desk.WaitForCss("#duban-list .duban-card[data-item='" + item + "']", 10s);
  EXPECT_NE(TextOf(desk, ".duban-card[data-item='" + item + "'] .owed").find("应签收"),
            std::string::npos);
  Follow(desk, ".duban-card[data-item='" + item + "'] h3 a");
  desk.WaitForCss("#duban-actions #sign-send", 10s);
  // Assigned: the instruction is shown in full.
  desk.WaitForText("#instruction", "确保群众安全过冬");
  desk.Click(desk.FindCss("#sign-send"));
  desk.WaitForText("#owed-now", "办理中", 10s);
  desk.WaitForCss("#duban-actions #progress", 5s);
  desk.WaitForCss("#duban-actions #result", 5s);
  desk.WaitForText("#duban-timeline", "签收");
  desk.WaitForText("#duban-units tr[data-unit='hekou']", "信息员");
  Snap(desk, "desk-item");

  // The centre's board turns green for 河口镇, live; 城关镇 is still yellow.
  centre.WaitForCss(Cell(item, "hekou") + "[data-light='LIGHT_GREEN']", 10s);
  EXPECT_EQ(centre.FindAllCss(Cell(item, "chengguan") + "[data-light='LIGHT_YELLOW']").size(),
            1u);
  EXPECT_NE(TextOf(centre, Cell(item, "hekou")).find("办理中"), std::string::npos);
  Snap(centre, "board-green");

  // The item's page at the centre: the whole history and the office's actions.
  Follow(centre, "#duban-board tr[data-item='" + item + "'] td.title a");
  centre.WaitForText("#duban-timeline", "签收", 10s);
  centre.WaitForCss("#office-actions #urge-chengguan", 5s);
  centre.WaitForCss("#office-actions #suspend", 5s);
  EXPECT_EQ(centre.PageSource().find("[object"), std::string::npos);
  Snap(centre, "centre-item");

  const std::string journal = ReadFile(centre_dir_ / "journal.jsonl");
  EXPECT_NE(journal.find("\"action\":\"duban_issue\""), std::string::npos) << journal;
  EXPECT_NE(ReadFile(desk_dir_ / "journal.jsonl").find("STEP_KIND_SIGN"), std::string::npos);
}

TEST_F(DubanWebTest, ADeskIsRefusedAnotherUnitsItemAndAStepOutOfOrderInTheBrokersWords) {
  ChromeDriverProcess driver;
  Browser centre(driver);
  SignInCentre(centre);
  ASSERT_EQ(Issue(centre, "db-chengguan-only", "chengguan").status, 200);
  ASSERT_EQ(Issue(centre, "db-hekou", "hekou").status, 200);

  Browser desk(driver);
  SignInDesk(desk);
  // Another unit's item: not shown, and a step on it is refused (403).
  desk.Navigate(desk_->url() + "/#/duban/db-chengguan-only");
  EXPECT_NE(desk.WaitForText("#duban-refused", "无权查看", 10s).find("不是本单位承办"),
            std::string::npos);
  const Answer foreign = Call(desk, "POST", "/api/duban/db-chengguan-only/steps",
                              R"({"step_id":"s-foreign","kind":"STEP_KIND_SIGN"})");
  EXPECT_EQ(foreign.status, 403) << foreign.message;
  EXPECT_NE(foreign.message.find("河口镇"), std::string::npos) << foreign.message;
  const std::string desk_journal = ReadFile(desk_dir_ / "journal.jsonl");
  EXPECT_NE(desk_journal.find("duban db-chengguan-only"), std::string::npos) << desk_journal;
  EXPECT_NE(desk_journal.find(foreign.message), std::string::npos) << desk_journal;
  // An office step from a desk is refused before the broker.
  EXPECT_EQ(Call(desk, "POST", "/api/duban/db-hekou/steps",
                 R"({"step_id":"s-accept","kind":"STEP_KIND_ACCEPT","target_unit_id":"hekou"})")
                .status,
            403);

  // A result before signing: the broker says what is owed instead (409).
  const Answer early = Call(desk, "POST", "/api/duban/db-hekou/steps",
                            R"({"step_id":"s-early","kind":"STEP_KIND_RESULT","text":"已办结"})");
  EXPECT_EQ(early.status, 409) << early.message;
  EXPECT_NE(early.message.find("签收"), std::string::npos) << early.message;

  // Two officers at one desk: the page still offers 签收, someone else
  // signs first, and this page's 签收 gets the broker's words at the button.
  desk.Navigate(desk_->url() + "/#/duban/db-hekou");
  desk.WaitForCss("#duban-actions #sign-send", 10s);
  ASSERT_EQ(Call(desk, "POST", "/api/duban/db-hekou/steps",
                 R"({"step_id":"s-other-officer","kind":"STEP_KIND_SIGN"})")
                .status,
            200);
  desk.Click(desk.FindCss("#sign-send"));
  EXPECT_NE(desk.WaitForText("#sign .problem", "无需再签收", 10s).find("已于"), std::string::npos);
  // The same step id again is a repeat, not a second step.
  const Answer again = Call(desk, "POST", "/api/duban/db-hekou/steps",
                            R"({"step_id":"s-other-officer","kind":"STEP_KIND_SIGN"})");
  EXPECT_EQ(again.status, 200) << again.message;
  Snap(desk, "desk-refused-step");
}

}  // namespace
}  // namespace xinbao::testing
