#include "clients/print/xlsx_table.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "clients/text/display_width.h"

namespace xinbao::print {
namespace {

namespace fs = std::filesystem;

constexpr double kMinWidth = 6;
constexpr double kMaxWidth = 80;
constexpr double kTimeWidth = 20;
// Room for the autofilter's arrow beside a header.
constexpr std::size_t kFilterArrow = 4;
constexpr std::size_t kMaxCellCharacters = 32767;  // Excel's limit
constexpr std::string_view kCut = "…（已截断）";

// The temporary file the workbook is written to, removed when done.
class TempFile {
 public:
  static Result<TempFile> Make() {
    std::error_code error;
    fs::path folder = fs::temp_directory_path(error);
    if (error) folder = "/tmp";
    std::string name = (folder / "xinbao-export-XXXXXX.xlsx").string();
    const int fd = mkstemps(name.data(), 5);
    if (fd < 0) {
      return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                    "无法在 " + folder.string() + " 中建立临时文件，不能生成 Excel 文件");
    }
    ::close(fd);
    return TempFile(std::move(name));
  }
  TempFile(TempFile&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  TempFile& operator=(TempFile&&) = delete;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// `text` within Excel's limit on a cell, cut at a character boundary.
std::string WithinCellLimit(const std::string& text) {
  if (CodePoints(text) <= kMaxCellCharacters) return text;
  const std::size_t keep = kMaxCellCharacters - CodePoints(kCut);
  std::size_t seen = 0;
  std::size_t at = 0;
  for (; at < text.size(); ++at) {
    if ((text[at] & 0xC0) != 0x80 && seen++ == keep) break;
  }
  return text.substr(0, at) + std::string(kCut);
}

std::optional<double> NumberIn(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS".
std::optional<lxw_datetime> TimeIn(const std::string& text) {
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  const std::string_view shape = "dddd-dd-dd dd:dd:dd";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (shape[i] == 'd' ? !digit : text[i] != shape[i]) return std::nullopt;
  }
  auto number = [&](std::size_t at, std::size_t length) {
    return std::stoi(text.substr(at, length));
  };
  lxw_datetime time{number(0, 4), number(5, 2), number(8, 2),
                    number(11, 2), number(14, 2),
                    text.size() == 19 ? static_cast<double>(number(17, 2)) : 0.0};
  if (time.year < 1900 || time.month < 1 || time.month > 12 || time.day < 1 ||
      time.day > 31 || time.hour > 23 || time.min > 59 || time.sec > 59) {
    return std::nullopt;
  }
  return time;
}

ColumnKind KindOf(const XlsxTable& table, std::size_t column) {
  return column < table.kinds.size() ? table.kinds[column] : ColumnKind::kText;
}

struct Formats {
  lxw_format* header;
  lxw_format* time;
};

// Writes one cell; false when libxlsxwriter refused it.
lxw_error WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column,
                    ColumnKind kind, const std::string& text,
                    const Formats& formats) {
  if (text.empty()) return LXW_NO_ERROR;
  if (kind == ColumnKind::kNumber) {
    if (std::optional<double> number = NumberIn(text)) {
      return worksheet_write_number(sheet, row, column, *number, nullptr);
    }
  } else if (kind == ColumnKind::kTime) {
    if (std::optional<lxw_datetime> time = TimeIn(text)) {
      return worksheet_write_datetime(sheet, row, column, &*time, formats.time);
    }
  }
  return worksheet_write_string(sheet, row, column, WithinCellLimit(text).c_str(),
                                nullptr);
}

void SetWidths(lxw_worksheet* sheet, const XlsxTable& table) {
  std::size_t columns = table.header.size();
  for (const auto& row : table.rows) columns = std::max(columns, row.size());
  for (std::size_t column = 0; column < columns; ++column) {
    std::size_t widest = column < table.header.size()
                             ? XlsxTextWidth(table.header[column]) + kFilterArrow
                             : 0;
    for (const auto& row : table.rows) {
      if (column < row.size()) widest = std::max(widest, XlsxTextWidth(row[column]) + 2);
    }
    double width = std::clamp(static_cast<double>(widest), kMinWidth, kMaxWidth);
    if (KindOf(table, column) == ColumnKind::kTime) width = std::max(width, kTimeWidth);
    worksheet_set_column(sheet, static_cast<lxw_col_t>(column),
                         static_cast<lxw_col_t>(column), width, nullptr);
  }
}

lxw_error WriteTable(lxw_worksheet* sheet, const XlsxTable& table,
                     const Formats& formats) {
  SetWidths(sheet, table);
  for (std::size_t column = 0; column < table.header.size(); ++column) {
    if (lxw_error error = worksheet_write_string(
            sheet, 0, static_cast<lxw_col_t>(column),
            WithinCellLimit(table.header[column]).c_str(), formats.header)) {
      return error;
    }
  }
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    if (row + 1 >= LXW_ROW_MAX) return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
    for (std::size_t column = 0; column < table.rows[row].size(); ++column) {
      if (lxw_error error = WriteCell(
              sheet, static_cast<lxw_row_t>(row + 1),
              static_cast<lxw_col_t>(column), KindOf(table, column),
              table.rows[row][column], formats)) {
        return error;
      }
    }
  }
  if (!table.header.empty()) {
    worksheet_freeze_panes(sheet, 1, 0);
    worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(table.rows.size()),
                         static_cast<lxw_col_t>(table.header.size() - 1));
  }
  return LXW_NO_ERROR;
}

Status Failed(lxw_error error) {
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                std::string("无法生成 Excel 文件：") + lxw_strerror(error));
}

}  // namespace

std::size_t XlsxTextWidth(const std::string& text) {
  std::size_t widest = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    widest = std::max(widest, client::DisplayWidth(
                                  std::string_view(text).substr(start, end - start)));
    start = end + 1;
  }
  return widest;
}

Result<std::string> XlsxWorkbook(const std::vector<XlsxTable>& tables) {
  for (const XlsxTable& table : tables) {
    if (table.name.empty() || CodePoints(table.name) > LXW_SHEETNAME_MAX ||
        table.name.find_first_of("[]:*?/\\") != std::string::npos) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "工作表名称不能为空、不能超过 31 个字，也不能含 []:*?/\\ ：" +
                        table.name);
    }
  }
  Result<TempFile> file = TempFile::Make();
  if (!file.ok()) return file.status();
  lxw_workbook_options options{};
  lxw_workbook* workbook = workbook_new_opt(file->path().c_str(), &options);
  if (workbook == nullptr) return Failed(LXW_ERROR_MEMORY_MALLOC_FAILED);
  Formats formats{workbook_add_format(workbook), workbook_add_format(workbook)};
  format_set_bold(formats.header);
  format_set_bg_color(formats.header, 0xDDEBF7);
  format_set_bottom(formats.header, LXW_BORDER_THIN);
  format_set_num_format(formats.time, "yyyy-mm-dd hh:mm:ss");
  lxw_error written = LXW_NO_ERROR;
  for (const XlsxTable& table : tables) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, table.name.c_str());
    written = sheet == nullptr ? LXW_ERROR_SHEETNAME_ALREADY_USED
                               : WriteTable(sheet, table, formats);
    if (written != LXW_NO_ERROR) break;
  }
  // Closing writes the file and frees the workbook, whatever came before.
  const lxw_error closed = workbook_close(workbook);
  if (written != LXW_NO_ERROR) return Failed(written);
  if (closed != LXW_NO_ERROR) return Failed(closed);
  std::ifstream in(file->path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in || bytes.str().empty()) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "无法读回生成的 Excel 临时文件 " + file->path());
  }
  return std::move(bytes).str();
}

}  // namespace xinbao::print
