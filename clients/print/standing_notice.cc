#include "clients/print/standing_notice.h"

#include <memory>
#include <string_view>
#include <vector>

#include "clients/print/document_styles.h"
#include "clients/print/document_words.h"
#include "clients/print/page_flow.h"
#include "clients/print/page_furniture.h"
#include "clients/print/ruled_table.h"
#include "clients/print/standing_notice_table.h"

namespace xinbao::print {
namespace {

// 5号 (10.5 pt) in tables.
constexpr double kTableSize = 10.5;

struct Totals {
  uint64_t reports = 0;
  uint64_t adoptions = 0;
  uint64_t instructions = 0;
  uint64_t on_time = 0;
  uint64_t late = 0;
  uint64_t missing = 0;
};

Totals TotalsOf(const v1::StatsTable& table) {
  Totals totals;
  for (const v1::UnitStats& unit : table.units()) {
    totals.reports += unit.reports();
    totals.adoptions += unit.adoptions();
    totals.instructions += unit.instructions();
    totals.on_time += unit.commissions_on_time();
    totals.late += unit.commissions_late();
    totals.missing += unit.commissions_missing();
  }
  return totals;
}

// The opening paragraph, from the figures.
std::string Opening(const v1::StatsTable& table, const NoticeHeading& heading) {
  const std::string period = heading.period.empty() ? "本期" : heading.period;
  if (table.units().empty()) return period + "，没有参加信息报送考核的单位。";
  const Totals totals = TotalsOf(table);
  const uint32_t ranked = table.ranked_units() > 0 ? table.ranked_units()
                                                    : static_cast<uint32_t>(table.units_size());
  std::string text = period + "，共有" + std::to_string(ranked) + "个单位参加信息报送考核，共报送信息" +
                     std::to_string(totals.reports) + "条，被采用" +
                     std::to_string(totals.adoptions) + "条次，获领导批示" +
                     std::to_string(totals.instructions) + "次";
  if (totals.on_time + totals.late + totals.missing > 0) {
    text += "；约稿按时报送" + std::to_string(totals.on_time) + "次、迟交" +
            std::to_string(totals.late) + "次、未交" + std::to_string(totals.missing) + "次";
  }
  text += "。";
  std::string best;
  int named = 0;
  for (const v1::UnitStats& unit : table.units()) {
    if (unit.rank() == 0 || unit.rank() > 3) continue;
    best += (best.empty() ? "" : "、") + UnitName(table.unit_names(), unit.unit_id());
    ++named;
  }
  if (named > 0) text += "得分居前" + std::to_string(named) + "位的是" + best + "。";
  return text + "现将各单位信息报送、采用和得分情况通报如下。";
}

void Ranking(PageFlow& flow, const v1::StatsTable& table) {
  RuledTable ranking(flow,
                     {{.title = "名次", .share = 1.1, .align = Align::kRight},
                      {.title = "单位", .share = 4.2},
                      {.title = "报送", .share = 1.2, .align = Align::kRight},
                      {.title = "采用", .share = 1.2, .align = Align::kRight},
                      {.title = "采用得分", .share = 1.4, .align = Align::kRight},
                      {.title = "批示", .share = 1.2, .align = Align::kRight},
                      {.title = "按时", .share = 1.1, .align = Align::kRight, .group = "约稿"},
                      {.title = "迟交", .share = 1.1, .align = Align::kRight, .group = "约稿"},
                      {.title = "未交", .share = 1.1, .align = Align::kRight, .group = "约稿"},
                      {.title = "扣分", .share = 1.3, .align = Align::kRight},
                      {.title = "得分", .share = 1.4, .align = Align::kRight}},
                     kTableSize);
  // The workbook's figures, less its unit id column.
  for (std::vector<std::string> row : StandingRanking(table).rows) {
    row.erase(row.begin() + 1);
    ranking.Row(row);
  }
}

// A score line as the detail shows it: its text, and its 期号 when the
// text does not already name it.
std::string LineText(const v1::ScoreLine& line) {
  std::string text = line.text();
  if (!line.reference().empty() && text.find(line.reference()) == std::string::npos) {
    text += "（" + line.reference() + "）";
  }
  return text;
}

void Detail(PageFlow& flow, const v1::StatsTable& table) {
  uint32_t n = 0;
  for (const v1::UnitStats& unit : table.units()) {
    LayoutPtr heading = flow.Text("（" + ChineseOrdinal(++n) + "）" +
                                      UnitName(table.unit_names(), unit.unit_id()) + "：第" +
                                      std::to_string(unit.rank()) + "名，得分" +
                                      Points(unit.score()),
                                  kSecondHeading);
    // The heading stays with the table's header and first lines.
    flow.KeepRoom(LayoutHeight(heading.get()) + 4 * kTableSize * 1.45 + 12);
    flow.Place(heading.get());
    flow.Skip(4);
    if (unit.lines().empty()) {
      flow.Place(flow.Text("本次统计未附该单位的得分明细。", kParagraph).get());
      flow.Skip(12);
      continue;
    }
    RuledTable lines(flow,
                     {{.title = "得分事项", .share = 8.5},
                      {.title = "分值", .share = 1.5, .align = Align::kRight}},
                     kTableSize);
    for (const v1::ScoreLine& line : unit.lines()) {
      lines.Row({LineText(line), SignedPoints(line.points())});
    }
    lines.Row({"合计", Points(unit.score())}, true);
    flow.Skip(14);
  }
}

// The closing words and the office and date under them; the date never
// on a page of its own: the last paragraph goes with it.
void Ending(PageFlow& flow, const NoticeHeading& heading, const TimeZone& zone) {
  std::vector<LayoutPtr> closing;
  for (const std::string& paragraph : Paragraphs(heading.closing)) {
    closing.push_back(flow.Text(paragraph, kParagraph));
  }
  // Two characters in from the right edge.
  TextStyle right = kPlainLine;
  right.align = Align::kRight;
  const double width = flow.box().text_width() - 2 * kBodySize;
  std::vector<LayoutPtr> signature;
  if (!heading.office.empty()) signature.push_back(flow.Text(heading.office, right, width));
  signature.push_back(flow.Text(heading.issued_at_ms != 0
                                    ? ChineseDate(heading.issued_at_ms, zone)
                                    : std::string(kBlankDate),
                                right, width));
  constexpr double kAbove = 2 * kBodyLine;
  double height = kAbove;
  for (const LayoutPtr& line : signature) height += LayoutHeight(line.get());
  for (std::size_t i = 0; i < closing.size(); ++i) {
    if (i + 1 == closing.size()) flow.KeepRoom(LayoutHeight(closing[i].get()) + height);
    flow.Place(closing[i].get());
  }
  flow.KeepRoom(height);
  flow.Skip(kAbove);
  for (const LayoutPtr& line : signature) flow.Place(line.get());
}

}  // namespace

std::string StandingNoticeTitle(const std::string& period) {
  const bool month = std::string_view(period).ends_with("月");
  return "关于" + period + (month ? "份" : "") + "信息报送工作情况的通报";
}

Result<std::string> StandingNoticePdf(const v1::StatsTable& table, const NoticeHeading& heading,
                                      const TimeZone& zone) {
  const std::string title = StandingNoticeTitle(heading.period);
  Result<std::unique_ptr<PageFlow>> opened = PageFlow::Open(
      OfficialPage(), title, [](PageFlow& flow, int page) { PageNumber(flow, page); });
  if (!opened.ok()) return opened.status();
  PageFlow& flow = **opened;

  LayoutPtr title_layout = flow.Text(title, kTitle);
  BalanceLines(title_layout.get());
  flow.PlaceCentred(title_layout.get());
  flow.Skip(kBodyLine);
  if (!heading.addressed_to.empty()) flow.Place(flow.Text(heading.addressed_to, kPlainLine).get());
  flow.Place(flow.Text(Opening(table, heading), kParagraph).get());
  if (!table.units().empty()) {
    flow.KeepRoom(kBodyLine * 4);
    flow.Place(flow.Text("一、排名情况", kFirstHeading).get());
    flow.Skip(6);
    Ranking(flow, table);
    flow.Skip(kBodyLine);
    flow.KeepRoom(kBodyLine * 4);
    flow.Place(flow.Text("二、各单位得分明细", kFirstHeading).get());
    flow.Skip(6);
    Detail(flow, table);
  }
  Ending(flow, heading, zone);
  return flow.Finish();
}

}  // namespace xinbao::print
