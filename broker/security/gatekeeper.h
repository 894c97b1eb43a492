// Gatekeeper: a socket owner's check of each request on a broker running
// CURVE — who sent it (the public key ZAP put in the connection's
// "User-Id", looked up in the registry in force now) and whether AccessPolicy lets that user make
// it. A refusal is written to the audit trail. Without CURVE (a null
// directory) every request is admitted with no user.
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
  // The registry the decision used, kept alive with the user it holds.
  std::shared_ptr<const UserRegistry> registry;
  const User* user = nullptr;  // null without CURVE
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
    const std::string key = Property(payload, "User-Id");
    AccessDecision decision =
        CheckAccess(admission.registry.get(), key, socket_, envelope);
    admission.user = decision.user;
    admission.status = std::move(decision.status);
    if (!admission.status.ok() && audit_ != nullptr) {
      v1::AuditRecord record;
      record.set_kind(decision.audit);
      record.set_public_key(key);
      if (decision.user != nullptr) {
        record.set_user(decision.user->name);
        record.set_unit_id(decision.user->unit_id);
      }
      record.set_address(Property(payload, "Peer-Address"));
      record.set_socket(socket_);
      record.set_detail(admission.status.message());
      audit_->Record(std::move(record));
    }
    return admission;
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
