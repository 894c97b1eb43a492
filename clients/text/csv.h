// CSV as the analysts' exports write it (RFC 4180, UTF-8): what `xinbao
// replay --format csv` and `xinbao stats --csv` share.
//
// A field is written as it is, or quoted (quotes doubled) when it holds a
// comma, a quote, CR or LF. A text field that begins with = + - @ or a tab
// and is not a number gets a leading apostrophe, so that a spreadsheet
// shows it as text instead of running it as a formula ("CSV injection": a
// report title is typed by someone else). Lines end in CRLF.
//
// Threads: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xinbao::client {

// The UTF-8 byte order mark: with it Excel reads the file as UTF-8 and
// shows Chinese text correctly.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string CsvField(std::string_view text);

// The fields joined by commas, each as CsvField makes it, then CRLF.
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace xinbao::client
