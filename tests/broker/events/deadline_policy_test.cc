#include "broker/events/deadline_policy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <set>

#include "broker/config/config.h"
#include "tests/support/sample_reports.h"
#include "tests/broker/config/config_files.h"
#include "tests/support/temp_dir.h"

namespace xinbao::broker {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

const Element kAllElements[] = {
    Element::kOccurredAt, Element::kPlace,       Element::kSeverity,
    Element::kCasualties, Element::kSource,      Element::kLosses,
    Element::kScope,      Element::kMeasures,    Element::kTrend,
    Element::kApprover,   Element::kContactName, Element::kContactPhone,
};

DeadlinePolicy Preset(std::string_view name) {
  Result<DeadlinePolicy> policy = PresetPolicy(name);
  EXPECT_TRUE(policy.ok()) << policy.status().ToString();
  return policy.ok() ? policy.value() : DeadlinePolicy();
}

TEST(DeadlinePolicy, PresetsCarryTheirPublishedFigures) {
  struct Case {
    const char* preset;
    v1::Severity severity;
    int64_t shi, first_qing, every;
    std::vector<int> at;
    int64_t guo, escalate;
  };
  const Case cases[] = {
      {"national",
       v1::SEVERITY_I,
       1 * kHour,
       2 * kHour,
       12 * kHour,
       {},
       72 * kHour,
       30 * kMinute},
      {"national",
       v1::SEVERITY_IV,
       4 * kHour,
       8 * kHour,
       24 * kHour,
       {},
       72 * kHour,
       2 * kHour},
      {"provincial",
       v1::SEVERITY_II,
       35 * kMinute,
       2 * kHour,
       0,
       {8 * 60, 17 * 60},
       48 * kHour,
       15 * kMinute},
      {"provincial",
       v1::SEVERITY_III,
       1 * kHour,
       4 * kHour,
       0,
       {8 * 60, 17 * 60},
       72 * kHour,
       30 * kMinute},
      {"provincial",
       v1::SEVERITY_IV,
       6 * kHour,
       12 * kHour,
       0,
       {8 * 60, 17 * 60},
       72 * kHour,
       1 * kHour},
      {"city",
       v1::SEVERITY_I,
       30 * kMinute,
       2 * kHour,
       12 * kHour,
       {},
       72 * kHour,
       30 * kMinute},
      {"city",
       v1::SEVERITY_IV,
       2 * kHour,
       8 * kHour,
       24 * kHour,
       {},
       72 * kHour,
       1 * kHour},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.preset) + " grade " +
                 std::to_string(c.severity));
    DeadlinePolicy policy = Preset(c.preset);
    EXPECT_EQ(policy.preset, c.preset);
    const GradeDeadlines& row = policy.For(c.severity);
    EXPECT_EQ(row.shi_within_ms, c.shi);
    EXPECT_EQ(row.first_qing_within_ms, c.first_qing);
    EXPECT_EQ(row.followup.every_ms, c.every);
    EXPECT_EQ(row.followup.at_minutes, c.at);
    EXPECT_EQ(row.followup.min_gap_ms, 1 * kHour);
    EXPECT_EQ(row.guo_within_ms, c.guo);
    EXPECT_EQ(row.escalate_after_ms, c.escalate);
    EXPECT_EQ(policy.zone.name(), "Asia/Shanghai");
    EXPECT_EQ(policy.check_interval_ms, 1000);
  }
}

TEST(DeadlinePolicy, OnlyTheProvincialPresetCountsByTheProvincialRules) {
  for (const char* name : {"national", "city"}) {
    SCOPED_TRACE(name);
    const DeadlinePolicy policy = Preset(name);
    EXPECT_EQ(policy.first_qing_from, FirstQingFrom::kOccurrence);
    EXPECT_EQ(policy.guo_from, GuoFrom::kFirstYin);
    EXPECT_FALSE(policy.yin_ends_followups);
    EXPECT_EQ(policy.casualty_followup_within_ms, 0);
    for (const GradeDeadlines& grade : policy.grades) {
      EXPECT_EQ(grade.escalate_concealment_after_ms, 0);
      EXPECT_EQ(grade.remind_before_ms, 0);
    }
  }
  const DeadlinePolicy provincial = Preset("provincial");
  EXPECT_EQ(provincial.first_qing_from, FirstQingFrom::kShi);
  EXPECT_EQ(provincial.guo_from, GuoFrom::kLastStage);
  EXPECT_FALSE(provincial.yin_ends_followups);
  EXPECT_EQ(provincial.casualty_followup_within_ms, 30 * 24 * kHour);
  const int64_t concealment[] = {15 * kMinute, 15 * kMinute, 30 * kMinute,
                                 1 * kHour};
  for (std::size_t g = 0; g < provincial.grades.size(); ++g) {
    EXPECT_EQ(provincial.grades[g].escalate_concealment_after_ms,
              concealment[g]);
    EXPECT_EQ(provincial.grades[g].remind_before_ms, 0);
  }
}

TEST(DeadlinePolicy, DefaultIsTheNationalPresetAndConfigStartsFromIt) {
  for (const DeadlinePolicy& policy :
       {DefaultPolicy(), DefaultConfig().events}) {
    EXPECT_EQ(policy.preset, "national");
    EXPECT_EQ(policy.For(v1::SEVERITY_I).shi_within_ms, 1 * kHour);
    EXPECT_EQ(policy.For(v1::SEVERITY_III).shi_within_ms, 2 * kHour);
  }
}

TEST(DeadlinePolicy, AnEventOfUnknownGradeIsHeldToGradeIV) {
  DeadlinePolicy policy = Preset("provincial");
  EXPECT_EQ(&policy.For(v1::SEVERITY_UNSPECIFIED), &policy.grades[3]);
  EXPECT_EQ(&policy.For(static_cast<v1::Severity>(9)), &policy.grades[3]);
  EXPECT_EQ(&policy.For(v1::SEVERITY_I), &policy.grades[0]);
  EXPECT_EQ(policy.For(v1::SEVERITY_UNSPECIFIED).shi_within_ms, 6 * kHour);
}

TEST(DeadlinePolicy, RequiredElementsPerStage) {
  for (const char* name : {"national", "provincial", "city"}) {
    SCOPED_TRACE(name);
    DeadlinePolicy policy = Preset(name);
    EXPECT_EQ(policy.RequiredFor(v1::STAGE_SHI),
              (std::vector<Element>{Element::kOccurredAt, Element::kPlace,
                                    Element::kSeverity, Element::kCasualties,
                                    Element::kSource}));
    EXPECT_EQ(policy.RequiredFor(v1::STAGE_QING),
              (std::vector<Element>{Element::kCasualties, Element::kMeasures}));
    EXPECT_TRUE(policy.RequiredFor(v1::STAGE_YIN).empty());
    EXPECT_EQ(policy.RequiredFor(v1::STAGE_GUO),
              (std::vector<Element>{Element::kCasualties, Element::kLosses}));
    EXPECT_TRUE(policy.RequiredFor(v1::STAGE_UNSPECIFIED).empty());
  }
}

TEST(DeadlinePolicy, UnknownPresetIsRefusedWithTheValidNames) {
  Result<DeadlinePolicy> policy = PresetPolicy("county");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(policy.status().field(), "events.preset");
  for (const char* name : {"county", "national", "provincial", "city"}) {
    EXPECT_NE(policy.status().message().find(name), std::string::npos)
        << policy.status().message();
  }
}

TEST(DeadlinePolicy, ElementNamesParseBackAndLabelsAreChinese) {
  std::set<std::string_view> labels;
  for (Element element : kAllElements) {
    Result<Element> parsed = ParseElement(ElementName(element));
    ASSERT_TRUE(parsed.ok()) << ElementName(element);
    EXPECT_EQ(parsed.value(), element);
    EXPECT_TRUE(labels.insert(ElementLabel(element)).second)
        << ElementLabel(element);
  }
  EXPECT_EQ(ElementName(Element::kContactPhone), "contact_phone");
  EXPECT_EQ(ElementLabel(Element::kMeasures), "已采取的措施");
  EXPECT_EQ(ElementLabel(Element::kOccurredAt), "发生时间");
  EXPECT_FALSE(ParseElement("Place").ok());
  EXPECT_FALSE(ParseElement("").ok());
  EXPECT_FALSE(ParseElement("weather").ok());
}

TEST(DeadlinePolicy, HasElementSeesOnlyTheElementThatIsThere) {
  using Set = std::function<void(v1::Report*)>;
  const std::pair<Element, Set> cases[] = {
      {Element::kOccurredAt, [](v1::Report* r) { r->set_occurred_at_ms(1); }},
      {Element::kPlace, [](v1::Report* r) { r->set_place("河口镇"); }},
      {Element::kSeverity,
       [](v1::Report* r) { r->set_severity(v1::SEVERITY_IV); }},
      // Figures given, all zero, still count: "no one hurt" is an answer.
      {Element::kCasualties, [](v1::Report* r) { r->mutable_casualties(); }},
      {Element::kSource, [](v1::Report* r) { r->set_source("派出所"); }},
      {Element::kLosses, [](v1::Report* r) { r->set_losses("约20万元"); }},
      {Element::kScope, [](v1::Report* r) { r->set_scope("两个村"); }},
      {Element::kMeasures, [](v1::Report* r) { r->set_measures("已封路"); }},
      {Element::kTrend, [](v1::Report* r) { r->set_trend("已控制"); }},
      {Element::kApprover, [](v1::Report* r) { r->set_approver("赵强"); }},
      {Element::kContactName,
       [](v1::Report* r) { r->set_contact_name("王芳"); }},
      {Element::kContactPhone,
       [](v1::Report* r) { r->set_contact_phone("0531-12345678"); }},
  };
  ASSERT_EQ(std::size(cases), std::size(kAllElements));
  for (const auto& [present, set] : cases) {
    v1::Report report;
    set(&report);
    for (Element element : kAllElements) {
      EXPECT_EQ(HasElement(report, element), element == present)
          << "set " << ElementName(present) << ", asked "
          << ElementName(element);
    }
  }
}

TEST(DeadlinePolicy, TheSampleFirstReportCarriesWhatTheShiStageRequires) {
  v1::Report report = testing::UrgentShiReport("k1", "ev-1");
  const DeadlinePolicy policy = DefaultPolicy();
  for (Element element : policy.RequiredFor(v1::STAGE_SHI)) {
    EXPECT_TRUE(HasElement(report, element)) << ElementName(element);
  }
  report.clear_source();
  EXPECT_FALSE(HasElement(report, Element::kSource));
}

// [events] in the broker's TOML file.

std::filesystem::path Write(const testing::TempDir& dir,
                            const std::string& text) {
  return WriteConfig(dir, text);
}

TEST(EventsConfig, PresetAppliesFirstThenTheKeysOverrideIt) {
  testing::TempDir dir;
  // The grade tables stand before [events] on purpose: the preset is
  // applied first whatever the order in the file.
  auto config = LoadConfig(Write(dir, R"(
[events.grade.I]
shi_within = "20m"
followup_every = "6h"
remind_before = "10m"
[events.grade.IV]
guo_within = "none"
followup_min_gap = "2h"
[broker]
time_zone = "America/New_York"
[events]
preset = "provincial"
check_interval_ms = 500
[events.required]
yin = ["trend"]
shi = ["occurred_at", "place"]
)"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const DeadlinePolicy& events = config->events;
  EXPECT_EQ(events.preset, "provincial");
  EXPECT_EQ(events.check_interval_ms, 500);
  // The zone comes from [broker], whatever the preset and the order.
  EXPECT_EQ(events.zone.name(), "America/New_York");
  EXPECT_EQ(config->zone().name(), "America/New_York");
  // Ⅰ: overridden; setting followup_every dropped the preset's times.
  EXPECT_EQ(events.grades[0].shi_within_ms, 20 * kMinute);
  EXPECT_EQ(events.grades[0].followup.every_ms, 6 * kHour);
  EXPECT_TRUE(events.grades[0].followup.at_minutes.empty());
  EXPECT_EQ(events.grades[0].guo_within_ms, 48 * kHour);
  EXPECT_EQ(events.grades[0].remind_before_ms, 10 * kMinute);
  // Ⅱ: the provincial preset untouched (no preset sets a reminder).
  EXPECT_EQ(events.grades[1].remind_before_ms, 0);
  EXPECT_EQ(events.grades[1].shi_within_ms, 35 * kMinute);
  EXPECT_EQ(events.grades[1].followup.at_minutes,
            (std::vector<int>{8 * 60, 17 * 60}));
  // Ⅳ: only the keys set.
  EXPECT_EQ(events.grades[3].guo_within_ms, 0);
  EXPECT_EQ(events.grades[3].followup.min_gap_ms, 2 * kHour);
  EXPECT_EQ(events.grades[3].shi_within_ms, 6 * kHour);
  EXPECT_EQ(events.RequiredFor(v1::STAGE_SHI),
            (std::vector<Element>{Element::kOccurredAt, Element::kPlace}));
  EXPECT_EQ(events.RequiredFor(v1::STAGE_YIN),
            std::vector<Element>{Element::kTrend});
  EXPECT_EQ(events.RequiredFor(v1::STAGE_QING),
            (std::vector<Element>{Element::kCasualties, Element::kMeasures}));
}

TEST(EventsConfig, HowDeadlinesAreCountedIsReadFromEvents) {
  testing::TempDir dir;
  auto config = LoadConfig(Write(dir, R"(
[events]
first_qing_from = "shi"
guo_from = "last_stage"
yin_ends_followups = true
casualty_followup_within = "7d"
[events.grade.II]
escalate_concealment_after = "20m"
)"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const DeadlinePolicy& events = config->events;
  EXPECT_EQ(events.preset, "national");
  EXPECT_EQ(events.first_qing_from, FirstQingFrom::kShi);
  EXPECT_EQ(events.guo_from, GuoFrom::kLastStage);
  EXPECT_TRUE(events.yin_ends_followups);
  EXPECT_EQ(events.casualty_followup_within_ms, 7 * 24 * kHour);
  EXPECT_EQ(events.grades[1].escalate_concealment_after_ms, 20 * kMinute);
  EXPECT_EQ(events.grades[2].escalate_concealment_after_ms, 0);

  // A preset's rule is overridden like its figures.
  config = LoadConfig(Write(dir, R"(
[events]
preset = "provincial"
first_qing_from = "occurrence"
casualty_followup_within = "none"
)"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->events.first_qing_from, FirstQingFrom::kOccurrence);
  EXPECT_EQ(config->events.guo_from, GuoFrom::kLastStage);
  EXPECT_EQ(config->events.casualty_followup_within_ms, 0);
}

TEST(EventsConfig, FollowupTimesAreSortedAndReplaceTheInterval) {
  testing::TempDir dir;
  auto config = LoadConfig(Write(dir, R"(
[events.grade.III]
followup_at = ["17:00", "8:00"]
[events.required]
guo = []
)"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const GradeDeadlines& row = config->events.For(v1::SEVERITY_III);
  EXPECT_EQ(row.followup.every_ms, 0);
  EXPECT_EQ(row.followup.at_minutes, (std::vector<int>{8 * 60, 17 * 60}));
  EXPECT_EQ(config->events.preset, "national");
  EXPECT_EQ(config->events.For(v1::SEVERITY_II).followup.every_ms, 12 * kHour);
  EXPECT_TRUE(config->events.RequiredFor(v1::STAGE_GUO).empty());
}

TEST(EventsConfig, WithoutAnEventsTableTheNationalPresetHolds) {
  testing::TempDir dir;
  auto config = LoadConfig(Write(dir, "[limits]\nmax_attachments = 2\n"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->events.preset, "national");
  EXPECT_EQ(config->events.For(v1::SEVERITY_IV).escalate_after_ms, 2 * kHour);
}

TEST(EventsConfig, TheShippedExampleConfigRunsTheNationalPreset) {
  auto config = LoadConfig(XINBAO_SOURCE_DIR "/deploy/xinbao-broker.toml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->events.preset, "national");
  EXPECT_EQ(config->events.For(v1::SEVERITY_I).shi_within_ms, 1 * kHour);
}

TEST(EventsConfig, RefusesBadValuesWithTheKeyNamed) {
  testing::TempDir dir;
  // The file, the key the error names, and what its message must say.
  struct Case {
    const char* text;
    const char* field;
    const char* says;
  };
  const Case cases[] = {
      {"events = 1\n", "events", "应为一个表"},
      {"[events]\npreset = \"county\"\n", "events.preset", "national"},
      {"[events]\npreset = 3\n", "events.preset", "非空字符串"},
      {"[events]\ndeadline = \"1h\"\n", "events.deadline", "未知的配置项"},
      {"[events]\ncheck_interval_ms = 5\n", "events.check_interval_ms",
       "不小于 10"},
      {"[events]\nutc_offset_minutes = 480\n", "events.utc_offset_minutes",
       "[broker] time_zone"},
      {"[broker]\ntime_zone = \"Asia/Beijing\"\n", "broker.time_zone",
       "Asia/Beijing"},
      {"[broker]\ntime_zone = \"../../etc/passwd\"\n", "broker.time_zone",
       "IANA"},
      {"[broker]\ntime_zone = 8\n", "broker.time_zone", "非空字符串"},
      {"[events]\ngrade = 1\n", "events.grade", "应为一个表"},
      {"[events.grade.V]\nshi_within = \"1h\"\n", "events.grade.V",
       "I、II、III 或 IV"},
      {"[events.grade]\nI = \"1h\"\n", "events.grade.I", "应为一个表"},
      {"[events.grade.I]\nshi_witin = \"1h\"\n", "events.grade.I.shi_witin",
       "未知的配置项"},
      {"[events.grade.I]\nshi_within = \"-1h\"\n", "events.grade.I.shi_within",
       "不能为负"},
      {"[events.grade.II]\nguo_within = \"soon\"\n",
       "events.grade.II.guo_within", "\"soon\" 无效"},
      {"[events.grade.III]\nescalate_after = 30\n",
       "events.grade.III.escalate_after", "时长字符串"},
      {"[events.grade.IV]\nfirst_qing_within = \"1h30\"\n",
       "events.grade.IV.first_qing_within", "\"1h30\" 无效"},
      {"[events.grade.I]\nfollowup_min_gap = \"1y\"\n",
       "events.grade.I.followup_min_gap", "\"1y\" 无效"},
      {"[events.grade.I]\nfollowup_every = \"12\"\n",
       "events.grade.I.followup_every", "\"12\" 无效"},
      {"[events.grade.IV]\nfollowup_at = [\"25:00\"]\n",
       "events.grade.IV.followup_at", "\"25:00\" 无效"},
      {"[events.grade.IV]\nfollowup_at = \"08:00\"\n",
       "events.grade.IV.followup_at", "字符串数组"},
      {"[events.grade.IV]\nfollowup_at = [8]\n", "events.grade.IV.followup_at",
       "字符串数组"},
      {"[events.grade.I]\nfollowup_at = [\"08:00\", \"8:00\"]\n",
       "events.grade.I.followup_at", "\"8:00\" 重复"},
      {"[events.grade.I]\nfollowup_every = \"12h\"\nfollowup_at = "
       "[\"08:00\"]\n",
       "events.grade.I.followup_at", "只能设其一"},
      {"[events.required]\nshi = [\"weather\"]\n", "events.required.shi",
       "\"weather\" 不存在"},
      {"[events.required]\nqing = \"measures\"\n", "events.required.qing",
       "字符串数组"},
      {"[events.required]\nguo = [\"losses\", \"losses\"]\n",
       "events.required.guo", "\"losses\" 重复"},
      {"[events.required]\ncause = []\n", "events.required.cause",
       "未知的配置项"},
      {"[events]\nfirst_qing_from = \"report\"\n", "events.first_qing_from",
       "occurrence、shi"},
      {"[events]\nguo_from = 1\n", "events.guo_from", "非空字符串"},
      {"[events]\nguo_from = \"last\"\n", "events.guo_from",
       "first_yin、last_stage"},
      {"[events]\nyin_ends_followups = \"yes\"\n",
       "events.yin_ends_followups", "true 或 false"},
      {"[events]\ncasualty_followup_within = \"30\"\n",
       "events.casualty_followup_within", "\"30\" 无效"},
      {"[events.grade.III]\nescalate_concealment_after = 30\n",
       "events.grade.III.escalate_concealment_after", "时长字符串"},
  };
  for (const Case& c : cases) {
    auto config = LoadConfig(Write(dir, c.text));
    ASSERT_FALSE(config.ok()) << c.text;
    const Status& status = config.status();
    EXPECT_EQ(status.code(), v1::ERROR_CODE_INVALID_FIELD) << c.text;
    EXPECT_EQ(status.field(), c.field) << c.text;
    for (const char* part : {c.field, c.says}) {
      EXPECT_NE(status.message().find(part), std::string::npos)
          << c.text << " → " << status.message();
    }
  }
}

}  // namespace
}  // namespace xinbao::broker
