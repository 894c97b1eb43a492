#include "clients/text/csv.h"

#include <cstdlib>
#include <string>

namespace xinbao::client {
namespace {

bool IsNumber(std::string_view text) {
  const std::string copy(text);
  char* end = nullptr;
  std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size();
}

// Would a spreadsheet take this for a formula?
bool LooksLikeFormula(std::string_view text) {
  return !text.empty() &&
         std::string_view("=+-@\t\r").find(text.front()) !=
             std::string_view::npos &&
         !IsNumber(text);
}

}  // namespace

std::string CsvField(std::string_view text) {
  std::string field = LooksLikeFormula(text) ? "'" : "";
  field.append(text);
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (const char c : field) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(fields[i]);
  }
  return line + "\r\n";
}

}  // namespace xinbao::client
