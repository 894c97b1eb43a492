// Fuzz target: the broker's user registry (users.toml: [[user]] name,
// unit, role, public_key, revoked, acts_for) through ParseUserRegistry(),
// the LoadUserRegistry() without the disk, against the demo county's
// units. An accepted registry finds each user by name and by key.
#include <cstddef>
#include <cstdint>

#include "broker/config/config.h"
#include "broker/security/user_registry.h"
#include "tests/fuzz/fuzz_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace xinbao;
  static const broker::UnitRegistry* const units =
      new broker::UnitRegistry(broker::DefaultConfig().units);
  Result<broker::UserRegistry> registry = broker::ParseUserRegistry(
      fuzz::AsText(data, size), "/etc/xinbao/users.toml", *units);
  fuzz::RequireTyped(registry.status());
  if (!registry.ok()) return 0;
  for (const broker::User& user : registry->users()) {
    fuzz::Require(registry->FindByName(user.name) == &user,
                  "a registered user not found by name");
    fuzz::Require(registry->FindByKey(user.public_key) == &user,
                  "a registered user not found by key");
    fuzz::Require(units->Find(user.unit_id) != nullptr,
                  "a registered user of an unknown unit");
  }
  return 0;
}
