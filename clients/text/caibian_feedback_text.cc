// FeedbackText and CommissionListText (caibian_text.h): what a unit hears
// back, and what was asked of it.
#include "clients/text/caibian_text.h"
#include "clients/text/caibian_words.h"
#include "clients/text/duban_text.h"
#include "clients/text/event_cells.h"
#include "clients/text/text_table.h"
#include "proto/names.h"

namespace xinbao::client {
namespace {

std::string ReportFeedbackText(const v1::ReportFeedback& report,
                               const TimeZone& zone) {
  std::string text = "序号 " + std::to_string(report.sequence()) + "  " +
                     MinuteText(report.stored_at_ms(), zone) + "  " +
                     std::string(KindName(report.kind())) + "  《" +
                     report.title() + "》\n";
  for (const v1::Adoption& adoption : report.adoptions()) {
    text += "    采用：" + AdoptionWords(adoption) + "\n";
  }
  for (const v1::InstructionNote& note : report.instructions()) {
    text += "    批示：" +
            InstructionWords(note.leader(), note.leader_level(),
                             note.instructed_at_ms(), note.text(), zone);
    if (!note.duban_item_id().empty()) {
      text += "（督办事项 " + note.duban_item_id() + "）";
    }
    text += "\n";
  }
  if (!report.commission_id().empty()) {
    text += "    约稿：回复约稿 " + report.commission_id() + "\n";
  }
  if (report.in_editing() > 0) {
    text += "    编辑中：" + std::to_string(report.in_editing()) +
            " 篇稿件正在编辑\n";
  }
  if (report.adoptions().empty() && report.instructions().empty() &&
      report.in_editing() == 0) {
    text += "    暂未采用\n";
  }
  return text;
}

// "11-05 11:00 按时（序号 4）", "11-10 09:00 逾期（序号 5、6）", "未报".
std::string AnswerText(const v1::CommissionUnit& unit, const ViewClock& clock) {
  if (unit.answered_at_ms() == 0) return "未报";
  std::string sequences;
  for (uint64_t sequence : unit.answer_sequences()) {
    sequences += (sequences.empty() ? "" : "、") + std::to_string(sequence);
  }
  return FormatTime(unit.answered_at_ms(), clock.zone, "%m-%d %H:%M") +
         (unit.answered_late() ? " 逾期" : " 按时") + "（序号 " + sequences + "）";
}

// The deadline: against now while owed, as a time once answered or closed.
std::string DueText(const v1::CommissionState& state,
                    const v1::CommissionUnit& unit, const ViewClock& clock) {
  if (unit.answered_at_ms() != 0 || state.closed()) {
    return FormatTime(unit.due_at_ms(), clock.zone, "%m-%d %H:%M") + " 截止";
  }
  return DueWords(unit.due_at_ms(), clock);
}

}  // namespace

std::string FeedbackText(const v1::Feedback& feedback, const TimeZone& zone) {
  std::string text = UnitName(feedback.unit_names(), feedback.unit_id()) +
                     " 信息采用反馈（件件有回音） " +
                     MinuteText(feedback.from_ms(), zone) + " 至 " +
                     MinuteText(feedback.to_ms(), zone) + "（不含）\n";
  if (feedback.reports().empty()) return text + "本期间没有报告\n";
  text += "共 " + std::to_string(feedback.reports_size()) + " 份报告，被采用 " +
          std::to_string(feedback.adopted()) + " 份\n\n";
  for (const v1::ReportFeedback& report : feedback.reports()) {
    text += ReportFeedbackText(report, zone);
  }
  return text;
}

std::string CommissionListText(const v1::CommissionList& list,
                               const ViewClock& clock) {
  if (list.commissions().empty()) return "没有约稿\n";
  TextTable table({{"灯"},
                   {"编号"},
                   {"题目", TextTable::Align::kLeft, 24},
                   {"单位"},
                   {"时限"},
                   {"回复"}});
  for (const v1::CommissionState& state : list.commissions()) {
    const v1::Commission& commission = state.commission();
    bool first = true;
    for (const v1::CommissionUnit& unit : state.units()) {
      table.AddRow({LightMark(unit.light()),
                    first ? commission.commission_id() : "",
                    first ? commission.topic() : "",
                    UnitName(list.unit_names(), unit.unit_id()),
                    DueText(state, unit, clock), AnswerText(unit, clock)});
      first = false;
    }
    if (state.cancelled()) {
      table.AddNote("    已取消：" + state.cancelled_reason());
    } else if (state.closed()) {
      table.AddNote("    已结束（各单位均已回复）");
    }
  }
  return table.Render(kLineWidth) + "共 " +
         std::to_string(list.commissions_size()) + " 项约稿\n";
}

}  // namespace xinbao::client
