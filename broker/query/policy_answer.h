// The answer to a PolicyRequest (`xinbao policy`, and the forms of the web
// faces): the rules the broker applies to reports, as it is configured —
// each stage's required elements, each grade's deadlines, the limits on a
// request and its text fields, and the broker's zone — so that a client
// shows the broker's rules instead of keeping its own copy.
//
// Threads: a pure function of its arguments; called on the query thread.
#pragma once

#include "broker/config/config.h"
#include "xinbao/v1/policy.pb.h"

namespace xinbao::broker {

// Fills `answer` from `config` (replacing what it held).
void AnswerPolicy(const BrokerConfig& config, v1::Policy* answer);

}  // namespace xinbao::broker
