// StandingNoticePdf: the monthly 通报 of how units did at 信息报送 — their
// ranking and how each earned its score — as the PDF the office sends
// out, A4 after GB/T 9704 like the bulletins (bulletin_pdf.h).
//
// The title 「关于2026年11月份信息报送工作情况的通报」 (the period's label,
// 份 added after a month), the 主送 line if given, an opening paragraph
// made from the figures (how many units were ranked, reports filed,
// adoptions, 批示, 约稿 answered on time, late and missing, the three best
// units), "一、排名情况" and the ranking table — 名次 单位 报送 采用 采用得分
// 批示 约稿(按时 迟交 未交) 扣分 得分, its header repeated on every page it
// runs onto, numbers right-aligned, names wrapped in their cell — then
// "二、各单位得分明细": for each unit in rank order a table of its score
// lines (UnitStats.lines: the line's text with its 期号, the points signed,
// "+2", "-0.5") and its total; the office's closing words if given; the
// office and the date at the foot. "— N —" at the foot of every page.
//
// Numbers: whole ones without decimals, others with what they need, at
// most two ("23.5", "0.75": a merged item's share).
//
// Threads: safe from any thread; each call has its own document.
#pragma once

#include <cstdint>
#include <string>

#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::print {

struct NoticeHeading {
  std::string office;        // 发文单位, the 落款: "中共城南县委办公室"
  std::string period;        // "2026年11月" (the title adds 份 after 月)
  int64_t issued_at_ms = 0;  // 成文日期 (in the zone given); 0: left blank
  std::string addressed_to;  // 主送: "各乡镇党委，县直各单位："; empty: none
  // The office's own words after the figures (要求, 下一步), paragraphs
  // split at line breaks; empty: none.
  std::string closing;
};

// The PDF's bytes; units in the table's order (StatsTable.units is ranked,
// best first), named by unit_names (by id without a name). A table with
// no units says so in the opening and has no tables. Without score lines
// (a StatsTable not asked with explain) each unit's detail says that the
// figures carry none. A missing font or a PDF cairo cannot write:
// STORAGE_FAILURE in plain Chinese. Never a crash on what the table holds.
Result<std::string> StandingNoticePdf(const v1::StatsTable& table,
                                      const NoticeHeading& heading, const TimeZone& zone);

// 「关于2026年11月份信息报送工作情况的通报」 for the period "2026年11月".
std::string StandingNoticeTitle(const std::string& period);

}  // namespace xinbao::print
