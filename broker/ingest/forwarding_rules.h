// CheckForwarding: the rules a forwarded report's Forwarding block must
// meet (docs/HIERARCHY.md): who it came from, the way it came, and where
// it stands in its sender's queue — and that it has not come round to a
// broker it already passed (a loop in the tree's configuration).
//
// Threads: a pure function.
#pragma once

#include <cstddef>
#include <string_view>

#include "proto/status.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// The most hops a forwarded report may have come (township to province is
// three; a loop is caught long before).
inline constexpr std::size_t kMaxHops = 16;

// OK for a report with no `forwarded`. Otherwise INVALID_FIELD or
// MISSING_FIELD naming the field ("report.forwarded.hops") in plain
// Chinese, or FORWARD_LOOP when `this_broker` (this broker's [tree] id;
// empty: none) is the origin or one of the hops.
// `skip_level`: the report is a 越级 report this broker made a forwarded
// one itself (skip_level.h): its origin is checked, and it has no hops nor
// a place in a sender's queue.
Status CheckForwarding(const v1::Report& report, std::string_view this_broker,
                       bool skip_level = false);

}  // namespace xinbao::broker
