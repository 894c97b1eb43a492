#include "broker/security/user_registry.h"

#include <toml++/toml.h>

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "proto/curve_keys.h"
#include "proto/report_rules.h"
#include "proto/utf8.h"
#include "proto/toml_file.h"

namespace xinbao::broker {
namespace {

struct RoleWords {
  Role role;
  std::string_view english;
  std::string_view chinese;
};

constexpr RoleWords kRoles[] = {
    {Role::kReporter, "reporter", "报送员"},
    {Role::kMonitor, "monitor", "值班员"},
    {Role::kAnalyst, "analyst", "分析员"},
    {Role::kAdmin, "admin", "管理员"},
    {Role::kGateway, "gateway", "网关"},
    {Role::kBroker, "broker", "下级信报服务"},
};

Status UserError(std::size_t index, const std::string& key,
                 const std::string& message) {
  const std::string field =
      "user[" + std::to_string(index) + "]" + (key.empty() ? "" : "." + key);
  return Status(v1::ERROR_CODE_INVALID_FIELD, "用户名录 " + field + ": " + message,
                field);
}

// 越级上报: home_broker and home_unit (both or neither) and the optional
// home_unit_name, for a reporter only.
Status ReadHome(const toml::table& table, std::size_t index, User* user) {
  const bool broker = table.contains("home_broker");
  const bool unit = table.contains("home_unit");
  if (!broker && !unit) {
    if (table.contains("home_unit_name")) {
      return UserError(index, "home_unit_name",
                       "只有越级报送账号（有 home_broker 和 home_unit）才有本级单位名称");
    }
    return Status::Ok();
  }
  if (broker != unit) {
    return UserError(index, broker ? "home_unit" : "home_broker",
                     "越级报送账号须同时写明所属的下级信报服务（home_broker）"
                     "和它在那里的单位编号（home_unit）");
  }
  if (user->role != Role::kReporter) {
    return UserError(index, "home_broker",
                     "只有报送员（reporter）可以越级报送，" + user->name +
                         " 的角色是 " + std::string(RoleName(user->role)));
  }
  struct Key {
    std::string_view key;
    std::string* out;
  };
  for (const Key& key : {Key{"home_broker", &user->home_broker},
                         Key{"home_unit", &user->home_unit},
                         Key{"home_unit_name", &user->home_unit_name}}) {
    const toml::node* node = table.get(key.key);
    if (node == nullptr) continue;
    std::optional<std::string> value = node->value<std::string>();
    const bool name = key.key == "home_unit_name";
    if (!value || (name ? value->empty() || CountCodePoints(*value).value_or(65) > 64
                        : !IsWellFormedId(*value, 64))) {
      return UserError(index, std::string(key.key),
                       name ? "应为 1 到 64 个字的单位名称"
                            : "应为 1 到 64 个字母、数字、点、冒号、下划线或连字符");
    }
    *key.out = std::move(*value);
  }
  return Status::Ok();
}

Result<User> ReadUser(const toml::table& table, std::size_t index) {
  for (const auto& [key, value] : table) {
    const std::string_view name = key.str();
    if (name != "name" && name != "unit" && name != "role" &&
        name != "public_key" && name != "revoked" && name != "acts_for" &&
        name != "home_broker" && name != "home_unit" &&
        name != "home_unit_name") {
      return UserError(index, std::string(name), "未知的配置项（拼写错误？）");
    }
  }
  User user;
  auto text = [&](std::string_view key, std::string* out) -> Status {
    std::optional<std::string> value = table[key].value<std::string>();
    if (!value || value->empty()) {
      return UserError(index, std::string(key), "应为非空字符串");
    }
    *out = std::move(*value);
    return Status::Ok();
  };
  XINBAO_RETURN_IF_ERROR(text("name", &user.name));
  XINBAO_RETURN_IF_ERROR(text("unit", &user.unit_id));
  std::string role;
  XINBAO_RETURN_IF_ERROR(text("role", &role));
  Result<Role> parsed = ParseRole(role);
  if (!parsed.ok()) return UserError(index, "role", parsed.status().message());
  user.role = *parsed;
  XINBAO_RETURN_IF_ERROR(text("public_key", &user.public_key));
  if (const toml::node* revoked = table.get("revoked")) {
    std::optional<bool> value = revoked->value<bool>();
    if (!value) return UserError(index, "revoked", "应为 true 或 false");
    user.revoked = *value;
  }
  if (const toml::node* acts_for = table.get("acts_for")) {
    const toml::array* names = acts_for->as_array();
    if (names == nullptr) {
      return UserError(index, "acts_for", "应为用户名的列表，如 [\"duty\"]");
    }
    for (const toml::node& name : *names) {
      std::optional<std::string> value = name.value<std::string>();
      if (!value)
        return UserError(index, "acts_for", "列表里应都是用户名字符串");
      user.acts_for.push_back(std::move(*value));
    }
  } else if (user.role == Role::kGateway) {
    return UserError(index, "acts_for",
                     "网关（gateway）用户须列出它可以代为操作的用户");
  }
  XINBAO_RETURN_IF_ERROR(ReadHome(table, index, &user));
  return user;
}

// The acts_for rules that need the whole file: a gateway's list names
// registered users other than gateways, each once; no other role has one.
Status CheckActsFor(
    const std::vector<User>& users,
    const std::unordered_map<std::string, std::size_t>& by_name) {
  for (std::size_t i = 0; i < users.size(); ++i) {
    const User& user = users[i];
    if (user.role != Role::kGateway) {
      if (!user.acts_for.empty()) {
        return UserError(i, "acts_for",
                         "只有网关（gateway）用户才能代他人操作，" + user.name +
                             " 的角色是 " + std::string(RoleName(user.role)));
      }
      continue;
    }
    if (user.acts_for.empty()) {
      return UserError(i, "acts_for",
                       "网关（gateway）用户须列出至少一个它可以代为操作的用户");
    }
    std::unordered_set<std::string> seen;
    for (const std::string& name : user.acts_for) {
      auto found = by_name.find(name);
      if (found == by_name.end()) {
        return UserError(i, "acts_for", "名录里没有用户 " + name);
      }
      if (users[found->second].role == Role::kGateway) {
        return UserError(i, "acts_for",
                         name + " 是网关：网关不能代另一个网关（或自己）操作");
      }
      if (users[found->second].role == Role::kBroker) {
        return UserError(i, "acts_for",
                         name + " 是下级信报服务：网页不能代它转报");
      }
      if (!seen.insert(name).second) {
        return UserError(i, "acts_for", "用户 " + name + " 列了两次");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

bool MayDo(Role role, Action action) {
  switch (action) {
    case Action::kSubmit:
      return role == Role::kReporter || role == Role::kMonitor;
    case Action::kDubanAnswer:
      // A child broker answers for its unit the items issued to it there
      // (签收, 办理, 办结报告 of its 转办 items; docs/HIERARCHY.md).
      return role == Role::kReporter || role == Role::kMonitor ||
             role == Role::kBroker;
    case Action::kDubanOffice:
    case Action::kCaibian:
      return role == Role::kMonitor;
    case Action::kEventCommand:
    case Action::kSnapshot:
      return role == Role::kMonitor;
    case Action::kReadOwn:
      return role != Role::kGateway;
    case Action::kReadAll:
      return role == Role::kMonitor || role == Role::kAnalyst ||
             role == Role::kAdmin;
    case Action::kFeed:
      // A gateway forwards the feed only to persons whose role may read it
      // (docs/PROTOCOL.md, "Web programs and the broker").
      return role == Role::kMonitor || role == Role::kAnalyst ||
             role == Role::kAdmin || role == Role::kGateway;
    case Action::kOwnStanding:
      return role == Role::kReporter || role == Role::kMonitor;
    case Action::kHistory:
      return role == Role::kAnalyst || role == Role::kAdmin;
    case Action::kAdminister:
      return role == Role::kAdmin;
    case Action::kBrokerStatus:
      return role == Role::kMonitor || role == Role::kAnalyst ||
             role == Role::kAdmin;
    case Action::kForward:
      return role == Role::kBroker;
  }
  return false;
}

Result<Role> ParseRole(std::string_view text) {
  for (const RoleWords& words : kRoles) {
    if (text == words.english || text == words.chinese) return words.role;
  }
  return Status(
      v1::ERROR_CODE_INVALID_FIELD,
      "角色应为 reporter（报送员）、monitor（值班员）、analyst（分析员）"
      "、admin（管理员）、gateway（网关）或 broker（下级信报服务），而不是 \"" +
          std::string(text) + "\"",
      "role");
}

std::string_view RoleName(Role role) {
  for (const RoleWords& words : kRoles) {
    if (words.role == role) return words.english;
  }
  return "?";
}

Result<UserRegistry> UserRegistry::Build(std::vector<User> users,
                                         const UnitRegistry& units) {
  UserRegistry registry;
  for (std::size_t i = 0; i < users.size(); ++i) {
    const User& user = users[i];
    if (!IsWellFormedId(user.name, kMaxUserNameChars)) {
      return UserError(i, "name",
                       "名称应为 1–64 个字母、数字或 . _ - :，而不是 \"" +
                           user.name + "\"");
    }
    if (!registry.by_name_.emplace(user.name, i).second) {
      return UserError(i, "name", "用户名 " + user.name + " 重复");
    }
    if (units.Find(user.unit_id) == nullptr) {
      return UserError(i, "unit", "单位名录里没有 " + user.unit_id);
    }
    if (!IsCurveKey(user.public_key)) {
      return UserError(i, "public_key",
                       "不是有效的公钥（应为 xinbao keygen 生成的 40 个字符）");
    }
    if (!registry.by_key_.emplace(user.public_key, i).second) {
      return UserError(i, "public_key",
                       "与另一用户的公钥相同：每个用户应有自己的密钥");
    }
  }
  XINBAO_RETURN_IF_ERROR(CheckActsFor(users, registry.by_name_));
  registry.users_ = std::move(users);
  return registry;
}

bool User::ActsFor(std::string_view name) const {
  return role == Role::kGateway &&
         std::find(acts_for.begin(), acts_for.end(), name) != acts_for.end();
}

const User* UserRegistry::FindByKey(std::string_view public_key) const {
  auto it = by_key_.find(std::string(public_key));
  return it == by_key_.end() ? nullptr : &users_[it->second];
}

const User* UserRegistry::FindByName(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : &users_[it->second];
}

namespace {

// The registry in `root`, read from `origin` (named in refusals).
Result<UserRegistry> ReadUserRegistry(const toml::table& root,
                                      const std::string& origin,
                                      const UnitRegistry& units) {
  for (const auto& [key, value] : root) {
    if (key.str() != "user") {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "用户名录 " + origin + ": 未知的配置项 " +
                        std::string(key.str()) + "（应为 [[user]]）",
                    origin);
    }
  }
  std::vector<User> users;
  if (const toml::node* node = root.get("user")) {
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "用户名录 " + origin + ": user 应写成 [[user]] 表",
                    origin);
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table* table = array->get(i)->as_table();
      if (table == nullptr) return UserError(i, "", "应为一个 [[user]] 表");
      Result<User> user = ReadUser(*table, i);
      if (!user.ok()) return user.status();
      users.push_back(std::move(*user));
    }
  }
  return UserRegistry::Build(std::move(users), units);
}

}  // namespace

Result<UserRegistry> LoadUserRegistry(const std::filesystem::path& path,
                                      const UnitRegistry& units) {
  Result<toml::table> parsed = ParseTomlFile(path, "用户名录");
  if (!parsed.ok()) return parsed.status();
  return ReadUserRegistry(*parsed, path.string(), units);
}

Result<UserRegistry> ParseUserRegistry(std::string_view text,
                                       const std::string& origin,
                                       const UnitRegistry& units) {
  Result<toml::table> parsed = ParseTomlText(text, origin, "用户名录");
  if (!parsed.ok()) return parsed.status();
  return ReadUserRegistry(*parsed, origin, units);
}

}  // namespace xinbao::broker
