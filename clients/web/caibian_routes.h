// The 采编 routes of the web faces: the centre's editing desk (值班台: the
// office chooses reports, edits them into items, makes a draft issue,
// signs it, records adoptions and 批示, asks units for items — 约稿) and
// the unit desk's 件件有回音 (报送台: what became of its own reports, the
// 约稿 asked of it). Every request goes to the broker for the signed-in
// person, who is also the action's `person`, and for the unit the face
// names (CaibianRequest.unit_id); the broker decides the rest (an analyst
// or a unit that is not an office is refused, an issued issue is frozen,
// an edit on an old revision is STALE_REVISION: its words, unchanged).
//
// Both faces:
//   GET  /api/feedback[?month=YYYY-MM&unit=]  v1::Reply{feedback}
//        (the desk: always its own unit, whatever `unit` says)
//   GET  /api/commissions[?closed=1&unit=]    v1::Reply{commission_list}
//        (the desk: those asked of its unit)
// The office's face only:
//   GET  /api/bulletins[?series=&year=&phase=&candidates=1]
//                                              v1::Reply{bulletin_list}
//   GET  /api/bulletins/{issue_id}            v1::Reply{bulletin_detail}
//   GET  /api/bulletins/{issue_id}/pdf        the issue as print::BulletinPdf
//        lays it out (a draft with 样稿), as an attachment named after
//        the series and 期号 ("政务信息-2026年第1期.pdf"); journaled
//   POST /api/bulletin-items                   a v1::PutItem
//   POST /api/bulletin-items/{item_id}/drop    a v1::DropItem
//   POST /api/bulletin-items/{item_id}/instructions  a v1::RecordInstruction
//   POST /api/bulletins                        a v1::PutIssue
//   POST /api/bulletins/{issue_id}/sign        a v1::IssueBulletin (签发)
//   POST /api/adoptions                        a v1::RecordAdoption
//   POST /api/commissions                      a v1::Commission (约稿);
//        office_unit_id and officer are the person's
//   POST /api/commissions/{id}/cancel          a v1::CancelCommission
// A POST answers v1::Reply{caibian_changed}. The id in a path wins over
// one in the body. Ids are minted by the page once per form, so a retry
// is answered changed = false and never stored twice. Every POST is
// journaled (action "caibian", target "<action> <id>") with the broker's
// outcome.
//
// Threads: handlers run on the server's pool (broker_face.h).
#pragma once

#include <httplib.h>

#include "clients/web/broker_face.h"
#include "clients/web/web_gate.h"

namespace xinbao::web {

// The desk's (office = false: feedback and 约稿 of its unit; `send` is not
// used) or the office's (true: the editing desk, any unit's feedback).
using CaibianFace = BrokerFace;

void MountCaibian(httplib::Server& routes, WebGate& gate, CaibianFace face);

}  // namespace xinbao::web
