// UnitShares: each unit's fair share of the submit socket ([fairness]).
//
// The frontend takes a share before it hands a valid request to the
// committer and gives it back when the answer goes out. A unit past its
// share — more than unit_in_flight requests accepted and not yet answered,
// or faster than unit_rate a second on average — is refused with the
// retryable RATE_LIMITED and a hint (Error.retry_after_ms): the time one
// recent committed batch took from the read of its oldest request to its
// answers, or the time until the unit's rate admits another request. So a
// unit's flood queues at that unit's clients, not in the batches that
// carry the other units' reports.
//
// Units are keyed by id; the frontend only asks for ids the registry knows
// (a request naming an unknown unit is refused before), so the table stays
// as small as the registry.
//
// Threads: one UnitShares per frontend, used on its thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "broker/config/config.h"
#include "broker/security/gatekeeper.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// The unit whose share a valid request `envelope` takes: the unit of the
// user the gatekeeper admitted (CURVE), else the unit the report or the
// command names as its sender or acting office.
std::string_view ShareUnit(const Admission& admission,
                           const v1::Envelope& envelope);

class UnitShares {
 public:
  explicit UnitShares(const FairnessPolicy& policy);

  // Whether `unit` has room for one more request at `now_us` (steady
  // clock, µs): OK, or RATE_LIMITED (retryable, with retry_after_ms ≥ 1 and
  // a plain Chinese message naming the limit). Takes nothing and adds no
  // unit: the frontend asks before it validates a request (a refusal must
  // cost little under a flood), whatever unit the request names.
  [[nodiscard]] Status Check(std::string_view unit, int64_t now_us) const;

  // One more request of `unit` accepted at `now_us`: as Check(), and when
  // OK the share is taken. Only for a unit the registry knows.
  [[nodiscard]] Status Take(std::string_view unit, int64_t now_us);

  // The request of `unit` whose share was taken is answered (acknowledged
  // or refused by the committer). Unknown units and releases past zero are
  // ignored.
  void Release(std::string_view unit);

  // A committed batch came back `round_trip_us` after its oldest request
  // was read: the basis of the in-flight hint (a moving average).
  void NoteRoundTrip(int64_t round_trip_us);

  // Requests of `unit` accepted and not yet answered.
  std::size_t in_flight(std::string_view unit) const;

  // The hint given with an in-flight refusal now, in ms (≥ 1).
  uint32_t retry_after_ms() const;

 private:
  struct Share {
    std::size_t in_flight = 0;
    double tokens = 0;       // unit_rate only
    int64_t filled_us = -1;  // when tokens were last topped up; -1: never
  };
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>()(key);
    }
  };
  // Tops up `share`'s bucket to `now_us`.
  void Refill(Share& share, int64_t now_us) const;
  // The refusal of `unit` (whose share is `share`, topped up), or OK.
  Status Refusal(std::string_view unit, const Share& share) const;

  FairnessPolicy policy_;
  std::unordered_map<std::string, Share, KeyHash, std::equal_to<>> shares_;
  double round_trip_us_;  // moving average
};

}  // namespace xinbao::broker
