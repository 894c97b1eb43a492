#include "clients/text/caibian_text.h"

#include "clients/text/caibian_words.h"
#include "clients/text/event_cells.h"
#include "clients/text/text_table.h"
#include "proto/names.h"

namespace xinbao::client {
namespace {

using Align = TextTable::Align;

constexpr std::size_t kTitleWidth = 30;

std::string Date(int64_t unix_ms, const TimeZone& zone) {
  return unix_ms == 0 ? "-" : FormatTime(unix_ms, zone, "%Y-%m-%d");
}

std::string Joined(const google::protobuf::RepeatedPtrField<std::string>& ids,
                   const UnitNames& names) {
  std::string text;
  for (const std::string& id : ids) {
    text += (text.empty() ? "" : "、") + UnitName(names, id);
  }
  return text;
}

std::string Sequences(const v1::BulletinItem& item) {
  std::string text;
  for (const v1::SourceReport& source : item.sources()) {
    text += (text.empty() ? "" : "、") + std::to_string(source.sequence());
  }
  return text;
}

// "城关镇（序号 12）、河口镇（序号 13、14）": each source unit with its
// reports, in the item's order.
std::string SourcesText(const v1::BulletinItem& item, const UnitNames& names) {
  std::string text;
  for (const std::string& unit : item.source_unit_ids()) {
    std::string sequences;
    for (const v1::SourceReport& source : item.sources()) {
      if (source.unit_id() != unit) continue;
      sequences += (sequences.empty() ? "" : "、") + std::to_string(source.sequence());
    }
    text += (text.empty() ? "" : "、") + UnitName(names, unit) + "（序号 " +
            sequences + "）";
  }
  return text;
}

std::string LogActionName(v1::IssueLogEntry::Action action) {
  switch (action) {
    case v1::IssueLogEntry::ACTION_CREATED:
      return "创建";
    case v1::IssueLogEntry::ACTION_EDITED:
      return "修改";
    case v1::IssueLogEntry::ACTION_ISSUED:
      return "签发";
    case v1::IssueLogEntry::ACTION_CORRECTED:
      return "更正";
    default:
      return "其他";
  }
}

// The 版头 line: "《政务信息》 2026年第1期（总第1期）", a draft's number to be.
std::string MastheadLine(const v1::BulletinDetail& detail) {
  const v1::BulletinIssue& issue = detail.issue();
  std::string line = "《" + issue.series_name() + "》 ";
  if (issue.phase() == v1::ISSUE_PHASE_ISSUED) {
    line += IssueNumberText(issue);
    if (issue.total_number() != 0) {
      line += "（总第" + std::to_string(issue.total_number()) + "期）";
    }
  } else {
    line += std::to_string(detail.next_year()) + "年第" +
            std::to_string(detail.next_number()) + "期";
    if (detail.next_total_number() != 0) {
      line += "（总第" + std::to_string(detail.next_total_number()) + "期）";
    }
    line += "（待签发）";
  }
  return line + "\n";
}

std::string Indented(const std::string& text, const std::string& indent) {
  std::string out;
  for (const std::string& line : SplitLines(text)) out += indent + line + "\n";
  return out;
}

std::string ItemText(const v1::BulletinItem& item, uint32_t number,
                     const UnitNames& names, const TimeZone& zone) {
  std::string text = ChineseNumeral(number) + "、" + item.title() + "\n";
  text += "    （稿件 " + item.item_id() + "，" +
          std::string(ItemPhaseName(item.phase())) + "，第 " +
          std::to_string(item.revision()) + " 版）\n";
  if (!item.commentary().empty()) {
    text += Indented("【编者按】" + item.commentary(), "    ");
  }
  text += Indented(item.body(), "    ");
  text += "    来源：" + SourcesText(item, names) + "\n";
  for (const v1::Instruction& instruction : item.instructions()) {
    text += "    批示：" + InstructionWords(instruction.leader(),
                                            instruction.leader_level(),
                                            instruction.instructed_at_ms() != 0
                                                ? instruction.instructed_at_ms()
                                                : instruction.recorded_at_ms(),
                                            instruction.text(), zone) +
            "\n";
  }
  return text;
}

}  // namespace

std::string IssueNumberText(const v1::BulletinIssue& issue) {
  if (issue.phase() != v1::ISSUE_PHASE_ISSUED) return "（草稿）";
  return std::to_string(issue.year()) + "年第" + std::to_string(issue.number()) +
         "期";
}

std::string CaibianRulesText(const v1::CaibianRules& rules) {
  std::string text = "没有配置刊物\n";
  if (!rules.series().empty()) {
    TextTable table({{"编号"}, {"名称"}, {"类别"}, {"签发人"}, {"编发单位"}, {"密级"}});
    for (const v1::BulletinSeries& one : rules.series()) {
      table.AddRow({one.series_id(), "《" + one.name() + "》",
                    std::string(SeriesKindName(one.kind())), one.approver(),
                    one.compiled_by(),
                    std::string(ClassificationName(one.classification()))});
    }
    text = table.Render(kLineWidth);
  }
  if (!rules.office_name().empty()) {
    text += "本办：" + rules.office_name() + "（" +
            std::string(LeaderLevelName(rules.level())) + "）\n";
  }
  if (!rules.commission_within().empty()) {
    text += "约稿默认时限：" + rules.commission_within();
    if (!rules.commission_remind_before().empty()) {
      text += "，提前" + rules.commission_remind_before() + "提醒";
    }
    text += "\n";
  }
  return text;
}

std::string BulletinListText(const v1::BulletinList& list, bool candidates,
                             const TimeZone& zone) {
  std::string text;
  if (list.issues().empty()) {
    text = "没有符合条件的刊期\n";
  } else {
    TextTable table({{"期号"},
                     {"刊物"},
                     {"状态"},
                     {"日期"},
                     {"签发人"},
                     {"条数", Align::kRight},
                     {"编号"}});
    for (const v1::BulletinIssue& issue : list.issues()) {
      const int64_t date = issue.phase() == v1::ISSUE_PHASE_ISSUED
                               ? issue.issued_at_ms()
                               : issue.created_at_ms();
      table.AddRow({IssueNumberText(issue), "《" + issue.series_name() + "》",
                    std::string(IssuePhaseName(issue.phase())), Date(date, zone),
                    issue.approver(), std::to_string(issue.item_ids_size()),
                    issue.issue_id()});
    }
    text = table.Render(kLineWidth) + "共 " +
           std::to_string(list.issues_size()) + " 期\n";
  }
  if (!candidates) return text;
  text += "\n备选稿件\n";
  if (list.candidates().empty()) return text + "没有备选稿件\n";
  TextTable items({{"编号"},
                   {"标题", Align::kLeft, kTitleWidth},
                   {"来源单位"},
                   {"来源序号"},
                   {"状态"},
                   {"版本", Align::kRight}});
  items.SetFlexible(1, kMinTitleWidth);
  for (const v1::BulletinItem& item : list.candidates()) {
    items.AddRow({item.item_id(), item.title(),
                  Joined(item.source_unit_ids(), list.unit_names()),
                  Sequences(item), std::string(ItemPhaseName(item.phase())),
                  std::to_string(item.revision())});
  }
  return text + items.Render(kLineWidth) + "共 " +
         std::to_string(list.candidates_size()) + " 篇\n";
}

std::string BulletinDetailText(const v1::BulletinDetail& detail,
                               const TimeZone& zone) {
  const v1::BulletinIssue& issue = detail.issue();
  const bool issued = issue.phase() == v1::ISSUE_PHASE_ISSUED;
  std::string text = MastheadLine(detail);
  text += "编发单位：" + issue.compiled_by() + "　日期：" +
          (issued ? Date(issue.issued_at_ms(), zone) : std::string("（签发时填写）")) +
          "　签发人：" + issue.approver() + "　密级：" +
          std::string(ClassificationName(issue.classification())) + "\n";
  text += "状态：" + std::string(IssuePhaseName(issue.phase())) + "　编号：" +
          issue.issue_id() + "　编辑：" + issue.editor() + "　第 " +
          std::to_string(issue.revision()) + " 版\n";
  text += std::string(40, '-') + "\n";
  uint32_t number = 0;
  for (const std::string& id : issue.item_ids()) {
    ++number;
    const v1::BulletinItem* found = nullptr;
    for (const v1::BulletinItem& item : detail.items()) {
      if (item.item_id() == id) found = &item;
    }
    if (found == nullptr) {
      text += ChineseNumeral(number) + "、（稿件 " + id + " 未随答复送来）\n";
      continue;
    }
    text += ItemText(*found, number, detail.unit_names(), zone);
  }
  if (issue.item_ids().empty()) text += "（本期还没有稿件）\n";
  text += std::string(40, '-') + "\n";
  if (!issue.send_to().empty()) text += "报送：" + issue.send_to() + "\n";
  if (!issue.copy_to().empty()) text += "抄送：" + issue.copy_to() + "\n";
  if (!issue.corrects_issue_id().empty()) {
    text += "本期是对 " + issue.corrects_issue_id() + " 的更正\n";
  }
  for (const std::string& correction : issue.corrected_by()) {
    text += "本期已由 " + correction + " 更正\n";
  }
  if (!issue.log().empty()) text += "经过：\n";
  for (const v1::IssueLogEntry& entry : issue.log()) {
    std::string who = entry.person();
    if (!entry.user().empty()) who += "（" + entry.user() + "）";
    text += "  " + MinuteText(entry.at_ms(), zone) + " " + who + " " +
            LogActionName(entry.action());
    if (!entry.text().empty()) text += "：" + entry.text();
    text += "\n";
  }
  return text;
}

std::string CaibianChangedText(const v1::CaibianRequest& request,
                               const v1::CaibianChanged& changed,
                               const TimeZone& zone) {
  std::string text = changed.changed() ? "" : "无变化（该操作已做过）：";
  const v1::BulletinItem& item = changed.item();
  const v1::BulletinIssue& issue = changed.issue();
  switch (request.action_case()) {
    case v1::CaibianRequest::kPutItem:
      text += "已保存稿件 " + item.item_id() + "（第 " +
              std::to_string(item.revision()) + " 版，" +
              std::string(ItemPhaseName(item.phase())) + "）《" + item.title() +
              "》";
      break;
    case v1::CaibianRequest::kDropItem:
      text += "稿件 " + item.item_id() + " 已不用（第 " +
              std::to_string(item.revision()) + " 版）：" + item.dropped_reason();
      break;
    case v1::CaibianRequest::kPutIssue:
      text += "已保存草稿 " + issue.issue_id() + "《" + issue.series_name() +
              "》（第 " + std::to_string(issue.revision()) + " 版，" +
              std::to_string(issue.item_ids_size()) + " 篇稿件）";
      break;
    case v1::CaibianRequest::kIssueBulletin:
      text += "已签发《" + issue.series_name() + "》" + IssueNumberText(issue) +
              "（总第" + std::to_string(issue.total_number()) + "期），编号 " +
              issue.issue_id() + "，记录采用 " +
              std::to_string(changed.adoptions_size()) + " 条";
      break;
    case v1::CaibianRequest::kRecordAdoption:
      text += "已记录采用 " + std::to_string(changed.adoptions_size()) + " 条";
      for (const v1::Adoption& adoption : changed.adoptions()) {
        text += "\n  序号 " + std::to_string(adoption.report_sequence()) + " " +
                AdoptionWords(adoption);
      }
      break;
    case v1::CaibianRequest::kRecordInstruction:
      text += "已记录稿件 " + item.item_id() + " 上的批示（" +
              request.record_instruction().instruction().leader() + "）";
      break;
    case v1::CaibianRequest::kCommission: {
      const v1::CommissionState& state = changed.commission();
      text += "已约稿 " + state.commission().commission_id() + "《" +
              state.commission().topic() + "》：";
      std::string units;
      for (const v1::CommissionUnit& unit : state.units()) {
        units += (units.empty() ? "" : "、") + unit.unit_id() + " " +
                 MinuteText(unit.due_at_ms(), zone) + " 到期";
      }
      text += units;
      break;
    }
    case v1::CaibianRequest::kPassUp: {
      const v1::Report& report = changed.passed_up();
      text = changed.changed() ? "已转报上级：" : "无需转报：";
      text += "序号 " + std::to_string(report.sequence()) + "《" + report.title() +
              "》" +
              (changed.changed() ? "，已排入上报队列，按顺序发往上级"
                                 : "，这类报告随报随转，入库时已排入上报队列");
      break;
    }
    case v1::CaibianRequest::kCancelCommission:
      text += "已取消约稿 " + changed.commission().commission().commission_id() +
              "：" + changed.commission().cancelled_reason();
      break;
    default:
      text += "已完成";
  }
  return text + "\n";
}

}  // namespace xinbao::client
