// The refusal lines' limiter, driven by given times (no clock, no sleeps).
#include "broker/base/refusal_log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xinbao::broker {
namespace {

constexpr v1::ErrorCode kInvalid = v1::ERROR_CODE_INVALID_FIELD;
constexpr v1::ErrorCode kMalformed = v1::ERROR_CODE_MALFORMED;
constexpr int64_t kStart = 1'000'000;

// How many of `count` refusals, all at `at_ms`, get their own line.
int Written(RefusalLog& log, int count, int64_t at_ms,
            const std::string& source = "河口镇",
            v1::ErrorCode code = kInvalid) {
  int written = 0;
  for (int i = 0; i < count; ++i) written += log.Admit(source, code, at_ms);
  return written;
}

TEST(RefusalLog, EveryRefusalHasItsLineWhileTheyAreFew) {
  RefusalLog log(5);
  for (int second = 0; second < 10; ++second) {
    EXPECT_EQ(Written(log, 5, kStart + second * 1000), 5) << second;
  }
  EXPECT_TRUE(log.TakeSummaries(kStart + 20'000).empty());
}

TEST(RefusalLog, AFloodGetsNLinesAndOneSummaryASecond) {
  RefusalLog log(5);
  // 1,000 refusals in the first second, spread over it.
  int written = 0;
  for (int i = 0; i < 1000; ++i) written += log.Admit("河口镇", kInvalid, kStart + i);
  EXPECT_EQ(written, 5);
  // Nothing is summed up while the second lasts.
  EXPECT_TRUE(log.TakeSummaries(kStart + 999).empty());
  // The flood goes on into the next second: 5 more lines, and the first
  // second's summary is due.
  EXPECT_EQ(Written(log, 300, kStart + 1000), 5);
  const std::vector<RefusalSummary> first = log.TakeSummaries(kStart + 1000);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].unwritten, 995u);
  EXPECT_EQ(first[0].seconds, 1);
  EXPECT_EQ(first[0].Text(),
            "过去 1 秒又有 995 次同类拒绝（河口镇，INVALID_FIELD）未逐条记录");
  // The flood stops: once its last second is over, one last summary, and
  // the kind is forgotten.
  EXPECT_TRUE(log.TakeSummaries(kStart + 1999).empty());
  const std::vector<RefusalSummary> last = log.TakeSummaries(kStart + 2000);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].unwritten, 295u);
  EXPECT_EQ(log.kinds(), 0u);
  EXPECT_TRUE(log.TakeSummaries(kStart + 5000).empty());
}

TEST(RefusalLog, KindsAreCountedApartBySourceAndCode) {
  RefusalLog log(2);
  EXPECT_EQ(Written(log, 10, kStart, "河口镇", kInvalid), 2);
  EXPECT_EQ(Written(log, 10, kStart, "河口镇", kMalformed), 2);
  EXPECT_EQ(Written(log, 10, kStart, "城关镇", kInvalid), 2);
  EXPECT_EQ(Written(log, 1, kStart, "10.0.0.7", kMalformed), 1);
  const std::vector<RefusalSummary> summaries = log.TakeSummaries(kStart + 1000);
  ASSERT_EQ(summaries.size(), 3u);  // the lone peer had all its lines
  for (const RefusalSummary& summary : summaries) {
    EXPECT_EQ(summary.unwritten, 8u) << summary.Text();
  }
  EXPECT_EQ(summaries[0].Text(),
            "过去 1 秒又有 8 次同类拒绝（城关镇，INVALID_FIELD）未逐条记录");
}

TEST(RefusalLog, ASecondStartsAtTheFirstRefusalNotOnTheClock) {
  RefusalLog log(3);
  // A burst that straddles a clock second is still one second's worth.
  EXPECT_EQ(Written(log, 3, kStart + 900), 3);
  EXPECT_EQ(Written(log, 3, kStart + 1100), 0);
  // Its second ends 1,000 ms after its first refusal.
  EXPECT_EQ(Written(log, 3, kStart + 1900), 3);
}

TEST(RefusalLog, SummariesTakenLateSayOverHowManySeconds) {
  RefusalLog log(1);
  EXPECT_EQ(Written(log, 4, kStart), 1);
  EXPECT_EQ(Written(log, 4, kStart + 1000), 1);  // first second ended here
  EXPECT_EQ(Written(log, 4, kStart + 2000), 1);
  const std::vector<RefusalSummary> summaries = log.TakeSummaries(kStart + 3000);
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].unwritten, 9u);
  EXPECT_EQ(summaries[0].seconds, 3);
}

TEST(RefusalLog, MadeUpSourcesBeyondTheCapAreOneKind) {
  RefusalLog log(1, /*max_kinds=*/4);
  int written = 0;
  for (int i = 0; i < 100; ++i) {
    written += log.Admit("peer-" + std::to_string(i), kMalformed, kStart);
  }
  // Four sources had their line, then all the others as one kind.
  EXPECT_EQ(written, 5);
  EXPECT_EQ(log.kinds(), 5u);
  const std::vector<RefusalSummary> summaries = log.TakeSummaries(kStart + 1000);
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].source, RefusalLog::kOtherSources);
  EXPECT_EQ(summaries[0].unwritten, 95u);
}

TEST(RefusalLog, AClockThatGoesBackStartsANewSecond) {
  RefusalLog log(2);
  EXPECT_EQ(Written(log, 5, kStart), 2);
  EXPECT_EQ(Written(log, 5, kStart - 60'000), 2);
  // The first second's count is not lost.
  const std::vector<RefusalSummary> summaries = log.TakeSummaries(kStart + 1000);
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].unwritten, 6u);
}

TEST(RefusalLog, AtLeastOneLineASecond) {
  RefusalLog log(0);
  EXPECT_EQ(Written(log, 10, kStart), 1);
}

}  // namespace
}  // namespace xinbao::broker
