#include "clients/text/event_words.h"
#include "proto/names.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace xinbao::client {
namespace {

// Every value a .proto defines, bar UNSPECIFIED: a value added later without
// a word makes these tests fail.
template <class E, class Word>
void ExpectAWordForEveryValue(Word word, const std::string& fallback) {
  const auto* descriptor = google::protobuf::GetEnumDescriptor<E>();
  std::set<std::string> seen;
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto* value = descriptor->value(i);
    if (value->number() == 0) continue;
    const std::string text = word(static_cast<E>(value->number()));
    EXPECT_EQ(text.find(fallback), std::string::npos)
        << value->name() << " has no word of its own: " << text;
    EXPECT_TRUE(seen.insert(text).second)
        << value->name() << " shares its word: " << text;
  }
}

TEST(EventWords, EveryAnomalyHasASentence) {
  ExpectAWordForEveryValue<v1::Anomaly>(AnomalyText, "（编号");
  EXPECT_EQ(AnomalyText(v1::ANOMALY_AFTER_CLOSE),
            "该事件已终报，本报告已登记但属于结案后来报");
  EXPECT_EQ(AnomalyText(static_cast<v1::Anomaly>(99)), "情况异常（编号 99）");
}

TEST(EventWords, EveryAlarmKindHasAName) {
  ExpectAWordForEveryValue<v1::AlarmKind>(AlarmKindName, "（编号");
  EXPECT_EQ(AlarmKindName(v1::ALARM_KIND_OVERDUE), "超时未报");
  EXPECT_EQ(AlarmKindName(v1::ALARM_KIND_LATE), "迟报");
  EXPECT_EQ(AlarmKindName(v1::ALARM_KIND_MISSING_ELEMENTS), "漏报");
  EXPECT_EQ(AlarmKindName(v1::ALARM_KIND_CONCEALMENT_SUSPECTED), "疑似瞒报");
  EXPECT_EQ(AlarmKindName(v1::ALARM_KIND_ESCALATED), "升级");
  EXPECT_EQ(AlarmKindName(v1::ALARM_KIND_UNSPECIFIED), "告警（编号 0）");
}

TEST(EventWords, ShortLabels) {
  EXPECT_EQ(StageShortLabel(v1::STAGE_QING, 12), "续报十二");
  EXPECT_EQ(StageShortLabel(v1::STAGE_YIN, 0), "因");
  EXPECT_EQ(SeverityShortName(v1::SEVERITY_III), "Ⅲ级");
  EXPECT_EQ(SeverityShortName(v1::SEVERITY_UNSPECIFIED), "-");
}

TEST(EventWords, Durations) {
  constexpr int64_t kMinute = 60'000;
  const std::pair<int64_t, std::string> cases[] = {
      {-5 * kMinute, "不到1分"},
      {59'999, "不到1分"},
      {25 * kMinute, "25分"},
      {135 * kMinute, "2小时15分"},
      {120 * kMinute, "2小时"},
      {(3 * 24 * 60 + 4 * 60 + 5) * kMinute, "3天4小时"},
      {3 * 24 * 60 * kMinute, "3天"},
  };
  for (const auto& [ms, text] : cases) EXPECT_EQ(DurationWords(ms), text) << ms;
}

TEST(EventWords, EventNote) {
  v1::EventNote note;
  EXPECT_EQ(EventNoteText(note, v1::STAGE_QING), "");
  note.set_event_id("ev-1");
  note.set_followup(2);
  EXPECT_EQ(EventNoteText(note, v1::STAGE_QING), "事件 ev-1 续报二（情）");
  note.add_anomalies(v1::ANOMALY_AFTER_CLOSE);
  note.add_anomalies(v1::ANOMALY_MERGED_EVENT);
  EXPECT_EQ(EventNoteText(note, v1::STAGE_QING),
            "事件 ev-1 续报二（情） "
            "注意：该事件已终报，本报告已登记但属于结案后来报；"
            "所报事件已并入另一事件，本报告已登记在合并后的事件下");
}

}  // namespace
}  // namespace xinbao::client
