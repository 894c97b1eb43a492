// The command-line flags of a bench's submit load (LoadOptions), the same
// in every bench that drives the broker.
#pragma once

#include <CLI/CLI.hpp>

#include "bench/submit_load.h"

namespace xinbao::bench {

// --clients, --window, --report-bytes, --seconds, --urgent-per-event.
inline void AddLoadFlags(CLI::App& app, LoadOptions& o) {
  app.add_option("--clients", o.clients, "concurrent submitting clients");
  app.add_option("--window", o.window, "requests in flight per client (max mode)");
  app.add_option("--report-bytes", o.report_bytes, "encoded size of one request");
  app.add_option("--seconds", o.seconds, "measured time per run");
  app.add_option("--urgent-per-event", o.urgent_per_event,
                 "0: general reports; N: urgent reports, a new event every N");
}

}  // namespace xinbao::bench
