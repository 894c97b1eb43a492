// BrokerReading: what the broker's status and health are judged from, read
// at one moment — the Vitals copy, the store's size, the data directory's
// disk — and the health problems found in it. The status answer
// (status_answer.h) and the metrics endpoint (broker/metrics) both read the
// broker through this, so that `xinbao health`, GET /healthz and the
// `xinbao_healthy` metric never disagree.
//
// Threads: ReadBroker may be called from any thread (Vitals::Read and
// ReportStore::Size are thread-safe; one statvfs). Cheap: no scan.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "broker/base/vitals.h"
#include "broker/config/config.h"
#include "broker/query/broker_health.h"
#include "storage/report_store.h"

namespace xinbao::broker {

struct BrokerReading {
  VitalsSnapshot vitals;
  // The store's size; all 0 when it could not be read (then a problem).
  storage::StoreSize store;
  DiskSpace disk;
  // The archive chain's head (docs/ARCHIVE.md).
  v1::ChainHead chain;
  // HealthProblems(), and the store's size unreadable; empty: healthy.
  std::vector<std::string> problems;

  bool healthy() const { return problems.empty(); }
};

// Never fails: what cannot be read is one more problem.
BrokerReading ReadBroker(const Vitals& vitals, const storage::ReportStore& store,
                         const BrokerConfig& config, int64_t now_ms);

}  // namespace xinbao::broker
