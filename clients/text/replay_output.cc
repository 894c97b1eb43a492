#include "clients/text/replay_output.h"

#include "clients/text/csv.h"

#include <iterator>
#include <utility>
#include <vector>

#include "clients/text/display_width.h"
#include "clients/text/event_cells.h"
#include "clients/text/report_lines.h"
#include "proto/names.h"

namespace xinbao::client {
namespace {

constexpr const char* kTableTime = "%Y-%m-%d %H:%M";
constexpr const char* kCsvTime = "%Y-%m-%d %H:%M:%S";

// The table's columns before the title, with their fixed widths.
struct FixedColumn {
  const char* header;
  std::size_t width;
  bool right = false;
};
constexpr FixedColumn kSequence{"序号", 7, true};
constexpr FixedColumn kStored{"存储时间", 16};
constexpr FixedColumn kUnit{"单位", 10};
constexpr FixedColumn kKind{"类别", 8};
constexpr FixedColumn kStage{"阶段", 12};
constexpr FixedColumn kEvent{"事件", kEventIdWidth};
constexpr FixedColumn kFixed[] = {kSequence, kStored, kUnit,
                                  kKind,     kStage,  kEvent};
// A title is cut to fit the line, but not below this.
constexpr std::size_t kMinTitle = 12;

std::string StageCell(const v1::Report& report, uint32_t followup) {
  if (report.stage() == v1::STAGE_UNSPECIFIED) return "";
  return StageLabel(report.stage(), followup);
}

std::string TimeOrEmpty(int64_t unix_ms, const TimeZone& zone) {
  return unix_ms == 0 ? "" : FormatTime(unix_ms, zone, kCsvTime);
}

constexpr const char* kDubanMark = "督办";

std::string StepNumber(const v1::DubanStep& step) {
  return "第" + std::to_string(step.number()) + "步";
}

// The step's text, or what a redacted one stands for.
std::string StepText(const v1::DubanRecord& record) {
  return record.redacted() ? "（内容不可见）" : record.step().text();
}

// "河口镇防汛物资储备不足问题 · 李文书 → 河口镇：已清点库存"
std::string StepLine(const v1::DubanRecord& record, const UnitNameMap& names) {
  const v1::DubanStep& step = record.step();
  std::string line = record.title();
  if (!step.person().empty()) line += " · " + step.person();
  if (!step.target_unit_id().empty()) {
    line += " → " + UnitName(names, step.target_unit_id());
  }
  const std::string text = StepText(record);
  if (!text.empty()) line += "：" + text;
  return line;
}

class TableWriter : public ReportWriter {
 public:
  explicit TableWriter(ReplayOutputOptions options)
      : options_(std::move(options)) {}

  std::string Header() const override {
    std::vector<std::string> cells;
    for (const FixedColumn& column : kFixed) cells.push_back(column.header);
    return Line(cells, "标题");
  }

  std::string Row(const v1::Report& report, uint32_t followup,
                  const UnitNameMap& names) const override {
    return Line({std::to_string(report.sequence()),
                 FormatTime(report.stored_at_ms(), options_.zone, kTableTime),
                 UnitName(names, report.unit_id()),
                 std::string(KindName(report.kind())),
                 StageCell(report, followup), report.event_id()},
                report.title());
  }

  std::string DubanRow(const v1::DubanRecord& record,
                       const UnitNameMap& names) const override {
    const v1::DubanStep& step = record.step();
    return Line({kDubanMark,
                 FormatTime(step.at_ms(), options_.zone, kTableTime),
                 UnitName(names, step.unit_id()),
                 std::string(StepKindName(step.kind())), StepNumber(step),
                 record.item_id()},
                StepLine(record, names));
  }

 private:
  std::string Line(const std::vector<std::string>& cells,
                   const std::string& title) const {
    std::string line;
    std::size_t used = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const FixedColumn& column = kFixed[i];
      const std::string cut = TruncateToWidth(cells[i], column.width);
      line += column.right ? PadLeft(cut, column.width)
                           : PadRight(cut, column.width);
      line += ' ';
      used += column.width + 1;
    }
    std::string shown = title;
    for (char& c : shown) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    if (options_.line_width > 0) {
      const std::size_t room =
          options_.line_width > used + kMinTitle ? options_.line_width - used
                                                 : kMinTitle;
      shown = TruncateToWidth(shown, room);
    }
    line += shown;
    line.erase(line.find_last_not_of(' ') + 1);
    return line + "\n";
  }

  ReplayOutputOptions options_;
};

class JsonLinesWriter : public ReportWriter {
 public:
  std::string Header() const override { return ""; }
  std::string Row(const v1::Report& report, uint32_t,
                  const UnitNameMap&) const override {
    return MessageJson(report) + "\n";
  }
  std::string DubanRow(const v1::DubanRecord& record,
                       const UnitNameMap&) const override {
    return "{\"duban\":" + MessageJson(record) + "}\n";
  }
};

class CsvWriter : public ReportWriter {
 public:
  explicit CsvWriter(ReplayOutputOptions options)
      : options_(std::move(options)) {}

  std::string Header() const override {
    return std::string(options_.bom ? kUtf8Bom : "") +
           CsvLine(Cells({"序号", "存储时间", "单位编号", "单位", "类别", "阶段",
                          "等级", "事件", "标题", "地点", "发生时间", "死亡",
                          "受伤", "失踪", "密级", "签发人", "联系人",
                          "联系电话", "正文"},
                         {"记录", "督办事项", "步骤号", "步骤", "经办人",
                          "对象单位"}));
  }

  std::string Row(const v1::Report& report, uint32_t followup,
                  const UnitNameMap& names) const override {
    const bool urgent = report.kind() == v1::KIND_URGENT;
    const bool counted = report.has_casualties();
    const auto count = [counted](uint32_t n) {
      return counted ? std::to_string(n) : std::string();
    };
    return CsvLine(Cells(
        {std::to_string(report.sequence()),
         TimeOrEmpty(report.stored_at_ms(), options_.zone), report.unit_id(),
         UnitName(names, report.unit_id()),
         std::string(KindName(report.kind())), StageCell(report, followup),
         urgent && report.severity() != v1::SEVERITY_UNSPECIFIED
             ? std::string(SeverityName(report.severity()))
             : "",
         report.event_id(), report.title(), report.place(),
         TimeOrEmpty(report.occurred_at_ms(), options_.zone),
         count(report.casualties().dead()),
         count(report.casualties().injured()),
         count(report.casualties().missing()),
         std::string(ClassificationName(report.classification())),
         report.approver(), report.contact_name(), report.contact_phone(),
         report.body()},
        {"报告", "", "", "", "", ""}));
  }

  std::string DubanRow(const v1::DubanRecord& record,
                       const UnitNameMap& names) const override {
    if (!options_.duban) return "";
    const v1::DubanStep& step = record.step();
    // The report columns a step fills, by their place in Header().
    std::vector<std::string> cells(kReportColumns);
    cells[1] = TimeOrEmpty(step.at_ms(), options_.zone);  // 存储时间
    cells[2] = step.unit_id();                           // 单位编号
    cells[3] = UnitName(names, step.unit_id());          // 单位
    cells[8] = record.title();                           // 标题
    cells[18] = StepText(record);                        // 正文
    return CsvLine(Cells(std::move(cells),
                         {kDubanMark, record.item_id(),
                          std::to_string(step.number()),
                          std::string(StepKindName(step.kind())),
                          step.person(),
                          step.target_unit_id().empty()
                              ? ""
                              : UnitName(names, step.target_unit_id())}));
  }

 private:
  static constexpr std::size_t kReportColumns = 19;

  // A row's report columns, then the 督办 columns when they are asked for.
  std::vector<std::string> Cells(std::vector<std::string> report,
                                 std::vector<std::string> duban) const {
    if (options_.duban) {
      report.insert(report.end(), std::make_move_iterator(duban.begin()),
                    std::make_move_iterator(duban.end()));
    }
    return report;
  }

  ReplayOutputOptions options_;
};

}  // namespace

std::optional<ReplayFormat> ParseReplayFormat(std::string_view text) {
  if (text == "table" || text == "表格") return ReplayFormat::kTable;
  if (text == "json" || text == "JSON") return ReplayFormat::kJson;
  if (text == "csv" || text == "CSV") return ReplayFormat::kCsv;
  return std::nullopt;
}

std::unique_ptr<ReportWriter> MakeReportWriter(ReplayFormat format,
                                               ReplayOutputOptions options) {
  switch (format) {
    case ReplayFormat::kJson:
      return std::make_unique<JsonLinesWriter>();
    case ReplayFormat::kCsv:
      return std::make_unique<CsvWriter>(std::move(options));
    case ReplayFormat::kTable:
      break;
  }
  return std::make_unique<TableWriter>(std::move(options));
}

}  // namespace xinbao::client
