// A whole broker in the test's own process (real sockets, real store) on
// a clock the test moves: the embedded defaults, any free loopback ports,
// clock checks every 10 ms, no CURVE. For tests of what the clock alone
// raises (deadlines, alarms); nothing sleeps for a deadline.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "broker/broker.h"

namespace xinbao::testing {

// Starts the broker with data in `data_dir`, its time read from `now`
// (which must outlive it); `adjust`, if given, changes the configuration
// first.
inline Result<std::unique_ptr<broker::Broker>> StartClockedBroker(
    const std::filesystem::path& data_dir, const std::atomic<int64_t>& now,
    const std::function<void(broker::BrokerConfig*)>& adjust = {}) {
  broker::BrokerConfig config = broker::DefaultConfig();
  if (adjust) adjust(&config);
  config.data_dir = data_dir;
  config.submit_endpoint = "tcp://127.0.0.1:*";
  config.query_endpoint = "tcp://127.0.0.1:*";
  config.feed_endpoint = "tcp://127.0.0.1:*";
  config.events.check_interval_ms = 10;
  return broker::Broker::Start(config, [&now] { return now.load(); });
}

}  // namespace xinbao::testing
