// Demo keys: what makes the embedded defaults secure without a config file.
// On first start the broker creates, under <data_dir>/keys/, its own key
// pair (broker.key, broker.pub), one user per unit of the registry — named
// by the unit id, a monitor for an office, a reporter otherwise — plus
// "analyst" and "admin" of the first office and the gateway "centre-web"
// (kDemoGateway) of that office, acting for every one of them who is not a
// reporter (the monitors, analyst and admin), each with its key pair
// (<name>.key, <name>.pub), and users.toml naming them all. Later starts
// reuse what is there (a set made before the gateway existed has none:
// remove the folder to make a new one). The demo's offices then connect with
// `--key-file <data_dir>/keys/<unit>.key --server-key
// <data_dir>/keys/broker.pub`.
//
// For real use every user makes its own key (`xinbao keygen`) and the
// central office keeps the registry: secret keys never belong in the
// broker's data directory. The broker says so when it creates them.
#pragma once

#include <filesystem>

#include "broker/config/config.h"
#include "proto/status.h"

namespace xinbao::broker {

// The demo's gateway user: the central office's web program.
inline constexpr const char* kDemoGateway = "centre-web";

// Ensures the demo key set in `dir` and points config->security at it
// (curve on). Fails if a key cannot be made or written.
Status UseDemoKeys(const std::filesystem::path& dir, BrokerConfig* config);

}  // namespace xinbao::broker
