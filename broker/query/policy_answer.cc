#include "broker/query/policy_answer.h"

#include <array>
#include <string>
#include <vector>

#include <cstdio>

#include "broker/ingest/command_validator.h"
#include "broker/ingest/caibian_validator.h"
#include "broker/ingest/duban_validator.h"
#include "broker/ingest/request_decoder.h"
#include "proto/report_rules.h"

namespace xinbao::broker {
namespace {

constexpr std::array<v1::Stage, 4> kStages = {v1::STAGE_SHI, v1::STAGE_QING,
                                              v1::STAGE_YIN, v1::STAGE_GUO};
constexpr std::array<v1::Severity, 4> kGrades = {
    v1::SEVERITY_I, v1::SEVERITY_II, v1::SEVERITY_III, v1::SEVERITY_IV};

void AddTextLimit(const TextRule& rule, v1::Policy* answer) {
  v1::TextLimit* limit = answer->add_text_limits();
  limit->set_field(std::string(rule.field));
  limit->set_label(std::string(rule.label));
  limit->set_max_chars(static_cast<uint32_t>(rule.max_chars));
  limit->set_required(rule.required);
}

std::string WindowWords(const OfficeWindow& window) {
  auto hhmm = [](int minutes) {
    char text[16];  // room for any int, though minutes are 0..1440
    std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
    return std::string(text);
  };
  return hhmm(window.begin_minute) + "-" + hhmm(window.end_minute);
}

void AnswerCaibian(const BrokerConfig& config, v1::CaibianRules* out) {
  const CaibianPolicy& policy = config.caibian;
  for (const v1::BulletinSeries& series : policy.series) {
    *out->add_series() = series;
  }
  out->set_commission_within(SpanWords(policy.commission_within));
  out->set_commission_remind_before(SpanWords(policy.commission_remind_before));
  out->set_level(policy.level);
  for (const Unit& unit : config.units.units()) {
    if (unit.kind == UnitKind::kOffice) {
      out->set_office_name(unit.name);
      break;
    }
  }
}

void AnswerDuban(const BrokerConfig& config, v1::DubanRules* out) {
  const DubanPolicy& policy = config.duban;
  out->set_sign_within(SpanWords(policy.sign_within));
  out->set_sign_remind_before(SpanWords(policy.sign_remind_before));
  out->set_sign_escalate_after(SpanWords(policy.sign_escalate_after));
  out->set_urge_sign_within(SpanWords(policy.urge_sign_within));
  out->set_auto_urge(policy.auto_urge);
  for (v1::Urgency urgency :
       {v1::URGENCY_URGENT, v1::URGENCY_NORMAL, v1::URGENCY_DIFFICULT}) {
    const UrgencyTerms& terms = policy.For(urgency);
    v1::DubanUrgencyTerms* row = out->add_urgencies();
    row->set_urgency(urgency);
    row->set_answer_within(SpanWords(terms.answer_within));
    row->set_remind_before(SpanWords(terms.remind_before));
    row->set_escalate_after(SpanWords(terms.escalate_after));
  }
  for (int year : config.calendar.years()) out->add_calendar_years(year);
  for (int year : config.calendar.provisional_years()) {
    out->add_provisional_years(year);
  }
  for (const OfficeWindow& window : config.calendar.office_hours()) {
    out->add_office_hours(WindowWords(window));
  }
}

}  // namespace

void AnswerPolicy(const BrokerConfig& config, v1::Policy* answer) {
  answer->Clear();
  const DeadlinePolicy& events = config.events;
  answer->set_preset(events.preset);
  for (v1::Stage stage : kStages) {
    v1::StageElements* stage_elements = answer->add_stages();
    stage_elements->set_stage(stage);
    for (Element element : events.RequiredFor(stage)) {
      v1::PolicyElement* out = stage_elements->add_elements();
      out->set_name(std::string(ElementName(element)));
      out->set_label(std::string(ElementLabel(element)));
    }
  }
  for (v1::Severity severity : kGrades) {
    const GradeDeadlines& grade = events.For(severity);
    v1::GradePolicy* out = answer->add_grades();
    out->set_severity(severity);
    out->set_shi_within_ms(grade.shi_within_ms);
    out->set_first_qing_within_ms(grade.first_qing_within_ms);
    out->mutable_followup()->set_every_ms(grade.followup.every_ms);
    for (int minutes : grade.followup.at_minutes) {
      out->mutable_followup()->add_at_minutes(static_cast<uint32_t>(minutes));
    }
    out->mutable_followup()->set_min_gap_ms(grade.followup.min_gap_ms);
    out->set_guo_within_ms(grade.guo_within_ms);
    out->set_escalate_after_ms(grade.escalate_after_ms);
  }
  answer->set_max_attachment_bytes(config.limits.max_attachment_bytes);
  answer->set_max_attachments(
      static_cast<uint32_t>(config.limits.max_attachments));
  answer->set_max_message_bytes(config.limits.max_message_bytes);
  answer->set_max_classification(config.security.max_classification);
  answer->set_max_clock_skew_ms(config.limits.max_clock_skew_ms);
  for (const TextRule& rule : ReportTextRules()) AddTextLimit(rule, answer);
  for (const TextRule& rule : CommandTextRules()) AddTextLimit(rule, answer);
  for (const TextRule& rule : DubanTextRules()) AddTextLimit(rule, answer);
  for (const TextRule& rule : CaibianTextRules()) AddTextLimit(rule, answer);
  AddTextLimit({"person", "操作人", kMaxPersonChars, false}, answer);
  AnswerDuban(config, answer->mutable_duban());
  AnswerCaibian(config, answer->mutable_caibian());
  answer->set_time_zone(config.zone().name());
}

}  // namespace xinbao::broker
