// AuditTrail: where the broker writes down what it refused for reasons of
// identity or role, and changes to its user registry — in the store's
// audit log (queryable later) and in its own log as a warning.
//
// Threads: Record() may be called from any thread (the ZAP handler, the
// frontend, the query thread, the main thread on a reload).
#pragma once

#include <spdlog/spdlog.h>

#include <utility>

#include "broker/base/clock.h"
#include "storage/report_store.h"
#include "xinbao/v1/security.pb.h"

namespace xinbao::broker {

class AuditTrail {
 public:
  // `store` must outlive this object.
  AuditTrail(storage::ReportStore& store, Clock clock)
      : store_(store), clock_(std::move(clock)) {}

  void Record(v1::AuditRecord record) {
    record.set_at_ms(clock_());
    spdlog::warn(
        "audit: {} user={:?} unit={:?}{}{} socket={} address={} {}",
        v1::AuditRecord::Kind_Name(record.kind()), record.user(),
        record.unit_id(),
        record.via().empty() ? "" : fmt::format(" via={:?}", record.via()),
        record.person().empty() ? ""
                                : fmt::format(" person={:?}", record.person()),
        record.socket(), record.address(), record.detail());
    if (Status stored = store_.AppendAudit(&record); !stored.ok()) {
      spdlog::error("audit record not stored: {}", stored.ToString());
    }
  }

 private:
  storage::ReportStore& store_;
  Clock clock_;
};

}  // namespace xinbao::broker
