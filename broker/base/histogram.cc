#include "broker/base/histogram.h"

#include <algorithm>

namespace xinbao::broker {

Histogram::Histogram(std::span<const double> upper_bounds)
    : bounds_(upper_bounds.begin(), upper_bounds.end()),
      counts_(upper_bounds.size() + 1, 0) {}

void Histogram::Observe(double value) {
  // The first bound >= value; past the last: the +Inf bucket.
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value);
  ++counts_[at - bounds_.begin()];
  ++count_;
  sum_ += value;
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> cumulative(bounds_.size());
  uint64_t running = 0;
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    running += counts_[i];
    cumulative[i] = running;
  }
  return cumulative;
}

}  // namespace xinbao::broker
