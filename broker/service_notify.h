// ServiceNotifier: what xinbao-broker tells systemd when it runs as a
// Type=notify service (sd_notify(3), Debian's libsystemd; linked into the
// daemon only).
//
//   READY=1      once the broker serves (store open, sockets bound);
//   STATUS=…     one plain-Chinese line `systemctl status` shows, sent with
//                every beat ("服务中：本次启动以来存入 N 份报告");
//   RELOADING=1  before a SIGHUP registry reload, READY=1 after it;
//   STOPPING=1   on SIGTERM or SIGINT, before the broker drains and stops;
//   WATCHDOG=1   each beat (half of WATCHDOG_USEC), but only while the
//                committer's loop turns (WatchdogFed): a hung write path
//                stops the pings, and systemd restarts the broker.
//
// Without NOTIFY_SOCKET in the environment (a terminal, a test, a
// container) every method does nothing and beat_interval() is nullopt: the
// broker behaves as before.
//
// Threads: the main thread only (it holds no lock; sd_notify opens its own
// datagram socket on each call).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "broker/base/vitals.h"

namespace xinbao::broker {

// Whether the watchdog is fed at `now_ms`: the committer's loop has turned
// within max(watchdog, 3 × check_interval) — it turns at least once per
// [events] check_interval_ms when idle (broker/query/broker_health.h,
// CommitterStillMs).
bool WatchdogFed(const VitalsSnapshot& vitals,
                 std::chrono::milliseconds watchdog,
                 std::chrono::milliseconds check_interval, int64_t now_ms);

// The STATUS= line for `vitals` at `now_ms` (plain Chinese).
std::string ServiceStatusLine(const VitalsSnapshot& vitals, bool watchdog_fed,
                              int64_t now_ms);

class ServiceNotifier {
 public:
  // Reads NOTIFY_SOCKET and WATCHDOG_USEC (WATCHDOG_PID, when set, must be
  // this process). Leaves the environment as it is.
  static ServiceNotifier FromEnvironment();

  // Whether systemd listens (NOTIFY_SOCKET is set).
  bool listening() const { return listening_; }
  // How often Beat() should run: half of WATCHDOG_USEC, else every 10 s
  // for the STATUS= line; nullopt when systemd does not listen.
  std::optional<std::chrono::milliseconds> beat_interval() const;

  void Ready(const std::string& status) const;
  void Reloading() const;
  void Stopping() const;
  // STATUS= from `vitals`, and WATCHDOG=1 when a watchdog is asked for and
  // WatchdogFed() holds.
  void Beat(const VitalsSnapshot& vitals,
            std::chrono::milliseconds check_interval, int64_t now_ms) const;

 private:
  void Send(const std::string& state) const;

  bool listening_ = false;
  std::chrono::milliseconds watchdog_{0};  // 0: no watchdog asked for
};

}  // namespace xinbao::broker
