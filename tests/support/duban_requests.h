// 督办 requests as tests send them: an item issued by the demo county's
// office, and one step on it.
#pragma once

#include <initializer_list>
#include <string>

#include "xinbao/v1/wire.pb.h"

namespace xinbao::testing {

inline constexpr char kOffice[] = "county-office";

// issue_duban for item `id`: 县长 王明's instruction to `lead` (and `co`),
// 一般 unless `urgency` says otherwise, issued by 张主任 of the office.
inline v1::Envelope IssueRequest(const std::string& id, const std::string& lead,
                                 std::initializer_list<std::string> co = {},
                                 v1::Urgency urgency = v1::URGENCY_NORMAL) {
  v1::Envelope envelope;
  envelope.set_request_id("issue-" + id);
  v1::DubanItem* item = envelope.mutable_issue_duban()->mutable_item();
  item->set_item_id(id);
  item->set_title("河口镇防汛物资储备不足问题");
  item->set_instruction("请河口镇会同水利、应急部门立即核实，一周内补齐并报结果。");
  item->set_leader("王明");
  item->set_leader_level(v1::LEADER_LEVEL_COUNTY);
  item->set_lead_unit_id(lead);
  for (const std::string& unit : co) item->add_co_unit_ids(unit);
  item->set_urgency(urgency);
  item->set_requirements("逐项列明补齐的物资和数量。");
  item->set_classification(v1::CLASSIFICATION_INTERNAL);
  item->set_office_unit_id(kOffice);
  item->set_officer("张主任");
  return envelope;
}

// duban_step `kind` on item `id` by `unit` (for an office step, `unit` is
// the office and `target` the assigned unit), with step id `step_id`.
inline v1::Envelope StepRequest(const std::string& id,
                                const std::string& step_id, v1::StepKind kind,
                                const std::string& unit,
                                const std::string& text = "",
                                const std::string& target = "") {
  v1::Envelope envelope;
  envelope.set_request_id(step_id);
  v1::DubanStepRequest* step = envelope.mutable_duban_step();
  step->set_item_id(id);
  step->set_step_id(step_id);
  step->set_kind(kind);
  step->set_unit_id(unit);
  step->set_person(unit == kOffice ? "张主任" : "李文书");
  step->set_text(text);
  step->set_target_unit_id(target);
  return envelope;
}

}  // namespace xinbao::testing
