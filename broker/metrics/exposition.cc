#include "broker/metrics/exposition.h"

#include <charconv>
#include <cmath>

namespace xinbao::broker {
namespace {

std::string Escape(std::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  return Escape(value, /*quotes=*/true);
}

std::string EscapeHelp(std::string_view text) {
  return Escape(text, /*quotes=*/false);
}

std::string FormatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Whole numbers that a double holds exactly print as integers.
  if (value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) {
    return std::to_string(static_cast<int64_t>(value));
  }
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : "NaN";
}

void Exposition::Family(std::string_view name, std::string_view type,
                        std::string_view help) {
  text_.append("# HELP ").append(name).append(" ").append(EscapeHelp(help));
  text_.append("\n# TYPE ").append(name).append(" ").append(type).append("\n");
}

void Exposition::Sample(std::string_view name, double value,
                        const MetricLabels& labels) {
  text_.append(name);
  if (!labels.empty()) {
    text_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) text_ += ',';
      text_.append(labels[i].first).append("=\"");
      text_.append(EscapeLabelValue(labels[i].second)).append("\"");
    }
    text_ += '}';
  }
  text_.append(" ").append(FormatSampleValue(value)).append("\n");
}

void Exposition::AddHistogram(std::string_view name, std::string_view help,
                              const Histogram& histogram) {
  Family(name, "histogram", help);
  const std::string bucket = std::string(name) + "_bucket";
  const std::vector<uint64_t> counts = histogram.CumulativeCounts();
  for (std::size_t i = 0; i < counts.size(); ++i) {
    Sample(bucket, static_cast<double>(counts[i]),
           {{"le", FormatSampleValue(histogram.upper_bounds()[i])}});
  }
  Sample(bucket, static_cast<double>(histogram.count()), {{"le", "+Inf"}});
  Sample(std::string(name) + "_sum", histogram.sum());
  Sample(std::string(name) + "_count", static_cast<double>(histogram.count()));
}

}  // namespace xinbao::broker
