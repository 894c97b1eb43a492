// `xinbao status`: which broker the client reaches, as whom, and how far
// its clock is from the broker's — in plain Chinese lines, from the
// broker's WhoAmI answer and the offset the caller measured.
//
// Threads: pure functions (times in the process's local time zone, TZ).
#pragma once

#include <cstdint>
#include <string>

#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

// Where the client was pointed, and by which profile (empty: none).
struct StatusSetting {
  std::string submit_endpoint;
  std::string query_endpoint;
  std::string feed_endpoint;
  std::string profile;      // the profile in use, e.g. "chengguan"
  std::string config_file;  // the file it came from
  bool curve = false;       // the client used key files
  std::string time_zone{};  // the zone this client reads times in
};

// How far the broker's clock is ahead of this machine's (negative: behind),
// from a question sent at `sent_ms` and answered at `received_ms` (local
// clock), the broker having answered at `broker_ms`: the broker's time
// minus the midpoint of the round trip.
int64_t ClockOffsetMs(int64_t sent_ms, int64_t received_ms, int64_t broker_ms);

// Whether an offset is past the broker's limit (either way).
bool ClockSkewTooLarge(int64_t offset_ms, int64_t max_skew_ms);

// The status lines: endpoints, identity (user, unit and its name, role —
// or that the broker runs without CURVE and knows no users), the broker's
// time and the offset, a warning when it is past the broker's limit, the
// broker's time zone and version.
std::string StatusText(const StatusSetting& setting, const v1::WhoAmI& whoami,
                       int64_t offset_ms);

// One JSON object: {"setting":{…},"whoami":{…},"clock_offset_ms":N,
// "clock_skew_too_large":bool}, and "broker_status":{…} when `broker` is
// given (the role may ask for it).
std::string StatusJson(const StatusSetting& setting, const v1::WhoAmI& whoami,
                       int64_t offset_ms,
                       const v1::BrokerStatus* broker = nullptr);

// Whether the user `whoami` describes may ask for the broker's status:
// a monitor, analyst or admin, or anyone on a broker without CURVE.
bool MayAskBrokerStatus(const v1::WhoAmI& whoami);

}  // namespace xinbao::client
