// The answer to a WhoAmIRequest (`xinbao status`): who the broker takes the
// asker to be — the user the Gatekeeper admitted (the acting user, when a
// gateway asks for one, and the gateway), its unit and role — and
// the broker's clock, clock-skew limit, version and time zone.
//
// Threads: a pure function of its arguments; called on the query thread.
#pragma once

#include <cstdint>

#include "broker/config/config.h"
#include "broker/security/user_registry.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// The broker's version, as `xinbao status` shows it ("0.1.0").
const char* BrokerVersion();

// Fills `answer`. `user` null: a broker without CURVE (no user known;
// authenticated false). `via`: the gateway that asked for `user` (its
// name goes in `via`), or null. A gateway asking for itself is told whom
// it may act for (`acts_for`). `now_ms`: the broker's clock.
void AnswerWhoAmI(const User* user, const User* via, const BrokerConfig& config,
                  int64_t now_ms, v1::WhoAmI* answer);

}  // namespace xinbao::broker
