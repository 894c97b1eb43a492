#include "broker/service_notify.h"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "broker/query/broker_health.h"

namespace xinbao::broker {
namespace {

// RELOADING=1 carries the monotonic clock (systemd 253 and later check it
// for Type=notify-reload; 252 ignores it).
uint64_t MonotonicUs() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1'000'000 +
         static_cast<uint64_t>(now.tv_nsec) / 1000;
}

constexpr std::chrono::milliseconds kStatusEvery{10'000};

}  // namespace

bool WatchdogFed(const VitalsSnapshot& vitals,
                 std::chrono::milliseconds watchdog,
                 std::chrono::milliseconds check_interval, int64_t now_ms) {
  const int64_t limit_ms =
      std::max<int64_t>(watchdog.count(), 3 * check_interval.count());
  return CommitterStillMs(vitals, now_ms) <= limit_ms;
}

std::string ServiceStatusLine(const VitalsSnapshot& vitals, bool watchdog_fed,
                              int64_t now_ms) {
  if (!watchdog_fed) {
    return "写入线程已 " +
           std::to_string(CommitterStillMs(vitals, now_ms) / 1000) +
           " 秒没有运转：不再向看门狗报平安，等待 systemd 重启";
  }
  std::string line = "服务中：本次启动以来存入 " +
                     std::to_string(vitals.reports_stored) + " 份报告";
  if (vitals.store_failing_since_ms != 0) {
    line += "；存储自 " +
            std::to_string((now_ms - vitals.store_failing_since_ms) / 1000) +
            " 秒前起拒绝写入";
  }
  return line;
}

ServiceNotifier ServiceNotifier::FromEnvironment() {
  ServiceNotifier notifier;
  const char* socket = std::getenv("NOTIFY_SOCKET");
  notifier.listening_ = socket != nullptr && *socket != '\0';
  uint64_t usec = 0;
  if (notifier.listening_ && sd_watchdog_enabled(0, &usec) > 0) {
    notifier.watchdog_ =
        std::chrono::milliseconds(std::max<uint64_t>(usec / 1000, 2));
  }
  return notifier;
}

std::optional<std::chrono::milliseconds> ServiceNotifier::beat_interval()
    const {
  if (!listening_) return std::nullopt;
  if (watchdog_.count() == 0) return kStatusEvery;
  return watchdog_ / 2;
}

void ServiceNotifier::Ready(const std::string& status) const {
  Send("READY=1\nSTATUS=" + status);
}

void ServiceNotifier::Reloading() const {
  Send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(MonotonicUs()) +
       "\nSTATUS=重新载入用户名录");
}

void ServiceNotifier::Stopping() const {
  Send("STOPPING=1\nSTATUS=停止中：写完并确认已收下的报告");
}

void ServiceNotifier::Beat(const VitalsSnapshot& vitals,
                           std::chrono::milliseconds check_interval,
                           int64_t now_ms) const {
  if (!listening_) return;
  const bool watched = watchdog_.count() != 0;
  const bool fed =
      !watched || WatchdogFed(vitals, watchdog_, check_interval, now_ms);
  std::string state = "STATUS=" + ServiceStatusLine(vitals, fed, now_ms);
  if (watched && fed) state += "\nWATCHDOG=1";
  Send(state);
}

void ServiceNotifier::Send(const std::string& state) const {
  if (!listening_) return;
  const int sent = sd_notify(0, state.c_str());
  if (sent < 0) spdlog::warn("systemd 通知未送达 (sd_notify: {})", sent);
}

}  // namespace xinbao::broker
