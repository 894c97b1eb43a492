// Histogram: cumulative buckets as Prometheus reads them — each bound counts
// what is at or below it, +Inf (count) everything, and the sum adds up.
#include "broker/base/histogram.h"

#include <gtest/gtest.h>

#include <vector>

namespace xinbao::broker {
namespace {

constexpr double kBounds[] = {1, 5, 10};

TEST(Histogram, EachBoundCountsWhatIsAtOrBelowIt) {
  Histogram histogram(kBounds);
  for (double value : {0.5, 1.0, 3.0, 5.0, 7.0, 100.0}) histogram.Observe(value);
  EXPECT_EQ(histogram.CumulativeCounts(), (std::vector<uint64_t>{2, 4, 5}));
  EXPECT_EQ(histogram.count(), 6u);  // +Inf: the 100 too
  EXPECT_DOUBLE_EQ(histogram.sum(), 116.5);
  EXPECT_EQ(histogram.upper_bounds(), (std::vector<double>{1, 5, 10}));
}

TEST(Histogram, EmptyCountsNothing) {
  Histogram histogram(kBounds);
  EXPECT_EQ(histogram.CumulativeCounts(), (std::vector<uint64_t>{0, 0, 0}));
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.sum(), 0);
}

TEST(Histogram, TheBrokersBucketsAscend) {
  for (const std::vector<double>& bounds :
       {Histogram(kBatchReportsBuckets).upper_bounds(),
        Histogram(kWriteSecondsBuckets).upper_bounds(),
        Histogram(kAckSecondsBuckets).upper_bounds()}) {
    ASSERT_FALSE(bounds.empty());
    for (std::size_t i = 1; i < bounds.size(); ++i) {
      EXPECT_LT(bounds[i - 1], bounds[i]);
    }
  }
}

}  // namespace
}  // namespace xinbao::broker
