#include "broker/security/demo_keys.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "broker/security/user_registry.h"
#include "proto/curve_keys.h"

namespace xinbao::broker {
namespace {

// Writes a fresh key pair to <dir>/<name>.key and .pub.
Result<std::string> NewKeyFiles(const std::filesystem::path& dir,
                                const std::string& name) {
  Result<CurveKeyPair> keys = GenerateCurveKeyPair();
  if (!keys.ok()) return keys.status();
  XINBAO_RETURN_IF_ERROR(WriteKeyFiles(dir / name, *keys, /*overwrite=*/true));
  return keys->public_key;
}

}  // namespace

Status UseDemoKeys(const std::filesystem::path& dir, BrokerConfig* config) {
  config->security.curve = true;
  config->security.secret_key_file = dir / "broker.key";
  config->security.registry_file = dir / "users.toml";
  if (std::filesystem::exists(config->security.registry_file)) {
    return Status::Ok();
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "无法创建演示密钥目录 " + dir.string() + ": " + error.message());
  }
  Result<std::string> broker = NewKeyFiles(dir, "broker");
  if (!broker.ok()) return broker.status();

  std::string office;
  struct Entry {
    std::string name, unit, role, key;
    std::vector<std::string> acts_for = {};  // a gateway's
  };
  std::vector<Entry> entries;
  for (const Unit& unit : config->units.units()) {
    const bool is_office = unit.kind == UnitKind::kOffice;
    if (is_office && office.empty()) office = unit.id;
    Result<std::string> key = NewKeyFiles(dir, unit.id);
    if (!key.ok()) return key.status();
    entries.push_back({unit.id, unit.id, is_office ? "monitor" : "reporter", *key});
  }
  for (const char* role : {"analyst", "admin"}) {
    if (office.empty()) break;
    Result<std::string> key = NewKeyFiles(dir, role);
    if (!key.ok()) return key.status();
    entries.push_back({role, office, role, *key});
  }
  // The central office's web program: one gateway key acting for every
  // user above who is not a reporter (the desks at the offices hold their
  // unit's own reporter key instead).
  if (!office.empty()) {
    Result<std::string> key = NewKeyFiles(dir, kDemoGateway);
    if (!key.ok()) return key.status();
    Entry gateway{kDemoGateway, office, "gateway", *key, {}};
    for (const Entry& e : entries) {
      if (e.role != "reporter") gateway.acts_for.push_back(e.name);
    }
    entries.push_back(std::move(gateway));
  }
  // The registry last: its presence means the set is complete.
  const std::filesystem::path temp = dir / "users.toml.tmp";
  {
    std::ofstream out(temp);
    out << "# Demo user registry, made by xinbao-broker on its embedded "
           "defaults.\n# For real use: each user's own key (xinbao keygen), "
           "a registry kept by the central office.\n\n";
    for (const Entry& e : entries) {
      out << "[[user]]\nname = \"" << e.name << "\"\nunit = \"" << e.unit
          << "\"\nrole = \"" << e.role << "\"\npublic_key = \"" << e.key
          << "\"\n";
      if (!e.acts_for.empty()) {
        out << "acts_for = [";
        for (std::size_t i = 0; i < e.acts_for.size(); ++i) {
          out << (i > 0 ? ", \"" : "\"") << e.acts_for[i] << "\"";
        }
        out << "]\n";
      }
      out << "\n";
    }
    if (!out) {
      return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                    "无法写演示用户名录 " + temp.string());
    }
  }
  std::filesystem::rename(temp, config->security.registry_file, error);
  if (error) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "无法写演示用户名录: " + error.message());
  }
  spdlog::warn("demo keys created in {} ({} users): every unit's secret key "
               "is there, for the demo only — for real use give each user "
               "its own key (xinbao keygen) and a registry file",
               dir.string(), entries.size());
  return Status::Ok();
}

}  // namespace xinbao::broker
