// AnalysisExport: the analysts' exports as files to download — the
// statistics of a month, and a replay page's reports — as CSV or as an
// Excel workbook (.xlsx).
//
// CSV is clients/text's, unchanged (StatsCsv; the replay's CSV writer), in
// UTF-8 after a byte order mark, so Excel shows the Chinese text. The
// workbook's first sheet holds the same columns, read back from that CSV
// (csv_rows.h), so both files always agree: figures and sequences as
// numbers, times (already in the broker's zone) as Excel dates, texts as
// they are (without CsvField's formula guard: a worksheet cell is never a
// formula). A second sheet, 说明, says what the file holds — the period or
// the replay's conditions, the zone its times are in, who exported it and
// when, and for a replay whether it holds every matching report.
//
// Threads: pure functions (XlsxWorkbook's temporary file aside).
#pragma once

#include <cstdint>
#include <string>

#include "clients/text/local_time.h"
#include "proto/status.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::centre {

enum class ExportFormat { kCsv, kXlsx };

struct ExportContext {
  TimeZone zone;       // the broker's: times in the file and its name
  std::string person;  // who exported it
  int64_t now_ms = 0;  // when
};

struct ExportFile {
  std::string bytes;
  std::string media_type;
  std::string file_name;   // UTF-8: "考核统计-2026-11.xlsx"
  std::string ascii_name;  // for browsers without filename*: "xinbao-stats-2026-11.xlsx"
};

// `month` ("2026-11") names the file.
Result<ExportFile> StatsExport(const v1::StatsTable& table, const std::string& month,
                               ExportFormat format, const ExportContext& context);

// The chunk's reports, asked for by `request` (its conditions name the
// file and fill 说明).
Result<ExportFile> ReplayExport(const v1::ReplayRequest& request,
                                const v1::ReplayChunk& chunk, ExportFormat format,
                                const ExportContext& context);

// `attachment; filename="<ascii_name>"; filename*=UTF-8''<file_name,
// percent-encoded>` (RFC 6266 and 5987).
std::string ContentDisposition(const ExportFile& file);

}  // namespace xinbao::centre
