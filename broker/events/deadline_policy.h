// DeadlinePolicy: when each stage of an urgent event is due, and what each
// stage must contain. Policy, not code: it comes from configuration
// ([events] in the broker's TOML), starting from a named preset.
//
// All durations are milliseconds. A duration of 0 means "no deadline".
// Every deadline is measured from a point the EventBook knows:
//   shi_within          from the incident's occurrence time      (事)
//   first_qing_within   from the occurrence time, or the responsible
//                       unit's 事 (FirstQingFrom)                 (first 情)
//   followup            from the responsible unit's latest 情     (next 情)
//                       (or from a reopening), see FollowupRule; none
//                       after its 因 if yin_ends_followups
//   guo_within          from the first 因 of any unit, or the latest
//                       stage (GuoFrom), or a reopening           (果)
//   escalate_after      from the deadline of an OVERDUE alarm still open
//   remind_before       before each deadline: a 临期 alarm (黄灯) from then
//   escalate_concealment_after  from the raising of a 疑似瞒报 still open
//   casualty_followup_within    from occurrence: the window of 补报
//
// Threads: immutable after construction; safe to read from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "broker/deadlines/span.h"  // ParseDuration, ParseTimeOfDay
#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// How often follow-ups (情, 续报) are owed while an event is open: either
// every `every_ms` after the latest one, or at fixed local times of day
// (e.g. 08:00 and 17:00) — the first such time at least `min_gap_ms` after
// the latest one.
struct FollowupRule {
  int64_t every_ms = 0;
  // Minutes after local midnight, ascending, each in [0, 1440).
  std::vector<int> at_minutes;
  int64_t min_gap_ms = 60 * 60 * 1000;
};

// Deadlines for one severity grade.
struct GradeDeadlines {
  int64_t shi_within_ms = 0;
  int64_t first_qing_within_ms = 0;
  FollowupRule followup;
  int64_t guo_within_ms = 0;
  int64_t escalate_after_ms = 0;
  // A DUE_SOON alarm (临期) this long before each deadline; 0: none (no
  // preset sets one).
  int64_t remind_before_ms = 0;
  // A CONCEALMENT_SUSPECTED alarm still open this long after it was
  // raised is escalated; 0: never.
  int64_t escalate_concealment_after_ms = 0;
};

// What the first 情 (续报一) is counted from.
enum class FirstQingFrom {
  kOccurrence,  // "occurrence": the incident's occurrence time
  kShi,         // "shi": the responsible unit's written 事 (when stored)
};

// What the 果 (终报) is counted from, once a 因 (of any unit) exists.
enum class GuoFrom {
  kFirstYin,   // "first_yin": the first 因 of any unit
  kLastStage,  // "last_stage": the responsible unit's latest written
               // report, or that first 因 if it came later
};

// An element a stage may require. Names are the config and wire names; the
// Chinese labels are in proto/names.h (ElementLabel), shared with the
// clients.
enum class Element {
  kOccurredAt,    // "occurred_at"
  kPlace,         // "place"
  kSeverity,      // "severity"
  kCasualties,    // "casualties"
  kSource,        // "source"
  kLosses,        // "losses"
  kScope,         // "scope"
  kMeasures,      // "measures"
  kTrend,         // "trend"
  kApprover,      // "approver"
  kContactName,   // "contact_name"
  kContactPhone,  // "contact_phone"
};

struct DeadlinePolicy {
  // The preset this policy started from ("national", "provincial", "city").
  std::string preset;
  // Indexed by grade: [0] Ⅰ, [1] Ⅱ, [2] Ⅲ, [3] Ⅳ. An event whose grade is
  // not yet known is held to the Ⅳ row.
  std::array<GradeDeadlines, 4> grades;
  // Required elements per stage: [0] 事, [1] 情, [2] 因, [3] 果.
  std::array<std::vector<Element>, 4> required;
  // The broker's time zone ([broker] time_zone, proto/time_zone.h): places
  // FollowupRule::at_minutes and the local times in alarm words.
  TimeZone zone;
  // How often the broker re-evaluates deadlines of open events.
  int64_t check_interval_ms = 1000;
  FirstQingFrom first_qing_from = FirstQingFrom::kOccurrence;
  GuoFrom guo_from = GuoFrom::kFirstYin;
  // Whether the responsible unit's 因 ends the 情 cadence: no further 情
  // owed after it (until a reopening).
  bool yin_ends_followups = false;
  // 补报: a written report stored within this long of the occurrence that
  // changes the casualty figures of an event closed by 果 is a 补报, not
  // an anomaly (生产安全事故报告和调查处理条例 第十三条: 30 days; 7 for
  // 道路交通、火灾). 0: none.
  int64_t casualty_followup_within_ms = 0;

  // The row for `severity` (UNSPECIFIED → Ⅳ).
  const GradeDeadlines& For(v1::Severity severity) const;
  const std::vector<Element>& RequiredFor(v1::Stage stage) const;
};

// The named presets; see docs/EVENTS.md for their tables and sources.
//   "national":   national emergency office practice (事 within 1 h for
//                 Ⅰ–Ⅱ), follow-ups every 12 h (Ⅰ–Ⅱ) or 24 h.
//   "provincial": the stricter provincial practice (Ⅰ–Ⅱ 35 min, Ⅲ 1 h,
//                 Ⅳ 6 h; follow-ups at 08:00 and 17:00; first 情 from
//                 the 事, 果 from the last stage, 疑似瞒报 escalated, 补报
//                 within 30 days).
//   "city":       Ⅰ–Ⅱ 30 min, Ⅲ 1 h, Ⅳ 2 h; follow-ups twice daily for
//                 Ⅰ–Ⅱ, daily otherwise.
Result<DeadlinePolicy> PresetPolicy(std::string_view name);
// The policy a broker runs with when its configuration names none.
DeadlinePolicy DefaultPolicy();  // the "national" preset

// Element names: "occurred_at" …; "" for a value this version does not
// define. ElementLabel: the Chinese label, "发生时间" … (proto/names.h).
std::string_view ElementName(Element element);
std::string_view ElementLabel(Element element);
Result<Element> ParseElement(std::string_view name);

// The [events] choices, by their config names: "occurrence" | "shi";
// "first_yin" | "last_stage". An unknown name fails with
// INVALID_FIELD naming the valid ones.
Result<FirstQingFrom> ParseFirstQingFrom(std::string_view name);
Result<GuoFrom> ParseGuoFrom(std::string_view name);

// Whether `report` carries `element` (a non-empty text, a set time, a
// known grade, casualty figures present).
bool HasElement(const v1::Report& report, Element element);

}  // namespace xinbao::broker
