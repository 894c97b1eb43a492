// DubanPolicy: how long a unit has for each duty on a 督办 item, when it is
// reminded (黄灯) and when an overdue duty is escalated (通报候选). Policy,
// not code: [duban] in the broker's TOML, starting from the defaults below
// (docs/DUBAN.md says where each figure comes from).
//
// Every span is clock time or working time (broker/deadlines/span.h), so
// an office may count in working days and a test in milliseconds.
//
// Threads: immutable after construction; safe to read from any thread.
#pragma once

#include <array>

#include "broker/deadlines/span.h"
#include "xinbao/v1/duban.pb.h"

namespace xinbao::broker {

// The terms of one urgency class.
struct UrgencyTerms {
  Span answer_within;   // 办结报告 due, from the issue (or a return, resume)
  Span remind_before;   // 黄灯 this long before the answer is due
  Span escalate_after;  // an overdue answer is escalated this long after
};

struct DubanPolicy {
  // [0] 急件, [1] 一般, [2] 疑难.
  std::array<UrgencyTerms, 3> urgency;
  // 签收: due this long after the issue; reminded, escalated as above.
  Span sign_within;
  Span sign_remind_before;
  Span sign_escalate_after;
  // A 催办 notice must itself be signed for within this.
  Span urge_sign_within;
  // The broker issues a 催办 notice to a unit as soon as one of its duties
  // is overdue (the office may always issue one by hand).
  bool auto_urge = true;

  // The terms for `urgency` (UNSPECIFIED → 一般).
  const UrgencyTerms& For(v1::Urgency urgency) const;
};

// The embedded defaults:
//   急件 3 working days (published practice: 1–5), reminded 1 working day
//   before, escalated 1 working day after; 一般 15 working days, 3 before,
//   3 after; 疑难 30 working days, 5 before, 5 after.
//   签收 within 4 office hours, reminded 1 office hour before, escalated 1
//   working day after (published rules rarely state a receipt deadline:
//   ours — half a working day). A 催办 signed for within 2 office hours.
DubanPolicy DefaultDubanPolicy();

}  // namespace xinbao::broker
