// The query socket's 采编 questions: list_bulletins (issues, newest
// first, and the candidates), get_bulletin (one issue with its items in
// print order and the number a draft would get), feedback (件件有回音: a
// unit's reports with their adoptions and instructions) and
// list_commissions.
//
// Who sees what: list_bulletins and get_bulletin only users who read every
// unit (the access policy refuses others). `only_unit` (a user outside
// those roles: a reporter) gets feedback for its own unit only (another is
// NOT_PERMITTED) and sees only the commissions asked of it.
//
// Threads: reads the store only; safe on the query thread.
#pragma once

#include <cstdint>
#include <string>

#include "broker/config/config.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

Status ListBulletins(const storage::ReportStore& store,
                     const BrokerConfig& config,
                     const v1::ListBulletinsRequest& request,
                     v1::BulletinList* list);

// UNKNOWN_ITEM when there is no such issue.
Status GetBulletin(const storage::ReportStore& store, const BrokerConfig& config,
                   const v1::GetBulletinRequest& request, int64_t now_ms,
                   v1::BulletinDetail* detail);

Status AnswerFeedback(const storage::ReportStore& store,
                      const BrokerConfig& config,
                      const v1::FeedbackRequest& request,
                      const std::string& only_unit, int64_t now_ms,
                      v1::Feedback* feedback);

Status ListCommissions(const storage::ReportStore& store,
                       const BrokerConfig& config,
                       const v1::ListCommissionsRequest& request,
                       const std::string& only_unit, v1::CommissionList* list);

}  // namespace xinbao::broker
