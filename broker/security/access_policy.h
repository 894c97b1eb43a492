// AccessPolicy: whether the authenticated user behind a request may make
// it, on a broker running CURVE. The user is the owner of the public key
// the connection authenticated with (ZAP puts it in the message's
// "User-Id"), looked up in the registry in force now — so a key revoked or
// rotated out while its connection is open gets nothing more.
//
//   submit socket  submit: roles that MayDo(kSubmit), and only for the
//                  user's own unit (report.unit_id) — another unit's name
//                  is an impersonation; merge_events / reopen_event:
//                  kEventCommand, for the user's own unit;
//                  issue_duban and the office's duban_step (accept,
//                  return, suspend, resume, urge): kDubanOffice; a unit's
//                  duban_step (sign, progress, result, sign_urge):
//                  kDubanAnswer; both for the user's own unit (whether the
//                  unit is assigned to the item is the DubanBook's to say,
//                  and its refusal is audited by the frontend);
//                  caibian: kCaibian, for the user's own unit.
//   query socket   list_events, get_event, list_alarms: everyone (a
//                  reporter sees only what concerns its unit: Concerns());
//                  snapshot: kSnapshot; replay: kHistory, or a reporter's
//                  replay of its own unit only; as_of: kHistory; stats:
//                  kHistory, or kOwnStanding (then only the user's own
//                  unit's row, narrowed by the query server — except for
//                  a monitor of an office unit, which compiles the 通报
//                  and sees every row);
//                  list_audit, reload_registry, backup, verify_chain,
//                  export_chain: kAdminister;
//                  status: kBrokerStatus (monitor, analyst, admin);
//                  whoami, policy: every registered user;
//                  list_duban, get_duban: everyone (a user outside the
//                  office sees only the items assigned to its unit);
//                  list_bulletins, get_bulletin: kReadAll; feedback:
//                  kReadOwn (a user without kReadAll only for its own
//                  unit: the query server says so); list_commissions:
//                  everyone (a reporter sees those asked of its unit);
//                  get_reports: kReadOwn (a user without kReadAll gets
//                  only its own unit's reports).
//
// Gateways (Role::kGateway): a request from a gateway's key that names an
// Envelope.acting_user is checked exactly as if that user had sent it —
// provided the user is registered, not revoked, not a gateway, and listed
// in the gateway's acts_for. Without acting_user a gateway may ask only
// whoami and policy. acting_user from any other key is refused: an attempt
// to widen its rights.
//
// A refusal is ERROR_CODE_NOT_PERMITTED with a plain-Chinese message, and
// says which audit record it deserves.
//
// Threads: pure functions of their arguments.
#pragma once

#include <string_view>

#include "broker/security/user_registry.h"
#include "proto/status.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/security.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

struct AccessDecision {
  Status status;                 // OK, or NOT_PERMITTED
  // Whose rights the request was checked with: the key's registered user,
  // or the acting user a gateway named (null: the key is nobody's).
  const User* user = nullptr;
  // The gateway, when `user` is the user it acted for; else null.
  const User* via = nullptr;
  v1::AuditRecord::Kind audit = v1::AuditRecord::KIND_UNSPECIFIED;
};

// `registry` may be null (none loaded): everything is refused.
AccessDecision CheckAccess(const UserRegistry* registry,
                           std::string_view public_key, std::string_view socket,
                           const v1::Envelope& envelope);

// Whether `event` concerns `unit_id`: its responsible unit, or a unit that
// reported in it.
bool Concerns(const v1::EventState& event, std::string_view unit_id);

}  // namespace xinbao::broker
