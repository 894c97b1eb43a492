// Writers of replayed reports (`xinbao replay`): a table for people, JSON
// lines for scripts, CSV for spreadsheets. Each writer turns one report at
// a time into whole lines, so output streams however many reports come:
// the table's columns have fixed widths, never measured over the rows.
//
//   table  序号 存储时间 单位 类别 阶段 事件 标题 — times in the given zone,
//          units by their display names (by id when unknown), stages as
//          "续报二（情）" when the follow-up number is known, event ids cut to
//          9 columns ("3f2a9c1e…"); double-width characters count as two.
//   json   one Report per line in protobuf's JSON mapping with proto field
//          names (as --json prints everywhere in the CLI).
//   csv    RFC 4180: a header row of Chinese column names, fields quoted
//          when they hold a comma, quote, CR or LF (quotes doubled), lines
//          ending in CRLF, UTF-8, optionally after a byte order mark so that
//          Excel reads the Chinese text correctly.
//
// 督办 steps (`xinbao replay --duban`) come between the reports, in time:
//   table  the same columns: 序号 "督办", the step's time, its unit, the
//          step (签收 …), "第3步", the item id, then the item's title,
//          who, the unit it concerns and the step's text ("（内容不可见）"
//          when redacted);
//   json   {"duban": <the DubanRecord>} per line;
//   csv    with `duban` set, the header gains trailing columns 记录 (报告 /
//          督办), 督办事项, 步骤号, 步骤, 经办人, 对象单位; a report row
//          keeps every earlier column as it was and says 报告; a step row
//          fills 存储时间, 单位编号, 单位, 标题 and 正文 and the new columns.
//          Without `duban` the CSV is as it always was.
//
// Threads: writers are immutable values; use from any thread.
#pragma once

#include <google/protobuf/map.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "clients/text/local_time.h"
#include "xinbao/v1/duban.pb.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::client {

enum class ReplayFormat { kTable, kJson, kCsv };

// "table", "json", "csv" (or 表格, JSON, CSV); nullopt for anything else.
std::optional<ReplayFormat> ParseReplayFormat(std::string_view text);

struct ReplayOutputOptions {
  TimeZone zone;               // where times are shown
  bool bom = false;            // csv: begin with "\xEF\xBB\xBF"
  std::size_t line_width = 0;  // table: cut titles to fit (0: never cut)
  bool duban = false;          // csv: the 督办 columns (see above)
};

// Display names of units, by id, as replies carry them.
using UnitNameMap = google::protobuf::Map<std::string, std::string>;

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  // What comes before the first report: the table's or CSV's header line
  // (CSV: after the BOM if asked); "" for JSON lines.
  virtual std::string Header() const = 0;
  // One report as whole lines. `followup`: its 续报 number, 0 if unknown.
  virtual std::string Row(const v1::Report& report, uint32_t followup,
                          const UnitNameMap& names) const = 0;
  // One 督办 step as whole lines.
  virtual std::string DubanRow(const v1::DubanRecord& record,
                               const UnitNameMap& names) const = 0;
};

std::unique_ptr<ReportWriter> MakeReportWriter(ReplayFormat format,
                                               ReplayOutputOptions options);

}  // namespace xinbao::client
