#include "broker/config/tree_policy.h"

#include "broker/config/config_error.h"
#include "proto/report_rules.h"

namespace xinbao::broker {
namespace {

bool HasTransport(std::string_view endpoint) {
  for (std::string_view prefix : {"tcp://", "ipc://"}) {
    if (endpoint.size() > prefix.size() &&
        endpoint.substr(0, prefix.size()) == prefix) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<PassUp> ParsePassUp(std::string_view text) {
  if (text == "at_once" || text == "立即") return PassUp::kAtOnce;
  if (text == "when_passed_on" || text == "把关后") return PassUp::kWhenPassedOn;
  if (text == "never" || text == "不报") return PassUp::kNever;
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "\"" + std::string(text) +
                    "\" 应为 at_once（立即上报）、when_passed_on（本级采用或"
                    "转报后上报）或 never（不上报）");
}

std::string_view PassUpName(PassUp pass_up) {
  switch (pass_up) {
    case PassUp::kAtOnce: return "at_once";
    case PassUp::kWhenPassedOn: return "when_passed_on";
    case PassUp::kNever: return "never";
  }
  return "never";
}

Status CheckTreePolicy(const TreePolicy& policy, bool curve) {
  if (!policy.id.empty() && !IsWellFormedId(policy.id, 64)) {
    return ConfigError("tree.id",
                     "应为 1 到 64 个字母、数字、点、下划线或连字符，且在整个"
                     "报送体系中唯一");
  }
  const UpstreamPolicy& up = policy.upstream;
  if (!up.enabled()) return Status::Ok();
  if (policy.id.empty()) {
    return ConfigError("tree.id",
                     "配置了上级 [upstream] 的信报服务需要本级标识 [tree] id，"
                     "上级据此识别来源、去重并发现环路");
  }
  if (!HasTransport(up.endpoint)) {
    return ConfigError("upstream.endpoint",
                     "应为上级信报服务的报送地址，如 \"tcp://city.example:7601\"");
  }
  if (!up.query_endpoint.empty() && !HasTransport(up.query_endpoint)) {
    return ConfigError("upstream.query_endpoint",
                       "应为上级信报服务的查询地址，如 \"tcp://city.example:7602\"");
  }
  if (!IsWellFormedId(up.unit, 64)) {
    return ConfigError("upstream.unit",
                       "应为上级用户名录里代表本级的单位 id（上级为本级登记的"
                       "单位，如 \"qingshui\"）");
  }
  if (curve && up.server_key_file.empty()) {
    return ConfigError("upstream.server_key_file",
                     "启用 CURVE 时需要上级信报服务的公钥文件（上级 xinbao "
                     "keygen 生成的 .pub）");
  }
  if (up.urgent == PassUp::kNever) {
    return ConfigError("upstream.urgent",
                     "紧急信息必须上报：应为 at_once（立即）或 "
                     "when_passed_on（本级把关后）");
  }
  if (up.window == 0 || up.reply_timeout_ms < 100) {
    return ConfigError(up.window == 0 ? "upstream.window" : "upstream.reply_timeout",
                     up.window == 0 ? "至少为 1" : "至少为 100 毫秒");
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
