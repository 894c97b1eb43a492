#include "clients/text/status_text.h"

#include <cstdlib>
#include <string_view>

#include "clients/text/local_time.h"
#include "clients/text/report_lines.h"

namespace xinbao::client {
namespace {

std::string_view RoleWords(std::string_view role) {
  if (role == "reporter") return "报送员";
  if (role == "monitor") return "值班员";
  if (role == "analyst") return "分析员";
  if (role == "admin") return "管理员";
  if (role == "gateway") return "网关";
  return role;
}

// "快 3 秒" / "慢 3 秒" / "一致": this machine against the broker.
std::string OffsetWords(int64_t offset_ms) {
  const int64_t seconds = std::llabs(offset_ms) / 1000;
  if (seconds == 0) return "本机时钟与服务器一致（相差不到 1 秒）";
  // The broker ahead means this machine is behind.
  return std::string("本机时钟比服务器") + (offset_ms > 0 ? "慢 " : "快 ") +
         std::to_string(seconds) + " 秒";
}

}  // namespace

int64_t ClockOffsetMs(int64_t sent_ms, int64_t received_ms,
                      int64_t broker_ms) {
  return broker_ms - (sent_ms + (received_ms - sent_ms) / 2);
}

bool ClockSkewTooLarge(int64_t offset_ms, int64_t max_skew_ms) {
  return max_skew_ms > 0 && std::llabs(offset_ms) > max_skew_ms;
}

std::string StatusText(const StatusSetting& setting, const v1::WhoAmI& whoami,
                       int64_t offset_ms) {
  std::string text;
  if (!setting.profile.empty()) {
    text += "配置: " + setting.profile + "（" + setting.config_file + "）\n";
  }
  text += "服务器: 报送 " + setting.submit_endpoint + "  查询 " +
          setting.query_endpoint + "  推送 " + setting.feed_endpoint + "\n";
  if (whoami.authenticated()) {
    text += "身份: 用户 " + whoami.user() + "，单位 " +
            (whoami.unit_name().empty() ? whoami.unit_id()
                                        : whoami.unit_name() + "（" +
                                              whoami.unit_id() + "）") +
            "，角色 " + std::string(RoleWords(whoami.role())) + "（" +
            whoami.role() + "）" +
            (whoami.via().empty() ? "" : "，经网关 " + whoami.via() + " 代办") + "\n";
    if (whoami.acts_for_size() > 0) {
      std::string users;
      for (const std::string& user : whoami.acts_for()) {
        users += (users.empty() ? "" : "、") + user;
      }
      text += "可代其行事的用户: " + users + "\n";
    }
  } else {
    text += std::string("身份: 无（服务器未启用 CURVE 加密认证，不识别用户") +
            (setting.curve ? "；本机给出的密钥未被使用" : "") + "）\n";
  }
  const TimeZone zone = ZoneNamed(whoami.time_zone(), TimeZone());
  text += "服务器时间: " + FormatLocalTime(whoami.broker_time_ms(), zone) + "，" +
          OffsetWords(offset_ms) + "（服务器允许报告时间超前 " +
          std::to_string(whoami.max_clock_skew_ms() / 1000) + " 秒）\n";
  if (ClockSkewTooLarge(offset_ms, whoami.max_clock_skew_ms())) {
    text += "警告: 本机时钟与服务器相差 " +
            std::to_string(std::llabs(offset_ms) / 1000) +
            " 秒，超过服务器允许的 " +
            std::to_string(whoami.max_clock_skew_ms() / 1000) +
            " 秒：报告的时间可能被当作“超前”而拒绝，请校准本机时钟\n";
  }
  text += "服务器时区: " +
          (whoami.time_zone().empty() ? std::string("未告知")
                                      : whoami.time_zone()) +
          "\n";
  if (!whoami.time_zone().empty() && !setting.time_zone.empty() &&
      whoami.time_zone() != setting.time_zone) {
    text += "警告: 本机设定的时区 " + setting.time_zone +
            " 与服务器不同：命令行里输入的本地时间按 " + setting.time_zone +
            " 理解，请用 --time-zone " + whoami.time_zone() +
            " 或在配置中设 time_zone\n";
  }
  text += "服务器版本: " +
          (whoami.broker_version().empty() ? std::string("未告知")
                                           : whoami.broker_version()) +
          "\n";
  return text;
}

bool MayAskBrokerStatus(const v1::WhoAmI& whoami) {
  return !whoami.authenticated() || whoami.role() == "monitor" ||
         whoami.role() == "analyst" || whoami.role() == "admin";
}

std::string StatusJson(const StatusSetting& setting, const v1::WhoAmI& whoami,
                       int64_t offset_ms, const v1::BrokerStatus* broker) {
  return "{\"setting\":{\"submit_endpoint\":" +
         JsonQuote(setting.submit_endpoint) +
         ",\"query_endpoint\":" + JsonQuote(setting.query_endpoint) +
         ",\"feed_endpoint\":" + JsonQuote(setting.feed_endpoint) +
         ",\"profile\":" + JsonQuote(setting.profile) +
         ",\"config_file\":" + JsonQuote(setting.config_file) +
         "},\"whoami\":" + MessageJson(whoami) +
         ",\"clock_offset_ms\":" + std::to_string(offset_ms) +
         ",\"clock_skew_too_large\":" +
         (ClockSkewTooLarge(offset_ms, whoami.max_clock_skew_ms()) ? "true"
                                                                   : "false") +
         (broker != nullptr ? ",\"broker_status\":" + MessageJson(*broker)
                            : std::string()) +
         "}";
}

}  // namespace xinbao::client
