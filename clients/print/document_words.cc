#include "clients/print/document_words.h"

#include "proto/names.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace xinbao::print {

std::string ChineseDate(int64_t unix_ms, const TimeZone& zone) {
  const CivilTime civil = zone.CivilOf(unix_ms);
  return std::to_string(civil.year) + "年" + std::to_string(civil.month) + "月" +
         std::to_string(civil.day) + "日";
}

std::string ChineseOrdinal(uint32_t n) { return ChineseNumeral(n); }

std::string Points(double value) {
  double rounded = std::round(value * 100) / 100;
  if (rounded == 0) rounded = 0;  // no "-0"
  char text[48];
  std::snprintf(text, sizeof text, "%.2f", rounded);
  std::string out = text;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

std::string SignedPoints(double value) {
  const std::string text = Points(value);
  return text.front() == '-' || text == "0" ? text : "+" + text;
}

std::vector<std::string> Paragraphs(std::string_view text) {
  std::vector<std::string> paragraphs;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    for (bool trimmed = true; trimmed;) {
      trimmed = false;
      for (std::string_view blank : {" ", "\t", "\r", "　"}) {
        if (line.starts_with(blank)) line.remove_prefix(blank.size()), trimmed = true;
        if (line.ends_with(blank)) line.remove_suffix(blank.size()), trimmed = true;
      }
    }
    if (!line.empty()) paragraphs.emplace_back(line);
    start = end + 1;
  }
  return paragraphs;
}

std::string UnitName(const google::protobuf::Map<std::string, std::string>& names,
                     const std::string& unit_id) {
  const auto found = names.find(unit_id);
  return found == names.end() || found->second.empty() ? unit_id : found->second;
}

}  // namespace xinbao::print
