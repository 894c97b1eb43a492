// The reports the fuzz targets start from: the tests' sample reports
// (tests/support/sample_reports.h) with their times set against the
// targets' fixed clock, so that they pass the broker's validation at
// kFuzzNowMs whenever the corpus is regenerated or replayed.
#pragma once

#include <string>
#include <vector>

#include "tests/fuzz/fuzz_rules.h"
#include "tests/support/sample_reports.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::fuzz {

// `report` written a minute before kFuzzNowMs; an urgent one's incident
// 40 minutes before.
inline v1::Report AtFuzzTime(v1::Report report) {
  report.set_written_at_ms(kFuzzNowMs - 60'000);
  if (report.occurred_at_ms() != 0) {
    report.set_occurred_at_ms(kFuzzNowMs - 40 * 60'000);
  }
  return report;
}

// A 一般动态 of 城关镇, the 事, 情 and 果 of one urgent event of 河口镇.
inline std::vector<v1::Report> SeedReports() {
  return {
      AtFuzzTime(testing::GeneralReport("seed-general")),
      AtFuzzTime(testing::UrgentShiReport("seed-shi", "seed-event-1")),
      AtFuzzTime(testing::UrgentStageReport("seed-qing", "seed-event-1",
                                            v1::STAGE_QING)),
      AtFuzzTime(testing::UrgentStageReport("seed-guo", "seed-event-1",
                                            v1::STAGE_GUO)),
  };
}

}  // namespace xinbao::fuzz
