#include "proto/names.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "broker/events/deadline_policy.h"

namespace xinbao {
namespace {

template <class E>
struct Spelling {
  std::string text;
  E value;
};

TEST(Names, ParseKindAcceptsEverySpelling) {
  const std::vector<Spelling<v1::Kind>> cases = {
      {"urgent", v1::KIND_URGENT},
      {"URGENT", v1::KIND_URGENT},
      {" Urgent ", v1::KIND_URGENT},
      {"紧急", v1::KIND_URGENT},
      {"紧急信息", v1::KIND_URGENT},
      {"突发事件", v1::KIND_URGENT},
      {"KIND_URGENT", v1::KIND_URGENT},
      {"important", v1::KIND_IMPORTANT_DYNAMIC},
      {"重要动态", v1::KIND_IMPORTANT_DYNAMIC},
      {"general", v1::KIND_GENERAL_DYNAMIC},
      {"一般动态", v1::KIND_GENERAL_DYNAMIC},
      {"research", v1::KIND_RESEARCH},
      {"调研信息", v1::KIND_RESEARCH},
      {"experience", v1::KIND_EXPERIENCE},
      {"经验做法", v1::KIND_EXPERIENCE},
      {"kind_experience", v1::KIND_EXPERIENCE},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseKind(c.text), c.value) << c.text;
  }
}

TEST(Names, ParseStageAcceptsEverySpelling) {
  const std::vector<Spelling<v1::Stage>> cases = {
      {"shi", v1::STAGE_SHI},       {"SHI", v1::STAGE_SHI},
      {"事", v1::STAGE_SHI},        {"首报", v1::STAGE_SHI},
      {"qing", v1::STAGE_QING},     {"情", v1::STAGE_QING},
      {"续报", v1::STAGE_QING},     {"yin", v1::STAGE_YIN},
      {"因", v1::STAGE_YIN},        {"guo", v1::STAGE_GUO},
      {"果", v1::STAGE_GUO},        {"终报", v1::STAGE_GUO},
      {"STAGE_GUO", v1::STAGE_GUO},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseStage(c.text), c.value) << c.text;
  }
}

TEST(Names, ParseSeverityAcceptsEverySpelling) {
  const std::vector<Spelling<v1::Severity>> cases = {
      {"I", v1::SEVERITY_I},        {"i", v1::SEVERITY_I},
      {"1", v1::SEVERITY_I},        {"Ⅰ", v1::SEVERITY_I},
      {"特别重大", v1::SEVERITY_I}, {"Ⅰ级", v1::SEVERITY_I},
      {"II", v1::SEVERITY_II},      {"2", v1::SEVERITY_II},
      {"Ⅱ", v1::SEVERITY_II},       {"重大", v1::SEVERITY_II},
      {"III", v1::SEVERITY_III},    {"3", v1::SEVERITY_III},
      {"Ⅲ", v1::SEVERITY_III},      {"较大", v1::SEVERITY_III},
      {"IV", v1::SEVERITY_IV},      {"iv", v1::SEVERITY_IV},
      {"4", v1::SEVERITY_IV},       {"Ⅳ", v1::SEVERITY_IV},
      {"一般", v1::SEVERITY_IV},    {"SEVERITY_IV", v1::SEVERITY_IV},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseSeverity(c.text), c.value) << c.text;
  }
}

TEST(Names, ParseClassificationAcceptsEverySpelling) {
  const std::vector<Spelling<v1::Classification>> cases = {
      {"public", v1::CLASSIFICATION_PUBLIC},
      {"公开", v1::CLASSIFICATION_PUBLIC},
      {"非密", v1::CLASSIFICATION_PUBLIC},
      {"internal", v1::CLASSIFICATION_INTERNAL},
      {"Internal", v1::CLASSIFICATION_INTERNAL},
      {"内部", v1::CLASSIFICATION_INTERNAL},
      {"secret", v1::CLASSIFICATION_SECRET},
      {"秘密", v1::CLASSIFICATION_SECRET},
      {"confidential", v1::CLASSIFICATION_CONFIDENTIAL},
      {"机密", v1::CLASSIFICATION_CONFIDENTIAL},
      {"top-secret", v1::CLASSIFICATION_TOP_SECRET},
      {"TOP-SECRET", v1::CLASSIFICATION_TOP_SECRET},
      {"绝密", v1::CLASSIFICATION_TOP_SECRET},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseClassification(c.text), c.value) << c.text;
  }
}

TEST(Names, ParsersRejectJunkAndUnspecified) {
  for (const std::string junk :
       {"", " ", "urgentx", "5", "0", "V", "紧", "事情", "KIND_UNSPECIFIED",
        "STAGE_UNSPECIFIED", "unspecified", "top secret", "\xff\xfe"}) {
    EXPECT_FALSE(ParseKind(junk).has_value()) << junk;
    EXPECT_FALSE(ParseStage(junk).has_value()) << junk;
    EXPECT_FALSE(ParseSeverity(junk).has_value()) << junk;
    EXPECT_FALSE(ParseClassification(junk).has_value()) << junk;
  }
}

TEST(Names, DisplayNames) {
  EXPECT_EQ(StageName(v1::STAGE_SHI), "事");
  EXPECT_EQ(StageName(v1::STAGE_QING), "情");
  EXPECT_EQ(StageName(v1::STAGE_YIN), "因");
  EXPECT_EQ(StageName(v1::STAGE_GUO), "果");
  EXPECT_EQ(KindName(v1::KIND_URGENT), "紧急信息");
  EXPECT_EQ(KindName(v1::KIND_IMPORTANT_DYNAMIC), "重要动态");
  EXPECT_EQ(KindName(v1::KIND_GENERAL_DYNAMIC), "一般动态");
  EXPECT_EQ(KindName(v1::KIND_RESEARCH), "调研信息");
  EXPECT_EQ(KindName(v1::KIND_EXPERIENCE), "经验做法");
  EXPECT_EQ(SeverityName(v1::SEVERITY_I), "Ⅰ级(特别重大)");
  EXPECT_EQ(SeverityName(v1::SEVERITY_IV), "Ⅳ级(一般)");
  EXPECT_EQ(ClassificationName(v1::CLASSIFICATION_PUBLIC), "公开");
  EXPECT_EQ(ClassificationName(v1::CLASSIFICATION_TOP_SECRET), "绝密");
  // Values off the wire may be anything.
  EXPECT_EQ(KindName(static_cast<v1::Kind>(99)), "未指定");
  EXPECT_EQ(StageName(v1::STAGE_UNSPECIFIED), "未指定");
}

TEST(Names, DisplayNamesParseBack) {
  for (int i = 1; i <= 5; ++i) {
    const auto kind = static_cast<v1::Kind>(i);
    EXPECT_EQ(ParseKind(KindName(kind)), kind);
    const auto classification = static_cast<v1::Classification>(i);
    EXPECT_EQ(ParseClassification(ClassificationName(classification)),
              classification);
  }
  for (int i = 1; i <= 4; ++i) {
    const auto stage = static_cast<v1::Stage>(i);
    EXPECT_EQ(ParseStage(StageName(stage)), stage);
    const auto severity = static_cast<v1::Severity>(i);
    EXPECT_EQ(ParseSeverity(SeverityName(severity)), severity);
  }
}

TEST(Names, FollowupNameCountsInChineseNumerals) {
  const std::vector<std::pair<uint32_t, std::string>> cases = {
      {0, "续报"},        {1, "续报一"},    {2, "续报二"},
      {9, "续报九"},      {10, "续报十"},   {11, "续报十一"},
      {19, "续报十九"},   {20, "续报二十"}, {21, "续报二十一"},
      {99, "续报九十九"}, {100, "续报100"}, {4294967295u, "续报4294967295"},
  };
  for (const auto& [n, name] : cases) EXPECT_EQ(FollowupName(n), name) << n;
}

TEST(Names, ChineseNumeralsUpToNinetyNineThenDigits) {
  const std::pair<uint32_t, const char*> cases[] = {
      {1, "一"}, {10, "十"}, {12, "十二"}, {20, "二十"}, {45, "四十五"},
      {99, "九十九"}, {100, "100"}, {0, "0"}};
  for (const auto& [n, name] : cases) EXPECT_EQ(ChineseNumeral(n), name) << n;
}

TEST(Names, CaibianWordsForIssuesAdoptionsAndScoreLines) {
  EXPECT_EQ(IssuePhaseName(v1::ISSUE_PHASE_DRAFT), "编辑中");
  EXPECT_EQ(IssuePhaseName(v1::ISSUE_PHASE_ISSUED), "已签发");
  EXPECT_EQ(AdoptionOriginName(v1::ADOPTION_ORIGIN_ENTERED), "录入");
  EXPECT_EQ(ScoreSourceName(v1::SCORE_SOURCE_ADOPTION), "采用");
  EXPECT_EQ(ScoreSourceName(v1::SCORE_SOURCE_DUBAN_URGED), "督办催办");
  EXPECT_EQ(ScoreSourceName(static_cast<v1::ScoreSource>(99)), "其他");
}

TEST(Names, StageLabelsPutTheWordBeforeTheStage) {
  EXPECT_EQ(StageLabel(v1::STAGE_SHI, 0), "首报（事）");
  EXPECT_EQ(StageLabel(v1::STAGE_QING, 3), "续报三（情）");
  EXPECT_EQ(StageLabel(v1::STAGE_QING, 12), "续报十二（情）");
  EXPECT_EQ(StageLabel(v1::STAGE_QING, 0), "续报（情）");
  EXPECT_EQ(StageLabel(v1::STAGE_YIN, 0), "原因（因）");
  EXPECT_EQ(StageLabel(v1::STAGE_GUO, 0), "终报（果）");
  EXPECT_EQ(StageLabel(v1::STAGE_UNSPECIFIED, 0), "未指定");
  EXPECT_EQ(StageLabel(static_cast<v1::Stage>(99), 2), "未指定");
}

TEST(Names, ElementLabels) {
  EXPECT_EQ(ElementLabel("measures"), "已采取的措施");
  EXPECT_EQ(ElementLabel("casualties"), "伤亡人数");
  EXPECT_EQ(ElementLabel("contact_phone"), "联系电话");
  // A name from a newer broker reads as it is.
  EXPECT_EQ(ElementLabel("weather"), "weather");
  EXPECT_EQ(ElementLabel(""), "");
}

// Every element the broker may list in Alarm.missing_elements has a label of
// its own. broker::Element counts up from 0; ElementName is empty past the
// last one.
TEST(Names, EveryBrokerElementHasAChineseLabel) {
  std::set<std::string_view> labels;
  int count = 0;
  for (;; ++count) {
    const std::string_view name =
        broker::ElementName(static_cast<broker::Element>(count));
    if (name.empty()) break;
    const std::string_view label = ElementLabel(name);
    EXPECT_NE(label, name) << name << " has no label";
    EXPECT_TRUE(labels.insert(label).second) << name << " shares " << label;
    EXPECT_EQ(broker::ElementLabel(static_cast<broker::Element>(count)), label);
  }
  EXPECT_EQ(count, 12);
}

}  // namespace
TEST(Names, KindSlugIsTheEnglishSpellingTheParserTakes) {
  EXPECT_EQ(KindSlug(v1::KIND_URGENT), "urgent");
  EXPECT_EQ(KindSlug(v1::KIND_UNSPECIFIED), "unspecified");
  for (int k = v1::Kind_MIN; k <= v1::Kind_MAX; ++k) {
    const auto kind = static_cast<v1::Kind>(k);
    if (kind == v1::KIND_UNSPECIFIED) continue;
    EXPECT_EQ(ParseKind(KindSlug(kind)), kind) << KindSlug(kind);
  }
}

}  // namespace xinbao
