// XlsxTable: tables written as an Excel workbook (.xlsx), in memory, through
// Debian's libxlsxwriter — for the analysts' exports (clients/centre) and
// the monthly 通报's workbook (standing_notice_table.h).
//
// Each table is one worksheet: the header row in bold on a light fill,
// frozen, with an autofilter over the columns; one row per record. Cells
// come as text and are written by their column's kind:
//   kText    a string, exactly as given (a worksheet cell is never taken
//            for a formula); longer than Excel's 32,767 characters: cut,
//            ending in "…（已截断）";
//   kNumber  a number when the text is one ("12", "-3.5"), else text;
//            empty: a blank cell;
//   kTime    "YYYY-MM-DD HH:MM[:SS]" (a local time, already in the zone
//            the export is shown in) as an Excel date and time shown
//            "yyyy-mm-dd hh:mm:ss", else text; empty: a blank cell.
// Column widths follow the widest line of the column (a Chinese character
// counts as two, as in a terminal; Excel's unit is about one Latin digit),
// within 6 and 80, so that unit names and titles are not cut.
//
// libxlsxwriter 1.1.4 (Debian 12) writes only to files: the workbook is
// written to a private temporary file (0600, in the system's temporary
// folder), read back and removed.
//
// Threads: safe from any thread (each call has its own workbook).
#pragma once

#include <string>
#include <vector>

#include "proto/status.h"

namespace xinbao::print {

enum class ColumnKind { kText, kNumber, kTime };

struct XlsxTable {
  // The worksheet's name: at most 31 characters, none of []:*?/\ .
  std::string name;
  std::vector<std::string> header;
  // Per column; columns beyond it are kText.
  std::vector<ColumnKind> kinds;
  std::vector<std::vector<std::string>> rows;
};

// The .xlsx file's bytes, one worksheet per table in order. A table with a
// name Excel refuses, or a workbook that cannot be written (no room for
// the temporary file): STORAGE_FAILURE for the latter, INVALID_FIELD for
// the former, in plain Chinese.
Result<std::string> XlsxWorkbook(const std::vector<XlsxTable>& tables);

// Columns of `text` as XlsxTable measures it: its widest line, a wide
// (Chinese) character counting two.
std::size_t XlsxTextWidth(const std::string& text);

}  // namespace xinbao::print
