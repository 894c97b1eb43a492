#include "clients/print/bulletin_pdf.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "clients/print/bulletin_imprint.h"
#include "clients/print/document_styles.h"
#include "clients/print/document_words.h"
#include "clients/print/page_flow.h"
#include "clients/print/page_furniture.h"

namespace xinbao::print {
namespace {

constexpr TextStyle kSources{.face = Face::kKai, .size = kBodySize, .line_height = kBodyLine,
                             .align = Align::kRight};
constexpr TextStyle kNumberLine{.face = Face::kSerif, .size = kBodySize,
                                .line_height = kBodyLine, .align = Align::kCentre};
constexpr TextStyle kMark{.face = Face::kSansBold, .size = kBodySize, .line_height = kBodyLine};
constexpr TextStyle kSigner{.face = Face::kSerif, .size = kBodySize, .line_height = kBodyLine,
                            .align = Align::kRight};

// The issue's fields, with the series' where the issue leaves one empty.
struct Issue {
  std::string series_name;
  v1::SeriesKind kind = v1::SERIES_KIND_UNSPECIFIED;
  v1::Classification classification = v1::CLASSIFICATION_UNSPECIFIED;
  std::string approver;
  std::string compiled_by;
  bool draft = false;
  std::string number;  // "第12期（总第345期）", "第13期（待签发）"
  std::string date;    // "2026年11月5日", or blanks for a draft
  Imprint imprint;
};

const std::string& Either(const std::string& own, const std::string& series) {
  return own.empty() ? series : own;
}

std::string NumberLine(uint32_t number, uint32_t total, bool draft) {
  std::string line = "第" + std::to_string(number) + "期";
  if (total > 0) line += "（总第" + std::to_string(total) + "期）";
  if (draft) line += "（待签发）";
  return line;
}

Issue IssueOf(const v1::BulletinDetail& detail, const TimeZone& zone) {
  const v1::BulletinIssue& issue = detail.issue();
  const v1::BulletinSeries& series = detail.series();
  Issue out;
  out.series_name = Either(issue.series_name(), series.name());
  out.kind = issue.kind() != v1::SERIES_KIND_UNSPECIFIED ? issue.kind() : series.kind();
  out.classification = issue.classification() != v1::CLASSIFICATION_UNSPECIFIED
                           ? issue.classification()
                           : series.classification();
  out.approver = Either(issue.approver(), series.approver());
  out.compiled_by =
      Either(Either(issue.compiled_by(), series.compiled_by()), detail.office_name());
  out.draft = issue.phase() != v1::ISSUE_PHASE_ISSUED;
  out.number = out.draft ? NumberLine(detail.next_number(), detail.next_total_number(), true)
                         : NumberLine(issue.number(), issue.total_number(), false);
  out.date = out.draft || issue.issued_at_ms() == 0 ? std::string(kBlankDate)
                                                     : ChineseDate(issue.issued_at_ms(), zone);
  out.imprint = {.send_to = Either(issue.send_to(), series.send_to()),
                 .copy_to = Either(issue.copy_to(), series.copy_to()),
                 .editor = issue.editor(),
                 .approver = out.approver,
                 .date = out.date};
  return out;
}

std::string_view ClassificationMark(v1::Classification classification) {
  switch (classification) {
    case v1::CLASSIFICATION_INTERNAL:
      return "内部资料　注意保存";
    case v1::CLASSIFICATION_SECRET:
      return "★秘密";
    case v1::CLASSIFICATION_CONFIDENTIAL:
      return "★机密";
    case v1::CLASSIFICATION_TOP_SECRET:
      return "★绝密";
    default:
      return "";
  }
}

// Lays `left` and `right` (layouts as wide as the text block, aligned
// within it) on one line at the cursor.
void TwoSides(PageFlow& flow, PangoLayout* left, PangoLayout* right) {
  const double height = std::max(LayoutHeight(left), LayoutHeight(right));
  flow.KeepRoom(height);
  const double y = flow.y();
  flow.Draw(left, flow.box().left, y);
  flow.Draw(right, flow.box().left, y);
  flow.MoveDownTo(y + height);
}

// The series name as large as a 版头 takes it: up to 52 pt, letter-spaced
// when short, smaller for a long name, wrapped when even 30 pt is too wide.
TextStyle MastheadStyle(std::string_view name, double width) {
  const double characters =
      std::max<double>(1, static_cast<double>(std::count_if(
                              name.begin(), name.end(), [](char c) { return (c & 0xC0) != 0x80; })));
  const double spacing = characters <= 6 ? 10 : 0;
  const double size = std::clamp(width * 0.9 / characters - spacing, 30.0, 52.0);
  return {.face = Face::kSerifBold, .size = size, .line_height = size * 1.25,
          .align = Align::kCentre, .letter_spacing = spacing, .ink = kMastheadRed};
}

void Masthead(PageFlow& flow, const Issue& issue) {
  const std::string_view mark = ClassificationMark(issue.classification);
  const bool signer = issue.kind == v1::SERIES_KIND_SPECIAL && !issue.approver.empty();
  if (!mark.empty() || signer) {
    TwoSides(flow, flow.Text(mark, kMark).get(),
             flow.Text(signer ? "签发人：" + issue.approver : "", kSigner).get());
    flow.Skip(12);
  }
  flow.Skip(8);
  const double width = flow.box().text_width();
  flow.Place(flow.Text(issue.series_name, MastheadStyle(issue.series_name, width)).get());
  flow.Skip(10);
  flow.Place(flow.Text(issue.number, kNumberLine).get());
  flow.Skip(6);
  TextStyle right = kPlainLine;
  right.align = Align::kRight;
  TwoSides(flow, flow.Text(issue.compiled_by, kPlainLine).get(),
           flow.Text(issue.date, right).get());
  flow.Skip(4);
  flow.Rule(2, kMastheadRed);
  flow.Skip(kBodyLine);
}

std::string SourceLine(const v1::BulletinDetail& detail, const v1::BulletinItem& item) {
  std::vector<std::string> ids(item.source_unit_ids().begin(), item.source_unit_ids().end());
  if (ids.empty()) {
    for (const v1::SourceReport& source : item.sources()) {
      if (std::find(ids.begin(), ids.end(), source.unit_id()) == ids.end()) {
        ids.push_back(source.unit_id());
      }
    }
  }
  std::string line;
  for (const std::string& id : ids) {
    if (id.empty()) continue;
    line += (line.empty() ? "（" : "　") + UnitName(detail.unit_names(), id);
  }
  return line.empty() ? line : line + "）";
}

// Several items are numbered 一、二、… in the series that gather items
// (routine, 快报, 增刊); a 专报 or 要情 item is a report of its own.
bool NumbersItems(v1::SeriesKind kind, int items) {
  return items > 1 && kind != v1::SERIES_KIND_SPECIAL && kind != v1::SERIES_KIND_ALERT;
}

void Item(PageFlow& flow, const v1::BulletinDetail& detail, const v1::BulletinItem& item,
          const std::string& number) {
  LayoutPtr title = flow.Text(number + item.title(), kTitle);
  BalanceLines(title.get());
  std::vector<LayoutPtr> blocks;
  if (!item.commentary().empty()) {
    blocks.push_back(flow.Text("【编者按】" + item.commentary(), kKaiParagraph));
  }
  for (const std::string& paragraph : Paragraphs(item.body())) {
    blocks.push_back(flow.Text(paragraph, kParagraph));
  }
  const std::string sources = SourceLine(detail, item);
  if (!sources.empty()) blocks.push_back(flow.Text(sources, kSources));
  // The title stays with two lines of what follows it.
  constexpr double kUnderTitle = 10;
  flow.KeepRoom(LayoutHeight(title.get()) + kUnderTitle +
                (blocks.empty() ? 0 : FirstLinesHeight(blocks.front().get(), 2)));
  flow.PlaceCentred(title.get());
  flow.Skip(kUnderTitle);
  for (const LayoutPtr& block : blocks) flow.Place(block.get());
}

}  // namespace

Result<std::string> BulletinPdf(const v1::BulletinDetail& detail, const TimeZone& zone) {
  std::map<std::string, const v1::BulletinItem*> items;
  for (const v1::BulletinItem& item : detail.items()) items[item.item_id()] = &item;
  std::vector<const v1::BulletinItem*> in_order;
  for (const std::string& id : detail.issue().item_ids()) {
    const auto found = items.find(id);
    if (found == items.end()) {
      return Status(v1::ERROR_CODE_INVALID_FIELD, "本期编入的稿件 " + id + " 不在所给的稿件中",
                    "items");
    }
    in_order.push_back(found->second);
  }
  if (in_order.empty()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, "本期没有编入稿件，无法排版", "issue.item_ids");
  }

  const Issue issue = IssueOf(detail, zone);
  Result<std::unique_ptr<PageFlow>> opened =
      PageFlow::Open(OfficialPage(), issue.series_name + " " + issue.number,
                     [draft = issue.draft](PageFlow& flow, int page) {
                       if (draft) DraftWatermark(flow);
                       PageNumber(flow, page);
                     });
  if (!opened.ok()) return opened.status();
  PageFlow& flow = **opened;

  Masthead(flow, issue);
  const bool numbered = NumbersItems(issue.kind, static_cast<int>(in_order.size()));
  for (std::size_t i = 0; i < in_order.size(); ++i) {
    if (i > 0) flow.Skip(kBodyLine);
    Item(flow, detail, *in_order[i],
         numbered ? ChineseOrdinal(static_cast<uint32_t>(i + 1)) + "、" : std::string());
  }
  PlaceImprint(flow, issue.imprint);
  return flow.Finish();
}

}  // namespace xinbao::print
