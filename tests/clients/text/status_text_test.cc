// `xinbao status`'s lines: identity with and without CURVE, the clock
// offset and its warning past the broker's limit.
#include "clients/text/status_text.h"

#include <gtest/gtest.h>

#include <string>

namespace xinbao::client {
namespace {

StatusSetting Setting() {
  return StatusSetting{"tcp://county:7601", "tcp://county:7602",
                       "tcp://county:7603", "chengguan",
                       "/home/li/.config/xinbao/config.toml", true};
}

v1::WhoAmI Answer() {
  v1::WhoAmI whoami;
  whoami.set_authenticated(true);
  whoami.set_user("chengguan");
  whoami.set_unit_id("chengguan");
  whoami.set_unit_name("城关镇");
  whoami.set_role("reporter");
  whoami.set_broker_time_ms(1'795'833'065'000);
  whoami.set_max_clock_skew_ms(300'000);
  whoami.set_broker_version("0.1.0");
  return whoami;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(StatusText, ClockOffsetIsTheBrokerAgainstTheRoundTripsMidpoint) {
  EXPECT_EQ(ClockOffsetMs(1000, 1200, 1100), 0);
  EXPECT_EQ(ClockOffsetMs(1000, 1200, 4100), 3000);   // broker ahead
  EXPECT_EQ(ClockOffsetMs(1000, 1200, -1900), -3000);  // broker behind
  EXPECT_FALSE(ClockSkewTooLarge(300'000, 300'000));
  EXPECT_TRUE(ClockSkewTooLarge(300'001, 300'000));
  EXPECT_TRUE(ClockSkewTooLarge(-300'001, 300'000));
}

TEST(StatusText, SaysWhereAsWhomAndTheClock) {
  const std::string text = StatusText(Setting(), Answer(), -3000);
  EXPECT_TRUE(Has(text, "配置: chengguan（/home/li/.config/xinbao/config.toml）"))
      << text;
  EXPECT_TRUE(Has(text, "报送 tcp://county:7601  查询 tcp://county:7602  推送 "
                        "tcp://county:7603"))
      << text;
  EXPECT_TRUE(Has(text, "身份: 用户 chengguan，单位 城关镇（chengguan），角色 "
                        "报送员（reporter）"))
      << text;
  EXPECT_TRUE(Has(text, "本机时钟比服务器快 3 秒")) << text;
  EXPECT_TRUE(Has(text, "服务器允许报告时间超前 300 秒")) << text;
  EXPECT_FALSE(Has(text, "警告")) << text;
  EXPECT_TRUE(Has(text, "服务器时区: 未告知")) << text;
  EXPECT_TRUE(Has(text, "服务器版本: 0.1.0")) << text;
}

TEST(StatusText, WarnsPastTheBrokersSkewLimit) {
  const std::string text = StatusText(Setting(), Answer(), 412'000);
  EXPECT_TRUE(Has(text, "本机时钟比服务器慢 412 秒")) << text;
  EXPECT_TRUE(Has(text, "警告: 本机时钟与服务器相差 412 秒，超过服务器允许的 300 秒"))
      << text;
  EXPECT_TRUE(Has(StatusJson(Setting(), Answer(), 412'000),
                  "\"clock_skew_too_large\":true"));
}

TEST(StatusText, AGatewaySaysForWhomItMayActAndAnActingUserThroughWhich) {
  v1::WhoAmI gateway;
  gateway.set_authenticated(true);
  gateway.set_user("centre-web");
  gateway.set_unit_id("county-office");
  gateway.set_role("gateway");
  gateway.add_acts_for("county-office");
  gateway.add_acts_for("analyst");
  StatusSetting setting;
  std::string text = StatusText(setting, gateway, 0);
  EXPECT_NE(text.find("角色 网关（gateway）"), std::string::npos) << text;
  EXPECT_NE(text.find("可代其行事的用户: county-office、analyst"), std::string::npos) << text;

  v1::WhoAmI acting = gateway;
  acting.clear_acts_for();
  acting.set_user("analyst");
  acting.set_role("analyst");
  acting.set_via("centre-web");
  text = StatusText(setting, acting, 0);
  EXPECT_NE(text.find("经网关 centre-web 代办"), std::string::npos) << text;
  EXPECT_EQ(text.find("可代其行事"), std::string::npos);
}

TEST(StatusText, WithoutCurveThereIsNoUser) {
  v1::WhoAmI whoami = Answer();
  whoami.set_authenticated(false);
  whoami.clear_user();
  whoami.clear_unit_id();
  whoami.clear_unit_name();
  whoami.clear_role();
  whoami.set_time_zone("Asia/Shanghai");
  const std::string text = StatusText(Setting(), whoami, 0);
  EXPECT_TRUE(Has(text, "身份: 无（服务器未启用 CURVE 加密认证，不识别用户"))
      << text;
  EXPECT_TRUE(Has(text, "一致")) << text;
  EXPECT_TRUE(Has(text, "服务器时区: Asia/Shanghai")) << text;
}

}  // namespace
}  // namespace xinbao::client
