// The monthly 通报's figures as tables for a spreadsheet: the ranking and
// every score line, as a two-sheet Excel workbook (排名, 明细, through
// XlsxTable) and as CSV (clients/text/csv.h: RFC 4180, the formula guard,
// CRLF). The PDF (standing_notice.h) prints the same figures.
//
// 排名: 名次 单位编号 单位 报送 采用 采用得分 批示 约稿按时 约稿迟交 约稿未交
// 扣分 得分, one row per unit in the table's order.
// 明细: 名次 单位 来源 分值 说明 期号 报告序号 时间, one row per score line,
// units in the table's order, lines in theirs; 来源 names the ScoreSource
// (报送, 采用, 批示, 约稿, 迟报 …), 报告序号 the report sequences joined by
// "、", 时间 the line's instant in `zone` ("2026-11-05 00:20", empty when
// it has none).
//
// Numbers as standing_notice.h writes them ("23.5", "-0.5": a spreadsheet
// needs no "+"); in the workbook they are numbers, the times Excel times.
//
// Threads: pure functions (XlsxWorkbook's temporary file aside).
#pragma once

#include <string>

#include "clients/print/xlsx_table.h"
#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::print {

XlsxTable StandingRanking(const v1::StatsTable& table);
XlsxTable StandingDetail(const v1::StatsTable& table, const TimeZone& zone);

// The workbook: sheets 排名 and 明细. Fails only as XlsxWorkbook does
// (STORAGE_FAILURE when the temporary file cannot be written).
Result<std::string> StandingNoticeWorkbook(const v1::StatsTable& table, const TimeZone& zone);

// One sheet as CSV: its header, then its rows; with `bom` the UTF-8 byte
// order mark first, so that Excel reads the Chinese right.
std::string TableCsv(const XlsxTable& table, bool bom);

}  // namespace xinbao::print
