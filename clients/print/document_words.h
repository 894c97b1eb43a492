// The words and numbers of printed documents: dates as offices write
// them, Chinese ordinals for numbered headings, points, unit names.
// Internal to clients/print.
//
// Threads: pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/map.h"
#include "proto/time_zone.h"

namespace xinbao::print {

// "2026年11月5日": the local date of `unix_ms` in `zone`, no leading zeros.
std::string ChineseDate(int64_t unix_ms, const TimeZone& zone);
// The blank a draft leaves for its date: "　　年　　月　　日".
inline constexpr std::string_view kBlankDate = "　　年　　月　　日";

// "一" … "九十九" for 1–99, Arabic digits from 100 and for 0.
std::string ChineseOrdinal(uint32_t n);

// `value` with a sign ("+2", "-0.5", "+1.25"), as Points writes it.
std::string SignedPoints(double value);
// `value` with no decimals when whole and at most two otherwise, trailing
// zeros dropped: "12", "1.5", "0.75" (a merged item's share); "0", never
// "-0".
std::string Points(double value);

// The paragraphs of `text`: one per line, the blanks and indents the
// author typed (spaces, tabs, 全角 spaces) trimmed, since the layout
// indents; empty lines dropped.
std::vector<std::string> Paragraphs(std::string_view text);

// The name `names` gives the unit `unit_id`, or the id when it has none.
std::string UnitName(const google::protobuf::Map<std::string, std::string>& names,
                     const std::string& unit_id);

}  // namespace xinbao::print
