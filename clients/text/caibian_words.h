// The phrases the 采编 views share (caibian_text.cc, caibian_feedback_text.cc):
// how an adoption and a 批示 read on one line. Internal to
// xinbao_client_text.
//
// Threads: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "proto/time_zone.h"
#include "xinbao/v1/caibian.pb.h"

namespace xinbao::client {

// "2026-11-04 16:00" in `zone`.
std::string MinuteText(int64_t unix_ms, const TimeZone& zone);

// "市级《市委信息快报》2026年第88期（录入）", with "，综合2个单位" inside
// the parentheses for a merged item and "「<item title>」" after it when
// the adoption names one.
std::string AdoptionWords(const v1::Adoption& adoption);

// "李强（县级，2026-11-06）：经验做法很好，请农业农村局总结推广。"; the
// date left out when `at_ms` is 0.
std::string InstructionWords(const std::string& leader, v1::LeaderLevel level,
                             int64_t at_ms, const std::string& text,
                             const TimeZone& zone);

}  // namespace xinbao::client
