// The keys a test talks to a broker with. A BrokerProcess on the embedded
// defaults runs CURVE and makes its demo key set under <data_dir>/keys
// (broker/demo_keys.h): one user per unit, named by the unit id (a monitor
// for county-office, a reporter otherwise), plus "analyst" and "admin",
// and the gateway "centre-web" (kGateway: the central office's web
// program), which acts for county-office, analyst and admin. A test acts
// as one of those users:
//
//   auto submitter = PeerAs(broker, broker.endpoint(), "hekou");
//   UnitSubmitters units(broker); units.Submit(report);  // as its unit
//   RunCommand(CliAs(broker, "county-office", {"events"}));
//   options.curve = ClientKeysOf(broker, "hekou");
//   auto web = PeerAs(broker, broker.query_endpoint(), kGateway);
//   web->Ask(ActingFor("analyst", request));  // the gateway, as analyst
//
// A test that starts the broker with its own --config makes the same key
// set first with MakeTestKeys(data_dir) and names it in the config
// (KeysConfig(data_dir)).
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/config/config.h"
#include "broker/security/demo_keys.h"
#include "clients/lib/curve_client.h"
#include "proto/curve_keys.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/feed_peer.h"
#include "tests/integration/wire_peer.h"

namespace xinbao::testing {

// The demo's gateway user (broker::kDemoGateway).
inline const std::string kGateway = broker::kDemoGateway;

// `envelope` as a gateway sends it for `user`, pressed by `person`.
inline v1::Envelope ActingFor(const std::string& user, v1::Envelope envelope,
                              const std::string& person = "") {
  envelope.set_acting_user(user);
  envelope.set_person(person);
  return envelope;
}

inline std::filesystem::path KeysDir(const std::filesystem::path& data_dir) {
  return data_dir / "keys";
}

// Makes the demo key set for a broker whose data directory is `data_dir`.
inline void MakeTestKeys(const std::filesystem::path& data_dir) {
  broker::BrokerConfig config = broker::DefaultConfig();
  const Status made = broker::UseDemoKeys(KeysDir(data_dir), &config);
  if (!made.ok()) throw std::runtime_error(made.ToString());
}

// The [security] lines naming that key set, for a test's own config.
inline std::string KeysConfig(const std::filesystem::path& data_dir) {
  return "secret_key_file = \"" + (KeysDir(data_dir) / "broker.key").string() +
         "\"\nregistry_file = \"" + (KeysDir(data_dir) / "users.toml").string() +
         "\"\n";
}

// Makes the demo key set for `data_dir` and writes <dir>/broker.toml:
// `sections` (TOML, anything but [security]), then a [security] section
// running CURVE on that key set, with `security` (more of its lines)
// appended. Returns the file's path, for
//   BrokerProcess broker(data_dir, "tcp://127.0.0.1:*",
//                        {"--config", config.string()});
inline std::filesystem::path CurveConfig(const std::filesystem::path& dir,
                                         const std::filesystem::path& data_dir,
                                         const std::string& sections,
                                         const std::string& security = "") {
  MakeTestKeys(data_dir);
  const std::filesystem::path config = dir / "broker.toml";
  std::ofstream(config) << sections << "[security]\nmode = \"curve\"\n"
                        << KeysConfig(data_dir) << security;
  return config;
}

inline CurveKeyPair KeysOf(const BrokerProcess& broker,
                           const std::string& user) {
  Result<CurveKeyPair> keys =
      ReadKeyFile(KeysDir(broker.data_dir()) / (user + ".key"));
  if (!keys.ok()) throw std::runtime_error(keys.status().ToString());
  return *keys;
}

inline std::string ServerKeyOf(const BrokerProcess& broker) {
  return KeysOf(broker, "broker").public_key;
}

inline client::CurveClientKeys ClientKeysOf(const BrokerProcess& broker,
                                            const std::string& user) {
  const CurveKeyPair mine = KeysOf(broker, user);
  return client::CurveClientKeys{mine.public_key, mine.secret_key,
                                 ServerKeyOf(broker)};
}

// A DEALER on `endpoint` speaking as `user`.
inline std::unique_ptr<WirePeer> PeerAs(const BrokerProcess& broker,
                                        const std::string& endpoint,
                                        const std::string& user) {
  return std::make_unique<WirePeer>(endpoint, KeysOf(broker, user),
                                    ServerKeyOf(broker));
}

// One submit-socket peer per unit, each speaking with that unit's key, made
// when first needed: a report goes out as the unit it names.
class UnitSubmitters {
 public:
  // `broker` must outlive this object.
  explicit UnitSubmitters(const BrokerProcess& broker) : broker_(broker) {}

  WirePeer& For(const std::string& unit) {
    std::unique_ptr<WirePeer>& peer = peers_[unit];
    if (!peer) peer = PeerAs(broker_, broker_.endpoint(), unit);
    return *peer;
  }

  // Sends `report` as the unit it names; its reply, or nullopt if none
  // came within `timeout`.
  std::optional<v1::Reply> Submit(
      const v1::Report& report,
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    v1::Envelope envelope;
    *envelope.mutable_submit()->mutable_report() = report;
    return For(report.unit_id()).Ask(envelope, timeout);
  }

 private:
  const BrokerProcess& broker_;
  std::map<std::string, std::unique_ptr<WirePeer>> peers_;  // by unit
};

// The xinbao command line as `user`: the binary, the key options, `args`.
inline std::vector<std::string> CliAs(const BrokerProcess& broker,
                                      const std::string& user,
                                      const std::vector<std::string>& args) {
  std::vector<std::string> line = {
      CliBinary(), "--key-file",
      (KeysDir(broker.data_dir()) / (user + ".key")).string(), "--server-key",
      (KeysDir(broker.data_dir()) / "broker.pub").string()};
  line.insert(line.end(), args.begin(), args.end());
  return line;
}

}  // namespace xinbao::testing
