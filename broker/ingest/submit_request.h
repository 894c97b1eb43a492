// The protocol rules of one decoded request on the submit socket: the one
// check the Frontend runs between DecodeEnvelope() and the committer (and
// that tests/fuzz drives with bytes off the wire).
//
// Thread-safe: a pure function of its arguments.
#pragma once

#include <cstdint>

#include "broker/config/config.h"
#include "broker/ingest/report_validator.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// OK when `envelope` (one DecodeEnvelope() accepted) may go to the
// committer: a submit whose report `validator` accepts at `now_ms`, or an
// event command, a 督办 or a 采编 request that meets its rules
// (command_validator.h, duban_validator.h, caibian_validator.h). Otherwise
// that rule's typed refusal, or UNKNOWN_REQUEST for a request that belongs
// on the query socket (the message names config.query_endpoint).
// `validator` must be built from `config`. `skip_level`: the report is a
// 越级 report TakeSkipLevel() made a forwarded one.
Status CheckSubmitRequest(const v1::Envelope& envelope,
                          const ReportValidator& validator,
                          const BrokerConfig& config, int64_t now_ms,
                          bool skip_level = false);

}  // namespace xinbao::broker
