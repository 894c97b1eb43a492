// The monitor screen, line by line: a fixed state at 80×24 (wide
// characters, every section) and squeezed into 60×12, filters, and the
// status line while reconnecting.
#include "clients/monitor/monitor_screen.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clients/text/display_width.h"
#include "tests/clients/feed_fixtures.h"

namespace xinbao::client {
namespace {

using namespace xinbao::testing;
using Style = LineStyle;

const ViewClock kClock{kNow, TimeZone::FixedOffset(kBeijing)};

constexpr char kFire[] = "3f2a9c1e-7b4d-4c1a-9e8f-0123456789ab";
constexpr char kCrash[] = "9b1c22d0-1111-4a2b-8c3d-444455556666";
constexpr char kGas[] = "5d7e8f90-2222-4b3c-9d4e-777788889999";

v1::Alarm StageAlarm(const char* event, uint32_t id, v1::AlarmKind kind,
                     const char* unit, v1::Stage stage, uint32_t followup,
                     int64_t due_at) {
  v1::Alarm alarm = Alarm(event, id, kind, unit, stage, due_at, true);
  alarm.set_followup(followup);
  return alarm;
}

// A fire under way (an escalated overdue 续报二, elements missing), a road
// crash a phone call told of (its 事 overdue: concealment suspected), a gas
// leak just closed, and the morning's reports.
v1::Snapshot TheMorning() {
  v1::Snapshot snapshot = Snapshot(100, At(9, 59));
  auto& names = *snapshot.mutable_unit_names();
  names["hekou"] = "河口镇";
  names["gongan"] = "县公安局";
  names["xianweiban"] = "清河县委办公室";  // 14 columns
  names["chengguan"] = "城关镇";

  v1::EventState fire =
      Event(kFire, "hekou", "河口镇化工厂仓库火灾，3人受伤", At(7, 45));
  AddStage(&fire, v1::STAGE_SHI);
  AddStage(&fire, v1::STAGE_QING, 1);
  AddDeadline(&fire, v1::STAGE_QING, 2, At(9, 35));
  *fire.add_alarms() = StageAlarm(kFire, 1, v1::ALARM_KIND_OVERDUE, "hekou",
                                  v1::STAGE_QING, 2, At(9, 35));
  *fire.add_alarms() = StageAlarm(kFire, 2, v1::ALARM_KIND_ESCALATED, "hekou",
                                  v1::STAGE_QING, 2, At(9, 35));
  v1::Alarm missing = StageAlarm(kFire, 3, v1::ALARM_KIND_MISSING_ELEMENTS,
                                 "hekou", v1::STAGE_SHI, 0, 0);
  missing.set_raised_at_ms(At(7, 50));
  missing.add_missing_elements("casualties");
  missing.add_missing_elements("measures");
  *fire.add_alarms() = missing;
  *snapshot.add_open_events() = fire;

  v1::EventState crash = Event(kCrash, "gongan", "G205国道多车相撞", At(9, 20));
  AddStage(&crash, v1::STAGE_SHI);  // the duty officer's phone log only:
  crash.mutable_reports()->rbegin()->set_phone_call(true);  // shown 事☎
  AddDeadline(&crash, v1::STAGE_QING, 1, At(10, 20));
  *crash.add_alarms() =
      StageAlarm(kCrash, 1, v1::ALARM_KIND_CONCEALMENT_SUSPECTED, "gongan",
                 v1::STAGE_SHI, 0, At(9, 50));
  *snapshot.add_open_events() = crash;

  v1::EventState gas = Event(kGas, "chengguan", "城关镇燃气泄漏", At(6, 10));
  for (v1::Stage stage :
       {v1::STAGE_SHI, v1::STAGE_QING, v1::STAGE_QING, v1::STAGE_YIN}) {
    AddStage(&gas, stage);
  }
  AddDeadline(&gas, v1::STAGE_GUO, 0, At(12, 0));
  *snapshot.add_open_events() = gas;

  const struct {
    uint64_t sequence;
    v1::Kind kind;
    const char* unit;
    const char* title;
    int64_t at;
  } reports[] = {
      {58, v1::KIND_URGENT, "gongan", "G205国道多车相撞", At(9, 41)},
      {57, v1::KIND_GENERAL_DYNAMIC, "xianweiban",
       "县委办公室召开全县信息报送工作推进会，部署下半年重点任务", At(9, 30)},
      {56, v1::KIND_URGENT, "hekou", "河口镇化工厂仓库火灾续报", At(8, 40)},
      {55, v1::KIND_IMPORTANT_DYNAMIC, "jiaotong", "春运交通保障方案",
       At(8, 15)},
      {54, v1::KIND_URGENT, "hekou", "河口镇化工厂仓库火灾", At(7, 52)},
      {53, v1::KIND_RESEARCH, "chengguan", "关于老旧小区燃气管网改造的调研",
       At(-8, 20)},
  };
  for (const auto& row : reports) {
    v1::ReportSummary report =
        Report(row.sequence, row.kind, row.unit, row.title, row.at);
    if (row.kind == v1::KIND_URGENT) {
      report.set_stage(row.sequence == 56 ? v1::STAGE_QING : v1::STAGE_SHI);
      report.set_followup(row.sequence == 56 ? 1 : 0);
    }
    *snapshot.add_latest_reports() = report;
  }
  return snapshot;
}

// The morning, then the gas leak closed at 09:50 and a heartbeat heard a
// second ago.
MonitorState MorningState() {
  MonitorState state(TimeZone::FixedOffset(kBeijing));
  state.Reset(TheMorning());
  v1::EventState gas = Event(kGas, "chengguan", "城关镇燃气泄漏", At(6, 10));
  for (v1::Stage stage : {v1::STAGE_SHI, v1::STAGE_QING, v1::STAGE_QING,
                          v1::STAGE_YIN, v1::STAGE_GUO}) {
    AddStage(&gas, stage);
  }
  gas.set_closed(true);
  gas.set_closed_at_ms(At(9, 50));
  EXPECT_EQ(state.Apply(EventItem(101, gas, At(9, 50)), At(9, 50)),
            MonitorState::Outcome::kApplied);
  EXPECT_EQ(state.Apply(Heartbeat(101, kNow - 1000), kNow - 1000),
            MonitorState::Outcome::kApplied);
  state.set_link(LinkState::kLive);
  return state;
}

std::vector<std::string> Texts(const std::vector<ScreenLine>& lines) {
  std::vector<std::string> texts;
  for (const ScreenLine& line : lines) texts.push_back(line.text);
  return texts;
}

std::vector<Style> Styles(const std::vector<ScreenLine>& lines) {
  std::vector<Style> styles;
  for (const ScreenLine& line : lines) styles.push_back(line.style);
  return styles;
}

void ExpectFits(const std::vector<ScreenLine>& lines, ScreenSize size) {
  ASSERT_EQ(lines.size(), size.height);
  for (const ScreenLine& line : lines) {
    EXPECT_LE(DisplayWidth(line.text), size.width) << line.text;
  }
}

// For a failing golden test: the lines as they would be written here.
std::string AsSource(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += "      \"" + line + "\",\n";
  return text;
}

// Renders the morning through `filter` at `size` and checks the lines
// against `expected`; returns them.
std::vector<ScreenLine> ExpectScreen(const MonitorFilter& filter,
                                     ScreenSize size,
                                     const std::vector<std::string>& expected) {
  const std::vector<ScreenLine> lines =
      RenderMonitorScreen(MorningState(), filter, size, kClock);
  ExpectFits(lines, size);
  EXPECT_EQ(Texts(lines), expected) << AsSource(Texts(lines));
  return lines;
}

// The goldens keep one screen line to a source line.
// clang-format off
TEST(MonitorScreen, ShowsEverySectionAt80x24) {
  const std::vector<ScreenLine> lines = ExpectScreen(
      MonitorFilter{}, {80, 24},
      {
          "已连接 心跳1秒前 #101  今日 新事件3 告警4 紧急3 重要1 一般1 调研0 经验0",
          "未解除告警 4 条",
          "疑似瞒报 9b1c22d0… 县公安局 事     超时 10分                G205国道多车相撞",
          "升级     3f2a9c1e… 河口镇   续报二 超时 25分                河口镇化工厂仓库火…",
          "超时未报 3f2a9c1e… 河口镇   续报二 超时 25分                河口镇化工厂仓库火…",
          "漏报     3f2a9c1e… 河口镇   事     缺 伤亡人数、已采取的措… 河口镇化工厂仓库火…",
          "紧急事件 2 个未结，1 个刚结束",
          "3f2a9c1e… 河口镇化工厂仓库火灾，3人… 事✓ 情1 因· 果· 2小时15分 续报二 超时 25分",
          "9b1c22d0… G205国道多车相撞           事☎ 情· 因· 果· 40分      续报一 10:20 到期",
          "5d7e8f90… 城关镇燃气泄漏             事✓ 情2 因✓ 果✓ 3小时50分 已终报 09:50",
          "最新报告",
          "09:41       县公安局       紧急·事     G205国道多车相撞",
          "09:30       清河县委办公室 一般        县委办公室召开全县信息报送工作推进会，部…",
          "08:40       河口镇         紧急·续报一 河口镇化工厂仓库火灾续报",
          "08:15       jiaotong       重要        春运交通保障方案",
          "07:52       河口镇         紧急·事     河口镇化工厂仓库火灾",
          "11-21 16:20 城关镇         调研        关于老旧小区燃气管网改造的调研",
          "", "", "", "", "", "", "",
      });
  std::vector<Style> styles(24, Style::kPlain);
  for (std::size_t heading : {0, 1, 6, 10}) styles[heading] = Style::kHeading;
  for (std::size_t alarm : {2, 3, 4, 5}) styles[alarm] = Style::kAlert;
  EXPECT_EQ(Styles(lines), styles);
}

TEST(MonitorScreen, SectionsShareA60x12Screen) {
  ExpectScreen(
      MonitorFilter{}, {60, 12},
      {
          "已连接 心跳1秒前 #101  今日 新事件3 告警4 紧急3 重要1 一般1",
          "未解除告警 4 条",
          "疑似瞒报 9b1c22d0… 县公安局 事     超时 10分      G205国道…",
          "升级     3f2a9c1e… 河口镇   续报二 超时 25分      河口镇化…",
          "超时未报 3f2a9c1e… 河口镇   续报二 超时 25分      河口镇化…",
          "漏报     3f2a9c1e… 河口镇   事     缺 伤亡人数、… 河口镇化…",
          "紧急事件 2 个未结，1 个刚结束（另有 1 个未显示）",
          "3f2a9c1e… 河口镇化工厂仓…  事✓ 情1 因· 果· 续报二 超时 25分",
          "9b1c22d0… G205国道多车相撞 事☎ 情· 因· 果· 续报一 10:20 到期",
          "最新报告",
          "09:41       县公安局     紧急·事     G205国道多车相撞",
          "09:30       清河县委办…  一般        县委办公室召开全县信息…",
      });
}

TEST(MonitorScreen, FiltersChooseTheRowsNotTheCounts) {
  MonitorFilter filter;
  filter.unit_id = "gongan";
  ExpectScreen(
      filter, {80, 10},
      {
          "已连接 心跳1秒前 #101  今日 新事件3 告警4 紧急3 重要1 一般1 调研0 经验0",
          "未解除告警 1 条",
          "疑似瞒报 9b1c22d0… 县公安局 事 超时 10分 G205国道多车相撞",
          "紧急事件 1 个未结",
          "9b1c22d0… G205国道多车相撞 事☎ 情· 因· 果· 40分 续报一 10:20 到期",
          "最新报告  只看 县公安局",
          "09:41 县公安局 紧急·事 G205国道多车相撞",
          "", "", "",
      });
}
// clang-format on

// Interactive: the selected event's row is marked, the key bar is last,
// and a selection below the rows shown scrolls its section.
TEST(MonitorScreen, MarksTheSelectedEventAndEndsWithTheKeyBar) {
  const MonitorState state = MorningState();
  const MonitorFilter none;
  EXPECT_EQ(EventRowIds(state, none, kClock),
            (std::vector<std::string>{kFire, kCrash, kGas}));
  const std::vector<ScreenLine> lines = RenderMonitorScreen(
      state, none, {80, 24}, kClock, ScreenKeys{kCrash, "q 退出"});
  ASSERT_EQ(lines.size(), 24u);
  EXPECT_EQ(lines.back(), (ScreenLine{"q 退出", Style::kKeyBar}));
  int selected = 0;
  for (const ScreenLine& line : lines) {
    if (line.style != Style::kSelected) continue;
    ++selected;
    EXPECT_NE(line.text.find("G205国道多车相撞"), std::string::npos);
  }
  EXPECT_EQ(selected, 1);

  // 60x8: one event row fits; selecting the last one scrolls to it.
  const std::vector<ScreenLine> small = RenderMonitorScreen(
      state, none, {60, 8}, kClock, ScreenKeys{kGas, "q"});
  bool gas_shown = false;
  for (const ScreenLine& line : small) {
    if (line.style == Style::kSelected) {
      gas_shown = line.text.find("城关镇燃气泄漏") != std::string::npos;
    }
  }
  EXPECT_TRUE(gas_shown);
}

// The text typed after "/" matches titles, unit ids and unit names.
TEST(MonitorScreen, TypedFilterMatchesTitlesAndUnitNames) {
  const MonitorState state = MorningState();
  MonitorFilter filter;
  filter.SetText("河口", state.unit_names());
  EXPECT_EQ(EventRowIds(state, filter, kClock),
            std::vector<std::string>{kFire});
  filter.SetText("公安", state.unit_names());  // 县公安局's crash
  EXPECT_EQ(EventRowIds(state, filter, kClock),
            std::vector<std::string>{kCrash});
  EXPECT_NE(filter.Describe(state.unit_names()).find("“公安”"),
            std::string::npos);
}

// At an upper level of the reporting tree a report forwarded from a
// county says where it was first reported, the county first.
TEST(MonitorScreen, AForwardedReportNamesItsCountyAndTownship) {
  v1::Snapshot snapshot = TheMorning();
  v1::ReportSummary* forwarded = snapshot.mutable_latest_reports(0);
  forwarded->set_unit_id("qingshui");
  forwarded->set_origin_unit_name("河口镇");
  forwarded->set_origin_broker_name("清水县");
  MonitorState state(TimeZone::FixedOffset(kBeijing));
  state.Reset(snapshot);
  const std::vector<std::string> texts =
      Texts(RenderMonitorScreen(state, MonitorFilter{}, {80, 24}, kClock));
  bool found = false;
  for (const std::string& text : texts) {
    if (text.find("09:41       清水县·河口镇  紧急·事") != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << AsSource(texts);
}

TEST(MonitorScreen, SaysWhenTheBrokerIsSilent) {
  MonitorState state = MorningState();
  state.set_link(LinkState::kReconnecting);
  const ViewClock later{kNow + 65'000, kClock.zone};
  const std::vector<ScreenLine> lines =
      RenderMonitorScreen(state, MonitorFilter{}, ScreenSize{80, 3}, later);
  ExpectFits(lines, ScreenSize{80, 3});
  EXPECT_EQ(lines[0].style, Style::kAlert);
  EXPECT_EQ(lines[0].text,
            "服务无响应，正在重连… 心跳1分前 #101  今日 新事件3 告警4 紧急3 "
            "重要1 一般1");
}

TEST(MonitorScreen, TinyScreensKeepTheStatusLineAndTheTopSection) {
  const MonitorState state = MorningState();
  for (std::size_t height : {0, 1, 2, 3, 4}) {
    const std::vector<ScreenLine> lines = RenderMonitorScreen(
        state, MonitorFilter{}, ScreenSize{20, height}, kClock);
    ExpectFits(lines, ScreenSize{20, height});
    if (height >= 3) {
      EXPECT_TRUE(lines[1].text.starts_with("未解除告警 4 条"))
          << lines[1].text;
    }
  }
  const MonitorState empty(TimeZone::FixedOffset(kBeijing));
  EXPECT_EQ(Texts(RenderMonitorScreen(empty, MonitorFilter{}, ScreenSize{40, 4},
                                      kClock)),
            (std::vector<std::string>{"正在连接… 心跳- #0  今日 新事件0 告警0",
                                      "最新报告", "暂无报告", ""}));
}

}  // namespace
}  // namespace xinbao::client

namespace xinbao::client {
namespace {

// With 督办 items open the status line says how many are red (红灯).
TEST(MonitorScreen, TheStatusLineCountsTheRedDubanItems) {
  v1::Snapshot snapshot = TheMorning();
  v1::DubanState red;
  red.mutable_item()->set_item_id("db-1");
  red.set_light(v1::LIGHT_RED);
  v1::DubanState yellow;
  yellow.mutable_item()->set_item_id("db-2");
  yellow.set_light(v1::LIGHT_YELLOW);
  *snapshot.add_open_items() = red;
  *snapshot.add_open_items() = yellow;
  MonitorState state(TimeZone::FixedOffset(kBeijing));
  state.Reset(snapshot);
  const std::vector<ScreenLine> lines =
      RenderMonitorScreen(state, MonitorFilter{}, {100, 24}, kClock);
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].text.find(" 督办红灯1 "), std::string::npos)
      << lines[0].text;
}

}  // namespace
}  // namespace xinbao::client
