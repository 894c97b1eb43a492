// ReportRules: what a report must hold to be stored, written once and
// checked in two places. The broker (broker/ingest/report_validator.cc) is
// the authority and adds what only it knows: the unit registry, the
// classification ceiling, the attachment limits, who may log a phone call.
// The `xinbao` client checks the same rules before a report enters the
// outbox, so an officer hears at once, field by field, what is missing.
//
// Each group appends one Status per broken rule to `problems`, in a fixed
// order; the Status names the field ("report.title") and says in plain
// Chinese what is wrong, with the wire's ErrorCode.
//
// Threads: pure functions, safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "proto/status.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao {

using Problems = std::vector<Status>;

// How far ahead of the checking clock a report's times may be; the broker's
// default for `[limits] max_clock_skew_seconds`.
inline constexpr int64_t kDefaultMaxClockSkewMs = 5 * 60 * 1000;

// The clock a report's times are checked against.
struct RuleClock {
  int64_t now_ms = 0;
  int64_t max_skew_ms = kDefaultMaxClockSkewMs;
  // Whose clock, as the message names it: "服务端" or "本机".
  std::string_view whose = "中心";
};

// A text field's rule as the checks below apply it, for a client that
// shows the rules on a form (the broker's policy answer sends them).
struct TextRule {
  std::string_view field;  // the path an error names: "report.title"
  std::string_view label;  // what the officer calls it: "标题"
  std::size_t max_chars;   // Unicode code points; 0: bounded only by the
                           // message size
  bool required;
};

// The report's text fields, then its phone call's, in checking order.
std::vector<TextRule> ReportTextRules();

// Where a report's text comes from, for CheckTextFields.
enum class TextOrigin {
  // Built in memory (a client's form or flags): proved to be UTF-8 here.
  kUnchecked,
  // Parsed by protobuf, whose proto3 parser refuses a string field that is
  // not UTF-8 (the broker answers that refusal itself, naming the field):
  // only counted here.
  kParsed,
};

// Required text (idempotency key, unit, title, body), lengths in
// characters, valid UTF-8, well-formed keys and event id, a report that
// corrects itself.
void CheckTextFields(const v1::Report& report, Problems* problems,
                     TextOrigin origin = TextOrigin::kUnchecked);
// Kind, stage, severity and classification are values this version knows;
// kind and classification are given.
void CheckEnumFields(const v1::Report& report, Problems* problems);
// Event id, stage, severity, responsible unit and phone call only on an
// urgent report; an urgent report has an event id and a stage.
void CheckUrgentFields(const v1::Report& report, Problems* problems);
// written_at_ms is given; every time given is after 2000 and not later than
// `clock` allows.
void CheckTimeFields(const v1::Report& report, const RuleClock& clock,
                     Problems* problems);
// Every attachment has a name.
void CheckAttachmentNames(const v1::Report& report, Problems* problems);
// A phone call log names the caller (or the calling unit), the time of the
// call and who took it, within the lengths allowed. Not who may log one.
void CheckPhoneCallFields(const v1::Report& report, Problems* problems);

// All of the above, in that order: every rule a client can check without
// the broker's configuration and unit registry. Empty when none is broken.
Problems ReportProblems(const v1::Report& report, const RuleClock& clock);

// The elements an urgent stage may require (the names of `[events]
// required_*` and of the broker's Policy): whether `report` carries the one
// named `element` — a non-empty text, a set time, a known grade, casualty
// figures present (zeros included). False for a name this version does not
// define. The broker's alarm rules and the web desk's form ask the same.
bool CarriesElement(const v1::Report& report, std::string_view element);
// The report field an element lives in, as Status::field() names fields:
// "occurred_at" → "report.occurred_at_ms", "place" → "report.place".
std::string ElementField(std::string_view element);

// True for a non-empty id of at most `max` characters from [A-Za-z0-9._:-]
// (event ids, unit ids, user names).
bool IsWellFormedId(std::string_view id, std::size_t max);

}  // namespace xinbao
