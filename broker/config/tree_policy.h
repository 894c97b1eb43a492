// TreePolicy: this broker's place in the reporting tree (逐级报送) — its
// [tree] id and name, and the link to its parent ([upstream]) with what it
// passes up. docs/HIERARCHY.md has the design.
//
//   [tree]
//   id = "qingshui"          # unique in the whole tree ([A-Za-z0-9._-], ≤ 64)
//   name = "清水县"
//   skip_level_from = "III"  # 越级上报 taken here from units below the
//                            # children, from this grade up (Ⅰ–Ⅳ)
//
//   [upstream]
//   endpoint = "tcp://city.example:7601"      # the parent's submit socket
//   query_endpoint = "tcp://city.example:7602"  # its query socket: 下发
//                                             # (越级 copies) is fetched there
//   unit = "qingshui"                         # the unit this broker stands
//                                             # for in the parent's registry
//   server_key_file = "keys/city-broker.pub"  # the parent's public key
//   secret_key_file = "keys/broker.key"       # optional: this broker's key
//                                             # at the parent; default the
//                                             # [security] secret_key_file
//   urgent = "at_once"            # or "when_passed_on"
//   others = "when_passed_on"     # or "at_once", "never"
//   reply_timeout = "5s"          # silence before the link reconnects
//   window = 64                   # reports in flight to the parent
//
// Paths are taken as written (relative to the broker's working folder), as
// [security]'s are. Threads: a value; CheckTreePolicy is a pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "proto/status.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// When a kind of report goes up to the parent.
enum class PassUp {
  kAtOnce,        // in the batch that stores it
  kWhenPassedOn,  // once this office adopts it or forwards it by hand
  kNever,         // not at all (other kinds only)
};

struct UpstreamPolicy {
  // The parent broker's submit socket; "" (the default): no parent, this
  // broker is the top of its tree.
  std::string endpoint;
  // The parent's query socket, where this broker fetches what the parent
  // holds for it (下发: 越级 copies); "" : nothing is fetched.
  std::string query_endpoint;
  // The unit of the parent's registry that stands for this broker (its
  // key's unit there): every forwarded report carries it as unit_id.
  std::string unit;
  std::filesystem::path server_key_file;
  std::filesystem::path secret_key_file;
  PassUp urgent = PassUp::kAtOnce;
  PassUp others = PassUp::kWhenPassedOn;
  int64_t reply_timeout_ms = 5000;
  std::size_t window = 64;

  bool enabled() const { return !endpoint.empty(); }
  // How reports of `kind` go up.
  PassUp For(v1::Kind kind) const {
    return kind == v1::KIND_URGENT ? urgent : others;
  }
};

struct TreePolicy {
  std::string id;    // [tree] id; "": not part of a tree
  std::string name;  // [tree] name; defaults to the id
  // 越级上报: an urgent report of this grade or graver is taken here from
  // a unit below a child broker (a user with a home_broker), straight.
  v1::Severity skip_level_from = v1::SEVERITY_III;
  UpstreamPolicy upstream;
};

// Whether `report`, just stored, goes up to the parent in the same batch:
// there is a parent and the policy for its kind is "at once".
inline bool GoesUpAtOnce(const UpstreamPolicy& policy, const v1::Report& report) {
  return policy.enabled() && policy.For(report.kind()) == PassUp::kAtOnce;
}

// Whether `report`, now passed on by this office (adopted into a bulletin
// it issued), goes up: there is a parent and the policy for its kind is
// "when passed on" (one "at once" went up already; "never" does not).
inline bool GoesUpWhenPassedOn(const UpstreamPolicy& policy,
                               const v1::Report& report) {
  return policy.enabled() && policy.For(report.kind()) == PassUp::kWhenPassedOn;
}

// "at_once" / "when_passed_on" / "never" (and 立即, 把关后, 不报).
Result<PassUp> ParsePassUp(std::string_view text);
std::string_view PassUpName(PassUp pass_up);

// The rules a whole policy must meet, checked once everything is read:
// an [upstream] needs a [tree] id, a well-formed ZeroMQ endpoint, the unit
// it stands for at the parent, and with
// CURVE (`curve`) the parent's key and a key of this broker's; urgent
// reports cannot be "never". INVALID_FIELD naming the key, in plain Chinese.
Status CheckTreePolicy(const TreePolicy& policy, bool curve);

}  // namespace xinbao::broker
