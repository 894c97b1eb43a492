// Gatekeeper: a socket owner's check of each request on a broker running
// CURVE — who sent it (the public key ZAP put in the connection's
// "User-Id", looked up in the registry in force now; or, from a gateway,
// the acting user it names) and whether AccessPolicy lets that user make
// it. A refusal is written to the audit trail, with the gateway and the
// person the request names. Without CURVE (a null directory) every
// request is admitted with no user.
//
// Threads: one Gatekeeper per socket-owning thread; the directory and the
// audit trail are shared and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <zmq.hpp>

#include "broker/security/access_policy.h"
#include "broker/security/audit_trail.h"
#include "broker/security/zap_authenticator.h"

namespace xinbao::broker {

struct Admission {
  Status status;
  // The registry the decision used, kept alive with the users it holds.
  std::shared_ptr<const UserRegistry> registry;
  // Whose rights apply: the key's user, or the acting user a gateway
  // named (AccessDecision). Null without CURVE.
  const User* user = nullptr;
  const User* via = nullptr;  // the gateway, when it acted for `user`
};

class Gatekeeper {
 public:
  // `directory` null: no CURVE. Both must outlive this object.
  Gatekeeper(const UserDirectory* directory, AuditTrail* audit,
             std::string socket)
      : directory_(directory), audit_(audit), socket_(std::move(socket)) {}

  bool enforcing() const { return directory_ != nullptr; }

  // `payload` is the message frame the envelope came in.
  Admission Admit(const zmq::message_t& payload,
                  const v1::Envelope& envelope) const {
    Admission admission;
    if (directory_ == nullptr) return admission;
    admission.registry = directory_->Current();
    // ZAP set the connection's User-Id to the client's public key.
    AccessDecision decision =
        CheckAccess(admission.registry.get(), Property(payload, "User-Id"),
                    socket_, envelope);
    admission.user = decision.user;
    admission.via = decision.via;
    admission.status = std::move(decision.status);
    if (!admission.status.ok()) {
      Record(decision.audit, admission, payload, envelope,
             admission.status.message());
    }
    return admission;
  }

  // Writes an audit record of `kind` about the request `envelope`, which
  // came in `payload` and was admitted (or refused) as `admission` says:
  // the key, the user and the gateway it came through, the person the
  // request names, the peer's address, this socket and `detail`. Does
  // nothing without an audit trail.
  void Record(v1::AuditRecord::Kind kind, const Admission& admission,
              const zmq::message_t& payload, const v1::Envelope& envelope,
              std::string detail) const {
    if (audit_ == nullptr) return;
    v1::AuditRecord record;
    record.set_kind(kind);
    record.set_public_key(Property(payload, "User-Id"));
    if (admission.user != nullptr) {
      record.set_user(admission.user->name);
      record.set_unit_id(admission.user->unit_id);
    }
    if (admission.via != nullptr) record.set_via(admission.via->name);
    record.set_person(envelope.person());
    record.set_address(Property(payload, "Peer-Address"));
    record.set_socket(socket_);
    record.set_detail(std::move(detail));
    audit_->Record(std::move(record));
  }

 private:
  static std::string Property(const zmq::message_t& message, const char* name) {
    const char* value = zmq_msg_gets(message.handle(), name);
    return value != nullptr ? value : "";
  }

  const UserDirectory* directory_;
  AuditTrail* audit_;
  std::string socket_;
};

}  // namespace xinbao::broker
