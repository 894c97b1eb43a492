// MonitorFilter, table-driven: which reports, events and alarms each
// filter shows, and the filtered snapshot.
#include "clients/monitor/monitor_filter.h"

#include <gtest/gtest.h>

#include "tests/clients/feed_fixtures.h"

namespace xinbao::client {
namespace {

using namespace xinbao::testing;

constexpr char kFire[] = "3f2a9c1e-7b4d-4c1a-9e8f-0123456789ab";

MonitorFilter Filter(std::optional<v1::Kind> kind, std::string unit,
                     std::string event) {
  MonitorFilter filter;
  filter.kind = kind;
  filter.unit_id = std::move(unit);
  filter.event_id = std::move(event);
  return filter;
}

v1::ReportSummary FireReport() {
  v1::ReportSummary report = Report(1, v1::KIND_URGENT, "gongan", "火灾", kNow);
  report.set_event_id(kFire);
  return report;
}

v1::EventState FireEvent() {
  v1::EventState event = Event(kFire, "hekou", "火灾", kNow);
  event.add_units("gongan");
  return event;
}

TEST(MonitorFilter, ChoosesWhatIsShown) {
  const v1::ReportSummary general =
      Report(2, v1::KIND_GENERAL_DYNAMIC, "hekou", "动态", kNow);
  const v1::Alarm alarm = Alarm(kFire, 1, v1::ALARM_KIND_OVERDUE, "hekou",
                                v1::STAGE_QING, kNow, true);
  const struct {
    MonitorFilter filter;
    bool fire_report, general_report, event, alarm;
  } cases[] = {
      {Filter(std::nullopt, "", ""), true, true, true, true},
      {Filter(v1::KIND_URGENT, "", ""), true, false, true, true},
      {Filter(v1::KIND_GENERAL_DYNAMIC, "", ""), false, true, false, false},
      {Filter(std::nullopt, "hekou", ""), false, true, true, true},
      // A unit that reported in the event sees it, not the alarm on another.
      {Filter(std::nullopt, "gongan", ""), true, false, true, false},
      {Filter(std::nullopt, "", "3f2a9c1e…"), true, false, true, true},
      {Filter(std::nullopt, "", kFire), true, false, true, true},
      {Filter(std::nullopt, "", "3f2b"), false, false, false, false},
      {Filter(v1::KIND_URGENT, "hekou", "3f2a"), false, false, true, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.filter.Describe({}));
    EXPECT_EQ(c.filter.Shows(FireReport()), c.fire_report);
    EXPECT_EQ(c.filter.Shows(general), c.general_report);
    EXPECT_EQ(c.filter.Shows(FireEvent()), c.event);
    EXPECT_EQ(c.filter.Shows(alarm), c.alarm);
    EXPECT_EQ(c.filter.Shows(AlarmItem(1, alarm, kNow)), c.alarm);
    EXPECT_TRUE(c.filter.Shows(Heartbeat(1, kNow)));
  }
}

TEST(MonitorFilter, FiltersASnapshotAndSaysWhatItShows) {
  v1::Snapshot snapshot = Snapshot(7, kNow);
  (*snapshot.mutable_unit_names())["hekou"] = "河口镇";
  *snapshot.add_open_events() = FireEvent();
  *snapshot.add_latest_reports() = FireReport();
  *snapshot.add_latest_reports() =
      Report(2, v1::KIND_GENERAL_DYNAMIC, "hekou", "动态", kNow);
  const MonitorFilter filter = Filter(v1::KIND_GENERAL_DYNAMIC, "hekou", "");
  const v1::Snapshot shown = filter.Filtered(snapshot);
  EXPECT_EQ(shown.feed_sequence(), 7u);
  EXPECT_EQ(shown.open_events_size(), 0);
  ASSERT_EQ(shown.latest_reports_size(), 1);
  EXPECT_EQ(shown.latest_reports(0).sequence(), 2u);
  EXPECT_EQ(shown.unit_names().at("hekou"), "河口镇");
  EXPECT_EQ(filter.Describe(snapshot.unit_names()), "只看 一般动态 河口镇");
  EXPECT_EQ(Filter(std::nullopt, "", "3f2a").Describe({}), "只看 事件3f2a");
  EXPECT_EQ(MonitorFilter{}.Describe({}), "");
}

}  // namespace
}  // namespace xinbao::client
