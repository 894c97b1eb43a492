#include "clients/centre/csv_rows.h"

#include "clients/text/csv.h"

namespace xinbao::centre {

Result<std::vector<CsvRecord>> ReadCsv(std::string_view text) {
  if (text.starts_with(client::kUtf8Bom)) text.remove_prefix(client::kUtf8Bom.size());
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted (and closed)
  bool any = false;         // the current record has begun
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    records.push_back(std::move(record));
    record.clear();
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
        was_quoted = true;
      }
      continue;
    }
    any = true;
    if (c == ',') {
      end_field();
    } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      end_record();
    } else if (c == '"') {
      if (!field.empty() || was_quoted) {
        return Status(v1::ERROR_CODE_MALFORMED,
                      "CSV 第 " + std::to_string(records.size() + 1) +
                          " 行有不在字段开头的双引号");
      }
      quoted = true;
    } else if (was_quoted) {
      return Status(v1::ERROR_CODE_MALFORMED,
                    "CSV 第 " + std::to_string(records.size() + 1) +
                        " 行的引号字段后面还有字符");
    } else {
      field += c;
    }
  }
  if (quoted) {
    return Status(v1::ERROR_CODE_MALFORMED, "CSV 在引号字段中途结束");
  }
  if (any) end_record();
  return records;
}

std::string UnguardedText(std::string_view field) {
  if (field.size() >= 2 && field.front() == '\'' &&
      std::string_view("=+-@\t\r").find(field[1]) != std::string_view::npos) {
    field.remove_prefix(1);
  }
  return std::string(field);
}

}  // namespace xinbao::centre
