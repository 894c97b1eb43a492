// ZapAuthenticator: the broker's ZAP handler (ZeroMQ RFC 27). Every CURVE
// handshake on a broker socket asks it whether the client's public key may
// connect; it answers from the current UserRegistry, and every message on
// an accepted connection carries the client's public key (Z85) as its
// "User-Id" property (zmq_msg_gets), which the socket owners look up in the
// registry in force when the message arrives — so a key revoked or rotated
// out names nobody from then on, even on a connection still open. Who sends a message is what the key
// says, never what the message says.
//
// It accepts a key that belongs to a registered user who is not revoked,
// on a socket the user's role may use: every socket sets its ZAP domain to
// its name ("submit", "query", "feed"), and only roles that MayDo(kFeed)
// are let onto "feed" — a subscription filter is not authorization. Every
// refusal is reported to `on_refusal` (the audit log) with why.
//
// The registry is read afresh for every handshake (UserDirectory), so a
// reloaded registry takes effect from the next connection; requests on
// connections already open are checked against the current registry by
// the socket owners (a revoked key's open connection gets nothing more).
//
// Threads: Start() runs the handler on its own thread, which owns the ZAP
// REP socket (bound at inproc://zeromq.zap.01 in the broker's context: it
// must be bound before any CURVE socket of that context accepts a
// connection). Stop() joins it. UserDirectory is safe from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "broker/security/user_registry.h"
#include "proto/status.h"

namespace xinbao::broker {

// The registry in force, swapped whole on a reload.
class UserDirectory {
 public:
  explicit UserDirectory(std::shared_ptr<const UserRegistry> registry)
      : registry_(std::move(registry)) {}
  std::shared_ptr<const UserRegistry> Current() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return registry_;
  }
  void Replace(std::shared_ptr<const UserRegistry> registry) {
    std::lock_guard<std::mutex> lock(mutex_);
    registry_ = std::move(registry);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const UserRegistry> registry_;
};

// A handshake the handler refused.
struct ZapRefusal {
  std::string domain;      // the socket: submit, query, feed
  std::string address;     // the peer's IP address
  std::string public_key;  // Z85 (empty for a mechanism other than CURVE)
  std::string user;        // the registered user, if the key is one's
  std::string unit_id;     // that user's unit
  // The key is a valid user's, but its role may not use this socket.
  bool role_refused = false;
  std::string reason;      // plain Chinese
};

class ZapAuthenticator {
 public:
  using OnRefusal = std::function<void(const ZapRefusal&)>;

  // `context` and `directory` must outlive this object.
  ZapAuthenticator(zmq::context_t& context, const UserDirectory& directory,
                   OnRefusal on_refusal);
  ~ZapAuthenticator();
  ZapAuthenticator(const ZapAuthenticator&) = delete;
  ZapAuthenticator& operator=(const ZapAuthenticator&) = delete;

  // Binds the ZAP endpoint and starts the thread. Fails with
  // ERROR_CODE_STORAGE_FAILURE if the endpoint cannot be bound (another
  // handler in the same context).
  Status Start();
  // Stops and joins the thread (within about 100 ms). Idempotent.
  void Stop();

  // Whether one handshake may go on, or why not. Pure (on the registry
  // given).
  static Status Decide(const UserRegistry& registry,
                                    std::string_view domain,
                                    std::string_view mechanism,
                                    std::string_view public_key_z85);

 private:
  void Run();
  void Answer(zmq::socket_t& socket);

  zmq::context_t& context_;
  const UserDirectory& directory_;
  OnRefusal on_refusal_;
  std::unique_ptr<zmq::socket_t> socket_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace xinbao::broker
