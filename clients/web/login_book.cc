#include "clients/web/login_book.h"

#include <algorithm>
#include <sstream>

#include "clients/web/password.h"
#include "proto/durable_file.h"
#include "proto/toml_file.h"

namespace xinbao::web {
namespace {

constexpr char kWhat[] = "网页登录名册";

Status Bad(const std::filesystem::path& path, const std::string& why) {
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                std::string(kWhat) + " " + path.string() + ": " + why,
                path.string());
}

// A hash of a password nobody has, to spend the same time on unknown names.
const std::string& DecoyHash() {
  static const std::string hash = [] {
    Result<std::string> made = HashPassword(RandomHex(16));
    return made.ok() ? *made : std::string();
  }();
  return hash;
}

}  // namespace

bool ValidLoginName(const std::string& name) {
  if (name.empty() || name.size() > 32) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

Result<LoginBook> LoginBook::Load(const std::filesystem::path& path) {
  Result<toml::table> table = ParseTomlFile(path, kWhat);
  if (!table.ok()) return table.status();
  LoginBook book;
  const toml::array* entries = (*table)["login"].as_array();
  if (entries == nullptr) {
    if (table->contains("login")) return Bad(path, "login 应为 [[login]] 表数组");
    return book;  // an empty book: nobody may sign in
  }
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const toml::table* entry = (*entries)[i].as_table();
    std::string where = "第 " + std::to_string(i + 1) + " 个 [[login]]";
    if (entry == nullptr) return Bad(path, where + " 不是表");
    Login login;
    login.name = (*entry)["name"].value_or(std::string());
    login.display = (*entry)["display"].value_or(login.name);
    login.user = (*entry)["user"].value_or(std::string());
    login.password_hash = (*entry)["password_hash"].value_or(std::string());
    login.disabled = (*entry)["disabled"].value_or(false);
    if (!ValidLoginName(login.name)) {
      return Bad(path, where + " 的 name 应为 1 到 32 个字母、数字或 ._-");
    }
    if (login.password_hash.rfind("$argon2id$", 0) != 0) {
      return Bad(path, "登录名 " + login.name +
                           " 的 password_hash 不是 Argon2id 散列"
                           "（用 xinbao web-login 设置口令）");
    }
    for (const Login& other : book.logins_) {
      if (other.name == login.name) {
        return Bad(path, "登录名 " + login.name + " 重复");
      }
    }
    book.logins_.push_back(std::move(login));
  }
  return book;
}

Status LoginBook::Save(const std::filesystem::path& path) const {
  toml::array entries;
  for (const Login& login : logins_) {
    toml::table entry;
    entry.insert("name", login.name);
    entry.insert("display", login.display);
    if (!login.user.empty()) entry.insert("user", login.user);
    entry.insert("password_hash", login.password_hash);
    if (login.disabled) entry.insert("disabled", true);
    entries.push_back(std::move(entry));
  }
  toml::table root;
  root.insert("login", std::move(entries));
  std::ostringstream text;
  text << "# xinbao 网页登录名册：可登录报送台或值班台的人员。\n"
          "# 口令只存 Argon2id 散列；用 xinbao web-login 增加登录或改口令。\n\n"
       << root << "\n";
  return WriteFileDurably(path, text.str());
}

std::optional<Login> LoginBook::SignIn(const std::string& name,
                                       const std::string& password) const {
  auto found = std::find_if(logins_.begin(), logins_.end(),
                            [&](const Login& login) { return login.name == name; });
  if (found == logins_.end()) {
    (void)PasswordMatches(DecoyHash(), password);
    return std::nullopt;
  }
  if (!PasswordMatches(found->password_hash, password) || found->disabled) {
    return std::nullopt;
  }
  return *found;
}

void LoginBook::Put(Login login) {
  for (Login& existing : logins_) {
    if (existing.name == login.name) {
      existing = std::move(login);
      return;
    }
  }
  logins_.push_back(std::move(login));
}

}  // namespace xinbao::web
