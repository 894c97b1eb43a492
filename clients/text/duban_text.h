// 督办 items as terminal text: the list (`xinbao duban list`) and one item
// in full (`xinbao duban show ID`). Units are shown by the display names
// the reply carries. Every renderer returns whole lines, each ending "\n".
//
// Threads: pure functions.
#pragma once

#include <string>

#include "clients/text/event_text.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

// A light as a terminal shows it without colour: "●红", "◐黄", "○绿", ""
// for none.
std::string LightMark(v1::Light light);

// The deadline `due` against now: "12-03 12:00 到期" or "超期 2小时"; ""
// for 0.
std::string DueWords(int64_t due, const ViewClock& clock);

// What a unit owes next on an item, with its deadline against `now`:
// "签收 12-03 12:00 到期", "办结报告 超期 2天3小时", "待复核", "已办结".
std::string OwedText(const v1::DubanState& item, const v1::DubanUnit& unit,
                     const ViewClock& clock);

// One row per item: light, id, urgency, 批示人, each unit's state and
// light ("河口镇[主]待签收●"), the nearest deadline; the title below;
// then "共 N 项（红灯 R 项）". "没有督办事项" when empty.
std::string DubanListText(const v1::DubanList& list, const ViewClock& clock);

// The header (title, leader and level, urgency, source, office, state),
// the instruction and requirements (unless redacted), each unit's part,
// the open alarms, and the timeline.
std::string DubanDetailText(const v1::DubanDetail& detail,
                            const ViewClock& clock);

}  // namespace xinbao::client
