// ForwardedCopy: a report as it goes up to the parent broker
// (docs/HIERARCHY.md, "Who is who"; docs/PROTOCOL.md, "Forwarding between
// brokers").
//
// Threads: a pure function.
#pragma once

#include <cstdint>
#include <string_view>

#include "broker/config/tree_policy.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// `stored` (as this broker stored it: sequence and stored_at_ms set) as
// it is sent up: unit_id the unit this broker stands for at the parent;
// `forwarded` keeping the origin the report already had (it came from
// below) or naming this broker and the report's unit (`unit_name` its name
// here) as the origin; this broker appended to the hops with its sequence
// and time; `position` and `after` its place in the upward queue. The
// sequence and stored time are cleared: the parent gives its own.
v1::Report ForwardedCopy(const v1::Report& stored, const TreePolicy& tree,
                         std::string_view unit_name, uint64_t position,
                         uint64_t after);

}  // namespace xinbao::broker
