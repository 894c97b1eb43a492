// SubmitClient: submits reports to the broker without losing or doubling any.
//
// Every report goes through the Outbox first. Flush() sends what is pending
// over a DEALER socket (up to `window` in flight), matches replies by
// request id (= idempotency key), and follows the zguide's Lazy Pirate idea:
// if no reply arrives within reply_timeout it closes the socket, opens a
// fresh one and resends everything still unacknowledged. The broker stores a
// resent report once and answers with the original ack (duplicate = true).
//
// Threads: one SubmitClient per thread; it owns its ZeroMQ context and
// socket. Calls block at most until the given deadline.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "clients/lib/curve_client.h"
#include "clients/lib/outbox.h"
#include "proto/status.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

struct ClientOptions {
  std::string endpoint = "tcp://127.0.0.1:7601";
  std::filesystem::path outbox_dir;
  // How long to wait for any reply before reconnecting and resending.
  std::chrono::milliseconds reply_timeout{3000};
  // Most reports in flight at once.
  std::size_t window = 64;
  // Keys for a broker that runs CURVE (clients/curve_client.h), applied to
  // every socket opened, reconnects included; none: plain ZeroMQ. Wrong
  // keys look like an unreachable broker: reports stay pending.
  std::optional<CurveClientKeys> curve = std::nullopt;
  // A web program's: the registered user its gateway key acts for
  // (Envelope.acting_user), and the person at the web face who pressed the
  // button (Envelope.person, at most 64 characters). Every request sent
  // carries them when set (docs/PROTOCOL.md, "Web programs and the
  // broker"). Empty: the key speaks for itself.
  std::string acting_user = "";
  std::string person = "";
};

// What happened to one outbox entry during a Flush().
struct Delivery {
  v1::Report report;
  bool acknowledged = false;  // ack holds the broker's acknowledgement
  v1::Ack ack;
  v1::Error error;  // set when the broker refused it for good
  std::string time_zone;  // the broker's zone, from its reply (Reply.time_zone)
};

struct FlushSummary {
  std::size_t acknowledged = 0;
  std::size_t rejected = 0;
  std::size_t still_pending = 0;  // deadline passed before these were settled
  std::size_t reconnects = 0;
  // The broker's words with the last retryable refusal met (STORAGE_FAILURE,
  // BUSY, RATE_LIMITED: why it asked to resend later); empty if none.
  std::string last_retry_message;
  // The first outbox failure met (listing, removing or moving a file), or
  // OK. A settled report whose file could not be updated stays pending and
  // is resent later; the broker then answers with its original ack.
  Status outbox_status;
};

class SubmitClient {
 public:
  // Opens the outbox (see Outbox::Open) and a DEALER socket connected to
  // options.endpoint. Fails with ERROR_CODE_STORAGE_FAILURE if the outbox
  // cannot be opened and ERROR_CODE_INVALID_FIELD if the endpoint is not a
  // valid ZeroMQ address. Connecting does not wait for the broker.
  static Result<std::unique_ptr<SubmitClient>> Open(ClientOptions options);
  ~SubmitClient();

  // Stamps the report (Stamped below) and writes it to the outbox. Returns
  // the report as queued. Does not send. Fails as Outbox::Add does.
  Result<v1::Report> Enqueue(v1::Report report);

  // Sends every pending report until each is acknowledged or refused for
  // good, or `deadline` passes. `on_delivery` (may be empty) is called once
  // per settled report, in the order replies arrive. Reports are sent
  // oldest first. A retryable refusal (ERROR_CODE_STORAGE_FAILURE) keeps the
  // report pending and resends it after a pause. Replies that match no
  // unsettled report (late answers to an earlier attempt) are ignored.
  FlushSummary Flush(
      std::chrono::steady_clock::time_point deadline,
      const std::function<void(const Delivery&)>& on_delivery = {});

  Outbox& outbox();

 private:
  struct Impl;
  explicit SubmitClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `report` as Enqueue queues it: idempotency_key a fresh random UUID if
// empty, written_at_ms now if 0.
v1::Report Stamped(v1::Report report);

// A fresh random UUID (version 4), for idempotency keys and event ids.
std::string NewUuid();

}  // namespace xinbao::client
