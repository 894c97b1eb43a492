// Realistic 一般动态 for a bench that fills a store: unlike the submit
// load's reports (bench/submit_load.h, one character repeated), each body
// is Chinese sentences drawn at random from a dozen templates with random
// figures, so RocksDB's compression meets text as it would real reports.
// Used by restart_bench.cc and writer_bench.cc.
#pragma once

#include <cstddef>
#include <cstdint>

#include "xinbao/v1/report.pb.h"

namespace xinbao::bench {

// Report number `n` (from 0) into *out: a 一般动态 of unit kUnits[n % 8]
// (bench/submit_load.h) with every field tests/support/sample_reports.h
// gives one, idempotency key "varied-<n>", the same for the same `n`, and
// about `bytes` encoded bytes (its body cut on a character boundary; the
// store adds its sequence and time to that).
void MakeVariedReport(uint64_t n, std::size_t bytes, v1::Report* out);

}  // namespace xinbao::bench
