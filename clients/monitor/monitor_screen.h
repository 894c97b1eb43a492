// The duty officer's live screen (`xinbao watch`): a MonitorState drawn
// as exactly `height` lines of at most `width` terminal columns (double-
// width characters count two, display_width.h). From the top:
//
//   - the status line: the link (已连接 / 服务无响应，正在重连… / 快照), how
//     long ago the broker was last heard, the feed sequence, and the day's
//     counts — urgent events opened, alarms raised, reports by kind (only
//     the kinds with any when all do not fit);
//   - the open alarms, most urgent first (疑似瞒报, 升级, 超时未报, then
//     漏报; by deadline within a kind): kind, event, unit, stage, what is
//     the matter, the event's title;
//   - the urgent events, most pressing deadline first, then those closed
//     or merged in the last kEndedShownMs: id, title, stages
//     "事✓ 情2 因· 果·", time since it happened (below 70 columns left
//     out), next deadline (or "已终报 10:31" / "已并入 <id>");
//   - the newest reports: time, unit, kind (stage for urgent ones), title.
//
// Each section has a heading with its count. When the height is short,
// sections share it: each gets an equal share (at least one row), and
// what a section does not use goes to the sections above it first, then
// below; a cut section says how many rows it leaves out in its heading.
// When even headings do not fit, the lowest sections go first. Alarms and
// events are left out when there are none; the reports section is always
// there. Filters (monitor_filter.h) choose the rows, not the counts on the
// status line. Lines are not padded: unused columns and lines are empty.
//
// No escape sequences: a line's style says how the terminal should show it.
//
// Threads: pure functions (a ViewClock without a UTC offset reads TZ).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "clients/text/event_text.h"
#include "clients/monitor/monitor_filter.h"
#include "clients/monitor/monitor_state.h"

namespace xinbao::client {

enum class LineStyle {
  kPlain,
  kHeading,   // section headings and the status line: bold
  kAlert,     // alarms, and the status line while the broker is silent: red
  kSelected,  // the event the keys selected: reverse video
  kKeyBar,    // the key bar at the bottom: reverse video
};

struct ScreenLine {
  std::string text;
  LineStyle style = LineStyle::kPlain;

  bool operator==(const ScreenLine&) const = default;
};

struct ScreenSize {
  std::size_t width = 80;
  std::size_t height = 24;
};

// How long a closed or merged event stays on the screen.
inline constexpr int64_t kEndedShownMs = 10 * 60 * 1000;

// Exactly size.height lines (none if it is 0), each at most size.width
// columns. `clock.now_ms` is the present for ages and deadlines.
std::vector<ScreenLine> RenderMonitorScreen(const MonitorState& state,
                                            const MonitorFilter& filter,
                                            ScreenSize size,
                                            const ViewClock& clock);

// What an interactive monitor adds (monitor_keys.h): the selected event's
// row is kSelected (its section scrolled so that the row shows), and the
// key bar takes the last line.
struct ScreenKeys {
  std::string selected_event;  // "": none
  std::string key_bar;
};
std::vector<ScreenLine> RenderMonitorScreen(const MonitorState& state,
                                            const MonitorFilter& filter,
                                            ScreenSize size,
                                            const ViewClock& clock,
                                            const ScreenKeys& keys);

// The ids of the urgent events' rows, top to bottom, as the screen lists
// them (what the arrow keys select from).
std::vector<std::string> EventRowIds(const MonitorState& state,
                                     const MonitorFilter& filter,
                                     const ViewClock& clock);

// An event's detail (`lines`, from its `top` line) over the screen, the
// key bar on the last line.
std::vector<ScreenLine> RenderDetailScreen(const std::vector<std::string>& lines,
                                           std::size_t top, ScreenSize size,
                                           const std::string& key_bar);

}  // namespace xinbao::client
