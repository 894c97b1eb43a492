#include "broker/security/registry_keeper.h"

#include <string>

namespace xinbao::broker {

Result<std::unique_ptr<RegistryKeeper>> RegistryKeeper::Open(
    std::filesystem::path path, const UnitRegistry& units, AuditTrail* audit) {
  Result<UserRegistry> registry = LoadUserRegistry(path, units);
  if (!registry.ok()) return registry.status();
  return std::unique_ptr<RegistryKeeper>(new RegistryKeeper(
      std::move(path), units, audit,
      std::make_shared<const UserRegistry>(std::move(*registry))));
}

Result<std::size_t> RegistryKeeper::Reload() {
  std::lock_guard<std::mutex> lock(reload_mutex_);
  Result<UserRegistry> registry = LoadUserRegistry(path_, units_);
  v1::AuditRecord record;
  record.set_kind(v1::AuditRecord::KIND_REGISTRY_CHANGED);
  if (!registry.ok()) {
    record.set_detail("用户名录重新载入失败，仍用原名录: " +
                      registry.status().message());
    if (audit_ != nullptr) audit_->Record(std::move(record));
    return registry.status();
  }
  const std::size_t users = registry->users().size();
  directory_.Replace(std::make_shared<const UserRegistry>(std::move(*registry)));
  record.set_detail("用户名录已重新载入: " + std::to_string(users) + " 个用户");
  if (audit_ != nullptr) audit_->Record(std::move(record));
  return users;
}

}  // namespace xinbao::broker
