#include "broker/ingest/unit_shares.h"

#include <algorithm>
#include <cmath>

namespace xinbao::broker {
namespace {

// The hint before any batch came back, and its bounds.
constexpr double kFirstRoundTripUs = 5000;
constexpr uint32_t kMostRetryAfterMs = 10000;
// Weight of the newest round trip in the moving average.
constexpr double kNewest = 0.25;

uint32_t CeilMs(double us) {
  const double ms = std::ceil(us / 1000);
  return static_cast<uint32_t>(std::clamp(ms, 1.0, double{kMostRetryAfterMs}));
}

}  // namespace

std::string_view ShareUnit(const Admission& admission,
                           const v1::Envelope& envelope) {
  if (admission.user != nullptr) return admission.user->unit_id;
  switch (envelope.body_case()) {
    case v1::Envelope::kSubmit:
      return envelope.submit().report().unit_id();
    case v1::Envelope::kMergeEvents:
      return envelope.merge_events().unit_id();
    case v1::Envelope::kReopenEvent:
      return envelope.reopen_event().unit_id();
    case v1::Envelope::kIssueDuban:
      return envelope.issue_duban().item().office_unit_id();
    case v1::Envelope::kDubanStep:
      return envelope.duban_step().unit_id();
    case v1::Envelope::kCaibian:
      return envelope.caibian().unit_id();
    default:
      return {};
  }
}

UnitShares::UnitShares(const FairnessPolicy& policy)
    : policy_(policy), round_trip_us_(kFirstRoundTripUs) {}

void UnitShares::Refill(Share& share, int64_t now_us) const {
  const double capacity = static_cast<double>(policy_.unit_rate);
  if (share.filled_us < 0) {
    share.tokens = capacity;  // a unit starts with a full second's worth
  } else if (now_us > share.filled_us) {
    share.tokens = std::min(
        capacity, share.tokens + static_cast<double>(now_us - share.filled_us) *
                                     capacity / 1e6);
  }
  share.filled_us = std::max(share.filled_us, now_us);
}

Status UnitShares::Refusal(std::string_view unit, const Share& share) const {
  if (policy_.unit_in_flight > 0 && share.in_flight >= policy_.unit_in_flight) {
    return Status(v1::ERROR_CODE_RATE_LIMITED,
                  "本单位（" + std::string(unit) + "）已有 " +
                      std::to_string(share.in_flight) +
                      " 条请求在等待写入，达到每个单位的上限（[fairness] "
                      "unit_in_flight）；请稍候再发，未写入的这条须重发")
        .WithRetryAfter(retry_after_ms());
  }
  if (policy_.unit_rate > 0 && share.tokens < 1) {
    const double wait_us =
        (1 - share.tokens) * 1e6 / static_cast<double>(policy_.unit_rate);
    return Status(v1::ERROR_CODE_RATE_LIMITED,
                  "本单位（" + std::string(unit) + "）发送过快，超过每秒 " +
                      std::to_string(policy_.unit_rate) +
                      " 条（[fairness] unit_rate）；请稍候再发，未写入的"
                      "这条须重发")
        .WithRetryAfter(CeilMs(wait_us));
  }
  return Status::Ok();
}

Status UnitShares::Check(std::string_view unit, int64_t now_us) const {
  const auto found = shares_.find(unit);
  if (found == shares_.end()) return Status::Ok();  // a full share
  Share share = found->second;
  if (policy_.unit_rate > 0) Refill(share, now_us);
  return Refusal(unit, share);
}

Status UnitShares::Take(std::string_view unit, int64_t now_us) {
  auto found = shares_.find(unit);
  if (found == shares_.end()) found = shares_.emplace(unit, Share()).first;
  Share& share = found->second;
  if (policy_.unit_rate > 0) Refill(share, now_us);
  Status refused = Refusal(unit, share);
  if (!refused.ok()) return refused;
  if (policy_.unit_rate > 0) share.tokens -= 1;
  ++share.in_flight;
  return Status::Ok();
}

void UnitShares::Release(std::string_view unit) {
  const auto found = shares_.find(unit);
  if (found != shares_.end() && found->second.in_flight > 0) {
    --found->second.in_flight;
  }
}

void UnitShares::NoteRoundTrip(int64_t round_trip_us) {
  if (round_trip_us < 0) return;
  round_trip_us_ = (1 - kNewest) * round_trip_us_ +
                   kNewest * static_cast<double>(round_trip_us);
}

std::size_t UnitShares::in_flight(std::string_view unit) const {
  const auto found = shares_.find(unit);
  return found == shares_.end() ? 0 : found->second.in_flight;
}

uint32_t UnitShares::retry_after_ms() const { return CeilMs(round_trip_us_); }

}  // namespace xinbao::broker
