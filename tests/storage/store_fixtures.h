// Helpers shared by the ReportStore tests: reports with fixed contents and
// times (no wall clock), and short ways to append and to collect a scan.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storage/report_store.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::storage {

inline std::unique_ptr<ReportStore> OpenOrDie(
    const std::filesystem::path& dir, const StoreOptions& options = {}) {
  Result<std::unique_ptr<ReportStore>> store = ReportStore::Open(dir, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

// A 一般动态 from `unit` with a body that tells it apart.
inline v1::Report General(const std::string& unit, const std::string& key,
                          const std::string& body = "例行工作动态") {
  v1::Report report;
  report.set_unit_id(unit);
  report.set_idempotency_key(key);
  report.set_kind(v1::KIND_GENERAL_DYNAMIC);
  report.set_title("城关镇开展冬季消防安全大检查");
  report.set_body(body);
  report.set_written_at_ms(1'700'000'000'000);
  return report;
}

// `count` 一般动态 from `unit`, keyed <key_prefix>0, <key_prefix>1, ….
inline std::vector<v1::Report> Generals(const std::string& unit,
                                        const std::string& key_prefix,
                                        int count) {
  std::vector<v1::Report> reports;
  for (int i = 0; i < count; ++i) {
    reports.push_back(General(unit, key_prefix + std::to_string(i)));
  }
  return reports;
}

// An urgent report of `event_id` at `stage`.
inline v1::Report Urgent(const std::string& unit, const std::string& key,
                         const std::string& event_id, v1::Stage stage) {
  v1::Report report = General(unit, key, "突发事件报告");
  report.set_kind(v1::KIND_URGENT);
  report.set_event_id(event_id);
  report.set_stage(stage);
  report.set_severity(v1::SEVERITY_III);
  return report;
}

// Appends `reports` (updating them in place) in one batch.
inline std::vector<AppendOutcome> AppendAll(ReportStore& store,
                                            std::vector<v1::Report>& reports,
                                            int64_t now_ms) {
  std::vector<v1::Report*> pointers;
  for (v1::Report& report : reports) pointers.push_back(&report);
  return store.Append(pointers, now_ms);
}

// Appends one report and returns its sequence (0 if it was not stored).
inline uint64_t AppendOne(ReportStore& store, v1::Report report,
                          int64_t now_ms) {
  v1::Report* pointer = &report;
  std::vector<AppendOutcome> outcomes = store.Append({&pointer, 1}, now_ms);
  EXPECT_TRUE(outcomes.at(0).status.ok()) << outcomes[0].status.ToString();
  return outcomes[0].ack.sequence;
}

// The sequences a scan visits, in visiting order. Fails the test if the
// scan fails.
inline std::vector<uint64_t> Visited(
    const std::function<Status(const ReportVisitor&)>& scan) {
  std::vector<uint64_t> sequences;
  Status status = scan([&](const v1::Report& report) {
    sequences.push_back(report.sequence());
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return sequences;
}

}  // namespace xinbao::storage
