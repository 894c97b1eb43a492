// RegistryKeeper: the user registry in force (UserDirectory) together with
// the file it comes from, re-read on SIGHUP or an admin's reload_registry.
// A file that does not load leaves the registry in force as it is; either
// way the reload is written to the audit trail.
//
// Threads: Reload() may be called from any thread (the main thread on a
// signal, the query thread on a request); readers use directory().
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "broker/security/audit_trail.h"
#include "broker/units/unit_registry.h"
#include "broker/security/user_registry.h"
#include "broker/security/zap_authenticator.h"

namespace xinbao::broker {

class RegistryKeeper {
 public:
  // Loads the registry at `path` once; fails as LoadUserRegistry does.
  // `units` and `audit` must outlive the keeper.
  static Result<std::unique_ptr<RegistryKeeper>> Open(
      std::filesystem::path path, const UnitRegistry& units,
      AuditTrail* audit);

  const UserDirectory& directory() const { return directory_; }

  // Reads the file again; returns how many users are now in force.
  Result<std::size_t> Reload();

 private:
  RegistryKeeper(std::filesystem::path path, const UnitRegistry& units,
                 AuditTrail* audit, std::shared_ptr<const UserRegistry> first)
      : path_(std::move(path)),
        units_(units),
        audit_(audit),
        directory_(std::move(first)) {}

  std::filesystem::path path_;
  const UnitRegistry& units_;
  AuditTrail* audit_;
  UserDirectory directory_;
  std::mutex reload_mutex_;  // one reload at a time
};

// The refusal of a reload when the broker runs without CURVE.
inline Status NoRegistry() {
  return Status(v1::ERROR_CODE_NOT_PERMITTED,
                "未启用 CURVE（[security] mode = \"insecure\"），没有用户名录可载入");
}

}  // namespace xinbao::broker
