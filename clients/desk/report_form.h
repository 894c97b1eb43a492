// ReportForm: what the desk's form must hold before its report may enter
// the outbox, field by field in plain Chinese, so the officer fixes
// everything at once instead of hearing of one fault at a time.
//
// The rules: every rule a client can check (proto/report_rules.h, the same
// the broker applies), the unit's own id, the attachment limits the broker
// announced, and — for an urgent report — the elements the broker's policy
// requires of its stage (事 needs 时间、地点、… as configured). Missing
// elements may be sent knowingly (SubmitForm.send_incomplete: the facts
// are not known yet); the broker then raises its 缺要素 alarm.
//
// Threads: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "proto/report_rules.h"
#include "xinbao/web/api.pb.h"

namespace xinbao::desk {

struct FormRules {
  // Element names ("occurred_at", "place" …) per stage: [0] 事 … [3] 果.
  std::array<std::vector<std::string>, 4> required;
  int64_t max_attachment_bytes = 0;  // 0: not known, not checked here
  uint32_t max_attachments = 0;
  RuleClock clock;
};

// The form's report as the desk sends it: unit_id set to the desk's unit
// (a person cannot report for another unit), the rest as typed.
v1::Report ReportOf(const web::api::SubmitForm& form, const std::string& unit_id);

// Every problem of `report`; empty when it may enter the outbox. Missing
// required elements are left out when `send_incomplete`.
std::vector<web::api::FieldProblem> FormProblems(const v1::Report& report,
                                                 bool send_incomplete,
                                                 const FormRules& rules);

}  // namespace xinbao::desk
