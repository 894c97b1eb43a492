// The central office's views of urgent events as terminal text: the list
// of open events, one event in full, and the overdue list. Tables count
// double-width characters as two columns and keep to kLineWidth columns
// where the content allows (titles and the last column are cut with "…"
// first). Units are shown by the display names the reply carries
// (unit_names: "河口镇"), by id when it has none for a unit.
//
// Every renderer returns whole lines, each ending in "\n".
//
// Threads: pure functions, safe from any thread (a ViewClock with no UTC
// offset reads the TZ environment variable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "clients/text/local_time.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

inline constexpr std::size_t kLineWidth = 80;

// The present, as the renderers see it: "now" for ages and overdue spans,
// and the zone to show times in. Injected so that tests are exact.
struct ViewClock {
  int64_t now_ms = 0;
  TimeZone zone;
};

// `xinbao events`: one row per event — id (cut when long), responsible
// unit, grade, stages "事✓ 情2 因· 果·", time since it happened, the next
// deadline ("续报三 17:00 到期" / "续报三 超时 25分"), open alarms — with
// the title on the line below; then "共 N 个事件". "没有未结事件" for an
// empty list.
std::string EventListText(const v1::EventList& list, const ViewClock& clock);

// `xinbao event ID`: the header (title, place, responsible unit, grade,
// casualties, state, phone-to-written gap, what is owed), the reports with
// their stages, corrections and anomalies, the alarms (open first), and the
// timeline.
std::string EventDetailText(const v1::EventDetail& detail,
                            const ViewClock& clock);

// `xinbao overdue`: one row per alarm — kind, event, unit, stage, due
// time, how long overdue (or what is missing). "没有未解除的告警" when empty.
std::string AlarmListText(const v1::AlarmList& list, const ViewClock& clock);

}  // namespace xinbao::client
