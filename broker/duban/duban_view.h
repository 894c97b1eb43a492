// How a 督办 item is shown: the lights, and what a reader may see of it.
//
// A leader's instruction (批示), the office's requirements, the
// attachments and the texts of the steps are for the office that issued
// the item and the units assigned to it; everyone else (the live feed
// too) gets the item redacted (DubanState.redacted).
//
// Threads: pure functions.
#pragma once

#include <string_view>

#include "xinbao/v1/duban.pb.h"

namespace xinbao::broker {

// Sets each unit's light from the open alarms and what it owes (red: an
// overdue duty, yellow: one near its deadline, green: something owed in
// time, none: nothing owed) and the item's light, the worst of them.
void SetLights(v1::DubanState* item);

// Whether a user of `unit_id` may read the item whole: the issuing office
// or an assigned unit.
bool SeesInstruction(const v1::DubanState& item, std::string_view unit_id);

// Whether the item is assigned to `unit_id` (lead or co-unit).
bool AssignedTo(const v1::DubanState& item, std::string_view unit_id);

// The item without instruction, requirements, attachments and step texts;
// redacted = true.
v1::DubanState Redacted(const v1::DubanState& item);

// For a list: attachment data and step texts left out (names kept);
// redacted too unless `whole`.
v1::DubanState Listed(const v1::DubanState& item, bool whole);

}  // namespace xinbao::broker
