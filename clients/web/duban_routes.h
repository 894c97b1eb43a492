// The 督办 routes both web faces serve: the unit's desk (报送台: its own
// items and the unit's steps) and the office's centre (值班台: every item,
// issuing and the office's steps). Every request goes to the broker on
// behalf of the signed-in person, who is also the step's `person`, and
// for the acting unit the face names; the broker decides the rest (a
// unit not assigned, a step out of order: its refusal in plain Chinese).
//
//   GET  /api/duban[?closed=1&leader=&unit=]  v1::Reply{duban_list}
//        (the desk: its own unit's items whatever `unit` says)
//   GET  /api/duban/{item_id}                 v1::Reply{duban_detail}
//        (an item the reader may not see: 403 on the desk, journaled)
//   POST /api/duban                            centre only: a v1::DubanItem
//        to issue (交办); office_unit_id and officer are the person's
//   POST /api/duban/{item_id}/steps            a v1::DubanStepRequest;
//        unit_id, person and item_id are set here. The page mints step_id
//        once per form, so a retry is answered changed = false, never
//        stored twice. The desk takes the unit's steps only (签收, 办理进展,
//        办结报告, 签收催办).
// Issues and steps are journaled ("duban_issue", "duban_step") with the
// broker's outcome.
//
// Threads: handlers run on the server's pool (broker_face.h).
#pragma once

#include <httplib.h>

#include "clients/web/broker_face.h"
#include "clients/web/web_gate.h"

namespace xinbao::web {

// The desk's (office = false) or the office's (true) 督办 routes.
using DubanFace = BrokerFace;

void MountDuban(httplib::Server& routes, WebGate& gate, DubanFace face);

}  // namespace xinbao::web
