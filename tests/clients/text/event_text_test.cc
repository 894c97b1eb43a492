#include "clients/text/event_text.h"

#include <gtest/gtest.h>

#include <string>

#include "clients/text/display_width.h"
#include "tests/clients/feed_fixtures.h"

namespace xinbao::client {
namespace {

using xinbao::testing::AddDeadline;
using xinbao::testing::At;
using xinbao::testing::kMinute;
using xinbao::testing::kNow;

// 2026-11-22 10:00 in Beijing (UTC+8); the renderers are told the offset,
// so the machine's TZ does not matter.
const ViewClock kClock{kNow, TimeZone::FixedOffset(xinbao::testing::kBeijing)};

constexpr char kAccidentId[] = "3f2a9c1e-7b4d-4c1a-9e8f-0123456789ab";

// The names the broker's registry gives; "gongan" has none here, so the
// views show its id.
void NameUnits(google::protobuf::Map<std::string, std::string>* names) {
  (*names)["xianweiban"] = "清河县委办公室";  // 14 columns
  (*names)["hekou"] = "河口镇";
}

v1::EventReport* AddReport(v1::EventState* event, uint64_t sequence,
                           const std::string& unit, v1::Stage stage,
                           uint32_t followup, int64_t stored_at,
                           const std::string& title) {
  v1::EventReport* report = event->add_reports();
  report->set_sequence(sequence);
  report->set_unit_id(unit);
  report->set_stage(stage);
  report->set_followup(followup);
  report->set_stored_at_ms(stored_at);
  report->set_title(title);
  return report;
}

v1::Alarm* AddAlarm(v1::EventState* event, uint32_t id, v1::AlarmKind kind,
                    v1::Stage stage, uint32_t followup, int64_t due_at,
                    bool open) {
  v1::Alarm* alarm = event->add_alarms();
  alarm->set_id(id);
  alarm->set_kind(kind);
  alarm->set_event_id(event->event_id());
  alarm->set_unit_id(event->responsible_unit_id());
  alarm->set_stage(stage);
  alarm->set_followup(followup);
  alarm->set_due_at_ms(due_at);
  alarm->set_open(open);
  return alarm;
}

// A traffic accident: a phone call at 07:40, the township's written 事 7
// minutes late, a corrected 情, the police's 事 after their own 情; the
// second 情 is overdue.
v1::EventState Accident() {
  v1::EventState event;
  event.set_event_id(kAccidentId);
  event.set_responsible_unit_id("hekou");
  event.set_responsible_named(true);
  event.set_title("河口镇S235线发生一起三车相撞交通事故");
  event.set_place("河口镇S235线K12+300处");
  event.set_severity(v1::SEVERITY_III);
  event.mutable_casualties()->set_dead(2);
  event.mutable_casualties()->set_injured(5);
  event.set_occurred_at_ms(At(7, 45));
  event.set_opened_at_ms(At(7, 41));
  event.set_first_known_at_ms(At(7, 40));
  event.set_phone_called_at_ms(At(7, 40));
  event.set_written_shi_at_ms(At(7, 52));
  event.set_phone_to_written_ms(12 * kMinute);
  for (const char* unit : {"xianweiban", "hekou", "gongan"}) {
    event.add_units(unit);
  }
  v1::EventReport* call = AddReport(&event, 11, "xianweiban", v1::STAGE_SHI, 0,
                                    At(7, 41), "电话：S235线三车相撞");
  call->set_phone_call(true);
  call->set_caller_unit_id("gongan");
  call->set_called_at_ms(At(7, 40));
  AddReport(&event, 12, "hekou", v1::STAGE_SHI, 0, At(7, 52),
            "河口镇S235线发生一起三车相撞交通事故");
  AddReport(&event, 13, "hekou", v1::STAGE_QING, 1, At(8, 30), "伤亡人数更新")
      ->set_corrected_by_sequence(14);
  AddReport(&event, 14, "hekou", v1::STAGE_QING, 1, At(8, 45), "更正：伤亡人数")
      ->set_corrects_sequence(13);
  AddReport(&event, 15, "gongan", v1::STAGE_QING, 1, At(9, 10),
            "交警部门现场处置情况");
  AddReport(&event, 16, "gongan", v1::STAGE_SHI, 0, At(9, 20), "公安局首报")
      ->add_anomalies(v1::ANOMALY_SHI_AFTER_LATER_STAGE);
  AddDeadline(&event, v1::STAGE_QING, 2, At(9, 30));
  AddDeadline(&event, v1::STAGE_YIN, 0, At(10, 0) + 22 * 60 * kMinute);

  v1::Alarm* first = AddAlarm(&event, 1, v1::ALARM_KIND_OVERDUE, v1::STAGE_SHI,
                              0, At(7, 45), false);
  first->set_cleared_at_ms(At(7, 52));
  first->set_cleared_reason("首报已到");
  AddAlarm(&event, 2, v1::ALARM_KIND_LATE, v1::STAGE_SHI, 0, At(7, 45), false)
      ->set_late_by_ms(7 * kMinute);
  v1::Alarm* missing = AddAlarm(&event, 3, v1::ALARM_KIND_MISSING_ELEMENTS,
                                v1::STAGE_QING, 1, 0, true);
  missing->add_missing_elements("casualties");
  missing->add_missing_elements("measures");
  AddAlarm(&event, 4, v1::ALARM_KIND_OVERDUE, v1::STAGE_QING, 2, At(9, 30),
           true);
  return event;
}

// A fire reported once, by the first reporter (no responsible unit named).
v1::EventState Fire() {
  v1::EventState event;
  event.set_event_id("ev-chengguan-fire");
  event.set_responsible_unit_id("chengguan");
  event.set_title("城关镇人民路一居民楼发生火灾");
  event.set_severity(v1::SEVERITY_IV);
  event.set_occurred_at_ms(At(9, 35));
  AddReport(&event, 20, "chengguan", v1::STAGE_SHI, 0, At(9, 40),
            "城关镇人民路一居民楼发生火灾");
  AddDeadline(&event, v1::STAGE_QING, 1, At(10, 40));
  return event;
}

// Every line of `text` fits in kLineWidth columns.
void ExpectWithinLineWidth(const std::string& text) {
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    const std::string line = text.substr(start, end - start);
    EXPECT_LE(DisplayWidth(line), kLineWidth) << line;
  }
}

TEST(EventText, EventList) {
  v1::EventList list;
  *list.add_events() = Accident();
  *list.add_events() = Fire();
  NameUnits(list.mutable_unit_names());
  EXPECT_EQ(EventListText(list, kClock),
            "事件      属地      等级 进度            已过      下一时限       "
            "   告警\n"
            "3f2a9c1e… 河口镇    Ⅲ级  事✓ 情2 因· 果· 2小时15分 续报二 超时 "
            "30分     2\n"
            "  河口镇S235线发生一起三车相撞交通事故\n"
            "ev-cheng… chengguan Ⅳ级  事✓ 情· 因· 果· 25分      续报一 10:40 "
            "到期    0\n"
            "  城关镇人民路一居民楼发生火灾\n"
            "共 2 个事件\n");
}

TEST(EventText, EventListKeepsTo80Columns) {
  v1::EventList list;
  v1::EventState* event = list.add_events();
  *event = Accident();
  event->set_responsible_unit_id("a-very-long-unit-id");
  event->set_title(std::string(40, 'x') +
                   "一二三四五六七八九十一二三四五六七八九十");
  event->mutable_deadlines(0)->set_due_at_ms(At(10, 0) - 3 * 60 * kMinute);
  *list.add_events() = Fire();
  (*list.mutable_unit_names())["chengguan"] = "清河县经济技术开发区管委会";
  const std::string text = EventListText(list, kClock);
  ExpectWithinLineWidth(text);
  EXPECT_NE(text.find("a-very-long-u… "), std::string::npos) << text;
  EXPECT_NE(text.find(" 清河县经济技…  "), std::string::npos) << text;
  EXPECT_NE(text.find("\n  " + std::string(40, 'x') +
                      "一二三四五六七八九十一二三四五六七八…\n"),
            std::string::npos)
      << text;
}

// A phone log (电话登记) is not the unit's written 事: while the written
// one is owed the list says 事☎, and 事✓ only once it came; the same for
// a phoned 情.
TEST(EventText, PhoneLogIsNotTheWrittenReport) {
  v1::EventList list;
  v1::EventState* phoned = list.add_events();
  *phoned = Fire();
  phoned->clear_reports();
  v1::EventReport* call = AddReport(phoned, 30, "xianweiban", v1::STAGE_SHI, 0,
                                    At(9, 38), "电话：人民路居民楼火灾");
  call->set_phone_call(true);
  call->set_caller_unit_id("chengguan");
  AddReport(phoned, 31, "xianweiban", v1::STAGE_QING, 1, At(9, 50),
            "电话：火势已控制")
      ->set_phone_call(true);
  const std::string only_phoned = EventListText(list, kClock);
  EXPECT_NE(only_phoned.find("事☎ 情☎ 因· 果·"), std::string::npos)
      << only_phoned;
  EXPECT_EQ(only_phoned.find("事✓"), std::string::npos) << only_phoned;

  AddReport(phoned, 32, "chengguan", v1::STAGE_SHI, 0, At(9, 52),
            "城关镇人民路一居民楼发生火灾");
  const std::string written = EventListText(list, kClock);
  EXPECT_NE(written.find("事✓ 情☎ 因· 果·"), std::string::npos) << written;
}

TEST(EventText, EmptyLists) {
  EXPECT_EQ(EventListText(v1::EventList(), kClock), "没有未结事件\n");
  EXPECT_EQ(AlarmListText(v1::AlarmList(), kClock), "没有未解除的告警\n");
}

TEST(EventText, EventDetail) {
  v1::EventDetail detail;
  *detail.mutable_event() = Accident();
  NameUnits(detail.mutable_unit_names());
  const std::pair<int64_t, const char*> timeline[] = {
      {At(7, 40), "值班室接公安局电话报告"},
      {At(7, 45), "河口镇 首报（事）时限到期"},
      {At(7, 52), "河口镇 首报（事），迟报 7分"},
      {At(8, 30), "河口镇 续报一（情）"},
      {At(9, 30), "河口镇 续报二（情）超时未报"},
  };
  for (const auto& [at, text] : timeline) {
    v1::TimelineEntry* entry = detail.add_timeline();
    entry->set_at_ms(at);
    entry->set_text(text);
  }
  ExpectWithinLineWidth(EventDetailText(detail, kClock));
  EXPECT_EQ(
      EventDetailText(detail, kClock),
      "事件 3f2a9c1e-7b4d-4c1a-9e8f-0123456789ab\n"
      "标题 河口镇S235线发生一起三车相撞交通事故\n"
      "地点 河口镇S235线K12+300处\n"
      "属地 河口镇\n"
      "等级 Ⅲ级(较大)\n"
      "伤亡 死亡 2 受伤 5 失踪 0\n"
      "发生 2026-11-22 07:45（已过 2小时15分）\n"
      "状态 未结\n"
      "电话 2026-11-22 07:40 接报，书面首报 07:52，相隔 12分\n"
      "报送单位 清河县委办公室、河口镇、gongan\n"
      "待报 河口镇 续报二（情） 超时 30分\n"
      "待报 河口镇 原因（因） 11-23 08:00 到期\n"
      "\n"
      "报告\n"
      "序号 存储时间    单位           阶段         标题\n"
      "  11 11-22 07:41 清河县委办公室 首报（事）   [电话 gongan] "
      "电话：S235线三车相撞\n"
      // A 14-column unit name leaves the title 35 columns of the 80.
      "  12 11-22 07:52 河口镇         首报（事）   "
      "河口镇S235线发生一起三车相撞交通事…\n"
      "  13 11-22 08:30 河口镇         续报一（情） [已被#14更正] "
      "伤亡人数更新\n"
      "  14 11-22 08:45 河口镇         续报一（情） [更正#13] 更正：伤亡人数\n"
      "  15 11-22 09:10 gongan         续报一（情） 交警部门现场处置情况\n"
      "  16 11-22 09:20 gongan         首报（事）   公安局首报\n"
      "     注意：本单位的续报、原因或终报写在首报（事）之前，首报写得晚了\n"
      "\n"
      "告警\n"
      "状态         告警     单位   阶段         时限  情况\n"
      "未解除       漏报     河口镇 续报一（情） -     "
      "缺 伤亡人数、已采取的措施\n"
      "未解除       超时未报 河口镇 续报二（情） 09:30 超时 30分\n"
      "已解除 07:52 超时未报 河口镇 首报（事）   07:45 首报已到\n"
      "记录         迟报     河口镇 首报（事）   07:45 迟 7分\n"
      "\n"
      "经过\n"
      "11-22 07:40 值班室接公安局电话报告\n"
      "11-22 07:45 河口镇 首报（事）时限到期\n"
      "11-22 07:52 河口镇 首报（事），迟报 7分\n"
      "11-22 08:30 河口镇 续报一（情）\n"
      "11-22 09:30 河口镇 续报二（情）超时未报\n");
}

// At a city: a report its county forwarded says where it comes from and
// the way it came; a report of the city's own says nothing of the kind.
TEST(EventText, ForwardedReportsSayWhereTheyComeFrom) {
  v1::EventDetail detail;
  v1::EventState* event = detail.mutable_event();
  event->set_event_id(kAccidentId);
  AddReport(event, 12, "qingshui", v1::STAGE_SHI, 0, At(9, 30),
            "河口镇S235线发生一起三车相撞交通事故");
  (*detail.mutable_unit_names())["qingshui"] = "清水县";
  v1::Report* forwarded = detail.add_reports();
  forwarded->set_sequence(12);
  forwarded->set_unit_id("qingshui");
  v1::Forwarding* way = forwarded->mutable_forwarded();
  way->set_origin_broker("qingshui");
  way->set_origin_unit_id("hekou");
  way->set_origin_unit_name("河口镇");
  way->add_hops()->set_broker_id("qingshui");
  way->add_hop_names("清水县");
  way->add_hops()->set_broker_id("jiangzhou");
  way->add_hop_names("江州市");
  v1::Report* own = detail.add_reports();
  own->set_sequence(13);
  own->set_unit_id("qingshui");
  const std::string text = EventDetailText(detail, kClock);
  EXPECT_NE(text.find("\n转报来源\n第 12 号：河口镇（清水县），经 清水县 → 江州市\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("第 13 号："), std::string::npos) << text;
  ExpectWithinLineWidth(text);
  detail.clear_reports();
  EXPECT_EQ(EventDetailText(detail, kClock).find("转报来源"), std::string::npos);
}

TEST(EventText, MergedClosedReopenedAndUnnamed) {
  v1::EventDetail detail;
  v1::EventState* event = detail.mutable_event();
  *event = Fire();
  event->set_merged_into(kAccidentId);
  event->clear_deadlines();
  EXPECT_EQ(EventDetailText(detail, kClock),
            "事件 ev-chengguan-fire\n"
            "标题 城关镇人民路一居民楼发生火灾\n"
            "属地 chengguan（首报单位，未指明属地）\n"
            "等级 Ⅳ级(一般)\n"
            "伤亡 未报\n"
            "发生 2026-11-22 09:35（已过 25分）\n"
            "状态 已并入 3f2a9c1e-7b4d-4c1a-9e8f-0123456789ab\n"
            "\n"
            "报告\n"
            "序号 存储时间    单位      阶段       标题\n"
            "  20 11-22 09:40 chengguan 首报（事） "
            "城关镇人民路一居民楼发生火灾\n");

  event->clear_merged_into();
  event->add_merged_from("ev-a");
  event->add_merged_from("ev-b");
  event->set_closed(true);
  event->set_closed_at_ms(At(9, 50));
  std::string text = EventDetailText(detail, kClock);
  EXPECT_NE(text.find("\n状态 已结 2026-11-22 09:50\n并入 ev-a、ev-b\n"),
            std::string::npos)
      << text;

  event->set_closed(false);
  event->set_reopened_at_ms(At(9, 55));
  text = EventDetailText(detail, kClock);
  EXPECT_NE(text.find("\n状态 未结（2026-11-22 09:55 重新打开）\n"),
            std::string::npos)
      << text;
}

TEST(EventText, AlarmList) {
  v1::AlarmList list;
  const v1::EventState accident = Accident();
  *list.add_alarms() = accident.alarms(3);
  *list.add_alarms() = accident.alarms(2);
  v1::Alarm* concealed = list.add_alarms();
  concealed->set_kind(v1::ALARM_KIND_CONCEALMENT_SUSPECTED);
  concealed->set_event_id("ev-donghu-1");
  concealed->set_unit_id("donghu");
  concealed->set_stage(v1::STAGE_SHI);
  concealed->set_due_at_ms(At(9, 0));
  concealed->set_open(true);
  v1::Alarm* escalated = list.add_alarms();
  *escalated = accident.alarms(3);
  escalated->set_kind(v1::ALARM_KIND_ESCALATED);
  escalated->set_due_at_ms(At(9, 30) - 24 * 60 * kMinute);
  NameUnits(list.mutable_unit_names());  // donghu has no name: its id
  EXPECT_EQ(AlarmListText(list, kClock),
            "告警     事件      单位   阶段         时限        情况\n"
            "超时未报 3f2a9c1e… 河口镇 续报二（情） 09:30       超时 30分\n"
            "漏报     3f2a9c1e… 河口镇 续报一（情） -           "
            "缺 伤亡人数、已采取的措施\n"
            "疑似瞒报 ev-dongh… donghu 首报（事）   09:00       超时 1小时\n"
            "升级     3f2a9c1e… 河口镇 续报二（情） 11-21 09:30 超时 1天\n");
}

}  // namespace
}  // namespace xinbao::client
