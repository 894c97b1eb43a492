// TakeSkipLevel: a 越级上报 report (docs/HIERARCHY.md) as this broker takes
// it. A reporter whose registry entry has a home_broker (User::SkipsLevel)
// is a unit of a broker below this one's children — "hekou" of the county
// "qingshui" — sending a grave urgent report straight here as well as to
// its own broker. Here the report is stored as that county's forward of it
// would be: unit_id the user's unit here (the one standing for the
// county's branch, which owes the deadlines) and `forwarded` with the
// origin (home_broker, home_unit, home_unit_name) and no hops. So when the
// county's own forward arrives it is the same (origin, unit, key) and is
// answered as a duplicate, and the other way round.
//
// Threads: a pure function.
#pragma once

#include "broker/config/tree_policy.h"
#include "broker/security/user_registry.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// Does nothing (OK, *taken false) unless `user` skips a level and
// `envelope` is a submit. Then NOT_PERMITTED, in plain Chinese, when this
// broker has no [tree] id or is the user's home broker itself (a registry
// mistake), or the report is not urgent or not of grade tree.skip_level_from
// or graver (a follow-up must carry the event's grade too); otherwise the
// report is rewritten as above and *taken is true (the validator is then
// to check it with skip_level). Run after the access check, which saw the
// report name the user's home_unit.
// The origin broker's name is the name of the user's unit here (`units`:
// the unit standing for that broker).
Status TakeSkipLevel(const User* user, const TreePolicy& tree,
                     const UnitRegistry& units, v1::Envelope* envelope,
                     bool* taken);

// The unit a client named in `report` before TakeSkipLevel() rewrote it —
// the origin unit of a 越级 report, else report.unit_id — for its ack.
const std::string& SubmittedUnit(const v1::Report& report);

}  // namespace xinbao::broker
