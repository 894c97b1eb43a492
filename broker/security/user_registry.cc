#include "broker/security/user_registry.h"

#include <toml++/toml.h>

#include <utility>

#include "proto/toml_file.h"
#include "proto/curve_keys.h"

namespace xinbao::broker {
namespace {

constexpr std::size_t kMaxNameChars = 64;

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
};

Status UserError(std::size_t index, const std::string& key,
                 const std::string& message) {
  const std::string field =
      "user[" + std::to_string(index) + "]" + (key.empty() ? "" : "." + key);
  return Status(v1::ERROR_CODE_INVALID_FIELD, "用户名录 " + field + ": " + message,
                field);
}

Result<User> ReadUser(const toml::table& table, std::size_t index) {
  for (const auto& [key, value] : table) {
    const std::string_view name = key.str();
    if (name != "name" && name != "unit" && name != "role" &&
        name != "public_key" && name != "revoked") {
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
  return user;
}

}  // namespace

bool MayDo(Role role, Action action) {
  switch (action) {
    case Action::kSubmit:
      return role == Role::kReporter || role == Role::kMonitor;
    case Action::kEventCommand:
    case Action::kSnapshot:
      return role == Role::kMonitor;
    case Action::kReadOwn:
      return true;
    case Action::kReadAll:
      return role != Role::kReporter;
    case Action::kFeed:
      return role == Role::kMonitor || role == Role::kAnalyst ||
             role == Role::kAdmin;
    case Action::kHistory:
      return role == Role::kAnalyst || role == Role::kAdmin;
    case Action::kAdminister:
      return role == Role::kAdmin;
  }
  return false;
}

Result<Role> ParseRole(std::string_view text) {
  for (const RoleWords& words : kRoles) {
    if (text == words.english || text == words.chinese) return words.role;
  }
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "角色应为 reporter（报送员）、monitor（值班员）、analyst（分析员）"
                "或 admin（管理员），而不是 \"" +
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
    if (!IsWellFormedId(user.name, kMaxNameChars)) {
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
  registry.users_ = std::move(users);
  return registry;
}

const User* UserRegistry::FindByKey(std::string_view public_key) const {
  auto it = by_key_.find(std::string(public_key));
  return it == by_key_.end() ? nullptr : &users_[it->second];
}

const User* UserRegistry::FindByName(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : &users_[it->second];
}

Result<UserRegistry> LoadUserRegistry(const std::filesystem::path& path,
                                      const UnitRegistry& units) {
  Result<toml::table> parsed = ParseTomlFile(path, "用户名录");
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  for (const auto& [key, value] : root) {
    if (key.str() != "user") {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "用户名录 " + path.string() + ": 未知的配置项 " +
                        std::string(key.str()) + "（应为 [[user]]）",
                    path.string());
    }
  }
  std::vector<User> users;
  if (const toml::node* node = root.get("user")) {
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "用户名录 " + path.string() + ": user 应写成 [[user]] 表",
                    path.string());
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

}  // namespace xinbao::broker
