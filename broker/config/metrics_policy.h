// MetricsPolicy: where the broker serves its metrics and health over HTTP
// ([metrics]; broker/metrics), and the rule for where it may.
//
// The endpoint answers anyone who can reach it, without a key (Prometheus
// scrapes plain HTTP), so it listens on loopback unless the operator says
// in so many words that another address is meant (`allow_remote`) — the
// same loopback rule as the web faces (proto/host_port.h).
//
// Threads: a value; MetricsAddress is a pure function.
#pragma once

#include <string>

#include "proto/host_port.h"
#include "proto/status.h"

namespace xinbao::broker {

struct MetricsPolicy {
  // "HOST:PORT" (":PORT" is 127.0.0.1; port 0 binds a free one) for
  // GET /metrics and GET /healthz. "" (the embedded default): no endpoint.
  std::string listen;
  // A host other than loopback (a LAN address, 0.0.0.0) only when true.
  bool allow_remote = false;

  bool enabled() const { return !listen.empty(); }
};

// The address to bind for an enabled `policy`, or INVALID_FIELD naming
// "metrics.listen" in plain Chinese: the text is not HOST:PORT, or the host
// is not loopback and allow_remote is false.
Result<HostPort> MetricsAddress(const MetricsPolicy& policy);

}  // namespace xinbao::broker
