// HostPort: where a program listens over TCP, as an operator writes it
// ("127.0.0.1:9464", ":7680", "[::1]:7680"), and whether that is the
// machine's loopback — the one rule the web faces (clients/web/listen_rule.h)
// and the broker's metrics endpoint (broker/config) share.
//
// Threads: pure functions.
#pragma once

#include <string>

#include "proto/status.h"

namespace xinbao {

struct HostPort {
  std::string host;
  int port = 0;  // 0: any free port
};

// "127.0.0.1", "::1", "localhost" and the rest of 127.0.0.0/8.
bool IsLoopbackHost(const std::string& host);

// Parses "HOST:PORT", ":PORT" or "PORT" (the host is then `default_host`),
// or "[IPv6]:PORT"; the port 0 to 65535. Otherwise INVALID_FIELD naming
// `field`, in plain Chinese with an example on `example_port`.
Result<HostPort> ParseHostPort(const std::string& text,
                               const std::string& default_host,
                               const std::string& field, int example_port);

}  // namespace xinbao
