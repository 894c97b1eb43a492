#include "clients/monitor/monitor_screen.h"

#include <algorithm>
#include <string_view>
#include <tuple>
#include <utility>

#include "clients/text/display_width.h"
#include "clients/text/event_words.h"
#include "clients/text/text_table.h"
#include "proto/names.h"

namespace xinbao::client {
namespace {

using Align = TextTable::Align;

// A title is cut, but not below this many columns.
constexpr std::size_t kMinTitle = 8;
// What an alarm is about ("超时 2小时15分", "缺 地点、伤亡人数 …"): cut at
// this many columns, more from 80 columns up.
constexpr std::size_t kMatterWidth = 14;
constexpr std::size_t kWideMatterWidth = 24;
// Narrower screens leave out the time since an event happened.
constexpr std::size_t kSinceMinWidth = 70;

struct KindWord {
  v1::Kind kind;
  std::string_view word;
};

// The kinds as the status line and the report rows say them.
constexpr KindWord kKindWords[] = {
    {v1::KIND_URGENT, "紧急"},          {v1::KIND_IMPORTANT_DYNAMIC, "重要"},
    {v1::KIND_GENERAL_DYNAMIC, "一般"}, {v1::KIND_RESEARCH, "调研"},
    {v1::KIND_EXPERIENCE, "经验"},
};

std::string KindWordOf(v1::Kind kind) {
  for (const KindWord& row : kKindWords) {
    if (row.kind == kind) return std::string(row.word);
  }
  return "未指定";
}

std::string HeardAgo(int64_t heard_ms, int64_t now_ms) {
  if (heard_ms == 0) return "-";
  const int64_t ms = std::max<int64_t>(0, now_ms - heard_ms);
  if (ms < 60'000) return std::to_string(ms / 1000) + "秒前";
  return DurationWords(ms) + "前";
}

// The day's counts: events and alarms first (and, while 督办 items are
// open, how many of them are red), then reports by kind — every kind, or
// when that is wider than `width`, the kinds with any.
std::string DayText(const DayCounts& day, const MonitorState& state,
                    std::size_t width) {
  std::string head = "今日 新事件" + std::to_string(day.events_opened) +
                     " 告警" + std::to_string(day.alarms_raised);
  if (!state.open_items().empty()) {
    head += " 督办红灯" + std::to_string(state.red_items());
  }
  std::string all = head, some = head;
  for (const KindWord& row : kKindWords) {
    const std::string count =
        " " + std::string(row.word) + std::to_string(day.reports(row.kind));
    all += count;
    if (day.reports(row.kind) > 0) some += count;
  }
  return DisplayWidth(all) <= width ? all : some;
}

std::string_view LinkText(LinkState link) {
  switch (link) {
    case LinkState::kConnecting:
      return "正在连接…";
    case LinkState::kLive:
      return "已连接";
    case LinkState::kReconnecting:
      return "服务无响应，正在重连…";
    case LinkState::kSnapshotOnly:
      return "快照";
  }
  return "";
}

ScreenLine StatusLine(const MonitorState& state, std::size_t width,
                      const ViewClock& clock) {
  std::string text(LinkText(state.link()));
  if (state.link() != LinkState::kSnapshotOnly) {
    text += " 心跳" + HeardAgo(state.last_heard_ms(), clock.now_ms);
  }
  text += " #" + std::to_string(state.feed_sequence()) + "  ";
  text += DayText(state.today(), state,
                  width - std::min(width, DisplayWidth(text)));
  return {std::move(text), state.link() == LinkState::kReconnecting
                               ? LineStyle::kAlert
                               : LineStyle::kHeading};
}

// One section of the screen: a heading and the rows it could show.
struct Section {
  std::string heading;
  // When some rows are not shown, the heading says "（另有 N <word>未显示）";
  // empty: it says nothing (the reports: older ones scroll away).
  std::string hidden_word;
  std::vector<std::string> rows;
  LineStyle style = LineStyle::kPlain;
  // The selected row, shown kSelected and kept in view; npos: none.
  std::size_t selected = std::string::npos;

  std::string HeadingFor(std::size_t shown) const {
    if (shown >= rows.size() || hidden_word.empty()) return heading;
    return heading + "（另有 " + std::to_string(rows.size() - shown) + " " +
           hidden_word + "未显示）";
  }
};

// The rows of `table` rendered for `width` columns, without the header.
std::vector<std::string> TableRows(const TextTable& table, std::size_t width) {
  std::vector<std::string> rows = SplitLines(table.Render(width));
  if (!rows.empty()) rows.erase(rows.begin());  // the (empty) header
  return rows;
}

// Columns without headers: the section heading names what they hold.
TextTable Columns(std::initializer_list<std::size_t> max_widths,
                  std::size_t flexible) {
  std::vector<TextTable::Column> columns;
  for (const std::size_t max_width : max_widths) {
    columns.push_back({"", Align::kLeft, max_width});
  }
  TextTable table(std::move(columns));
  table.SetFlexible(flexible, kMinTitle);
  return table;
}

std::size_t UnitWidth(std::size_t width) {
  return std::min(kUnitWidth, std::max<std::size_t>(4, width / 5));
}

int AlarmRank(v1::AlarmKind kind) {
  switch (kind) {
    case v1::ALARM_KIND_CONCEALMENT_SUSPECTED:
      return 0;
    case v1::ALARM_KIND_ESCALATED:
      return 1;
    case v1::ALARM_KIND_OVERDUE:
      return 2;
    case v1::ALARM_KIND_MISSING_ELEMENTS:
      return 3;
    default:
      return 4;
  }
}

// A time to sort by, earliest first, with 0 (none) last.
int64_t DueOrLast(int64_t due_at_ms) {
  return due_at_ms == 0 ? INT64_MAX : due_at_ms;
}

// The values in `map` that `filter` shows, in the order of `order`.
template <class Map, class Order>
std::vector<const typename Map::mapped_type*> Shown(const Map& map,
                                                    const MonitorFilter& filter,
                                                    const Order& order) {
  std::vector<const typename Map::mapped_type*> shown;
  for (const auto& [key, value] : map) {
    if (filter.Shows(value)) shown.push_back(&value);
  }
  std::stable_sort(
      shown.begin(), shown.end(),
      [&order](const auto* a, const auto* b) { return order(*a) < order(*b); });
  return shown;
}

Section AlarmSection(const MonitorState& state, const MonitorFilter& filter,
                     std::size_t width, const ViewClock& clock) {
  const auto alarms =
      Shown(state.open_alarms(), filter, [](const v1::Alarm& alarm) {
        return std::tuple(AlarmRank(alarm.kind()), DueOrLast(alarm.due_at_ms()),
                          alarm.raised_at_ms());
      });
  TextTable table =
      Columns({0, kEventIdWidth, UnitWidth(width), 0,
               width >= kLineWidth ? kWideMatterWidth : kMatterWidth, 0},
              /*flexible=*/5);
  for (const v1::Alarm* alarm : alarms) {
    const auto event = state.open_events().find(alarm->event_id());
    table.AddRow({AlarmKindName(alarm->kind()), alarm->event_id(),
                  UnitName(state.unit_names(), alarm->unit_id()),
                  StageShortLabel(alarm->stage(), alarm->followup()),
                  AlarmMatter(*alarm, clock),
                  event != state.open_events().end() ? event->second.title()
                                                     : alarm->message()});
  }
  return {"未解除告警 " + std::to_string(alarms.size()) + " 条", "条",
          TableRows(table, width), LineStyle::kAlert};
}

std::string EndedCell(const EndedEvent& ended, const ViewClock& clock) {
  const v1::EventState& event = ended.event;
  if (!event.merged_into().empty()) {
    return "已并入 " + TruncateToWidth(event.merged_into(), kEventIdWidth);
  }
  const int64_t at =
      event.closed_at_ms() != 0 ? event.closed_at_ms() : ended.ended_at_ms;
  return "已终报 " + ClockTime(at, clock);
}

// The urgent events' rows: the open ones, most pressing deadline first,
// then those that ended in the last kEndedShownMs.
struct EventRows {
  std::vector<const v1::EventState*> open;
  std::vector<const EndedEvent*> ended;
};

EventRows EventRowsOf(const MonitorState& state, const MonitorFilter& filter,
                      const ViewClock& clock) {
  EventRows rows;
  rows.open =
      Shown(state.open_events(), filter, [](const v1::EventState& event) {
        const int64_t due =
            event.deadlines_size() > 0 ? event.deadlines(0).due_at_ms() : 0;
        return std::tuple(DueOrLast(due), -event.opened_at_ms());
      });
  for (const EndedEvent& item : state.ended_events()) {
    if (clock.now_ms - item.ended_at_ms > kEndedShownMs ||
        !filter.Shows(item.event)) {
      continue;
    }
    rows.ended.push_back(&item);
  }
  return rows;
}

Section EventSection(const MonitorState& state, const MonitorFilter& filter,
                     std::size_t width, const ViewClock& clock,
                     const std::string& selected) {
  const EventRows rows = EventRowsOf(state, filter, clock);
  const auto& open = rows.open;
  const bool since = width >= kSinceMinWidth;
  TextTable table = since ? Columns({kEventIdWidth, 0, 0, 0, 0}, 1)
                          : Columns({kEventIdWidth, 0, 0, 0}, 1);
  const auto add = [&](const v1::EventState& event, std::string last) {
    std::vector<std::string> cells = {event.event_id(), event.title(),
                                      StageProgress(event)};
    if (since) cells.push_back(SinceOccurred(event, clock));
    cells.push_back(std::move(last));
    table.AddRow(std::move(cells));
  };
  std::size_t row = 0, selected_row = std::string::npos;
  for (const v1::EventState* event : open) {
    if (event->event_id() == selected) selected_row = row;
    add(*event, NextDeadline(*event, clock));
    ++row;
  }
  for (const EndedEvent* item : rows.ended) {
    if (item->event.event_id() == selected) selected_row = row;
    add(item->event, EndedCell(*item, clock));
    ++row;
  }
  const std::size_t ended = rows.ended.size();
  std::string heading = "紧急事件 " + std::to_string(open.size()) + " 个未结";
  if (ended > 0) heading += "，" + std::to_string(ended) + " 个刚结束";
  Section section{std::move(heading), "个", TableRows(table, width)};
  section.selected = selected_row;
  return section;
}

std::string ReportKindCell(const v1::ReportSummary& report) {
  if (report.kind() != v1::KIND_URGENT) return KindWordOf(report.kind());
  return KindWordOf(report.kind()) + "·" +
         StageShortLabel(report.stage(), report.followup());
}

Section ReportSection(const MonitorState& state, const MonitorFilter& filter,
                      std::size_t width, const ViewClock& clock) {
  TextTable table = Columns({0, UnitWidth(width), 0, 0}, /*flexible=*/3);
  for (const v1::ReportSummary& report : state.latest_reports()) {
    if (!filter.Shows(report)) continue;
    // Forwarded from a lower level: "清水县·河口镇", the county first.
    const std::string unit =
        report.origin_unit_name().empty()
            ? UnitName(state.unit_names(), report.unit_id())
            : report.origin_broker_name() + "·" + report.origin_unit_name();
    table.AddRow({ClockTime(report.stored_at_ms(), clock), unit,
                  ReportKindCell(report), report.title()});
  }
  std::vector<std::string> rows = TableRows(table, width);
  if (rows.empty()) {
    rows.push_back(filter.empty() ? "暂无报告" : "没有符合条件的报告");
  }
  std::string heading = "最新报告";
  if (!filter.empty()) heading += "  " + filter.Describe(state.unit_names());
  return {std::move(heading), "", std::move(rows)};
}

// How many rows each section shows (0: left out, heading too) when
// `budget` lines are left for them, headings included. See the header.
std::vector<std::size_t> Allocate(const std::vector<Section>& sections,
                                  std::size_t budget) {
  std::vector<std::size_t> shown(sections.size(), 0);
  std::size_t count = sections.size();
  while (count > 0 && 2 * count > budget) --count;  // heading and a row each
  if (count == 0) return shown;
  const std::size_t rows = budget - count;
  const std::size_t share = std::max<std::size_t>(1, rows / count);
  std::size_t left = rows;
  for (std::size_t i = 0; i < count; ++i) {
    shown[i] = std::min(sections[i].rows.size(), share);
    left -= shown[i];
  }
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t more = std::min(sections[i].rows.size() - shown[i], left);
    shown[i] += more;
    left -= more;
  }
  return shown;
}

}  // namespace

std::vector<ScreenLine> RenderMonitorScreen(const MonitorState& state,
                                            const MonitorFilter& filter,
                                            ScreenSize size,
                                            const ViewClock& clock) {
  return RenderMonitorScreen(state, filter, size, clock, ScreenKeys{});
}

std::vector<ScreenLine> RenderMonitorScreen(const MonitorState& state,
                                            const MonitorFilter& filter,
                                            ScreenSize size,
                                            const ViewClock& clock,
                                            const ScreenKeys& keys) {
  std::vector<ScreenLine> lines;
  if (size.height == 0) return lines;
  const bool bar = !keys.key_bar.empty() && size.height >= 2;
  const std::size_t height = size.height - (bar ? 1 : 0);
  lines.push_back(StatusLine(state, size.width, clock));
  std::vector<Section> sections;
  for (Section section :
       {AlarmSection(state, filter, size.width, clock),
        EventSection(state, filter, size.width, clock, keys.selected_event)}) {
    if (!section.rows.empty()) sections.push_back(std::move(section));
  }
  sections.push_back(ReportSection(state, filter, size.width, clock));
  const std::vector<std::size_t> shown =
      Allocate(sections, height - lines.size());
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (shown[i] == 0) continue;
    const Section& section = sections[i];
    lines.push_back({section.HeadingFor(shown[i]), LineStyle::kHeading});
    // Scrolled so that the selected row is the last one shown, if it
    // would be below.
    const std::size_t first =
        section.selected != std::string::npos && section.selected >= shown[i]
            ? section.selected - shown[i] + 1
            : 0;
    for (std::size_t row = first; row < first + shown[i]; ++row) {
      lines.push_back({section.rows[row], row == section.selected
                                              ? LineStyle::kSelected
                                              : section.style});
    }
  }
  lines.resize(height);
  if (bar) lines.push_back({keys.key_bar, LineStyle::kKeyBar});
  for (ScreenLine& line : lines) {
    line.text = TruncateToWidth(line.text, size.width);
  }
  return lines;
}

std::vector<std::string> EventRowIds(const MonitorState& state,
                                     const MonitorFilter& filter,
                                     const ViewClock& clock) {
  const EventRows rows = EventRowsOf(state, filter, clock);
  std::vector<std::string> ids;
  for (const v1::EventState* event : rows.open) ids.push_back(event->event_id());
  for (const EndedEvent* item : rows.ended) {
    ids.push_back(item->event.event_id());
  }
  return ids;
}

std::vector<ScreenLine> RenderDetailScreen(const std::vector<std::string>& lines,
                                           std::size_t top, ScreenSize size,
                                           const std::string& key_bar) {
  std::vector<ScreenLine> screen;
  if (size.height == 0) return screen;
  const std::size_t height = size.height - 1;
  for (std::size_t i = top; i < lines.size() && screen.size() < height; ++i) {
    screen.push_back({TruncateToWidth(lines[i], size.width), LineStyle::kPlain});
  }
  screen.resize(height);
  screen.push_back({TruncateToWidth(key_bar, size.width), LineStyle::kKeyBar});
  return screen;
}

}  // namespace xinbao::client
