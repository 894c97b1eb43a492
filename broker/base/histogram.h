// Histogram: how many observations fell at or below each of a few fixed
// upper bounds, with their count and sum — the shape of a Prometheus
// histogram (cumulative buckets, `+Inf` = count), kept as a plain value so
// that Vitals can copy it under its mutex.
//
// The bounds are fixed in code, one list per figure (below), so that every
// broker exposes the same buckets and a dashboard's quantiles compare
// across counties and restarts.
//
// Threads: a value type with no locking of its own; the owner guards it
// (Vitals holds its histograms under its mutex).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace xinbao::broker {

class Histogram {
 public:
  // `upper_bounds`: finite and strictly ascending (a constant list of the
  // caller's; anything else is a defect there). The `+Inf` bucket is
  // implied.
  explicit Histogram(std::span<const double> upper_bounds);

  // Counts `value` in every bucket whose bound is >= value (and in +Inf).
  void Observe(double value);

  const std::vector<double>& upper_bounds() const { return bounds_; }
  // Observations <= upper_bounds()[i]; one per bound, never decreasing.
  std::vector<uint64_t> CumulativeCounts() const;
  // All observations (the `+Inf` bucket).
  uint64_t count() const { return count_; }
  double sum() const { return sum_; }

 private:
  std::vector<double> bounds_;
  std::vector<uint64_t> counts_;  // per bucket, not cumulative
  uint64_t count_ = 0;
  double sum_ = 0;
};

// The fixed buckets of the broker's histograms.
// Reports in one synced batch (CommitPolicy::max_batch is 2048 by default).
inline constexpr double kBatchReportsBuckets[] = {1,   2,   4,   8,    16,  32,
                                                 64,  128, 256, 512, 1024, 2048};
// Seconds one synced write (RocksDB Write with sync = fsync) took.
inline constexpr double kWriteSecondsBuckets[] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
    0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5, 5};
// Seconds from a request read off the submit socket to its answer (ack or
// refusal) handed back to it.
inline constexpr double kAckSecondsBuckets[] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
    0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};

}  // namespace xinbao::broker
