// The Prometheus text format as the broker writes it: HELP and TYPE lines,
// samples with escaped labels, values, and a histogram's lines.
#include "broker/metrics/exposition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace xinbao::broker {
namespace {

TEST(Exposition, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(EscapeLabelValue(R"(a\b"c)" "\n" "d"), R"(a\\b\"c\nd)");
  EXPECT_EQ(EscapeLabelValue("城关镇"), "城关镇");
  EXPECT_EQ(EscapeHelp(R"(say "hi" \ )" "\n" "two"), R"(say "hi" \\ \ntwo)");
}

TEST(Exposition, FormatsValues) {
  EXPECT_EQ(FormatSampleValue(0), "0");
  EXPECT_EQ(FormatSampleValue(42), "42");
  EXPECT_EQ(FormatSampleValue(1764669600), "1764669600");
  EXPECT_EQ(FormatSampleValue(0.0025), "0.0025");
  EXPECT_EQ(FormatSampleValue(-1.5), "-1.5");
  EXPECT_EQ(FormatSampleValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatSampleValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatSampleValue(std::nan("")), "NaN");
}

TEST(Exposition, WritesFamiliesAndSamplesLineByLine) {
  Exposition out;
  out.Family("xinbao_refusals_total", "counter", "Refused.\n拒绝");
  out.Sample("xinbao_refusals_total", 3, {{"code", "ERROR_CODE_MALFORMED"}});
  out.Sample("xinbao_refusals_total", 1,
             {{"code", "A"}, {"unit", "say \"x\""}});
  out.Family("xinbao_healthy", "gauge", "Healthy.");
  out.Sample("xinbao_healthy", 1);
  EXPECT_EQ(out.text(),
            "# HELP xinbao_refusals_total Refused.\\n拒绝\n"
            "# TYPE xinbao_refusals_total counter\n"
            "xinbao_refusals_total{code=\"ERROR_CODE_MALFORMED\"} 3\n"
            "xinbao_refusals_total{code=\"A\",unit=\"say \\\"x\\\"\"} 1\n"
            "# HELP xinbao_healthy Healthy.\n"
            "# TYPE xinbao_healthy gauge\n"
            "xinbao_healthy 1\n");
}

TEST(Exposition, AHistogramHasCumulativeBucketsInfSumAndCount) {
  constexpr double kBounds[] = {0.5, 2};
  Histogram histogram(kBounds);
  for (double value : {0.25, 1.0, 1.5, 9.0}) histogram.Observe(value);
  Exposition out;
  out.AddHistogram("x_seconds", "Seconds.", histogram);
  EXPECT_EQ(out.text(),
            "# HELP x_seconds Seconds.\n"
            "# TYPE x_seconds histogram\n"
            "x_seconds_bucket{le=\"0.5\"} 1\n"
            "x_seconds_bucket{le=\"2\"} 3\n"
            "x_seconds_bucket{le=\"+Inf\"} 4\n"
            "x_seconds_sum 11.75\n"
            "x_seconds_count 4\n");
}

}  // namespace
}  // namespace xinbao::broker
