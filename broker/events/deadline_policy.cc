#include "broker/events/deadline_policy.h"

#include <span>

#include "proto/names.h"
#include "proto/report_rules.h"

namespace xinbao::broker {
namespace {


// One value per grade: Ⅰ, Ⅱ, Ⅲ, Ⅳ.
using Column = std::array<int64_t, 4>;

// A preset as its table in docs/EVENTS.md reads.
struct Preset {
  std::string_view name;
  Column shi_within;
  Column first_qing_within;
  Column followup_every;  // 0: follow-ups are owed at `followup_at`
  std::span<const int> followup_at;
  Column guo_within;
  Column escalate_after;
  Column escalate_concealment_after;  // 0: never
  FirstQingFrom first_qing_from;
  GuoFrom guo_from;
  bool yin_ends_followups;
  int64_t casualty_followup_within;  // 0: no 补报 window
};

constexpr int kMorningAndAfternoon[] = {8 * 60, 17 * 60};

constexpr Preset kPresets[] = {
    {"national",
     {1 * kHourMs, 1 * kHourMs, 2 * kHourMs, 4 * kHourMs},
     {2 * kHourMs, 2 * kHourMs, 4 * kHourMs, 8 * kHourMs},
     {12 * kHourMs, 12 * kHourMs, 24 * kHourMs, 24 * kHourMs},
     {},
     {72 * kHourMs, 72 * kHourMs, 72 * kHourMs, 72 * kHourMs},
     {30 * kMinuteMs, 30 * kMinuteMs, 1 * kHourMs, 2 * kHourMs},
     {0, 0, 0, 0},
     FirstQingFrom::kOccurrence,
     GuoFrom::kFirstYin,
     false,
     0},
    {"provincial",
     {35 * kMinuteMs, 35 * kMinuteMs, 1 * kHourMs, 6 * kHourMs},
     {2 * kHourMs, 2 * kHourMs, 4 * kHourMs, 12 * kHourMs},
     {0, 0, 0, 0},
     kMorningAndAfternoon,
     {48 * kHourMs, 48 * kHourMs, 72 * kHourMs, 72 * kHourMs},
     {15 * kMinuteMs, 15 * kMinuteMs, 30 * kMinuteMs, 1 * kHourMs},
     {15 * kMinuteMs, 15 * kMinuteMs, 30 * kMinuteMs, 1 * kHourMs},
     FirstQingFrom::kShi,
     GuoFrom::kLastStage,
     false,
     30 * kDayMs},
    {"city",
     {30 * kMinuteMs, 30 * kMinuteMs, 1 * kHourMs, 2 * kHourMs},
     {2 * kHourMs, 2 * kHourMs, 4 * kHourMs, 8 * kHourMs},
     {12 * kHourMs, 12 * kHourMs, 24 * kHourMs, 24 * kHourMs},
     {},
     {72 * kHourMs, 72 * kHourMs, 72 * kHourMs, 72 * kHourMs},
     {30 * kMinuteMs, 30 * kMinuteMs, 1 * kHourMs, 1 * kHourMs},
     {0, 0, 0, 0},
     FirstQingFrom::kOccurrence,
     GuoFrom::kFirstYin,
     false,
     0},
};

DeadlinePolicy Build(const Preset& preset) {
  DeadlinePolicy policy;
  policy.preset = std::string(preset.name);
  for (std::size_t g = 0; g < policy.grades.size(); ++g) {
    GradeDeadlines& row = policy.grades[g];
    row.shi_within_ms = preset.shi_within[g];
    row.first_qing_within_ms = preset.first_qing_within[g];
    row.followup.every_ms = preset.followup_every[g];
    row.followup.at_minutes.assign(preset.followup_at.begin(),
                                   preset.followup_at.end());
    row.followup.min_gap_ms = 1 * kHourMs;
    row.guo_within_ms = preset.guo_within[g];
    row.escalate_after_ms = preset.escalate_after[g];
    row.escalate_concealment_after_ms = preset.escalate_concealment_after[g];
  }
  policy.first_qing_from = preset.first_qing_from;
  policy.guo_from = preset.guo_from;
  policy.yin_ends_followups = preset.yin_ends_followups;
  policy.casualty_followup_within_ms = preset.casualty_followup_within;
  // The same in every preset: what DOMAIN.md lists for each stage.
  policy.required = {{
      {Element::kOccurredAt, Element::kPlace, Element::kSeverity,
       Element::kCasualties, Element::kSource},
      {Element::kCasualties, Element::kMeasures},
      {},
      {Element::kCasualties, Element::kLosses},
  }};
  policy.check_interval_ms = 1000;
  return policy;
}


// A value of an [events] choice and its config name.
template <class T>
struct Choice {
  std::string_view name;
  T value;
};

template <class T, std::size_t N>
Result<T> ParseChoice(std::string_view name, const Choice<T> (&choices)[N]) {
  std::string names;
  for (const Choice<T>& choice : choices) {
    if (choice.name == name) return choice.value;
    if (!names.empty()) names += "、";
    names += choice.name;
  }
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "取值 \"" + std::string(name) + "\" 无效，应为 " + names);
}

struct ElementInfo {
  Element element;
  std::string_view name;  // its label: ElementLabel in proto/names.h;
                          // whether a report carries it: CarriesElement
};

constexpr ElementInfo kElements[] = {
    {Element::kOccurredAt, "occurred_at"},   {Element::kPlace, "place"},
    {Element::kSeverity, "severity"},        {Element::kCasualties, "casualties"},
    {Element::kSource, "source"},            {Element::kLosses, "losses"},
    {Element::kScope, "scope"},              {Element::kMeasures, "measures"},
    {Element::kTrend, "trend"},              {Element::kApprover, "approver"},
    {Element::kContactName, "contact_name"}, {Element::kContactPhone, "contact_phone"},
};

const ElementInfo* Find(Element element) {
  for (const ElementInfo& info : kElements) {
    if (info.element == element) return &info;
  }
  return nullptr;
}

Status Invalid(std::string message) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, std::move(message));
}

}  // namespace

const GradeDeadlines& DeadlinePolicy::For(v1::Severity severity) const {
  switch (severity) {
    case v1::SEVERITY_I:
      return grades[0];
    case v1::SEVERITY_II:
      return grades[1];
    case v1::SEVERITY_III:
      return grades[2];
    default:  // Ⅳ, not yet known, or a number this version does not define
      return grades[3];
  }
}

const std::vector<Element>& DeadlinePolicy::RequiredFor(v1::Stage stage) const {
  static const std::vector<Element> kNone;
  switch (stage) {
    case v1::STAGE_SHI:
      return required[0];
    case v1::STAGE_QING:
      return required[1];
    case v1::STAGE_YIN:
      return required[2];
    case v1::STAGE_GUO:
      return required[3];
    default:
      return kNone;
  }
}

Result<DeadlinePolicy> PresetPolicy(std::string_view name) {
  std::string names;
  for (const Preset& preset : kPresets) {
    if (preset.name == name) return Build(preset);
    if (!names.empty()) names += "、";
    names += preset.name;
  }
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "预设 \"" + std::string(name) + "\" 不存在，应为 " + names,
                "events.preset");
}

DeadlinePolicy DefaultPolicy() { return Build(kPresets[0]); }

std::string_view ElementName(Element element) {
  const ElementInfo* info = Find(element);
  return info == nullptr ? std::string_view() : info->name;
}

std::string_view ElementLabel(Element element) {
  return xinbao::ElementLabel(ElementName(element));
}

Result<Element> ParseElement(std::string_view name) {
  std::string names;
  for (const ElementInfo& info : kElements) {
    if (info.name == name) return info.element;
    if (!names.empty()) names += "、";
    names += info.name;
  }
  return Invalid("要素 \"" + std::string(name) + "\" 不存在，应为 " + names);
}

Result<FirstQingFrom> ParseFirstQingFrom(std::string_view name) {
  static constexpr Choice<FirstQingFrom> kChoices[] = {
      {"occurrence", FirstQingFrom::kOccurrence}, {"shi", FirstQingFrom::kShi}};
  return ParseChoice(name, kChoices);
}

Result<GuoFrom> ParseGuoFrom(std::string_view name) {
  static constexpr Choice<GuoFrom> kChoices[] = {
      {"first_yin", GuoFrom::kFirstYin}, {"last_stage", GuoFrom::kLastStage}};
  return ParseChoice(name, kChoices);
}

bool HasElement(const v1::Report& report, Element element) {
  return CarriesElement(report, ElementName(element));
}

}  // namespace xinbao::broker
