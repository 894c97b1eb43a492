#include "broker/config/config.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>
#include <toml++/toml.h>

#include "broker/config/config_error.h"
#include "broker/deadlines/span.h"
#include "broker/deadlines/work_calendar.h"
#include "proto/toml_file.h"

#include "proto/names.h"

namespace xinbao::broker {
namespace {

// Refuses keys of `table` that are not in `known`.
Status CheckKeys(const toml::table& table, const std::string& where,
                 const std::set<std::string_view>& known) {
  for (const auto& [key, value] : table) {
    if (!known.contains(key.str())) {
      return ConfigError(where + std::string(key.str()), "未知的配置项（拼写错误？）");
    }
  }
  return Status::Ok();
}

// Reads an optional integer in [minimum, maximum] into *out.
template <class T>
Status ReadInt(const toml::table& table, const std::string& where,
               std::string_view key, int64_t minimum, int64_t scale, T* out,
               int64_t maximum = std::numeric_limits<int64_t>::max()) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  // No value past what *out holds once scaled (max_clock_skew_seconds is
  // kept in ms: 9223372036854775807 seconds would overflow).
  constexpr uint64_t kMostOfT = std::numeric_limits<T>::max();
  maximum = std::min<uint64_t>(
      {static_cast<uint64_t>(maximum),
       static_cast<uint64_t>(std::numeric_limits<int64_t>::max() / scale),
       kMostOfT / static_cast<uint64_t>(scale)});
  std::optional<int64_t> value = TomlInteger(*node);
  if (!value || *value < minimum || *value > maximum) {
    return ConfigError(where + std::string(key),
                       maximum == std::numeric_limits<int64_t>::max()
                           ? "应为不小于 " + std::to_string(minimum) + " 的整数"
                           : "应为 " + std::to_string(minimum) + " 到 " +
                                 std::to_string(maximum) + " 之间的整数");
  }
  *out = static_cast<T>(*value * scale);
  return Status::Ok();
}

Status ReadString(const toml::table& table, const std::string& where,
                  std::string_view key, std::string* out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  std::optional<std::string> value = node->value<std::string>();
  if (!value || value->empty()) {
    return ConfigError(where + std::string(key), "应为非空字符串");
  }
  *out = *value;
  return Status::Ok();
}

// Reads an optional duration ("30m", "1h30m", "none") into *out, in ms.
Status ReadDuration(const toml::table& table, const std::string& where,
                    std::string_view key, int64_t* out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  std::optional<std::string> text = node->value<std::string>();
  if (!text) {
    return ConfigError(where + std::string(key),
                       "应为时长字符串，如 \"30m\"、\"1h30m\" 或 \"none\"");
  }
  Result<int64_t> parsed = ParseDuration(*text);
  if (!parsed.ok()) {
    return ConfigError(where + std::string(key), parsed.status().message());
  }
  *out = parsed.value();
  return Status::Ok();
}

// Reads an optional array of strings, each turned into a T by `parse`
// (which returns Result<T>), into *out; nullopt if the key is absent.
// Refuses duplicates.
template <class T, class Parse>
Status ReadList(const toml::table& table, const std::string& where,
                std::string_view key, Parse parse,
                std::optional<std::vector<T>>* out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  const std::string name = where + std::string(key);
  const toml::array* array = node->as_array();
  if (array == nullptr) return ConfigError(name, "应为字符串数组");
  std::vector<T> items;
  for (const toml::node& item : *array) {
    std::optional<std::string> text = item.value<std::string>();
    if (!text) return ConfigError(name, "应为字符串数组");
    Result<T> parsed = parse(*text);
    if (!parsed.ok()) return ConfigError(name, parsed.status().message());
    if (std::find(items.begin(), items.end(), parsed.value()) != items.end()) {
      return ConfigError(name, "\"" + *text + "\" 重复");
    }
    items.push_back(parsed.value());
  }
  *out = std::move(items);
  return Status::Ok();
}

// One [events.grade.X] table; `where` is "events.grade.X.".
Status ReadGrade(const toml::table& table, const std::string& where,
                 GradeDeadlines* grade) {
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where,
      {"shi_within", "first_qing_within", "followup_every", "followup_at",
       "followup_min_gap", "guo_within", "escalate_after", "remind_before",
       "escalate_concealment_after"}));
  XINBAO_RETURN_IF_ERROR(
      ReadDuration(table, where, "shi_within", &grade->shi_within_ms));
  XINBAO_RETURN_IF_ERROR(ReadDuration(table, where, "first_qing_within",
                                      &grade->first_qing_within_ms));
  XINBAO_RETURN_IF_ERROR(
      ReadDuration(table, where, "guo_within", &grade->guo_within_ms));
  XINBAO_RETURN_IF_ERROR(
      ReadDuration(table, where, "escalate_after", &grade->escalate_after_ms));
  XINBAO_RETURN_IF_ERROR(
      ReadDuration(table, where, "remind_before", &grade->remind_before_ms));
  XINBAO_RETURN_IF_ERROR(ReadDuration(table, where,
                                      "escalate_concealment_after",
                                      &grade->escalate_concealment_after_ms));
  FollowupRule& followup = grade->followup;
  XINBAO_RETURN_IF_ERROR(
      ReadDuration(table, where, "followup_min_gap", &followup.min_gap_ms));
  // Follow-ups are owed either every so long or at times of day: setting
  // one form replaces the other.
  if (table.contains("followup_every") && table.contains("followup_at")) {
    return ConfigError(where + "followup_at",
                       "与 followup_every 只能设其一（按间隔或按时刻）");
  }
  if (table.contains("followup_every")) {
    followup.at_minutes.clear();
    XINBAO_RETURN_IF_ERROR(
        ReadDuration(table, where, "followup_every", &followup.every_ms));
  }
  std::optional<std::vector<int>> at;
  XINBAO_RETURN_IF_ERROR(
      ReadList(table, where, "followup_at", ParseTimeOfDay, &at));
  if (at) {
    std::sort(at->begin(), at->end());
    followup.at_minutes = std::move(*at);
    followup.every_ms = 0;
  }
  return Status::Ok();
}

// [events.grade]: tables I, II, III, IV.
Status ReadGrades(const toml::table& table, DeadlinePolicy* policy) {
  static constexpr std::array<std::string_view, 4> kGrades = {"I", "II", "III",
                                                              "IV"};
  for (const auto& [key, node] : table) {
    const std::string where = "events.grade." + std::string(key.str());
    auto grade = std::find(kGrades.begin(), kGrades.end(), key.str());
    if (grade == kGrades.end()) {
      return ConfigError(where, "未知的等级，应为 I、II、III 或 IV");
    }
    const toml::table* grade_table = node.as_table();
    if (grade_table == nullptr) {
      return ConfigError(where, "应为一个表 [" + where + "]");
    }
    XINBAO_RETURN_IF_ERROR(ReadGrade(*grade_table, where + ".",
                                     &policy->grades[grade - kGrades.begin()]));
  }
  return Status::Ok();
}

// [events.required]: keys shi, qing, yin, guo; each replaces that stage's
// list of required elements.
Status ReadRequired(const toml::table& table, DeadlinePolicy* policy) {
  static constexpr std::array<std::string_view, 4> kStages = {"shi", "qing",
                                                              "yin", "guo"};
  const std::string where = "events.required.";
  XINBAO_RETURN_IF_ERROR(
      CheckKeys(table, where,
                std::set<std::string_view>(kStages.begin(), kStages.end())));
  for (std::size_t stage = 0; stage < kStages.size(); ++stage) {
    std::optional<std::vector<Element>> elements;
    XINBAO_RETURN_IF_ERROR(
        ReadList(table, where, kStages[stage], ParseElement, &elements));
    if (elements) policy->required[stage] = std::move(*elements);
  }
  return Status::Ok();
}

// Returns the sub-table `key` of `table` in *out (nullptr if absent), or an
// error if `key` is there but not a table.
Status SubTable(const toml::table& table, const std::string& where,
                std::string_view key, const toml::table** out) {
  const toml::node* node = table.get(key);
  *out = node == nullptr ? nullptr : node->as_table();
  if (node != nullptr && *out == nullptr) {
    return ConfigError(where + std::string(key),
                       "应为一个表 [" + where + std::string(key) + "]");
  }
  return Status::Ok();
}

// Reads an optional name among an [events] choice's (`parse` returns
// Result<T>) into *out.
template <class T, class Parse>
Status ReadChoice(const toml::table& table, const std::string& where,
                  std::string_view key, Parse parse, T* out) {
  if (!table.contains(key)) return Status::Ok();
  std::string name;
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, key, &name));
  Result<T> parsed = parse(name);
  if (!parsed.ok()) {
    return ConfigError(where + std::string(key), parsed.status().message());
  }
  *out = parsed.value();
  return Status::Ok();
}

// Reads an optional true/false into *out.
Status ReadBool(const toml::table& table, const std::string& where,
                std::string_view key, bool* out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  std::optional<bool> value = node->value_exact<bool>();
  if (!value) return ConfigError(where + std::string(key), "应为 true 或 false");
  *out = *value;
  return Status::Ok();
}

// The [events] rules of how deadlines are counted (all optional).
Status ReadEventRules(const toml::table& table, const std::string& where,
                      DeadlinePolicy* policy) {
  XINBAO_RETURN_IF_ERROR(ReadChoice(table, where, "first_qing_from",
                                    ParseFirstQingFrom,
                                    &policy->first_qing_from));
  XINBAO_RETURN_IF_ERROR(
      ReadChoice(table, where, "guo_from", ParseGuoFrom, &policy->guo_from));
  XINBAO_RETURN_IF_ERROR(ReadBool(table, where, "yin_ends_followups",
                                  &policy->yin_ends_followups));
  return ReadDuration(table, where, "casualty_followup_within",
                      &policy->casualty_followup_within_ms);
}

Status ReadEvents(const toml::table& table, DeadlinePolicy* policy) {
  const std::string where = "events.";
  if (table.contains("utc_offset_minutes")) {
    return ConfigError(where + "utc_offset_minutes",
                       "已不再使用：时区改由 [broker] time_zone 设定，"
                       "如 time_zone = \"Asia/Shanghai\"");
  }
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where,
      {"preset", "check_interval_ms", "grade", "required", "first_qing_from",
       "guo_from", "yin_ends_followups", "casualty_followup_within"}));
  // The preset first, wherever it stands in the file: every other key
  // overrides it.
  if (table.contains("preset")) {
    std::string name;
    XINBAO_RETURN_IF_ERROR(ReadString(table, where, "preset", &name));
    Result<DeadlinePolicy> preset = PresetPolicy(name);
    if (!preset.ok()) {
      return ConfigError(where + "preset", preset.status().message());
    }
    TimeZone zone = policy->zone;  // set from [broker], not the preset
    *policy = std::move(preset).value();
    policy->zone = std::move(zone);
  }
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "check_interval_ms", 10, 1,
                                 &policy->check_interval_ms));
  XINBAO_RETURN_IF_ERROR(ReadEventRules(table, where, policy));
  const toml::table* grades = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(table, where, "grade", &grades));
  if (grades != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadGrades(*grades, policy));
  }
  const toml::table* required = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(table, where, "required", &required));
  if (required != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadRequired(*required, policy));
  }
  return Status::Ok();
}

// Reads an optional number (integer or decimal) that must be finite and
// not negative into *out.
Status ReadNonNegative(const toml::table& table, const std::string& where,
                       std::string_view key, double* out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  std::optional<double> value = node->value<double>();
  if (!value || !std::isfinite(*value) || *value < 0) {
    return ConfigError(where + std::string(key), "应为不小于 0 的数");
  }
  *out = *value;
  return Status::Ok();
}

// Reads an optional span ("3wd", "4wh", "2h", "500ms", "none") into *out.
Status ReadSpan(const toml::table& table, const std::string& where,
                std::string_view key, Span* out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  std::optional<std::string> text = node->value<std::string>();
  if (!text) {
    return ConfigError(where + std::string(key),
                       "应为时限字符串，如 \"3wd\"（工作日）、\"4wh\"（工作小时）、"
                       "\"2h\" 或 \"none\"");
  }
  Result<Span> parsed = ParseSpan(*text);
  if (!parsed.ok()) {
    return ConfigError(where + std::string(key), parsed.status().message());
  }
  *out = parsed.value();
  return Status::Ok();
}

// [duban]: the spans of 督办 duties (broker/duban/duban_policy.h), and
// [duban.urgency.urgent|normal|difficult] per urgency class.
Status ReadDuban(const toml::table& table, DubanPolicy* policy) {
  const std::string where = "duban.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where,
      {"sign_within", "sign_remind_before", "sign_escalate_after",
       "urge_sign_within", "auto_urge", "urgency"}));
  XINBAO_RETURN_IF_ERROR(ReadSpan(table, where, "sign_within",
                                  &policy->sign_within));
  XINBAO_RETURN_IF_ERROR(ReadSpan(table, where, "sign_remind_before",
                                  &policy->sign_remind_before));
  XINBAO_RETURN_IF_ERROR(ReadSpan(table, where, "sign_escalate_after",
                                  &policy->sign_escalate_after));
  XINBAO_RETURN_IF_ERROR(ReadSpan(table, where, "urge_sign_within",
                                  &policy->urge_sign_within));
  if (const toml::node* node = table.get("auto_urge")) {
    std::optional<bool> value = node->value<bool>();
    if (!value) return ConfigError(where + "auto_urge", "应为 true 或 false");
    policy->auto_urge = *value;
  }
  const toml::table* urgency = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(table, where, "urgency", &urgency));
  if (urgency == nullptr) return Status::Ok();
  static constexpr std::pair<std::string_view, std::size_t> kClasses[] = {
      {"urgent", 0}, {"normal", 1}, {"difficult", 2}};
  XINBAO_RETURN_IF_ERROR(
      CheckKeys(*urgency, where + "urgency.", {"urgent", "normal", "difficult"}));
  for (const auto& [name, index] : kClasses) {
    const toml::table* terms = nullptr;
    XINBAO_RETURN_IF_ERROR(
        SubTable(*urgency, where + "urgency.", name, &terms));
    if (terms == nullptr) continue;
    const std::string at = where + "urgency." + std::string(name) + ".";
    XINBAO_RETURN_IF_ERROR(CheckKeys(
        *terms, at, {"answer_within", "remind_before", "escalate_after"}));
    UrgencyTerms& row = policy->urgency[index];
    XINBAO_RETURN_IF_ERROR(
        ReadSpan(*terms, at, "answer_within", &row.answer_within));
    XINBAO_RETURN_IF_ERROR(
        ReadSpan(*terms, at, "remind_before", &row.remind_before));
    XINBAO_RETURN_IF_ERROR(
        ReadSpan(*terms, at, "escalate_after", &row.escalate_after));
  }
  return Status::Ok();
}

// One [caibian.series.<id>] table.
Status ReadSeries(const toml::table& table, const std::string& where,
                  std::string_view id, v1::BulletinSeries* series) {
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where,
      {"name", "kind", "approver", "compiled_by", "send_to", "copy_to",
       "classification"}));
  const bool id_ok =
      !id.empty() && id.size() <= 32 &&
      std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '_' || c == '-';
      });
  if (!id_ok) {
    return ConfigError(where, "简报编号应为 1–32 个字母、数字、_ 或 -");
  }
  series->set_series_id(std::string(id));
  std::string text;
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "name", &text));
  if (text.empty()) return ConfigError(where + "name", "缺少简报名称");
  series->set_name(text);
  text = "routine";
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "kind", &text));
  std::optional<v1::SeriesKind> kind = ParseSeriesKind(text);
  if (!kind) {
    return ConfigError(where + "kind",
                       "应为 routine（常规）、express（快报）、special（专报）、"
                       "supplement（增刊）或 alert（要情）");
  }
  series->set_kind(*kind);
  static constexpr std::pair<std::string_view,
                             void (v1::BulletinSeries::*)(const std::string&)>
      kLines[] = {{"approver", &v1::BulletinSeries::set_approver},
                  {"compiled_by", &v1::BulletinSeries::set_compiled_by},
                  {"send_to", &v1::BulletinSeries::set_send_to},
                  {"copy_to", &v1::BulletinSeries::set_copy_to}};
  for (const auto& [key, set] : kLines) {
    std::string line;
    XINBAO_RETURN_IF_ERROR(ReadString(table, where, key, &line));
    (series->*set)(line);
  }
  text = "internal";
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "classification", &text));
  std::optional<v1::Classification> level = ParseClassification(text);
  if (!level) {
    return ConfigError(where + "classification",
                       "应为 public、internal、secret、confidential 或 top-secret");
  }
  series->set_classification(*level);
  return Status::Ok();
}

// [caibian]: this office's level, the commission spans and, in
// [caibian.series.<id>], the bulletin series (which then replace the
// defaults).
Status ReadCaibian(const toml::table& table, CaibianPolicy* policy) {
  const std::string where = "caibian.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where,
      {"level", "commission_within", "commission_remind_before",
       "commission_escalate_after", "series"}));
  if (table.contains("level")) {
    std::string text;
    XINBAO_RETURN_IF_ERROR(ReadString(table, where, "level", &text));
    std::optional<v1::LeaderLevel> level = ParseLeaderLevel(text);
    if (!level) {
      return ConfigError(where + "level",
                         "应为 county、city、province 或 national");
    }
    policy->level = *level;
  }
  XINBAO_RETURN_IF_ERROR(ReadSpan(table, where, "commission_within",
                                  &policy->commission_within));
  XINBAO_RETURN_IF_ERROR(ReadSpan(table, where, "commission_remind_before",
                                  &policy->commission_remind_before));
  XINBAO_RETURN_IF_ERROR(ReadSpan(table, where, "commission_escalate_after",
                                  &policy->commission_escalate_after));
  if (policy->commission_within.none()) {
    return ConfigError(where + "commission_within", "约稿必须有时限");
  }
  const toml::table* series = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(table, where, "series", &series));
  if (series == nullptr) return Status::Ok();
  policy->series.clear();
  for (const auto& [key, node] : *series) {
    const std::string at = where + "series." + std::string(key.str()) + ".";
    const toml::table* one = node.as_table();
    if (one == nullptr) return ConfigError(at, "应为表");
    XINBAO_RETURN_IF_ERROR(
        ReadSeries(*one, at, key.str(), &policy->series.emplace_back()));
  }
  if (policy->series.empty()) {
    return ConfigError(where + "series", "至少要配置一种简报");
  }
  return Status::Ok();
}

// [assessment.adoption.<level>]: points per adoption by series kind.
Status ReadAdoptionWeights(const toml::table& table,
                           v1::AssessmentWeights* weights) {
  const std::string where = "assessment.adoption.";
  XINBAO_RETURN_IF_ERROR(
      CheckKeys(table, where, {"county", "city", "province", "national"}));
  for (const auto& [level_key, node] : table) {
    const std::string at = where + std::string(level_key.str()) + ".";
    const toml::table* kinds = node.as_table();
    if (kinds == nullptr) return ConfigError(at, "应为表");
    const v1::LeaderLevel level = *ParseLeaderLevel(level_key.str());
    XINBAO_RETURN_IF_ERROR(CheckKeys(
        *kinds, at, {"routine", "express", "special", "supplement", "alert"}));
    for (const auto& [kind_key, value] : *kinds) {
      double points = 0;
      XINBAO_RETURN_IF_ERROR(
          ReadNonNegative(*kinds, at, kind_key.str(), &points));
      const v1::SeriesKind kind = *ParseSeriesKind(kind_key.str());
      auto* rows = weights->mutable_adoption();
      auto row = std::find_if(rows->begin(), rows->end(), [&](const auto& r) {
        return r.level() == level && r.kind() == kind;
      });
      v1::AdoptionWeight* target = row != rows->end() ? &*row : rows->Add();
      target->set_level(level);
      target->set_kind(kind);
      target->set_points(points);
    }
  }
  return Status::Ok();
}

// [assessment]: the weights of the monthly score (broker/assessment.h).
Status ReadAssessment(const toml::table& table, v1::AssessmentWeights* weights) {
  using Setter = void (v1::AssessmentWeights::*)(double);
  static constexpr std::pair<std::string_view, Setter> kWeights[] = {
      {"points_urgent", &v1::AssessmentWeights::set_urgent},
      {"points_important_dynamic",
       &v1::AssessmentWeights::set_important_dynamic},
      {"points_general_dynamic", &v1::AssessmentWeights::set_general_dynamic},
      {"points_research", &v1::AssessmentWeights::set_research},
      {"points_experience", &v1::AssessmentWeights::set_experience},
      {"per_item_short", &v1::AssessmentWeights::set_per_item_short},
      {"per_late", &v1::AssessmentWeights::set_per_late},
      {"per_missing_elements", &v1::AssessmentWeights::set_per_missing_elements},
      {"per_concealment", &v1::AssessmentWeights::set_per_concealment},
      {"points_duban_closed_on_time",
       &v1::AssessmentWeights::set_points_duban_closed_on_time},
      {"per_duban_overdue", &v1::AssessmentWeights::set_per_duban_overdue},
      {"per_duban_urged", &v1::AssessmentWeights::set_per_duban_urged},
      {"province_factor", &v1::AssessmentWeights::set_province_factor},
      {"national_factor", &v1::AssessmentWeights::set_national_factor},
      {"merged_factor", &v1::AssessmentWeights::set_merged_factor},
      {"instruction_county", &v1::AssessmentWeights::set_instruction_county},
      {"instruction_city", &v1::AssessmentWeights::set_instruction_city},
      {"instruction_province",
       &v1::AssessmentWeights::set_instruction_province},
      {"instruction_national",
       &v1::AssessmentWeights::set_instruction_national},
      {"commission_on_time", &v1::AssessmentWeights::set_commission_on_time},
      {"commission_late", &v1::AssessmentWeights::set_commission_late},
      {"per_commission_missing",
       &v1::AssessmentWeights::set_per_commission_missing},
  };
  const std::string where = "assessment.";
  std::set<std::string_view> known = {"monthly_quota", "adoption"};
  for (const auto& [key, set] : kWeights) known.insert(key);
  XINBAO_RETURN_IF_ERROR(CheckKeys(table, where, known));
  for (const auto& [key, set] : kWeights) {
    if (!table.contains(key)) continue;
    double value = 0;
    XINBAO_RETURN_IF_ERROR(ReadNonNegative(table, where, key, &value));
    (weights->*set)(value);
  }
  uint32_t quota = weights->monthly_quota();
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "monthly_quota", 0, 1, &quota,
                                 1000000));
  weights->set_monthly_quota(quota);
  const toml::table* adoption = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(table, where, "adoption", &adoption));
  if (adoption != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadAdoptionWeights(*adoption, weights));
  }
  if (weights->merged_factor() > 1) {
    return ConfigError(where + "merged_factor", "应在 0 到 1 之间");
  }
  return Status::Ok();
}

// [security]: the classification ceiling (CURVE keys will join it).
// mode = "curve" | "insecure", and the files CURVE needs.
Status ReadTransport(const toml::table& table, Security* security) {
  const std::string where = "security.";
  std::string mode = security->curve ? "curve" : "insecure";
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "mode", &mode));
  if (mode != "curve" && mode != "insecure") {
    return ConfigError(where + "mode",
                       "应为 curve（加密并认证，正式使用）或 insecure（不加密，"
                       "仅供本机开发）");
  }
  security->curve = mode == "curve";
  std::string secret = security->secret_key_file.string();
  std::string registry = security->registry_file.string();
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "secret_key_file", &secret));
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "registry_file", &registry));
  security->secret_key_file = secret;
  security->registry_file = registry;
  return Status::Ok();
}

// CURVE needs the broker's key and the registry.
Status CheckTransport(const Security& security) {
  if (!security.curve) return Status::Ok();
  const bool no_secret = security.secret_key_file.empty();
  if (!no_secret && !security.registry_file.empty()) return Status::Ok();
  return ConfigError(
      std::string("security.") + (no_secret ? "secret_key_file" : "registry_file"),
      "默认启用 CURVE 加密认证，需要服务器密钥文件 secret_key_file（xinbao "
      "keygen 生成）和用户名录 registry_file；仅在本机开发时可写 mode = "
      "\"insecure\"");
}

Status ReadSecurity(const toml::table& table, Security* security) {
  const std::string where = "security.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where,
      {"max_classification", "mode", "secret_key_file", "registry_file"}));
  XINBAO_RETURN_IF_ERROR(ReadTransport(table, security));
  if (!table.contains("max_classification")) return Status::Ok();
  std::string text;
  XINBAO_RETURN_IF_ERROR(
      ReadString(table, where, "max_classification", &text));
  std::optional<v1::Classification> level = ParseClassification(text);
  if (!level) {
    return ConfigError(where + "max_classification",
                       "\"" + text +
                           "\" 不是密级；应为 公开、内部、秘密、机密、绝密 之一"
                           "（或 public、internal、secret、confidential、"
                           "top-secret）");
  }
  security->max_classification = *level;
  return Status::Ok();
}

Status ReadBroker(const toml::table& table, BrokerConfig* config) {
  XINBAO_RETURN_IF_ERROR(
      CheckKeys(table, "broker.",
                {"data_dir", "submit_endpoint", "query_endpoint",
                 "feed_endpoint", "feed_high_water_mark", "store_cache_mb",
                 "time_zone"}));
  if (table.contains("time_zone")) {
    std::string name;
    XINBAO_RETURN_IF_ERROR(ReadString(table, "broker.", "time_zone", &name));
    Result<TimeZone> zone = TimeZone::Load(name, "broker.time_zone");
    if (!zone.ok()) {
      return ConfigError("broker.time_zone", zone.status().message());
    }
    config->events.zone = std::move(zone).value();
  }
  std::string data_dir = config->data_dir.string();
  XINBAO_RETURN_IF_ERROR(ReadString(table, "broker.", "data_dir", &data_dir));
  config->data_dir = data_dir;
  XINBAO_RETURN_IF_ERROR(ReadString(table, "broker.", "query_endpoint",
                                    &config->query_endpoint));
  XINBAO_RETURN_IF_ERROR(ReadString(table, "broker.", "feed_endpoint",
                                    &config->feed_endpoint));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, "broker.", "feed_high_water_mark", 1,
                                 1, &config->feed_high_water_mark, 1000000));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, "broker.", "store_cache_mb", 8,
                                 int64_t{1} << 20, &config->store_cache_bytes,
                                 65536));
  return ReadString(table, "broker.", "submit_endpoint",
                    &config->submit_endpoint);
}

Status ReadLimits(const toml::table& table, Limits* limits) {
  const std::string where = "limits.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where,
      {"max_message_bytes", "max_attachment_bytes", "max_attachments",
       "max_clock_skew_seconds", "min_free_disk_mb"}));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "max_message_bytes", 1024, 1,
                                 &limits->max_message_bytes));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "max_attachment_bytes", 0, 1,
                                 &limits->max_attachment_bytes));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "max_attachments", 0, 1,
                                 &limits->max_attachments));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "min_free_disk_mb", 0, 1,
                                 &limits->min_free_disk_mb));
  return ReadInt(table, where, "max_clock_skew_seconds", 0, 1000,
                 &limits->max_clock_skew_ms);
}

Status ReadCommit(const toml::table& table, CommitPolicy* commit) {
  const std::string where = "commit.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where, {"max_batch", "max_delay_us", "max_in_flight"}));
  XINBAO_RETURN_IF_ERROR(
      ReadInt(table, where, "max_batch", 1, 1, &commit->max_batch));
  XINBAO_RETURN_IF_ERROR(
      ReadInt(table, where, "max_delay_us", 0, 1, &commit->max_delay_us));
  return ReadInt(table, where, "max_in_flight", 1, 1, &commit->max_in_flight);
}

Status ReadUnits(const toml::array& array, UnitRegistry* registry) {
  std::vector<Unit> units;
  for (const toml::node& node : array) {
    const toml::table* table = node.as_table();
    if (table == nullptr) return ConfigError("units", "每个单位应为一个表 [[units]]");
    const std::string where = "units.";
    XINBAO_RETURN_IF_ERROR(
        CheckKeys(*table, where, {"id", "name", "kind", "parent"}));
    Unit unit;
    std::string kind = "township";
    XINBAO_RETURN_IF_ERROR(ReadString(*table, where, "id", &unit.id));
    XINBAO_RETURN_IF_ERROR(ReadString(*table, where, "name", &unit.name));
    XINBAO_RETURN_IF_ERROR(ReadString(*table, where, "kind", &kind));
    XINBAO_RETURN_IF_ERROR(ReadString(*table, where, "parent", &unit.parent));
    if (unit.id.empty()) return ConfigError("units.id", "每个单位都要有 id");
    if (unit.name.empty()) unit.name = unit.id;
    Result<UnitKind> parsed = ParseUnitKind(kind);
    if (!parsed.ok()) return parsed.status();
    unit.kind = parsed.value();
    units.push_back(std::move(unit));
  }
  Result<UnitRegistry> built = UnitRegistry::Build(std::move(units));
  if (!built.ok()) return built.status();
  *registry = std::move(built).value();
  return Status::Ok();
}

// [log]: level and refusals_per_second.
Status ReadLog(const toml::table& table, LogPolicy* log) {
  const std::string where = "log.";
  XINBAO_RETURN_IF_ERROR(
      CheckKeys(table, where, {"level", "refusals_per_second"}));
  if (table.contains("level")) {
    std::string text;
    XINBAO_RETURN_IF_ERROR(ReadString(table, where, "level", &text));
    Result<LogLevel> level = ParseLogLevel(text, where + "level");
    if (!level.ok()) {
      return ConfigError(where + "level", level.status().message());
    }
    log->level = *level;
  }
  return ReadInt(table, where, "refusals_per_second", 1, 1,
                 &log->refusals_per_second, 10000);
}

// [backup]: dir, every and keep.
Status ReadBackup(const toml::table& table, BackupPolicy* backup) {
  const std::string where = "backup.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(table, where, {"dir", "every", "keep"}));
  std::string dir = backup->dir.string();
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "dir", &dir));
  backup->dir = dir;
  XINBAO_RETURN_IF_ERROR(ReadDuration(table, where, "every", &backup->every_ms));
  if (backup->every_ms != 0 && backup->every_ms < 60 * 1000) {
    return ConfigError(where + "every",
                       "至少应为 1 分钟（如 \"1d\"、\"12h\"、\"30m\"），"
                       "或 \"none\" 表示只在管理员要求时备份");
  }
  return ReadInt(table, where, "keep", 1, 1, &backup->keep, 1000);
}

// [metrics]: listen ("" turns the endpoint off) and allow_remote.
Status ReadMetrics(const toml::table& table, MetricsPolicy* metrics) {
  const std::string where = "metrics.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(table, where, {"listen", "allow_remote"}));
  XINBAO_RETURN_IF_ERROR(
      ReadBool(table, where, "allow_remote", &metrics->allow_remote));
  if (const toml::node* node = table.get("listen")) {
    std::optional<std::string> listen = node->value_exact<std::string>();
    if (!listen) {
      return ConfigError(where + "listen",
                         "应为字符串，如 \"127.0.0.1:9464\"（\"\" 为关闭）");
    }
    metrics->listen = *listen;
  }
  if (!metrics->enabled()) return Status::Ok();
  return MetricsAddress(*metrics).status();
}

// [fairness]: unit_in_flight, unit_rate and unit_per_batch (0 turns
// each off).
Status ReadFairness(const toml::table& table, FairnessPolicy* fairness) {
  const std::string where = "fairness.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where, {"unit_in_flight", "unit_rate", "unit_per_batch"}));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "unit_in_flight", 0, 1,
                                 &fairness->unit_in_flight, 1000000));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "unit_rate", 0, 1,
                                 &fairness->unit_rate, 1000000));
  return ReadInt(table, where, "unit_per_batch", 0, 1,
                 &fairness->unit_per_batch, 1000000);
}

// [tree]: id and name.
Status ReadTree(const toml::table& table, TreePolicy* tree) {
  const std::string where = "tree.";
  XINBAO_RETURN_IF_ERROR(
      CheckKeys(table, where, {"id", "name", "skip_level_from"}));
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "id", &tree->id));
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "name", &tree->name));
  if (table.contains("skip_level_from")) {
    std::string text;
    XINBAO_RETURN_IF_ERROR(ReadString(table, where, "skip_level_from", &text));
    std::optional<v1::Severity> grade = ParseSeverity(text);
    if (!grade) {
      return ConfigError(where + "skip_level_from",
                         "\"" + text + "\" 不是事件等级；应为 I、II、III、IV 之一");
    }
    tree->skip_level_from = *grade;
  }
  return Status::Ok();
}

Status ReadPassUp(const toml::table& table, std::string_view key,
                  PassUp* out) {
  if (!table.contains(key)) return Status::Ok();
  std::string text;
  XINBAO_RETURN_IF_ERROR(ReadString(table, "upstream.", key, &text));
  Result<PassUp> parsed = ParsePassUp(text);
  if (!parsed.ok()) {
    return ConfigError("upstream." + std::string(key), parsed.status().message());
  }
  *out = *parsed;
  return Status::Ok();
}

// [upstream]: the link to the parent broker (tree_policy.h).
Status ReadUpstream(const toml::table& table, UpstreamPolicy* up) {
  const std::string where = "upstream.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where,
      {"endpoint", "query_endpoint", "unit", "server_key_file", "secret_key_file", "urgent",
       "others", "reply_timeout", "window"}));
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "endpoint", &up->endpoint));
  XINBAO_RETURN_IF_ERROR(
      ReadString(table, where, "query_endpoint", &up->query_endpoint));
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "unit", &up->unit));
  std::string server = up->server_key_file.string();
  std::string secret = up->secret_key_file.string();
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "server_key_file", &server));
  XINBAO_RETURN_IF_ERROR(ReadString(table, where, "secret_key_file", &secret));
  up->server_key_file = server;
  up->secret_key_file = secret;
  XINBAO_RETURN_IF_ERROR(ReadPassUp(table, "urgent", &up->urgent));
  XINBAO_RETURN_IF_ERROR(ReadPassUp(table, "others", &up->others));
  XINBAO_RETURN_IF_ERROR(
      ReadDuration(table, where, "reply_timeout", &up->reply_timeout_ms));
  return ReadInt(table, where, "window", 1, 1, &up->window, 4096);
}

// [calendar]: file (relative to the config file's folder) and
// office_hours, which apply to whichever calendar is in force.
Status ReadCalendar(const toml::table& table,
                    const std::filesystem::path& config_dir,
                    WorkCalendar* calendar) {
  const std::string where = "calendar.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(table, where, {"file", "office_hours"}));
  if (table.contains("file")) {
    std::string file;
    XINBAO_RETURN_IF_ERROR(ReadString(table, where, "file", &file));
    Result<WorkCalendar> loaded = WorkCalendar::Load(config_dir / file);
    if (!loaded.ok()) {
      return ConfigError(where + "file", loaded.status().message());
    }
    *calendar = std::move(loaded).value();
  }
  std::optional<std::vector<OfficeWindow>> windows;
  XINBAO_RETURN_IF_ERROR(
      ReadList(table, where, "office_hours", ParseOfficeWindow, &windows));
  if (windows) {
    Result<WorkCalendar> with = calendar->WithOfficeHours(std::move(*windows));
    if (!with.ok()) {
      return ConfigError(where + "office_hours", with.status().message());
    }
    *calendar = std::move(with).value();
  }
  return Status::Ok();
}

// DefaultConfig() overridden by `root`, read from `path` (relative paths
// in it are relative to its folder).
Result<BrokerConfig> ReadConfig(const toml::table& root,
                                const std::filesystem::path& path) {
  BrokerConfig config = DefaultConfig();
  // A configuration file is for real use: CURVE unless it says otherwise.
  config.security.curve = true;
  XINBAO_RETURN_IF_ERROR(
      CheckKeys(root, "", {"broker", "limits", "commit", "units", "events",
                           "duban", "caibian", "assessment", "security",
                           "calendar", "log", "backup", "metrics",
                           "fairness", "tree", "upstream"}));
  if (const toml::table* t = root["broker"].as_table()) {
    XINBAO_RETURN_IF_ERROR(ReadBroker(*t, &config));
  }
  if (const toml::table* t = root["limits"].as_table()) {
    XINBAO_RETURN_IF_ERROR(ReadLimits(*t, &config.limits));
  }
  if (const toml::table* t = root["commit"].as_table()) {
    XINBAO_RETURN_IF_ERROR(ReadCommit(*t, &config.commit));
  }
  if (const toml::array* a = root["units"].as_array()) {
    XINBAO_RETURN_IF_ERROR(ReadUnits(*a, &config.units));
  }
  const toml::table* events = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "events", &events));
  if (events != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadEvents(*events, &config.events));
  }
  const toml::table* assessment = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "assessment", &assessment));
  if (assessment != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadAssessment(*assessment, &config.assessment));
  }
  const toml::table* duban = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "duban", &duban));
  if (duban != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadDuban(*duban, &config.duban));
  }
  const toml::table* caibian = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "caibian", &caibian));
  if (caibian != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadCaibian(*caibian, &config.caibian));
  }
  const toml::table* security = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "security", &security));
  if (security != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadSecurity(*security, &config.security));
  }
  const toml::table* calendar = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "calendar", &calendar));
  if (calendar != nullptr) {
    XINBAO_RETURN_IF_ERROR(
        ReadCalendar(*calendar, path.parent_path(), &config.calendar));
  }
  const toml::table* log = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "log", &log));
  if (log != nullptr) XINBAO_RETURN_IF_ERROR(ReadLog(*log, &config.log));
  const toml::table* backup = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "backup", &backup));
  if (backup != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadBackup(*backup, &config.backup));
  }
  const toml::table* metrics = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "metrics", &metrics));
  if (metrics != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadMetrics(*metrics, &config.metrics));
  }
  const toml::table* fairness = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "fairness", &fairness));
  if (fairness != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadFairness(*fairness, &config.fairness));
  }
  const toml::table* tree = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "tree", &tree));
  if (tree != nullptr) XINBAO_RETURN_IF_ERROR(ReadTree(*tree, &config.tree));
  const toml::table* upstream = nullptr;
  XINBAO_RETURN_IF_ERROR(SubTable(root, "", "upstream", &upstream));
  if (upstream != nullptr) {
    XINBAO_RETURN_IF_ERROR(ReadUpstream(*upstream, &config.tree.upstream));
  }
  if (config.tree.name.empty()) config.tree.name = config.tree.id;
  XINBAO_RETURN_IF_ERROR(CheckTransport(config.security));
  XINBAO_RETURN_IF_ERROR(CheckTreePolicy(config.tree, config.security.curve));
  return config;
}

}  // namespace

Result<BrokerConfig> LoadConfig(const std::filesystem::path& path) {
  Result<toml::table> parsed = ParseTomlFile(path, "配置文件");
  if (!parsed.ok()) return parsed.status();
  return ReadConfig(*parsed, path);
}

Result<BrokerConfig> ParseConfig(std::string_view text,
                                 const std::filesystem::path& path) {
  Result<toml::table> parsed = ParseTomlText(text, path.string(), "配置文件");
  if (!parsed.ok()) return parsed.status();
  return ReadConfig(*parsed, path);
}

}  // namespace xinbao::broker
