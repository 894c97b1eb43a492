// Clock: where the broker reads the time. Injected so tests can set it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace xinbao::broker {

// Returns Unix time in milliseconds (UTC). Must be callable from any thread.
using Clock = std::function<int64_t()>;

inline Clock SystemClock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

}  // namespace xinbao::broker
