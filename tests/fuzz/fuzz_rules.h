// What every fuzz target in tests/fuzz holds its code to, and the fixed
// clock the targets and their seed corpora share.
//
// A refusal must be a typed Status: a code from the wire catalogue (not
// UNSPECIFIED), a message for people, and both message and field valid
// UTF-8 (they go back on the wire in Error, a proto3 string). A broken rule
// aborts, which libFuzzer reports as a crash with its input.
//
// Threads: pure functions.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "proto/status.h"
#include "proto/time_zone.h"
#include "proto/utf8.h"

namespace xinbao::fuzz {

// The broker's "now" in every target: 2026-11-28 09:11 in Asia/Shanghai.
// The seed corpora's times are written against it (seed_corpus.cc).
inline constexpr int64_t kFuzzNowMs = 1795833060000;

// Aborts, naming `what`, unless `holds`.
inline void Require(bool holds, std::string_view what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz rule broken: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

// Aborts unless `status` is OK or a typed refusal (see above).
inline void RequireTyped(const Status& status) {
  if (status.ok()) return;
  Require(status.code() != v1::ERROR_CODE_UNSPECIFIED,
          "a refusal without an error code");
  Require(!status.message().empty(), "a refusal without a message");
  Require(IsValidUtf8(status.message()), "a refusal message that is not UTF-8");
  Require(IsValidUtf8(status.field()), "a refusal field that is not UTF-8");
}

// The broker's default zone, Asia/Shanghai (tzdata is a dependency).
inline const TimeZone& BrokerZone() {
  static const TimeZone* const zone = [] {
    Result<TimeZone> shanghai = TimeZone::Load("Asia/Shanghai");
    Require(shanghai.ok(), "tzdata has no Asia/Shanghai");
    return new TimeZone(*shanghai);
  }();
  return *zone;
}

// The input as text.
inline std::string_view AsText(const uint8_t* data, std::size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace xinbao::fuzz
