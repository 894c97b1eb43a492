// NewUuid (declared in clients/submit_client.h).
#include <sys/random.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

#include "clients/lib/submit_client.h"

namespace xinbao::client {
namespace {

// Fills `bytes` from the kernel's random source; falls back to
// std::random_device, and as a last resort to a clock-seeded mix (still
// unique per process, not secret: keys only need to be unique).
void FillRandom(std::array<unsigned char, 16>& bytes) {
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t n =
        ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n <= 0) break;
    filled += static_cast<std::size_t>(n);
  }
  if (filled == bytes.size()) return;
  try {
    std::random_device device;
    for (auto& b : bytes) b = static_cast<unsigned char>(device());
    return;
  } catch (...) {
    // No random device: use the mix below.
  }
  static std::atomic<uint64_t> counter{0};
  uint64_t x = static_cast<uint64_t>(std::chrono::high_resolution_clock::now()
                                         .time_since_epoch()
                                         .count()) ^
               (counter.fetch_add(1) * 0x9E3779B97F4A7C15ull);
  for (auto& b : bytes) {  // splitmix64
    x += 0x9E3779B97F4A7C15ull;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    b = static_cast<unsigned char>(z ^ (z >> 31));
  }
}

}  // namespace

std::string NewUuid() {
  std::array<unsigned char, 16> bytes{};
  FillRandom(bytes);
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // v4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                "%02x%02x%02x%02x%02x%02x",
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5],
                bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
                bytes[12], bytes[13], bytes[14], bytes[15]);
  return text;
}

}  // namespace xinbao::client
