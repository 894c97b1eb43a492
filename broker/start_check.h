// What Broker::Start needs from the machine, checked without starting
// anything: `xinbao-broker --check-config`, which the systemd unit runs as
// ExecStartPre, must refuse whatever would make the start fail.
//
// Threads: any thread; nothing here keeps state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "broker/config/config.h"
#include "proto/curve_keys.h"
#include "proto/status.h"

namespace xinbao::broker {

// Every problem start would meet, each with a plain-Chinese message naming
// the file or folder: with CURVE, the server key file (present, readable,
// a key pair with its secret, mode 600) and the user registry (present,
// parseable, every user's unit in `config.units`); always, the data folder
// (a folder this user may write, or one that can be made). Empty when start
// will find what it needs. Endpoints are not bound: a port taken now may be
// free at start, and the other way round.
std::vector<Status> CheckStart(const BrokerConfig& config);

// What start goes ahead with but the operator should fix, one
// plain-Chinese line each: calendar years that are provisional (their 调休
// not yet published, so working-day deadlines in them may be off), and a
// calendar without the year of `now_ms` (every working-day deadline would
// be refused). Empty when there is nothing to say. `xinbao-broker
// --check-config` prints them as notes; Broker::Start logs them.
std::vector<std::string> StartWarnings(const BrokerConfig& config,
                                       int64_t now_ms);

// The broker's key pair from `path` (security.secret_key_file), which must
// hold its secret. Fails as ReadKeyFile does, or INVALID_FIELD when the
// file holds only a public key.
Result<CurveKeyPair> ReadServerKeys(const std::filesystem::path& path);

}  // namespace xinbao::broker
