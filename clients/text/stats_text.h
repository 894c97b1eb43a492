// The accountability statistics (考核, `xinbao stats`) as people and
// spreadsheets read them: a terminal table and CSV. The figures are the
// broker's (broker/assessment.h defines them); nothing here recomputes.
// Units are shown by the display names the table carries (unit_names),
// by id when it has none for a unit.
//
// Numbers that may have a fraction (quota, shortfall, points, deductions,
// score) are written with at most two decimals and no trailing zeros:
// "12", "1.87", "-3.5".
//
// Threads: pure functions, safe from any thread (a TimeZone with no UTC
// offset reads the TZ environment variable).
#pragma once

#include <string>

#include "clients/text/local_time.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::client {

// The period on a line of its own ("考核期间 2026-11-01 00:00 至
// 2026-12-01 00:00（不含）"); one row per unit in the table's order — 名次
// 单位 报送 紧急 事时效中位 事时效P90 迟报 漏报 瞒报 超时未结 得分, the two
// delays in words ("2小时15分"; "-" when the unit has none) — with a note
// under a unit that was late ("迟报合计 3小时，最长 2小时"); then, under the
// heading "督办情况", a second table of the same units in the same order
// — 名次 单位 收到 按时签收 逾期签收 按时办结 逾期办结 超期 被催办
// (UnitStats' duban_* figures) — or the line "督办：本期间没有督办事项" when every one of
// those figures is 0; then the weights the score used (three lines: the
// points per kind, the deductions for reports, the 督办 points and
// deductions) and when the open-overdue figures were taken.
// "本期间没有参加考核的单位" under the period when there are no rows. Lines
// end in "\n" and keep to 80 columns where the unit names allow.
std::string StatsTableText(const v1::StatsTable& table, const TimeZone& zone);

// CSV (RFC 4180: fields with a comma, a double quote or a line break are
// quoted, quotes doubled; lines end in CRLF), UTF-8. A header row in
// Chinese, then one row per unit in the table's order with every figure of
// UnitStats: rank, unit id and name, reports, items per kind (the five
// kinds, 0 when none), urgent events, the number of 事 delays, their median
// and p90 in minutes, 迟报 with total and longest in minutes, 漏报, 疑似瞒报,
// open overdue, the seven 督办 figures (headers 督办收到 … 督办被催办), quota,
// shortfall, points (加分: for reports and 督办 closed on time), deductions,
// score. With `bom` the text starts with the UTF-8 byte order mark, so
// that Excel reads it as UTF-8.
std::string StatsCsv(const v1::StatsTable& table, bool bom);

// "考核期间 2026-11-01 00:00 至 2026-12-01 00:00（不含）\n" in `zone`.
std::string StatsPeriodLine(const v1::StatsTable& table, const TimeZone& zone);

// `value` with at most two decimals and no trailing zeros ("1.87", "12").
std::string ScoreNumber(double value);

}  // namespace xinbao::client
