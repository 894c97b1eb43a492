// UserRegistry: the people and programs allowed to talk to the broker, each
// with a CurveZMQ public key, the unit they act for and a role. The key a
// connection authenticated with (ZAP) decides who is speaking; nothing a
// message says about itself does.
//
// Roles and what each may do (MayDo):
//   reporter  a township's or department's information officer: submits
//             reports for its own unit, sees its own acknowledgements and
//             the events and alarms that concern its unit;
//   monitor   the central office's duty officer: the full live feed and
//             snapshots, every event and alarm, submits for its own unit
//             (phone logs) and merges or reopens events;
//   analyst   replay, as-of and statistics over every unit; the feed for
//             --follow; read-only;
//   admin     the registry and the audit log, and everything an analyst
//             may read;
//   gateway   a web program that serves many persons through one
//             connection (the central office's dashboard server): by
//             itself it may only ask whoami and policy, and subscribe to
//             the feed; every other request must name, in acting_user, one
//             of the registered users its `acts_for` lists (never another
//             gateway, nor a broker), and is then checked as that user's
//             (AccessPolicy);
//   broker    a child broker of the reporting tree (逐级报送): forwards
//             the reports its policy passes up, under the unit it stands
//             for here (a county at the city), and reads what a reporter
//             of that unit may; nothing else (docs/HIERARCHY.md).
//
// The registry is read from its own TOML file (registry_file in the
// broker's [security] section), so that it can be reloaded without a
// restart:
//
//   [[user]]
//   name = "hekou-xxy"            # who, as logs and the audit show it
//   unit = "hekou"                # the unit it acts for
//   role = "reporter"             # reporter | monitor | analyst | admin
//                                 # | gateway | broker
//   public_key = "<40 characters of Z85>"   # from `xinbao keygen`
//   revoked = false               # optional; true refuses the key
//   acts_for = ["duty", "analyst"]  # gateway only, and required: the
//                                 # registered users it may act for
//   home_broker = "qingshui"      # 越级上报, reporter only (both or
//   home_unit = "hekou"           # neither): the unit "hekou" of the
//   home_unit_name = "河口镇"      # broker "qingshui" below, whose key
//                                 # this is; `unit` is then the unit
//                                 # standing for that branch here. It
//                                 # may submit grave urgent reports,
//                                 # naming home_unit, and nothing else.
//
// Immutable once built; share it as a std::shared_ptr<const UserRegistry>
// and swap the pointer to reload. Safe to read from any thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "broker/units/unit_registry.h"
#include "proto/status.h"

namespace xinbao::broker {

// The longest user name, in characters.
inline constexpr std::size_t kMaxUserNameChars = 64;

enum class Role { kReporter, kMonitor, kAnalyst, kAdmin, kGateway, kBroker };

// What a request asks to do; MayDo() says which roles may.
enum class Action {
  kSubmit,        // store a report for the user's own unit
  kEventCommand,  // merge or reopen events (an office's monitor)
  kDubanOffice,   // issue, review, suspend, resume and urge 督办 items
                  // (an office's monitor)
  kDubanAnswer,   // sign for, report on and answer its unit's 督办 items
  kCaibian,       // edit and issue bulletins, record adoptions and
                  // instructions, commission items (an office's monitor)
  kReadOwn,       // its own unit's events, alarms and reports
  kReadAll,       // every unit's events, alarms and reports
  kFeed,          // the full live feed (a gateway too, to forward)
  kSnapshot,      // the monitor's snapshot
  kOwnStanding,   // the statistics row of the user's own unit
  kHistory,       // replay, as-of and statistics over every unit
  kAdminister,    // reload the registry, read the audit log
  kBrokerStatus,  // the broker's status and health (`xinbao status`)
  kForward,       // store reports forwarded by a child broker of the
                  // reporting tree, for the unit it stands for here
};

bool MayDo(Role role, Action action);

// "reporter" / "monitor" / "analyst" / "admin" / "gateway" / "broker" (and
// 报送员, 值班员, 分析员, 管理员, 网关, 下级信报服务).
Result<Role> ParseRole(std::string_view text);
std::string_view RoleName(Role role);

struct User {
  std::string name;        // [A-Za-z0-9._:-]{1,kMaxUserNameChars}
  std::string unit_id;     // a unit of the UnitRegistry
  Role role = Role::kReporter;
  std::string public_key;  // Z85, 40 characters
  bool revoked = false;
  // A gateway's: the names of the users it may act for (registered, not
  // gateways). Empty for every other role.
  std::vector<std::string> acts_for = {};
  // 越级上报 (a reporter only): the unit of a broker below that may also
  // report grave events straight here. home_broker is that broker's
  // [tree] id, home_unit the unit's id there (its reports name it), and
  // home_unit_name its name for the board ("" : the id). `unit_id` is
  // then the unit that stands for that broker's branch here, which owes
  // the deadlines (docs/HIERARCHY.md). All empty for everyone else.
  std::string home_broker = {};
  std::string home_unit = {};
  std::string home_unit_name = {};

  bool SkipsLevel() const { return !home_broker.empty(); }

  // Whether this gateway may act for the user named `name`.
  bool ActsFor(std::string_view name) const;
};

class UserRegistry {
 public:
  UserRegistry() = default;
  // Fails with ERROR_CODE_INVALID_FIELD (field "user[N].…") on a bad or
  // repeated name, a key that is not a CURVE public key or that two users
  // share, a unit `units` does not know, a gateway without acts_for, or an
  // acts_for on another role, naming a user not in `users`, a gateway, the
  // gateway itself, or one name twice.
  static Result<UserRegistry> Build(std::vector<User> users,
                                    const UnitRegistry& units);

  // The user whose public key (Z85) this is, revoked or not; nullptr if
  // none.
  const User* FindByKey(std::string_view public_key) const;
  const User* FindByName(std::string_view name) const;
  const std::vector<User>& users() const { return users_; }

 private:
  std::vector<User> users_;
  std::unordered_map<std::string, std::size_t> by_key_;
  std::unordered_map<std::string, std::size_t> by_name_;
};

// Reads and builds the registry in the TOML file at `path` (format above).
// Unknown keys are refused, like everywhere in the broker's configuration.
Result<UserRegistry> LoadUserRegistry(const std::filesystem::path& path,
                                      const UnitRegistry& units);

// LoadUserRegistry() of TOML `text` read from `origin` (a path or a name,
// used in refusals). Reads nothing from disk.
Result<UserRegistry> ParseUserRegistry(std::string_view text,
                                       const std::string& origin,
                                       const UnitRegistry& units);

}  // namespace xinbao::broker
