#include "broker/config.h"

#include <set>
#include <sstream>
#include <string_view>
#include <toml++/toml.h>

namespace xinbao::broker {
namespace {

Status ConfigError(const std::string& key, const std::string& message) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, "配置项 " + key + ": " + message,
                key);
}

// Refuses keys of `table` that are not in `known`.
Status CheckKeys(const toml::table& table, const std::string& where,
                 const std::set<std::string_view>& known) {
  for (const auto& [key, value] : table) {
    if (!known.contains(key.str())) {
      return ConfigError(where + std::string(key.str()), "未知的配置项（拼写错误？）");
    }
  }
  return Status::Ok();
}

// Reads an optional integer >= minimum into *out.
template <class T>
Status ReadInt(const toml::table& table, const std::string& where,
               std::string_view key, int64_t minimum, int64_t scale, T* out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  std::optional<int64_t> value = node->value<int64_t>();
  if (!value || *value < minimum) {
    return ConfigError(where + std::string(key),
                       "应为不小于 " + std::to_string(minimum) + " 的整数");
  }
  *out = static_cast<T>(*value * scale);
  return Status::Ok();
}

Status ReadString(const toml::table& table, const std::string& where,
                  std::string_view key, std::string* out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  std::optional<std::string> value = node->value<std::string>();
  if (!value || value->empty()) {
    return ConfigError(where + std::string(key), "应为非空字符串");
  }
  *out = *value;
  return Status::Ok();
}

Status ReadBroker(const toml::table& table, BrokerConfig* config) {
  XINBAO_RETURN_IF_ERROR(
      CheckKeys(table, "broker.",
                {"data_dir", "submit_endpoint", "query_endpoint"}));
  std::string data_dir = config->data_dir.string();
  XINBAO_RETURN_IF_ERROR(ReadString(table, "broker.", "data_dir", &data_dir));
  config->data_dir = data_dir;
  XINBAO_RETURN_IF_ERROR(ReadString(table, "broker.", "query_endpoint",
                                    &config->query_endpoint));
  return ReadString(table, "broker.", "submit_endpoint",
                    &config->submit_endpoint);
}

Status ReadLimits(const toml::table& table, Limits* limits) {
  const std::string where = "limits.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where,
      {"max_message_bytes", "max_attachment_bytes", "max_attachments",
       "max_clock_skew_seconds"}));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "max_message_bytes", 1024, 1,
                                 &limits->max_message_bytes));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "max_attachment_bytes", 0, 1,
                                 &limits->max_attachment_bytes));
  XINBAO_RETURN_IF_ERROR(ReadInt(table, where, "max_attachments", 0, 1,
                                 &limits->max_attachments));
  return ReadInt(table, where, "max_clock_skew_seconds", 0, 1000,
                 &limits->max_clock_skew_ms);
}

Status ReadCommit(const toml::table& table, CommitPolicy* commit) {
  const std::string where = "commit.";
  XINBAO_RETURN_IF_ERROR(CheckKeys(
      table, where, {"max_batch", "max_delay_us", "max_in_flight"}));
  XINBAO_RETURN_IF_ERROR(
      ReadInt(table, where, "max_batch", 1, 1, &commit->max_batch));
  XINBAO_RETURN_IF_ERROR(
      ReadInt(table, where, "max_delay_us", 0, 1, &commit->max_delay_us));
  return ReadInt(table, where, "max_in_flight", 1, 1, &commit->max_in_flight);
}

Status ReadUnits(const toml::array& array, UnitRegistry* registry) {
  std::vector<Unit> units;
  for (const toml::node& node : array) {
    const toml::table* table = node.as_table();
    if (table == nullptr) return ConfigError("units", "每个单位应为一个表 [[units]]");
    const std::string where = "units.";
    XINBAO_RETURN_IF_ERROR(
        CheckKeys(*table, where, {"id", "name", "kind", "parent"}));
    Unit unit;
    std::string kind = "township";
    XINBAO_RETURN_IF_ERROR(ReadString(*table, where, "id", &unit.id));
    XINBAO_RETURN_IF_ERROR(ReadString(*table, where, "name", &unit.name));
    XINBAO_RETURN_IF_ERROR(ReadString(*table, where, "kind", &kind));
    XINBAO_RETURN_IF_ERROR(ReadString(*table, where, "parent", &unit.parent));
    if (unit.id.empty()) return ConfigError("units.id", "每个单位都要有 id");
    if (unit.name.empty()) unit.name = unit.id;
    Result<UnitKind> parsed = ParseUnitKind(kind);
    if (!parsed.ok()) return parsed.status();
    unit.kind = parsed.value();
    units.push_back(std::move(unit));
  }
  Result<UnitRegistry> built = UnitRegistry::Build(std::move(units));
  if (!built.ok()) return built.status();
  *registry = std::move(built).value();
  return Status::Ok();
}

}  // namespace

Result<BrokerConfig> LoadConfig(const std::filesystem::path& path) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& error) {
    std::ostringstream where;
    where << error.source().begin;
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "配置文件 " + path.string() + " 无法解析 (" + where.str() +
                      "): " + std::string(error.description()));
  }
  BrokerConfig config = DefaultConfig();
  XINBAO_RETURN_IF_ERROR(
      CheckKeys(root, "", {"broker", "limits", "commit", "units"}));
  if (const toml::table* t = root["broker"].as_table()) {
    XINBAO_RETURN_IF_ERROR(ReadBroker(*t, &config));
  }
  if (const toml::table* t = root["limits"].as_table()) {
    XINBAO_RETURN_IF_ERROR(ReadLimits(*t, &config.limits));
  }
  if (const toml::table* t = root["commit"].as_table()) {
    XINBAO_RETURN_IF_ERROR(ReadCommit(*t, &config.commit));
  }
  if (const toml::array* a = root["units"].as_array()) {
    XINBAO_RETURN_IF_ERROR(ReadUnits(*a, &config.units));
  }
  return config;
}

}  // namespace xinbao::broker
