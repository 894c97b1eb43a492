// PolicyRules: the broker's Policy answer (PolicyRequest on the query
// socket) read into the desk form's rules — the elements each stage
// requires and the attachment limits.
//
// Threads: pure functions.
#pragma once

#include "clients/desk/report_form.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::desk {

// A PolicyRequest envelope, and the reply body that answers it.
v1::Envelope PolicyRequest();
v1::Reply::BodyCase PolicyBodyCase();
// Whether `reply` carries a policy.
bool HoldsPolicy(const v1::Reply& reply);
// The rules the policy in `reply` sets; empty rules if it carries none.
FormRules RulesFromPolicy(const v1::Reply& reply);

}  // namespace xinbao::desk
