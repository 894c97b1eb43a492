// JsonMapping: the one rule for JSON between a web program and its pages —
// protobuf's JSON mapping, field names exactly as in the .proto files,
// enums by name, 64-bit integers as decimal strings (pages read times with
// Number(), which is exact below 2^53, and keep sequences as strings).
//
// Threads: pure functions.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "proto/status.h"

namespace xinbao::web {

std::string ToJson(const google::protobuf::Message& message);

// Parses `json` into `message`. Unknown fields are refused. A body that is
// not JSON or does not fit: MALFORMED, in plain Chinese with the parser's
// reason.
Status FromJson(std::string_view json, google::protobuf::Message* message);

}  // namespace xinbao::web
