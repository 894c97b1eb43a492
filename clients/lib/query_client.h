// QueryClient: one request, one reply, over a DEALER socket.
//
// For the read-only queries of the query socket (list events, one event,
// the alarms, the policy) and for the central office's event actions on
// the submit socket (merge, reopen), which the broker applies
// idempotently: sending one of these requests twice is harmless.
//
// Call() sends the request and waits up to `timeout` for the Reply whose
// request_id matches. If none comes it closes the socket, opens a fresh one
// and sends the same request once more (the zguide's Lazy Pirate, with one
// retry), then gives up. Replies with another request id (a late answer to
// an earlier call) are dropped.
//
// Threads: one QueryClient per thread; it owns its ZeroMQ context and
// socket. Never throws.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "clients/lib/curve_client.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

struct QueryOptions {
  std::string endpoint = "tcp://127.0.0.1:7602";
  // How long each of the two attempts waits for the reply.
  std::chrono::milliseconds timeout{5000};
  // Keys for a broker that runs CURVE (clients/curve_client.h), applied to
  // both attempts' sockets; none: plain ZeroMQ.
  std::optional<CurveClientKeys> curve = std::nullopt;
  // Envelope.acting_user and Envelope.person of every request, when set
  // (as ClientOptions' in submit_client.h). A request that names its own
  // keeps them: a web program with one QueryClient sets them per call.
  std::string acting_user = "";
  std::string person = "";
};

class QueryClient {
 public:
  // A DEALER connected to options.endpoint (not waiting for the broker).
  // Fails with ERROR_CODE_INVALID_FIELD (field "endpoint") if the address
  // is not valid, ERROR_CODE_STORAGE_FAILURE if ZeroMQ cannot start.
  static Result<std::unique_ptr<QueryClient>> Open(QueryOptions options);
  ~QueryClient();

  // Fills in protocol_version and a fresh request_id, sends `request` and
  // returns the broker's Reply: one whose body is `expected`, or an Error
  // (a refusal is an answer, not a failed call). Fails with
  //   ERROR_CODE_STORAGE_FAILURE (retryable()) — no answer to either
  //       attempt: the broker is down, unreachable or too busy, or (with
  //       options.curve) the CURVE handshake failed — the message then
  //       names the keys as a possible cause;
  //   ERROR_CODE_MALFORMED — what came back was not a Reply, or a Reply of
  //       another kind than `expected`.
  // Blocks at most about twice options.timeout.
  Result<v1::Reply> Call(v1::Envelope request, v1::Reply::BodyCase expected);

  // The broker's policy (PolicyRequest): each stage's required elements,
  // each grade's deadlines, the limits a report form needs, the broker's
  // zone. Every registered user may ask, a gateway without acting_user
  // too. Fails as Call() does, and with the broker's refusal as a Status
  // of its code, message and field.
  Result<v1::Policy> Policy();

  // The broker's time zone as its last reply named it (Reply.time_zone;
  // empty before any reply, or from a broker that names none).
  const std::string& time_zone() const;

 private:
  struct Impl;
  explicit QueryClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xinbao::client
