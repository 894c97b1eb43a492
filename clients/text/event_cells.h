// The cells the event views share (event_text.cc, event_detail_text.cc,
// the live feed's monitor_screen.cc).
// Internal to xinbao_client.
//
// Threads: pure functions.
#pragma once

#include <google/protobuf/map.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "clients/text/event_text.h"
#include "clients/text/text_table.h"
#include "xinbao/v1/event.pb.h"

namespace xinbao::client {

// A reply's unit_names: the display names of the units it mentions, by id.
using UnitNames = google::protobuf::Map<std::string, std::string>;

// The display name of unit `id` ("河口镇"), or `id` itself when `names`
// has none for it (a unit the broker does not know, an older broker).
const std::string& UnitName(const UnitNames& names, const std::string& id);

// "17:00" when `unix_ms` falls on today's date (in clock.zone), else
// "11-23 08:00"; "-" for 0.
std::string ClockTime(int64_t unix_ms, const ViewClock& clock);

// "<label> 17:00 到期" or "<label> 超时 25分", the label from StageLabel
// (proto/names.h), or StageShortLabel when `short_label`.
std::string DeadlineText(const v1::Deadline& deadline, const ViewClock& clock,
                         bool short_label);

// "事✓ 情2 因· 果·": ✓ the unit's written report received, a number =
// written follow-ups (情) received, ☎ only the duty officer's phone log
// (电话登记) so far — the written one is still owed —, · nothing yet.
// Corrections do not count as another follow-up.
std::string StageProgress(const v1::EventState& event);

// How long ago the event happened (its occurrence time, else when the
// centre first knew of it, else when it was opened): "2小时15分"; "-" when
// the event gives no time.
std::string SinceOccurred(const v1::EventState& event, const ViewClock& clock);

// The first thing owed, DeadlineText with the short label; "-" when
// nothing is owed.
std::string NextDeadline(const v1::EventState& event, const ViewClock& clock);

// What an alarm is about: "超时 25分", "未到期", "迟 15分", "缺 地点、伤亡人数"
// (element labels from ElementLabel), why it cleared, or "-".
std::string AlarmMatter(const v1::Alarm& alarm, const ViewClock& clock);

// A table of alarms — kind, unit (by its name in `names`), stage, due
// time, and what the matter is ("超时 25分", "迟 15分", "缺 地点、伤亡人数"
// in the labels of ElementLabel, why it cleared) — with one more
// column, `extra`, at `position`, its cells from `extra_cell`.
std::string AlarmTableText(
    const std::vector<const v1::Alarm*>& alarms, std::size_t position,
    TextTable::Column extra,
    const std::function<std::string(const v1::Alarm&)>& extra_cell,
    const UnitNames& names, const ViewClock& clock);

// Event ids are UUIDs: 8 characters and "…" tell them apart.
inline constexpr std::size_t kEventIdWidth = 9;
inline constexpr std::size_t kUnitWidth = 14;
// A title (or what an alarm is about) is cut, but not below this.
inline constexpr std::size_t kMinTitleWidth = 12;

}  // namespace xinbao::client
