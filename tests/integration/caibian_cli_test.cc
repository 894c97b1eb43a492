// 采编 and 考核 through the `xinbao` command line against the real broker
// process (CURVE on, its demo keys): units submit reports, one answering a
// commission the office asked for through the CLI; the office makes an
// item merged from two units' reports, drafts an issue and signs it,
// prints it as a PDF and shows it; the issued issue and its item are
// frozen; a city adoption and a 批示 are entered; the unit's feedback
// shows them; `score` explains every point and writes the 通报 as a
// workbook and a PDF. A reporter cannot read another unit's feedback.
//
// What the commands printed (bulletin show, feedback, score) and the PDFs
// with a PNG of each page are kept under <build>/screenshots/<Suite>.<Test>/
// for a person to look at.
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "clients/text/local_time.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/screenshots.h"
#include "tests/support/zip_entries.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::CommandResult;
using testing::TempDir;

constexpr char kOffice[] = "county-office";
// The ranking of every unit: analysts, and the office's monitor (the
// assessor) too (docs/PROTOCOL.md, roles).
constexpr char kAnalyst[] = "analyst";

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CaibianCliTest : public ::testing::Test {
 protected:
  // `xinbao <args>` as `user`, on this broker's sockets, with its own
  // outbox.
  CommandResult Run(const std::string& user, std::vector<std::string> args) {
    args.insert(args.end(), {"--endpoint", broker_.endpoint(), "--query-endpoint",
                             broker_.query_endpoint(), "--outbox",
                             (dir_ / ("outbox-" + user)).string()});
    return testing::RunCommand(testing::CliAs(broker_, user, std::move(args)));
  }

  // `bulletin … --unit county-office --by 张敏` as the office.
  CommandResult Office(std::vector<std::string> args) {
    args.insert(args.end(), {"--unit", kOffice, "--by", "张敏"});
    return Run(kOffice, std::move(args));
  }

  // A 一般动态 of `unit` through `xinbao submit`; its sequence.
  uint64_t Submit(const std::string& unit, const std::string& title,
                  std::vector<std::string> more = {}) {
    std::vector<std::string> args = {
        "submit", "--unit", unit, "--kind", "一般动态", "--title", title, "--body",
        title + "。今年以来各项工作有序推进。", "--approver", "陈刚", "--contact",
        "刘洋", "--phone", "0531-87654321"};
    args.insert(args.end(), more.begin(), more.end());
    const CommandResult result = Run(unit, args);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    std::smatch match;
    const std::regex sequence("序号 (\\d+)");
    if (!std::regex_search(result.output, match, sequence)) {
      ADD_FAILURE() << result.output;
      return 0;
    }
    last_output_ = result.output;
    return std::stoull(match[1]);
  }

  // The month the broker files reports in now ("2026-12"), in its zone.
  std::string ThisMonth() const {
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    return client::FormatTime(now, Shanghai(), "%Y-%m");
  }

  static TimeZone Shanghai() {
    Result<TimeZone> zone = TimeZone::Load("Asia/Shanghai", "zone");
    return zone.ok() ? *zone : TimeZone::FixedOffset(480);
  }

  // Keeps `text` as <screenshots>/<name> for a person to read.
  static void Keep(const std::string& name, const std::string& text) {
    testing::WriteFile(testing::ScreenshotDir() / name, text);
  }

  TempDir dir_;
  BrokerProcess broker_{dir_ / "data"};
  std::string last_output_;
};

TEST_F(CaibianCliTest, TheOfficeEditsSignsPrintsAndScoresAMonthOnTheCommandLine) {
  const std::string month = ThisMonth();
  const std::string year = month.substr(0, 4);
  // 约稿 to 河口镇, due in an hour — but within this month, where the score
  // counts it (the month of its deadline).
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  CivilTime next_month = Shanghai().CivilOf(now);
  next_month = CivilTime{next_month.year, next_month.month + 1, 1, 0, 0, 0};
  const int64_t due = std::min(now + 3'600'000, Shanghai().UnixMsOf(next_month) - 60'000);
  const CommandResult asked =
      Office({"commission", "ask", "--id", "yg-1", "--topic", "秋粮收购进展", "--to",
              "hekou", "--due", std::to_string(due), "--requirements", "800字以内"});
  ASSERT_EQ(asked.exit_code, 0) << asked.output;
  EXPECT_TRUE(Has(asked.output, "已约稿 yg-1《秋粮收购进展》")) << asked.output;

  // Another, cancelled: it costs 县教育局 nothing.
  ASSERT_EQ(Office({"commission", "ask", "--id", "yg-2", "--topic", "双减", "--to", "jiaoyu",
                    "--due", std::to_string(due)})
                .exit_code,
            0);
  const CommandResult cancelled =
      Office({"commission", "cancel", "yg-2", "--reason", "题目已由他处约写"});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.output;
  EXPECT_TRUE(Has(cancelled.output, "已取消约稿 yg-2：题目已由他处约写")) << cancelled.output;

  const uint64_t chengguan = Submit("chengguan", "城关镇秋粮收购过半");
  const uint64_t hekou =
      Submit("hekou", "河口镇秋粮收购有序推进", {"--commission", "yg-1"});
  EXPECT_TRUE(Has(last_output_, "约稿 yg-1：已作为约稿“秋粮收购进展”的报送，按时")) << last_output_;
  const CommandResult commissions = Run(kOffice, {"commission", "list", "--all"});
  ASSERT_EQ(commissions.exit_code, 0) << commissions.output;
  Keep("commission-list.txt", commissions.output);
  EXPECT_TRUE(Has(commissions.output, "按时（序号 " + std::to_string(hekou) + "）"))
      << commissions.output;

  // One item merged from both reports, in a draft of 《政务信息》, signed.
  const CommandResult item = Office(
      {"bulletin", "item", "item-m", "--title", "我县秋粮收购进展顺利", "--body",
       "城关镇、河口镇秋粮收购有序推进。\n收购进度过半。", "--commentary", "值得各地借鉴。",
       "--source", std::to_string(chengguan), "--source", std::to_string(hekou)});
  ASSERT_EQ(item.exit_code, 0) << item.output;
  EXPECT_TRUE(Has(item.output, "已保存稿件 item-m（第 1 版，备选）")) << item.output;
  // An edit names the revision it was made on; one made on an older
  // revision (someone saved first) is refused in the broker's words.
  const std::filesystem::path body = dir_ / "body.txt";
  testing::WriteFile(body, "城关镇、河口镇秋粮收购有序推进。\n收购进度已过半。");
  const std::vector<std::string> sources = {"--source", std::to_string(chengguan),
                                            "--source", std::to_string(hekou)};
  std::vector<std::string> edit_args = {"bulletin", "item", "item-m", "--title",
                                        "我县秋粮收购进展顺利", "--body-file", body.string(),
                                        "--commentary", "值得各地借鉴。", "--base-revision", "1"};
  edit_args.insert(edit_args.end(), sources.begin(), sources.end());
  const CommandResult edited = Office(edit_args);
  ASSERT_EQ(edit_args.size(), 15u);
  ASSERT_EQ(edited.exit_code, 0) << edited.output;
  EXPECT_TRUE(Has(edited.output, "已保存稿件 item-m（第 2 版，备选）")) << edited.output;
  edit_args[4] = "另一位编辑改的标题";
  const CommandResult stale = Office(edit_args);
  EXPECT_EQ(stale.exit_code, 4) << stale.output;
  EXPECT_TRUE(Has(stale.output, "[ERROR_CODE_STALE_REVISION]")) << stale.output;
  // An item made without an id gets a fresh one, printed; it is dropped.
  const CommandResult spare = Office({"bulletin", "item", "--title", "城关镇简讯", "--body",
                                      "简讯。", "--source", std::to_string(chengguan)});
  ASSERT_EQ(spare.exit_code, 0) << spare.output;
  std::smatch minted;
  ASSERT_TRUE(std::regex_search(spare.output, minted,
                                std::regex("已保存稿件 ([0-9a-f-]{36})（第 1 版，备选）")))
      << spare.output;
  const CommandResult dropped = Office({"bulletin", "drop", minted[1].str(), "--reason",
                                        "内容单薄", "--base-revision", "1"});
  ASSERT_EQ(dropped.exit_code, 0) << dropped.output;
  EXPECT_TRUE(Has(dropped.output, "已不用（第 2 版）：内容单薄")) << dropped.output;

  const CommandResult candidates = Run(kOffice, {"bulletin", "list", "--candidates"});
  ASSERT_EQ(candidates.exit_code, 0) << candidates.output;
  EXPECT_TRUE(Has(candidates.output, "item-m")) << candidates.output;
  EXPECT_FALSE(Has(candidates.output, minted[1].str())) << candidates.output;  // dropped
  Keep("bulletin-list.txt", candidates.output);
  const CommandResult draft =
      Office({"bulletin", "draft", "zwxx-t", "--series", "zwxx", "--item", "item-m"});
  ASSERT_EQ(draft.exit_code, 0) << draft.output;
  EXPECT_TRUE(Has(draft.output, "已保存草稿 zwxx-t《政务信息》（第 1 版，1 篇稿件）"))
      << draft.output;
  const CommandResult preview = Run(kOffice, {"bulletin", "show", "zwxx-t"});
  ASSERT_EQ(preview.exit_code, 0) << preview.output;
  EXPECT_TRUE(Has(preview.output, "《政务信息》 " + year + "年第1期（总第1期）（待签发）"))
      << preview.output;
  const CommandResult signed_issue =
      Office({"bulletin", "sign", "zwxx-t", "--base-revision", "1"});
  ASSERT_EQ(signed_issue.exit_code, 0) << signed_issue.output;
  EXPECT_TRUE(Has(signed_issue.output, "已签发《政务信息》" + year +
                                           "年第1期（总第1期），编号 zwxx-t，记录采用 2 条"))
      << signed_issue.output;
  // The same command again is a retry: nothing changes.
  const CommandResult retried =
      Office({"bulletin", "sign", "zwxx-t", "--base-revision", "1"});
  EXPECT_EQ(retried.exit_code, 0) << retried.output;
  EXPECT_TRUE(Has(retried.output, "无变化")) << retried.output;

  const CommandResult shown = Run(kOffice, {"bulletin", "show", "zwxx-t"});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_TRUE(Has(shown.output, "《政务信息》 " + year + "年第1期（总第1期）\n")) << shown.output;
  EXPECT_TRUE(Has(shown.output, "一、我县秋粮收购进展顺利")) << shown.output;
  EXPECT_TRUE(Has(shown.output, "    收购进度已过半。\n")) << shown.output;  // --body-file
  EXPECT_TRUE(Has(shown.output, "来源：城关镇（序号 " + std::to_string(chengguan) +
                                    "）、河口镇（序号 " + std::to_string(hekou) + "）"))
      << shown.output;
  EXPECT_TRUE(Has(shown.output, "签发人：王建国")) << shown.output;
  std::smatch revision;
  ASSERT_TRUE(std::regex_search(shown.output, revision,
                                std::regex("稿件 item-m，已刊发，第 (\\d+) 版")))
      << shown.output;

  // --json: the reply's body, one line.
  const CommandResult json_detail = Run(kOffice, {"--json", "bulletin", "show", "zwxx-t"});
  ASSERT_EQ(json_detail.exit_code, 0) << json_detail.output;
  v1::BulletinDetail detail;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json_detail.output, &detail).ok())
      << json_detail.output;
  EXPECT_EQ(detail.issue().number(), 1u);
  EXPECT_EQ(std::count(json_detail.output.begin(), json_detail.output.end(), '\n'), 1);

  const std::filesystem::path pdf = testing::ScreenshotDir() / "zwxx-t.pdf";
  const CommandResult printed =
      Run(kOffice, {"bulletin", "pdf", "zwxx-t", "--output", pdf.string()});
  ASSERT_EQ(printed.exit_code, 0) << printed.output;
  const std::string page1 = testing::Squeezed(testing::PdfPageText(pdf, 1));
  EXPECT_TRUE(Has(page1, "政务信息")) << page1;
  EXPECT_TRUE(Has(page1, "第1期")) << page1;
  EXPECT_TRUE(Has(page1, year + "年")) << page1;
  testing::SavePagePng(pdf, 1, testing::ScreenshotDir() / "zwxx-t-page1.png");

  // Issued is frozen: a second 签发 and an edit of its item are refused.
  const CommandResult again = Office({"bulletin", "sign", "zwxx-t", "--base-revision", "2"});
  EXPECT_EQ(again.exit_code, 4) << again.output;
  EXPECT_TRUE(Has(again.output, "[ERROR_CODE_WRONG_STATE]")) << again.output;
  EXPECT_TRUE(Has(again.output, "签发")) << again.output;
  const CommandResult edit = Office(
      {"bulletin", "item", "item-m", "--title", "改过的标题", "--body", "改过的正文",
       "--source", std::to_string(chengguan), "--base-revision", revision[1].str()});
  EXPECT_EQ(edit.exit_code, 4) << edit.output;
  EXPECT_TRUE(Has(edit.output, "[ERROR_CODE_WRONG_STATE]")) << edit.output;
  EXPECT_TRUE(Has(edit.output, "已随期刊发，不能再修改")) << edit.output;

  // The city adopted the item in its 快报; the 县委书记 instructed on it.
  const CommandResult adopted = Office(
      {"bulletin", "adopt", "--item", "item-m", "--level", "市级", "--kind", "快报",
       "--series-name", "市委信息快报", "--reference", year + "年第88期", "--id", "city-88"});
  ASSERT_EQ(adopted.exit_code, 0) << adopted.output;
  EXPECT_TRUE(Has(adopted.output, "已记录采用 2 条")) << adopted.output;
  const CommandResult instructed =
      Office({"bulletin", "instruct", "item-m", "--leader", "李强", "--level", "县级",
              "--text", "经验做法很好，请农业农村局总结推广。", "--id", "ps-1"});
  ASSERT_EQ(instructed.exit_code, 0) << instructed.output;
  const CommandResult with_instruction = Run(kOffice, {"bulletin", "show", "zwxx-t"});
  ASSERT_EQ(with_instruction.exit_code, 0) << with_instruction.output;
  Keep("bulletin-show.txt", with_instruction.output);
  EXPECT_TRUE(Has(with_instruction.output,
                  "批示：李强（县级，" + year + "-"))  // the date it was recorded
      << with_instruction.output;

  // 件件有回音: 河口镇 (its own unit, known from its key) sees both
  // adoptions, the 批示 and the 约稿 it answered.
  const CommandResult feedback = Run("hekou", {"feedback", "--month", month});
  ASSERT_EQ(feedback.exit_code, 0) << feedback.output;
  Keep("feedback.txt", feedback.output);
  EXPECT_TRUE(Has(feedback.output, "河口镇 信息采用反馈")) << feedback.output;
  EXPECT_TRUE(Has(feedback.output, "《河口镇秋粮收购有序推进》")) << feedback.output;
  EXPECT_TRUE(Has(feedback.output, "采用：县级《政务信息》" + year + "年第1期（本级签发，综合2个单位）"))
      << feedback.output;
  EXPECT_TRUE(Has(feedback.output, "采用：市级《市委信息快报》" + year + "年第88期（录入"))
      << feedback.output;
  EXPECT_TRUE(Has(feedback.output, "批示：李强（县级")) << feedback.output;
  EXPECT_TRUE(Has(feedback.output, "约稿：回复约稿 yg-1")) << feedback.output;

  // The score (the analyst's): every unit's lines add up to its score. By hand, with the
  // embedded weights (一般动态 1; 4 reports a month, 1 point per report
  // short; 县 常规 10 and 市 快报 20, half each for a two-unit item; 县级批示
  // 10; 约稿 in time 5):
  //   河口镇 1 − 3 + 5 + 10 + 10 + 5 = 28;  城关镇 1 − 3 + 5 + 10 + 10 = 23.
  const CommandResult explained =
      Run(kAnalyst, {"score", "--month", month, "--explain"});
  ASSERT_EQ(explained.exit_code, 0) << explained.output;
  Keep("score.txt", explained.output);
  EXPECT_TRUE(Has(explained.output, "+5  采用      县级《政务信息》")) << explained.output;
  EXPECT_TRUE(Has(explained.output, "+10  批示      县级领导李强批示")) << explained.output;
  EXPECT_TRUE(Has(explained.output, "+5  约稿      约稿“秋粮收购进展”按时报送"))
      << explained.output;
  const CommandResult json = Run(kAnalyst, {"--json", "score", "--month", month, "--explain"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  v1::StatsTable table;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.output, &table).ok())
      << json.output;
  ASSERT_FALSE(table.units().empty());
  std::map<std::string, double> scores;
  for (const v1::UnitStats& row : table.units()) {
    double total = 0;
    for (const v1::ScoreLine& line : row.lines()) total += line.points();
    EXPECT_DOUBLE_EQ(total, row.score()) << row.unit_id();
    scores[row.unit_id()] = row.score();
  }
  EXPECT_DOUBLE_EQ(scores["hekou"], 28);
  EXPECT_DOUBLE_EQ(scores["chengguan"], 23);

  const CommandResult csv = Run(kAnalyst, {"score", "--month", month, "--explain", "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(csv.output.rfind("名次,单位,来源,分值,说明,期号,报告序号,时间\r\n", 0), 0u)
      << csv.output;
  EXPECT_TRUE(Has(csv.output, "约稿“秋粮收购进展”按时报送")) << csv.output;

  const std::filesystem::path xlsx = dir_ / "tongbao.xlsx";
  const CommandResult workbook =
      Run(kAnalyst, {"score", "--month", month, "--xlsx", xlsx.string()});
  ASSERT_EQ(workbook.exit_code, 0) << workbook.output;
  const auto entries = testing::ZipEntries(ReadAll(xlsx));
  ASSERT_TRUE(entries.count("xl/workbook.xml")) << workbook.output;
  EXPECT_TRUE(Has(entries.at("xl/workbook.xml"), "name=\"排名\""));
  EXPECT_TRUE(Has(entries.at("xl/workbook.xml"), "name=\"明细\""));

  // The office compiles the 通报 itself.
  const std::filesystem::path notice = testing::ScreenshotDir() / "tongbao.pdf";
  const CommandResult notice_pdf =
      Run(kOffice, {"score", "--month", month, "--pdf", notice.string()});
  ASSERT_EQ(notice_pdf.exit_code, 0) << notice_pdf.output;
  const std::string title = "关于" + year + "年" +
                            std::to_string(std::stoi(month.substr(5))) +
                            "月份信息报送工作情况的通报";
  EXPECT_TRUE(Has(testing::Squeezed(testing::PdfPageText(notice, 1)), title));
  EXPECT_TRUE(Has(testing::PdfPageText(notice, 1), "河口镇")) << testing::PdfPageText(notice, 1);
}

TEST_F(CaibianCliTest, AReporterReadsItsOwnFeedbackAndNoOtherUnits) {
  // Any user reads the series (the policy answer).
  const CommandResult series = Run("hekou", {"bulletin", "series"});
  ASSERT_EQ(series.exit_code, 0) << series.output;
  EXPECT_TRUE(Has(series.output, "zwxx")) << series.output;
  EXPECT_TRUE(Has(series.output, "《政务信息》 常规 王建国")) << series.output;

  const uint64_t own = Submit("hekou", "河口镇冬季安全生产");
  Submit("chengguan", "城关镇老旧小区改造");
  const CommandResult other = Run("hekou", {"feedback", "--unit", "chengguan"});
  EXPECT_EQ(other.exit_code, 4) << other.output;
  EXPECT_TRUE(Has(other.output, "[ERROR_CODE_NOT_PERMITTED]")) << other.output;

  const CommandResult mine = Run("hekou", {"feedback", "--unit", "hekou"});
  ASSERT_EQ(mine.exit_code, 0) << mine.output;
  EXPECT_TRUE(Has(mine.output, "序号 " + std::to_string(own))) << mine.output;
  EXPECT_TRUE(Has(mine.output, "《河口镇冬季安全生产》")) << mine.output;
  EXPECT_FALSE(Has(mine.output, "城关镇老旧小区改造")) << mine.output;
  EXPECT_TRUE(Has(mine.output, "暂未采用")) << mine.output;
}

}  // namespace
}  // namespace xinbao
