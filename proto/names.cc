#include "proto/names.h"

#include <array>
#include <string>

namespace xinbao {
namespace {

constexpr std::string_view kUnspecifiedName = "未指定";

// One row per enum value: the display name and every accepted spelling
// ('|'-separated; ASCII in lower case). The proto enum name is accepted too.
template <class E>
struct NameRow {
  E value;
  std::string_view display;
  std::string_view spellings;
};

constexpr std::array kKinds = {
    NameRow<v1::Kind>{v1::KIND_URGENT, "紧急信息",
                      "urgent|emergency|紧急|紧急信息|突发|突发事件"},
    NameRow<v1::Kind>{v1::KIND_IMPORTANT_DYNAMIC, "重要动态",
                      "important|重要|重要动态"},
    NameRow<v1::Kind>{v1::KIND_GENERAL_DYNAMIC, "一般动态", "general|一般动态"},
    NameRow<v1::Kind>{v1::KIND_RESEARCH, "调研信息", "research|调研|调研信息"},
    NameRow<v1::Kind>{v1::KIND_EXPERIENCE, "经验做法",
                      "experience|经验|经验做法"},
};

constexpr std::array kStages = {
    NameRow<v1::Stage>{v1::STAGE_SHI, "事", "shi|event|事|首报|初报"},
    NameRow<v1::Stage>{v1::STAGE_QING, "情", "qing|situation|情|续报"},
    NameRow<v1::Stage>{v1::STAGE_YIN, "因", "yin|cause|因"},
    NameRow<v1::Stage>{v1::STAGE_GUO, "果", "guo|outcome|果|终报"},
};

constexpr std::array kSeverities = {
    NameRow<v1::Severity>{v1::SEVERITY_I, "Ⅰ级(特别重大)",
                          "i|1|Ⅰ|i级|1级|Ⅰ级|特别重大|Ⅰ级(特别重大)"},
    NameRow<v1::Severity>{v1::SEVERITY_II, "Ⅱ级(重大)",
                          "ii|2|Ⅱ|ii级|2级|Ⅱ级|重大|Ⅱ级(重大)"},
    NameRow<v1::Severity>{v1::SEVERITY_III, "Ⅲ级(较大)",
                          "iii|3|Ⅲ|iii级|3级|Ⅲ级|较大|Ⅲ级(较大)"},
    NameRow<v1::Severity>{v1::SEVERITY_IV, "Ⅳ级(一般)",
                          "iv|4|Ⅳ|iv级|4级|Ⅳ级|一般|Ⅳ级(一般)"},
};

constexpr std::array kClassifications = {
    NameRow<v1::Classification>{v1::CLASSIFICATION_PUBLIC, "公开",
                                "public|公开|非密"},
    NameRow<v1::Classification>{v1::CLASSIFICATION_INTERNAL, "内部",
                                "internal|内部"},
    NameRow<v1::Classification>{v1::CLASSIFICATION_SECRET, "秘密",
                                "secret|秘密"},
    NameRow<v1::Classification>{v1::CLASSIFICATION_CONFIDENTIAL, "机密",
                                "confidential|机密"},
    NameRow<v1::Classification>{v1::CLASSIFICATION_TOP_SECRET, "绝密",
                                "top-secret|top_secret|topsecret|绝密"},
};

constexpr std::array kUrgencies = {
    NameRow<v1::Urgency>{v1::URGENCY_URGENT, "急件", "urgent|急件|急"},
    NameRow<v1::Urgency>{v1::URGENCY_NORMAL, "一般", "normal|一般|一般件"},
    NameRow<v1::Urgency>{v1::URGENCY_DIFFICULT, "疑难",
                         "difficult|疑难|疑难件"},
};

constexpr std::array kLeaderLevels = {
    NameRow<v1::LeaderLevel>{v1::LEADER_LEVEL_COUNTY, "县级", "county|县|县级"},
    NameRow<v1::LeaderLevel>{v1::LEADER_LEVEL_CITY, "市级", "city|市|市级"},
    NameRow<v1::LeaderLevel>{v1::LEADER_LEVEL_PROVINCE, "省级",
                             "province|provincial|省|省级"},
    NameRow<v1::LeaderLevel>{v1::LEADER_LEVEL_NATIONAL, "中央",
                             "national|中央|国家|国家级|中央级"},
};

constexpr std::array kSeriesKinds = {
    NameRow<v1::SeriesKind>{v1::SERIES_KIND_ROUTINE, "常规",
                            "routine|常规|信息|政务信息"},
    NameRow<v1::SeriesKind>{v1::SERIES_KIND_EXPRESS, "快报", "express|快报"},
    NameRow<v1::SeriesKind>{v1::SERIES_KIND_SPECIAL, "专报", "special|专报"},
    NameRow<v1::SeriesKind>{v1::SERIES_KIND_SUPPLEMENT, "增刊",
                            "supplement|增刊"},
    NameRow<v1::SeriesKind>{v1::SERIES_KIND_ALERT, "要情", "alert|要情"},
};

constexpr std::array kItemPhases = {
    NameRow<v1::ItemPhase>{v1::ITEM_PHASE_CANDIDATE, "备选", "candidate|备选"},
    NameRow<v1::ItemPhase>{v1::ITEM_PHASE_PLACED, "已编入", "placed|已编入"},
    NameRow<v1::ItemPhase>{v1::ITEM_PHASE_ISSUED, "已刊发", "issued|已刊发"},
    NameRow<v1::ItemPhase>{v1::ITEM_PHASE_DROPPED, "不用", "dropped|不用"},
};

constexpr std::array kIssuePhases = {
    NameRow<v1::IssuePhase>{v1::ISSUE_PHASE_DRAFT, "编辑中", "draft|编辑中|草稿"},
    NameRow<v1::IssuePhase>{v1::ISSUE_PHASE_ISSUED, "已签发", "issued|已签发"},
};

constexpr std::array kAdoptionOrigins = {
    NameRow<v1::AdoptionOrigin>{v1::ADOPTION_ORIGIN_LOCAL_ISSUE, "本级签发",
                                "local|本级签发"},
    NameRow<v1::AdoptionOrigin>{v1::ADOPTION_ORIGIN_ENTERED, "录入",
                                "entered|录入"},
    NameRow<v1::AdoptionOrigin>{v1::ADOPTION_ORIGIN_UPSTREAM, "上级报来",
                                "upstream|上级报来"},
};

constexpr std::array kScoreSources = {
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_REPORTS, "报送", "reports"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_QUOTA, "报送定额", "quota"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_ADOPTION, "采用", "adoption"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_INSTRUCTION, "批示", "instruction"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_COMMISSION, "约稿", "commission"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_LATE, "迟报", "late"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_MISSING_ELEMENTS, "漏报",
                             "missing-elements"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_CONCEALMENT, "疑似瞒报",
                             "concealment"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_DUBAN_CLOSED, "督办按时办结",
                             "duban-closed"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_DUBAN_OVERDUE, "督办超期",
                             "duban-overdue"},
    NameRow<v1::ScoreSource>{v1::SCORE_SOURCE_DUBAN_URGED, "督办催办",
                             "duban-urged"},
};

constexpr std::array kStepKinds = {
    NameRow<v1::StepKind>{v1::STEP_KIND_ISSUE, "交办", "issue|交办"},
    NameRow<v1::StepKind>{v1::STEP_KIND_SIGN, "签收", "sign|签收"},
    NameRow<v1::StepKind>{v1::STEP_KIND_PROGRESS, "办理进展",
                          "progress|办理|办理进展|进展"},
    NameRow<v1::StepKind>{v1::STEP_KIND_RESULT, "办结报告",
                          "result|answer|办结|办结报告|办理意见"},
    NameRow<v1::StepKind>{v1::STEP_KIND_ACCEPT, "办结销号",
                          "accept|销号|办结销号|复核通过"},
    NameRow<v1::StepKind>{v1::STEP_KIND_RETURN, "退回重办",
                          "return|退回|退回重办"},
    NameRow<v1::StepKind>{v1::STEP_KIND_SUSPEND, "中止", "suspend|中止"},
    NameRow<v1::StepKind>{v1::STEP_KIND_RESUME, "恢复", "resume|恢复"},
    NameRow<v1::StepKind>{v1::STEP_KIND_URGE, "催办", "urge|催办"},
    NameRow<v1::StepKind>{v1::STEP_KIND_SIGN_URGE, "签收催办",
                          "sign-urge|sign_urge|签收催办|催办签收"},
};

constexpr std::array kUnitPhases = {
    NameRow<v1::UnitPhase>{v1::UNIT_PHASE_ISSUED, "待签收",
                           "issued|unsigned|待签收"},
    NameRow<v1::UnitPhase>{v1::UNIT_PHASE_SIGNED, "办理中",
                           "signed|working|办理中|已签收"},
    NameRow<v1::UnitPhase>{v1::UNIT_PHASE_ANSWERED, "待复核",
                           "answered|待复核|已报办结"},
    NameRow<v1::UnitPhase>{v1::UNIT_PHASE_DONE, "已办结",
                           "done|closed|已办结|办结|销号"},
};

constexpr std::array kLights = {
    NameRow<v1::Light>{v1::LIGHT_GREEN, "绿灯", "green|绿|绿灯"},
    NameRow<v1::Light>{v1::LIGHT_YELLOW, "黄灯", "yellow|黄|黄灯|临期"},
    NameRow<v1::Light>{v1::LIGHT_RED, "红灯", "red|红|红灯|超期"},
};

// The elements a stage may require (broker::Element): wire name, label.
struct ElementRow {
  std::string_view name;
  std::string_view label;
};

constexpr ElementRow kElements[] = {
    {"occurred_at", "发生时间"}, {"place", "地点"},
    {"severity", "事件等级"},    {"casualties", "伤亡人数"},
    {"source", "信息来源"},      {"losses", "损失情况"},
    {"scope", "影响范围"},       {"measures", "已采取的措施"},
    {"trend", "发展趋势"},       {"approver", "签发人"},
    {"contact_name", "联系人"},  {"contact_phone", "联系电话"},
};

// Trims ASCII spaces and lower-cases ASCII letters; other bytes (UTF-8 of
// Chinese text) pass through unchanged.
std::string Fold(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  text = text.substr(first, text.find_last_not_of(kSpace) - first + 1);
  std::string folded(text);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

bool HasSpelling(std::string_view spellings, std::string_view folded) {
  while (!spellings.empty()) {
    const auto bar = spellings.find('|');
    if (spellings.substr(0, bar) == folded) return true;
    if (bar == std::string_view::npos) break;
    spellings.remove_prefix(bar + 1);
  }
  return false;
}

template <class E, std::size_t N>
std::string_view Display(const std::array<NameRow<E>, N>& table, E value) {
  for (const auto& row : table) {
    if (row.value == value) return row.display;
  }
  return kUnspecifiedName;
}

template <class E, std::size_t N>
std::optional<E> Parse(const std::array<NameRow<E>, N>& table,
                       std::string_view text) {
  const std::string folded = Fold(text);
  if (folded.empty()) return std::nullopt;
  for (const auto& row : table) {
    if (HasSpelling(row.spellings, folded)) return row.value;
  }
  // The proto enum name ("KIND_URGENT"), as protobuf JSON writes it.
  const auto* descriptor = google::protobuf::GetEnumDescriptor<E>();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto* value = descriptor->value(i);
    if (value->number() != 0 && Fold(value->name()) == folded) {
      return static_cast<E>(value->number());
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view KindName(v1::Kind kind) { return Display(kKinds, kind); }

std::string_view KindSlug(v1::Kind kind) {
  for (const auto& row : kKinds) {
    if (row.value == kind) return row.spellings.substr(0, row.spellings.find('|'));
  }
  return "unspecified";
}
std::string_view StageName(v1::Stage stage) { return Display(kStages, stage); }
std::string_view SeverityName(v1::Severity severity) {
  return Display(kSeverities, severity);
}
std::string_view ClassificationName(v1::Classification classification) {
  return Display(kClassifications, classification);
}

std::string ChineseNumeral(uint32_t n) {
  constexpr std::array<std::string_view, 10> kDigits = {
      "", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n == 0 || n >= 100) return std::to_string(n);
  std::string name;
  if (n >= 20) name += kDigits[n / 10];
  if (n >= 10) name += "十";
  name += kDigits[n % 10];
  return name;
}

std::string FollowupName(uint32_t n) {
  return n == 0 ? "续报" : "续报" + ChineseNumeral(n);
}

std::string StageLabel(v1::Stage stage, uint32_t followup) {
  const std::string name(StageName(stage));
  switch (stage) {
    case v1::STAGE_SHI:
      return "首报（" + name + "）";
    case v1::STAGE_QING:
      return FollowupName(followup) + "（" + name + "）";
    case v1::STAGE_YIN:
      return "原因（" + name + "）";
    case v1::STAGE_GUO:
      return "终报（" + name + "）";
    default:
      return name;
  }
}

std::string_view ElementLabel(std::string_view element_name) {
  for (const ElementRow& row : kElements) {
    if (row.name == element_name) return row.label;
  }
  return element_name;
}

std::string_view UrgencyName(v1::Urgency urgency) {
  return Display(kUrgencies, urgency);
}
std::string_view LeaderLevelName(v1::LeaderLevel level) {
  return Display(kLeaderLevels, level);
}
std::string_view StepKindName(v1::StepKind kind) {
  return Display(kStepKinds, kind);
}
std::string_view UnitPhaseName(v1::UnitPhase phase) {
  return Display(kUnitPhases, phase);
}
std::string_view LightName(v1::Light light) {
  if (light == v1::LIGHT_UNSPECIFIED) return "无";
  return Display(kLights, light);
}

std::string_view SeriesKindName(v1::SeriesKind kind) {
  return Display(kSeriesKinds, kind);
}
std::string_view ItemPhaseName(v1::ItemPhase phase) {
  return Display(kItemPhases, phase);
}
std::optional<v1::SeriesKind> ParseSeriesKind(std::string_view text) {
  return Parse(kSeriesKinds, text);
}
std::string_view IssuePhaseName(v1::IssuePhase phase) {
  return Display(kIssuePhases, phase);
}
std::string_view AdoptionOriginName(v1::AdoptionOrigin origin) {
  return Display(kAdoptionOrigins, origin);
}
std::string_view ScoreSourceName(v1::ScoreSource source) {
  for (const auto& row : kScoreSources) {
    if (row.value == source) return row.display;
  }
  return "其他";
}

std::string DutyLabel(v1::Duty duty, uint32_t number, bool lead) {
  switch (duty) {
    case v1::DUTY_SIGN:
      return "签收";
    case v1::DUTY_ANSWER: {
      std::string label = lead ? "办结报告" : "办理意见";
      if (number > 1) label += "（第" + std::to_string(number) + "轮）";
      return label;
    }
    case v1::DUTY_SIGN_URGE:
      return "第" + std::to_string(number) + "次催办通知的签收";
    case v1::DUTY_COMMISSION:
      return "约稿";
    default:
      return std::string(kUnspecifiedName);
  }
}

std::optional<v1::Urgency> ParseUrgency(std::string_view text) {
  return Parse(kUrgencies, text);
}
std::optional<v1::LeaderLevel> ParseLeaderLevel(std::string_view text) {
  return Parse(kLeaderLevels, text);
}
std::optional<v1::StepKind> ParseStepKind(std::string_view text) {
  return Parse(kStepKinds, text);
}
std::optional<v1::UnitPhase> ParseUnitPhase(std::string_view text) {
  return Parse(kUnitPhases, text);
}
std::optional<v1::Light> ParseLight(std::string_view text) {
  return Parse(kLights, text);
}

std::optional<v1::Kind> ParseKind(std::string_view text) {
  return Parse(kKinds, text);
}
std::optional<v1::Stage> ParseStage(std::string_view text) {
  return Parse(kStages, text);
}
std::optional<v1::Severity> ParseSeverity(std::string_view text) {
  return Parse(kSeverities, text);
}
std::optional<v1::Classification> ParseClassification(std::string_view text) {
  return Parse(kClassifications, text);
}

std::string DurationWords(int64_t ms) {
  const int64_t minutes = ms / 60000;
  if (minutes < 1) return "不到1分";
  const int64_t days = minutes / (24 * 60);
  const int64_t hours = minutes / 60 % 24;
  const int64_t rest = minutes % 60;
  const auto part = [](int64_t value, std::string_view unit) {
    return value > 0 ? std::to_string(value) + std::string(unit)
                     : std::string();
  };
  if (days > 0) return part(days, "天") + part(hours, "小时");
  return part(hours, "小时") + part(rest, "分");
}

}  // namespace xinbao
