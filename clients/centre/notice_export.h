// NoticeExport: the monthly 通报 (the ranking and how each unit earned its
// score) as the files the office sends out and keeps — the PDF
// (print::StandingNoticePdf), the two-sheet workbook (排名, 明细:
// print::StandingNoticeWorkbook) and either sheet as CSV (print::TableCsv,
// with a byte order mark so that Excel reads the Chinese). The figures are
// the broker's StatsTable asked with `explain`, so every point in the files
// traces to its report, issue or alarm.
//
// Threads: pure functions (the renderers' temporary files aside).
#pragma once

#include <string>

#include "clients/centre/analysis_export.h"
#include "proto/status.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::centre {

enum class NoticeFile { kPdf, kWorkbook, kRankingCsv, kLinesCsv };

// `month` ("2026-11") names the file and the period: "2026年11月份信息报送
// 工作情况通报.pdf" (ASCII: "xinbao-notice-2026-11.pdf"); `office` is the
// 通报's 发文单位, dated context.now_ms in context.zone. A renderer's
// failure (a missing font) is returned as it is.
Result<ExportFile> NoticeExport(const v1::StatsTable& table, const std::string& month,
                                NoticeFile file, const std::string& office,
                                const ExportContext& context);

}  // namespace xinbao::centre
