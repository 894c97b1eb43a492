#include "clients/centre/analysis_export.h"

#include <set>
#include <utility>
#include <vector>

#include "clients/centre/csv_rows.h"
#include "clients/print/xlsx_table.h"
#include "clients/text/event_cells.h"
#include "clients/text/replay_output.h"
#include "clients/text/stats_text.h"
#include "clients/web/web_server.h"
#include "proto/names.h"

namespace xinbao::centre {
namespace {

using print::ColumnKind;
using print::XlsxTable;
using print::XlsxWorkbook;

constexpr char kCsvType[] = "text/csv; charset=utf-8";
constexpr char kXlsxType[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr char kShownTime[] = "%Y-%m-%d %H:%M";

// The columns of clients/text's CSV that are not text, by header: the
// rest stay text (a column renamed there falls back to text, never wrong).
const std::set<std::string>& StatsTextColumns() {
  static const std::set<std::string> columns = {"单位编号", "单位"};
  return columns;
}
const std::set<std::string>& ReplayNumberColumns() {
  static const std::set<std::string> columns = {"序号", "死亡", "受伤", "失踪"};
  return columns;
}
const std::set<std::string>& ReplayTimeColumns() {
  static const std::set<std::string> columns = {"存储时间", "发生时间"};
  return columns;
}

using Notes = std::vector<std::pair<std::string, std::string>>;

// The CSV as the workbook's first sheet, each column's kind chosen by
// `kind_of(header)`.
template <typename KindOf>
Result<XlsxTable> SheetOf(const std::string& csv, std::string name, KindOf kind_of) {
  Result<std::vector<CsvRecord>> records = ReadCsv(csv);
  if (!records.ok()) return records.status();
  XlsxTable table;
  table.name = std::move(name);
  if (records->empty()) return table;
  table.header = std::move(records->front());
  for (const std::string& header : table.header) table.kinds.push_back(kind_of(header));
  for (std::size_t i = 1; i < records->size(); ++i) {
    std::vector<std::string> row;
    for (const std::string& field : (*records)[i]) row.push_back(UnguardedText(field));
    table.rows.push_back(std::move(row));
  }
  return table;
}

XlsxTable NotesSheet(Notes notes, const ExportContext& context) {
  notes.emplace_back("时区", "表中时间均为 " + context.zone.name() + " 时间");
  notes.emplace_back("导出人", context.person);
  notes.emplace_back("导出时间", context.zone.Format(context.now_ms, "%Y-%m-%d %H:%M:%S"));
  XlsxTable table;
  table.name = "说明";
  table.header = {"项目", "内容"};
  for (auto& [key, value] : notes) table.rows.push_back({key, value});
  return table;
}

Result<ExportFile> Finish(ExportFormat format, std::string csv, Result<XlsxTable> sheet,
                          Notes notes, const ExportContext& context,
                          const std::string& name, const std::string& ascii_name) {
  ExportFile file;
  if (format == ExportFormat::kCsv) {
    file.bytes = std::move(csv);
    file.media_type = kCsvType;
    file.file_name = name + ".csv";
    file.ascii_name = ascii_name + ".csv";
    return file;
  }
  if (!sheet.ok()) return sheet.status();
  Result<std::string> bytes =
      XlsxWorkbook({std::move(sheet).value(), NotesSheet(std::move(notes), context)});
  if (!bytes.ok()) return bytes.status();
  file.bytes = std::move(bytes).value();
  file.media_type = kXlsxType;
  file.file_name = name + ".xlsx";
  file.ascii_name = ascii_name + ".xlsx";
  return file;
}

// "全部", or the values joined by "、".
template <typename Values, typename Name>
std::string Listed(const Values& values, Name name) {
  std::string text;
  for (const auto& value : values) text += (text.empty() ? "" : "、") + name(value);
  return text.empty() ? "全部" : text;
}

Notes ReplayNotes(const v1::ReplayRequest& request, const v1::ReplayChunk& chunk,
                  const TimeZone& zone) {
  auto shown = [&](int64_t ms, const char* none) {
    return ms == 0 ? std::string(none) : zone.Format(ms, kShownTime);
  };
  Notes notes;
  notes.emplace_back("存储时间", shown(request.from_ms(), "最早") + " 至 " +
                                     shown(request.to_ms(), "最新") +
                                     (request.to_ms() != 0 ? "（不含）" : ""));
  notes.emplace_back("单位", Listed(request.unit_ids(), [&](const std::string& id) {
                       return client::UnitName(chunk.unit_names(), id);
                     }));
  notes.emplace_back("类别", Listed(request.kinds(), [](int kind) {
                       return std::string(KindName(static_cast<v1::Kind>(kind)));
                     }));
  notes.emplace_back("阶段", Listed(request.stages(), [](int stage) {
                       return std::string(StageName(static_cast<v1::Stage>(stage)));
                     }));
  notes.emplace_back("事件", request.event_id().empty() ? "全部" : request.event_id());
  notes.emplace_back("序号范围", std::to_string(chunk.first_sequence()) + " 至 " +
                                     std::to_string(chunk.last_sequence()));
  notes.emplace_back("报告数", std::to_string(chunk.reports_size()) + " 份");
  notes.emplace_back(
      "是否完整",
      chunk.done() ? "是：包含全部符合条件的报告"
                   : "否：只含查到序号 " + std::to_string(chunk.scanned_to_sequence()) +
                         " 为止的前 " + std::to_string(chunk.reports_size()) +
                         " 份；其余请在页面上“继续查询”后再导出，或缩小时间范围，"
                         "或用命令 xinbao replay --format csv 导出全部");
  return notes;
}

// "20261101-0830", or `none` for an unbounded end.
std::string NameTime(int64_t ms, const TimeZone& zone, const char* none) {
  return ms == 0 ? std::string(none) : zone.Format(ms, "%Y%m%d-%H%M");
}

}  // namespace

Result<ExportFile> StatsExport(const v1::StatsTable& table, const std::string& month,
                               ExportFormat format, const ExportContext& context) {
  const std::string csv = client::StatsCsv(table, /*bom=*/true);
  Result<XlsxTable> sheet = format == ExportFormat::kCsv
                                ? Result<XlsxTable>(XlsxTable{})
                                : SheetOf(csv, "考核统计", [](const std::string& header) {
                                    return StatsTextColumns().contains(header)
                                               ? ColumnKind::kText
                                               : ColumnKind::kNumber;
                                  });
  Notes notes;
  notes.emplace_back("考核期间",
                     context.zone.Format(table.from_ms(), kShownTime) + " 至 " +
                         context.zone.Format(table.to_ms(), kShownTime) + "（不含）");
  notes.emplace_back("单位数", std::to_string(table.units_size()));
  if (table.computed_at_ms() != 0) {
    notes.emplace_back("超时未结",
                       "为 " + context.zone.Format(table.computed_at_ms(), kShownTime) +
                           " 的情况");
  }
  return Finish(format, csv, std::move(sheet), std::move(notes), context,
                "考核统计-" + month, "xinbao-stats-" + month);
}

Result<ExportFile> ReplayExport(const v1::ReplayRequest& request,
                                const v1::ReplayChunk& chunk, ExportFormat format,
                                const ExportContext& context) {
  client::ReplayOutputOptions options;
  options.zone = context.zone;
  options.bom = true;
  const auto writer = client::MakeReportWriter(client::ReplayFormat::kCsv, options);
  std::string csv = writer->Header();
  for (const v1::Report& report : chunk.reports()) {
    const auto followup = chunk.followups().find(report.sequence());
    csv += writer->Row(report,
                       followup == chunk.followups().end() ? 0 : followup->second,
                       chunk.unit_names());
  }
  Result<XlsxTable> sheet =
      format == ExportFormat::kCsv
          ? Result<XlsxTable>(XlsxTable{})
          : SheetOf(csv, "报告回放", [](const std::string& header) {
              if (ReplayNumberColumns().contains(header)) return ColumnKind::kNumber;
              if (ReplayTimeColumns().contains(header)) return ColumnKind::kTime;
              return ColumnKind::kText;
            });
  std::string range = NameTime(request.from_ms(), context.zone, "最早") + "至" +
                      NameTime(request.to_ms(), context.zone, "最新");
  std::string ascii = NameTime(request.from_ms(), context.zone, "start") + "-" +
                      NameTime(request.to_ms(), context.zone, "end");
  if (request.first_sequence() != 0) {
    range += "-序号" + std::to_string(request.first_sequence()) + "起";
    ascii += "-seq" + std::to_string(request.first_sequence());
  }
  return Finish(format, std::move(csv), std::move(sheet),
                ReplayNotes(request, chunk, context.zone), context, "报告回放-" + range,
                "xinbao-replay-" + ascii);
}

std::string ContentDisposition(const ExportFile& file) {
  return web::AttachmentDisposition(file.file_name, file.ascii_name);
}

}  // namespace xinbao::centre
