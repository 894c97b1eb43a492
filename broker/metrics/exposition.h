// Exposition: the Prometheus text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/), written
// one family at a time: `# HELP` and `# TYPE` lines, then its samples
// `name{label="value",...} value`, each line ending in "\n".
//
// Label values are escaped (backslash, double quote, line feed), HELP text
// too (backslash, line feed); values print as integers when they are whole
// numbers, else in the shortest form that reads back the same, and as
// +Inf, -Inf or NaN. Names are the caller's constants: they are not
// checked.
//
// Threads: a value; one thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "broker/base/histogram.h"

namespace xinbao::broker {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// The Content-Type of the text: "text/plain; version=0.0.4; charset=utf-8".
inline constexpr char kExpositionContentType[] =
    "text/plain; version=0.0.4; charset=utf-8";

class Exposition {
 public:
  // Starts the family `name`: its HELP and TYPE lines. `type`: "counter",
  // "gauge", "histogram" or "untyped".
  void Family(std::string_view name, std::string_view type,
              std::string_view help);
  // One sample line of the family started last (a histogram's samples are
  // `name_bucket`, `name_sum`, `name_count`: use AddHistogram).
  void Sample(std::string_view name, double value,
              const MetricLabels& labels = {});
  // A whole histogram family: HELP, TYPE, one cumulative `_bucket` per
  // bound (`le`), `le="+Inf"` (= count), `_sum` and `_count`.
  void AddHistogram(std::string_view name, std::string_view help,
                    const Histogram& histogram);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// `value` escaped for a label value: \ as \\, " as \", line feed as \n.
std::string EscapeLabelValue(std::string_view value);
// `text` escaped for a HELP line: \ as \\, line feed as \n.
std::string EscapeHelp(std::string_view text);
// `value` as a sample value (see above).
std::string FormatSampleValue(double value);

}  // namespace xinbao::broker
