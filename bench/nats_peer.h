// NATS JetStream beside xinbao (issue 17): the same kind of load — 16
// publishers of 1 KiB messages, each with a window of asynchronous
// publishes in flight — against a nats-server the bench starts itself on a
// free loopback port (JetStream, file storage, one replica) and stops.
// Built only when Debian's libnats-dev is installed (XINBAO_WITH_NATS) and
// run only when nats-server is found at run time.
//
// Durability as NATS ships it: JetStream acknowledges a publish once the
// message is in its file store, without an fsync before the ack (its
// sync_interval, 2 minutes by default, flushes later) — unlike xinbao and
// the bare loop, which fsync every batch before acking.
#pragma once

#include <string>

#include "bench/submit_load.h"

namespace xinbao::bench {

struct NatsRun {
  double rate = 0;     // acknowledged publishes per second in the window
  int64_t acked = 0;
  int64_t failed = 0;  // publishes answered with an error
  std::string problem; // why it did not run ("" when it did)
};

// Whether this bench was built with the NATS client and nats-server is on
// the PATH.
bool NatsAvailable();

// One run: o.clients publishers, o.window in flight each, o.report_bytes
// per message, o.seconds long.
NatsRun RunNatsJetStream(const LoadOptions& o);

}  // namespace xinbao::bench
