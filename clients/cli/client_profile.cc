#include "clients/cli/client_profile.h"

#include "proto/names.h"

#include <toml++/toml.h>

#include <array>
#include <cstdlib>
#include <system_error>
#include <utility>

#include "proto/curve_keys.h"
#include "proto/toml_file.h"

namespace xinbao::client::cli {
namespace {

using Setting = std::optional<std::string> ClientProfile::*;

struct ProfileKey {
  std::string_view key;
  Setting setting;
  bool path;  // "~/" expanded, relative to the file's folder
};

constexpr std::array<ProfileKey, 10> kKeys = {{
    {"endpoint", &ClientProfile::endpoint, false},
    {"query_endpoint", &ClientProfile::query_endpoint, false},
    {"feed_endpoint", &ClientProfile::feed_endpoint, false},
    {"key_file", &ClientProfile::key_file, true},
    {"server_key", &ClientProfile::server_key, true},
    {"unit", &ClientProfile::unit, false},
    {"outbox", &ClientProfile::outbox, true},
    {"time_zone", &ClientProfile::time_zone, false},
    {"skip_level", &ClientProfile::skip_level, false},
    {"skip_level_from", &ClientProfile::skip_level_from, false},
}};

// Which flag each setting stands in for, and where it goes.
struct FlagSetting {
  std::string_view flag;
  Setting setting;
  std::string GlobalOptions::*target;
};

constexpr std::array<FlagSetting, 7> kFlags = {{
    {"--endpoint", &ClientProfile::endpoint, &GlobalOptions::endpoint},
    {"--query-endpoint", &ClientProfile::query_endpoint,
     &GlobalOptions::query_endpoint},
    {"--feed-endpoint", &ClientProfile::feed_endpoint,
     &GlobalOptions::feed_endpoint},
    {"--key-file", &ClientProfile::key_file, &GlobalOptions::key_file},
    {"--server-key", &ClientProfile::server_key,
     &GlobalOptions::server_key_file},
    {"--outbox", &ClientProfile::outbox, &GlobalOptions::outbox},
    {"--time-zone", &ClientProfile::time_zone, &GlobalOptions::time_zone_name},
}};

std::string KnownKeys() {
  std::string known;
  for (const ProfileKey& row : kKeys) {
    if (!known.empty()) known += "、";
    known += row.key;
  }
  return known;
}

Status FileError(const std::filesystem::path& file, const std::string& key,
                 const std::string& message) {
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "配置文件 " + file.string() + (key.empty() ? "" : " 的 " + key) +
                    ": " + message,
                key.empty() ? "--config" : key);
}

std::string LineOf(const toml::node& node) {
  const auto line = node.source().begin.line;
  return line > 0 ? "（第 " + std::to_string(line) + " 行）" : "";
}

Result<std::string> ResolvePath(const std::filesystem::path& file,
                                const std::string& key, std::string value,
                                const char* home) {
  // server_key may be the broker's key itself (Z85), as --server-key.
  if (IsCurveKey(value)) return value;
  if (value == "~" || value.starts_with("~/")) {
    if (home == nullptr || *home == '\0') {
      return FileError(file, key, "未设置 HOME，无法展开路径开头的 ~");
    }
    return std::string(home) + value.substr(1);
  }
  const std::filesystem::path path(value);
  if (path.is_relative() && !value.empty()) {
    return (file.parent_path() / path).string();
  }
  return value;
}

Result<ClientProfile> ReadProfile(const std::filesystem::path& file,
                                  const std::string& name,
                                  const toml::table& table, const char* home) {
  ClientProfile profile;
  profile.name = name;
  profile.file = file;
  for (const auto& [key, node] : table) {
    const std::string where = "profiles." + name + "." + std::string(key.str());
    const ProfileKey* row = nullptr;
    for (const ProfileKey& known : kKeys) {
      if (known.key == key.str()) row = &known;
    }
    if (row == nullptr) {
      return FileError(file, where,
                       "不认识的设置项" + LineOf(node) + "（拼写错误？）；可用的有 " +
                           KnownKeys());
    }
    const std::optional<std::string> value = node.value<std::string>();
    if (!value || !node.is_string()) {
      return FileError(file, where,
                       "应为用引号括起的文字" + LineOf(node));
    }
    if (!row->path) {
      profile.*row->setting = *value;
      continue;
    }
    Result<std::string> path = ResolvePath(file, where, *value, home);
    if (!path.ok()) return path.status();
    profile.*row->setting = std::move(path).value();
  }
  return profile;
}

}  // namespace

std::optional<std::filesystem::path> DefaultConfigPath(
    const char* xdg_config_home, const char* home) {
  if (xdg_config_home != nullptr && *xdg_config_home == '/') {
    return std::filesystem::path(xdg_config_home) / "xinbao" / "config.toml";
  }
  if (home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".config" / "xinbao" / "config.toml";
  }
  return std::nullopt;
}

Result<std::optional<ClientProfile>> LoadClientProfile(
    const std::filesystem::path& file, std::string_view name, bool required,
    const char* home) {
  std::error_code error;
  if (!std::filesystem::exists(file, error)) {
    if (!required) return std::optional<ClientProfile>();
    return FileError(file, "",
                     name.empty() ? "文件不存在"
                                  : "文件不存在，找不到配置 " +
                                        std::string(name));
  }
  Result<toml::table> parsed = ParseTomlFile(file, "客户端配置文件");
  if (!parsed.ok()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, parsed.status().message(),
                  "--config");
  }
  const toml::table& root = *parsed;
  for (const auto& [key, node] : root) {
    if (key.str() != "default_profile" && key.str() != "profiles") {
      return FileError(file, std::string(key.str()),
                       "不认识的设置项" + LineOf(node) +
                           "；顶层只能有 default_profile 和 [profiles.名称]");
    }
  }
  std::string chosen(name);
  if (const toml::node* fallback = root.get("default_profile")) {
    if (!fallback->is_string()) {
      return FileError(file, "default_profile",
                       "应为配置名称（用引号括起）" + LineOf(*fallback));
    }
    if (chosen.empty()) chosen = *fallback->value<std::string>();
  }
  const toml::node* profiles_node = root.get("profiles");
  const toml::table* profiles =
      profiles_node != nullptr ? profiles_node->as_table() : nullptr;
  if (profiles_node != nullptr && profiles == nullptr) {
    return FileError(file, "profiles",
                     "应为 [profiles.名称] 表" + LineOf(*profiles_node));
  }
  std::string names;
  if (profiles != nullptr) {
    for (const auto& [key, node] : *profiles) {
      if (node.as_table() == nullptr) {
        return FileError(file, "profiles." + std::string(key.str()),
                         "应为 [profiles." + std::string(key.str()) + "] 表" +
                             LineOf(node));
      }
      names += (names.empty() ? "" : "、") + std::string(key.str());
    }
  }
  if (chosen.empty()) return std::optional<ClientProfile>();
  const toml::node* found =
      profiles != nullptr ? profiles->get(chosen) : nullptr;
  if (found == nullptr) {
    return FileError(file, "",
                     "没有名为 " + chosen + " 的配置（[profiles." + chosen +
                         "]）；" +
                         (names.empty() ? "文件中没有任何配置"
                                        : "文件中有: " + names));
  }
  Result<ClientProfile> profile =
      ReadProfile(file, chosen, *found->as_table(), home);
  if (!profile.ok()) return profile.status();
  return std::optional<ClientProfile>(std::move(profile).value());
}

void ApplyClientProfile(const ClientProfile& profile,
                        const std::function<bool(std::string_view)>& given,
                        GlobalOptions& options) {
  for (const FlagSetting& row : kFlags) {
    const std::optional<std::string>& value = profile.*row.setting;
    if (value && !given(row.flag)) options.*row.target = *value;
  }
  if (profile.unit) options.unit = *profile.unit;
  options.profile = profile.name;
  options.config_file = profile.file.string();
}

ProfileOptions::ProfileOptions(CLI::App& app, GlobalOptions& options)
    : app_(app), options_(options) {
  app.add_option("--config", config_,
                 "客户端配置文件（默认 $XDG_CONFIG_HOME/xinbao/config.toml，"
                 "即 ~/.config/xinbao/config.toml）");
  app.add_option("--profile", profile_,
                 "使用配置文件中的哪个配置（默认 default_profile）；"
                 "优先级：参数 > 环境变量 > 配置 > 内置默认")
      ->envname("XINBAO_PROFILE");
}

Status ProfileOptions::Apply() const {
  const char* home = std::getenv("HOME");
  std::optional<std::filesystem::path> file;
  if (!config_.empty()) {
    file = config_;
  } else {
    file = DefaultConfigPath(std::getenv("XDG_CONFIG_HOME"), home);
  }
  if (!file) {
    if (profile_.empty()) return Status::Ok();
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "未设置 HOME 或 XDG_CONFIG_HOME，找不到配置文件：请用 "
                  "--config 指定",
                  "--config");
  }
  Result<std::optional<ClientProfile>> profile = LoadClientProfile(
      *file, profile_, !config_.empty() || !profile_.empty(), home);
  if (!profile.ok()) return profile.status();
  if (!profile->has_value()) return Status::Ok();
  ApplyClientProfile(
      **profile,
      [this](std::string_view flag) {
        const CLI::Option* option = app_.get_option_no_throw(std::string(flag));
        return option != nullptr && option->count() > 0;
      },
      options_);
  return ApplySkipLevel(**profile, home);
}

Status ProfileOptions::ApplySkipLevel(const ClientProfile& profile,
                                      const char* home) const {
  const std::string where = "profiles." + profile.name + ".skip_level";
  if (profile.skip_level_from && !profile.skip_level) {
    return FileError(profile.file, where + "_from",
                     "只有同时写明 skip_level（越级报送所用的配置）才有意义");
  }
  if (!profile.skip_level) return Status::Ok();
  if (*profile.skip_level == profile.name) {
    return FileError(profile.file, where, "不能越级报送给本配置自己");
  }
  GlobalOptions::SkipLevel skip;
  skip.profile = *profile.skip_level;
  if (profile.skip_level_from) {
    const std::optional<v1::Severity> grade = ParseSeverity(*profile.skip_level_from);
    if (!grade) {
      return FileError(profile.file, where + "_from",
                       "\"" + *profile.skip_level_from +
                           "\" 不是事件等级；应为 I、II、III、IV 之一");
    }
    skip.from = *grade;
  }
  Result<std::optional<ClientProfile>> upper =
      LoadClientProfile(profile.file, skip.profile, true, home);
  if (!upper.ok()) return upper.status();
  if (!(*upper)->endpoint) {
    return FileError(profile.file, "profiles." + skip.profile + ".endpoint",
                     "越级报送的配置须写明上级的报送地址");
  }
  GlobalOptions& up = skip.options;
  up = GlobalOptions();
  ApplyClientProfile(**upper, [](std::string_view) { return false; }, up);
  // The unit's own key and unit, unless that profile names others.
  if (up.key_file.empty()) up.key_file = options_.key_file;
  if (up.unit.empty()) up.unit = options_.unit;
  up.json = options_.json;
  up.timeout_seconds = options_.timeout_seconds;
  up.reply_timeout_seconds = options_.reply_timeout_seconds;
  up.time_zone_name = options_.time_zone_name;
  up.profile = skip.profile;
  up.config_file = profile.file.string();
  options_.skip_level = std::make_shared<GlobalOptions::SkipLevel>(std::move(skip));
  return Status::Ok();
}

}  // namespace xinbao::client::cli
