// The frames of the submit and query protocols, as a DEALER client sees
// them (docs/PROTOCOL.md): a request is [empty][Envelope]; a reply is
// [empty][Reply]. Shared by SubmitClient, QueryClient, the CLI and the
// benchmarks.
#pragma once

#include <optional>
#include <string>
#include <zmq.hpp>

#include "clients/lib/curve_client.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

// The protocol version this client speaks.
inline constexpr uint32_t kProtocolVersion = 1;

// A DEALER socket connected to `endpoint`, set up for the submit protocol:
// linger 0 (closing drops unsent requests; the outbox still has them),
// immediate (requests queue only on a live connection) and bounded
// high-water marks; a CURVE client of the broker when `curve` is given
// (ApplyCurve, clients/curve_client.h). Connecting does not wait for the
// broker. Returns ERROR_CODE_INVALID_FIELD (field "endpoint") if the
// address is not valid.
Result<zmq::socket_t> ConnectDealer(
    zmq::context_t& context, const std::string& endpoint,
    const std::optional<CurveClientKeys>& curve = std::nullopt);

// Makes `*context` a fresh ZeroMQ context and `*dealer` a DEALER on it,
// connected to `endpoint` as ConnectDealer does. Fails with
// ERROR_CODE_STORAGE_FAILURE if ZeroMQ cannot create a context, or as
// ConnectDealer. The caller keeps `*dealer` declared after `*context`.
Status OpenDealer(const std::string& endpoint, zmq::context_t* context,
                  zmq::socket_t* dealer,
                  const std::optional<CurveClientKeys>& curve = std::nullopt);

// Sets Envelope.acting_user and Envelope.person to the given ones (a
// client's options: the user a gateway acts for, the person at a web
// face), each only when given and the envelope does not name its own — so
// one request may name another person than the options.
void SetOnBehalf(const std::string& acting_user, const std::string& person,
                 v1::Envelope* envelope);

// The serialized Envelope that submits `report`, with request_id =
// `request_id` or, when that is empty, the report's idempotency key, and
// acting_user and person when given (SetOnBehalf). `version` other than
// kProtocolVersion only for tests of the broker's refusal.
std::string EncodeSubmit(const v1::Report& report,
                         uint32_t version = kProtocolVersion,
                         const std::string& acting_user = {},
                         const std::string& person = {},
                         const std::string& request_id = {});

// Sends EncodeSubmit(report, kProtocolVersion, acting_user, person,
// request_id) as [empty][Envelope]. Non-blocking send (ZMQ_DONTWAIT);
// returns false if the socket would block.
bool SendSubmit(zmq::socket_t& dealer, const v1::Report& report,
                const std::string& acting_user = {},
                const std::string& person = {},
                const std::string& request_id = {});

// Sends `envelope` as [empty][Envelope], as SendSubmit does.
bool SendEnvelope(zmq::socket_t& dealer, const v1::Envelope& envelope);

// Receives one reply (call only when the socket is readable). Returns
// ERROR_CODE_MALFORMED if the frames are not [empty][Reply].
Result<v1::Reply> ReceiveReply(zmq::socket_t& dealer);

}  // namespace xinbao::client
