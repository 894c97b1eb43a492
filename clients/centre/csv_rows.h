// CsvRows: CSV text read back into rows of fields — the exports' CSV as
// clients/text writes it (StatsCsv, the replay's CSV writer), so that the
// Excel workbook carries exactly the columns the CSV file does, defined
// once there.
//
// RFC 4180: fields separated by commas, a field in double quotes may hold
// commas, line breaks and doubled quotes; records end in CRLF or LF. A
// leading UTF-8 byte order mark is skipped. Nothing else is undone: the
// apostrophe CsvField puts before a text that looks like a formula stays
// (UnguardedText takes it off).
//
// Threads: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "proto/status.h"

namespace xinbao::centre {

using CsvRecord = std::vector<std::string>;

// The records of `text`; an empty text has none. A quote left open at the
// end, or a quote inside an unquoted field: MALFORMED.
Result<std::vector<CsvRecord>> ReadCsv(std::string_view text);

// `field` without the apostrophe CsvField puts before a text a spreadsheet
// would take for a formula ("'=1+2" → "=1+2"): a text that begins with an
// apostrophe followed by = + - @, a tab or CR. Anything else as it is.
std::string UnguardedText(std::string_view field);

}  // namespace xinbao::centre
