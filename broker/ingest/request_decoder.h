// Decoding one request payload off the submit or the query socket.
//
// Payloads are untrusted: every failure becomes a typed Status, never an
// assertion or an exception. Thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <string_view>

#include "broker/config/config.h"
#include "broker/security/user_registry.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::broker {

// Parses `payload` into *envelope and checks the envelope itself (size,
// version, a known request). On failure returns:
//   MESSAGE_TOO_LARGE    payload over limits.max_message_bytes
//   INVALID_UTF8         well-formed protobuf, but a text field is not UTF-8
//                        (Status::field names it, e.g. "report.title")
//   MALFORMED            anything else that is not an Envelope
//   UNSUPPORTED_VERSION  protocol_version != 1
//   UNKNOWN_REQUEST      no request body this broker knows
//   and CheckOnBehalf's refusals.
// Every body case wire.proto defines is accepted, whichever socket it
// belongs on: the socket's server refuses the ones it does not serve.
// Even on failure, envelope->request_id() is filled when it could be read,
// so the refusal can be matched by the client.
Status DecodeEnvelope(std::string_view payload, const Limits& limits,
                      v1::Envelope* envelope);

// The longest Envelope.person the broker accepts, in code points
// (acting_user is a user name: kMaxUserNameChars, user_registry.h).
inline constexpr std::size_t kMaxPersonChars = 64;

// The envelope's acting_user and person, with or without CURVE (who may
// name an acting user is AccessPolicy's question, not this one):
//   FIELD_TOO_LONG  acting_user over kMaxUserNameChars characters, person
//                   over kMaxPersonChars code points (field "acting_user"
//                   or "person")
//   INVALID_FIELD   acting_user not a user name ([A-Za-z0-9._:-]); person
//                   holding a control character (a line break, a tab …)
//   INVALID_UTF8    person not UTF-8 (protobuf's parse refuses it first)
Status CheckOnBehalf(const v1::Envelope& envelope);

// The bytes of the submitted report inside a payload DecodeEnvelope()
// accepted: a view into `payload`, or empty when the report is not encoded
// as one contiguous field (protobuf merges repeated occurrences; then the
// caller must serialize the parsed report instead).
std::string_view LocateEncodedReport(std::string_view payload);

// Installs a protobuf log handler that keeps the library's own complaints
// about bad input (they are answered as typed errors) out of the log.
void QuietProtobufParseLogs();

}  // namespace xinbao::broker
