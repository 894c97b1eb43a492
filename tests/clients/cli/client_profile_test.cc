// The client's config file: where it is looked for, which profile is
// chosen, the precedence flag > environment > profile > default, and the
// refusals (unknown keys and profiles, wrong types, a file not there),
// each naming the file and the key.
#include "clients/cli/client_profile.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include "tests/support/temp_dir.h"

namespace xinbao::client::cli {
namespace {

using xinbao::testing::TempDir;

std::filesystem::path Write(const TempDir& dir, const std::string& text) {
  const std::filesystem::path file = dir / "config.toml";
  std::ofstream(file) << text;
  return file;
}

constexpr char kTwoProfiles[] = R"(default_profile = "chengguan"
[profiles.chengguan]
endpoint = "tcp://county.example:7601"
query_endpoint = "tcp://county.example:7602"
feed_endpoint = "tcp://county.example:7603"
key_file = "~/.config/xinbao/chengguan.key"
server_key = "keys/broker.pub"
unit = "chengguan"
outbox = "/var/lib/xinbao/outbox"

[profiles.hekou]
endpoint = "tcp://hekou.example:7601"
)";

TEST(ClientProfile, DefaultPathHonoursXdgConfigHome) {
  EXPECT_EQ(DefaultConfigPath("/xdg", "/home/li"),
            std::filesystem::path("/xdg/xinbao/config.toml"));
  EXPECT_EQ(DefaultConfigPath(nullptr, "/home/li"),
            std::filesystem::path("/home/li/.config/xinbao/config.toml"));
  // The XDG spec: a relative value is ignored.
  EXPECT_EQ(DefaultConfigPath("relative", "/home/li"),
            std::filesystem::path("/home/li/.config/xinbao/config.toml"));
  EXPECT_EQ(DefaultConfigPath(nullptr, nullptr), std::nullopt);
}

TEST(ClientProfile, ReadsTheDefaultProfileAndResolvesPaths) {
  TempDir dir;
  const auto file = Write(dir, kTwoProfiles);
  auto profile = LoadClientProfile(file, "", false, "/home/li");
  ASSERT_TRUE(profile.ok()) << profile.status().ToString();
  ASSERT_TRUE(profile->has_value());
  const ClientProfile& p = **profile;
  EXPECT_EQ(p.name, "chengguan");
  EXPECT_EQ(p.endpoint, "tcp://county.example:7601");
  EXPECT_EQ(p.feed_endpoint, "tcp://county.example:7603");
  EXPECT_EQ(p.key_file, "/home/li/.config/xinbao/chengguan.key");
  EXPECT_EQ(p.server_key, (dir.path() / "keys/broker.pub").string());
  EXPECT_EQ(p.outbox, "/var/lib/xinbao/outbox");
  EXPECT_EQ(p.unit, "chengguan");

  auto hekou = LoadClientProfile(file, "hekou", false, "/home/li");
  ASSERT_TRUE(hekou.ok() && hekou->has_value());
  EXPECT_EQ((*hekou)->endpoint, "tcp://hekou.example:7601");
  EXPECT_EQ((*hekou)->query_endpoint, std::nullopt);
}

TEST(ClientProfile, NoFileAtTheDefaultPlaceIsNoProfile) {
  TempDir dir;
  auto none = LoadClientProfile(dir / "absent.toml", "", false, "/home/li");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  // A file without default_profile, and no --profile: none either.
  auto no_default = LoadClientProfile(
      Write(dir, "[profiles.a]\nunit = \"a\"\n"), "", false, "/home/li");
  ASSERT_TRUE(no_default.ok());
  EXPECT_FALSE(no_default->has_value());
}

TEST(ClientProfile, PrecedenceIsFlagThenEnvironmentThenProfileThenDefault) {
  TempDir dir;
  auto profile = LoadClientProfile(Write(dir, kTwoProfiles), "", false, "/h");
  ASSERT_TRUE(profile.ok() && profile->has_value());
  GlobalOptions options;
  options.endpoint = "tcp://from-flag:1";       // --endpoint given
  options.key_file = "/from/env/XINBAO_KEY_FILE";  // environment gave it
  const std::set<std::string_view> given = {"--endpoint", "--key-file"};
  ApplyClientProfile(
      **profile,
      [&given](std::string_view flag) { return given.contains(flag); },
      options);
  EXPECT_EQ(options.endpoint, "tcp://from-flag:1");
  EXPECT_EQ(options.key_file, "/from/env/XINBAO_KEY_FILE");
  EXPECT_EQ(options.query_endpoint, "tcp://county.example:7602");  // profile
  EXPECT_EQ(options.server_key_file, (dir.path() / "keys/broker.pub").string());
  EXPECT_EQ(options.unit, "chengguan");
  EXPECT_EQ(options.profile, "chengguan");

  // A profile without a setting leaves the built-in default.
  auto hekou = LoadClientProfile(dir / "config.toml", "hekou", false, "/h");
  ASSERT_TRUE(hekou.ok() && hekou->has_value());
  GlobalOptions defaults;
  ApplyClientProfile(
      **hekou, [](std::string_view) { return false; }, defaults);
  EXPECT_EQ(defaults.endpoint, "tcp://hekou.example:7601");
  EXPECT_EQ(defaults.query_endpoint, GlobalOptions().query_endpoint);
  EXPECT_EQ(defaults.feed_endpoint, GlobalOptions().feed_endpoint);
}

// Each refusal is a local error naming the file and the key.
TEST(ClientProfile, RefusesWhatItDoesNotKnow) {
  const struct {
    const char* text;
    const char* name;
    const char* says;  // in the message, besides the file's path
  } cases[] = {
      {"[profiles.a]\nendpont = \"tcp://x:1\"\n", "a",
       "profiles.a.endpont: 不认识的设置项（第 2 行）"},
      {"defualt_profile = \"a\"\n", "", "defualt_profile: 不认识的设置项"},
      {"[profiles.a]\nunit = 7\n", "a", "profiles.a.unit: 应为用引号括起的文字"},
      {"[profiles.a]\nunit = \"a\"\n", "b", "没有名为 b 的配置"},
      {"default_profile = \"c\"\n[profiles.a]\n", "", "文件中有: a"},
      {"default_profile = 3\n", "", "default_profile: 应为配置名称"},
      {"profiles = \"a\"\n", "", "profiles: 应为 [profiles.名称] 表"},
      {"[profiles\n", "", "无法解析"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    const auto file = Write(dir, c.text);
    auto profile = LoadClientProfile(file, c.name, false, "/h");
    ASSERT_FALSE(profile.ok()) << c.text;
    EXPECT_EQ(profile.status().code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_NE(profile.status().message().find("配置文件 " + file.string()),
              std::string::npos)
        << profile.status().message();
    EXPECT_NE(profile.status().message().find(c.says), std::string::npos)
        << profile.status().message();
  }
}

TEST(ClientProfile, AFileAskedForMustBeThere) {
  TempDir dir;
  auto missing = LoadClientProfile(dir / "none.toml", "", true, "/h");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("文件不存在"), std::string::npos);
  auto no_home = LoadClientProfile(
      Write(dir, "[profiles.a]\nkey_file = \"~/a.key\"\n"), "a", false,
      nullptr);
  ASSERT_FALSE(no_home.ok());
  EXPECT_NE(no_home.status().message().find("HOME"), std::string::npos);
}

// 越级上报: a profile naming a skip_level profile carries that profile's
// broker, its own key and unit unless that profile names others, and the
// grade from which a report goes both ways.
Result<GlobalOptions> Applied(const std::filesystem::path& file) {
  CLI::App app;
  GlobalOptions options;
  ProfileOptions profiles(app, options);
  app.parse("--config " + file.string());
  Status applied = profiles.Apply();
  if (!applied.ok()) return applied;
  return options;
}

TEST(ClientProfile, ASkipLevelProfileIsTheUpperBrokerForTheSameUnit) {
  TempDir dir;
  const std::string base = R"(default_profile = "hekou"
[profiles.hekou]
endpoint = "tcp://county.example:7601"
key_file = "keys/hekou.key"
server_key = "keys/county.pub"
unit = "hekou"
)";
  Result<GlobalOptions> options = Applied(Write(dir, base + R"(skip_level = "city"
skip_level_from = "II"
[profiles.city]
endpoint = "tcp://city.example:7601"
server_key = "keys/city.pub"
)"));
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->endpoint, "tcp://county.example:7601");
  ASSERT_NE(options->skip_level, nullptr);
  EXPECT_EQ(options->skip_level->profile, "city");
  EXPECT_EQ(options->skip_level->from, v1::SEVERITY_II);
  const GlobalOptions& up = options->skip_level->options;
  EXPECT_EQ(up.endpoint, "tcp://city.example:7601");
  EXPECT_EQ(up.server_key_file, (dir.path() / "keys/city.pub").string());
  EXPECT_EQ(up.key_file, (dir.path() / "keys/hekou.key").string());
  EXPECT_EQ(up.unit, "hekou");
  EXPECT_TRUE(up.outbox.empty());  // <outbox>.city when it is used
  // Without skip_level: none.
  Result<GlobalOptions> plain = Applied(Write(dir, base));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->skip_level, nullptr);

  struct Case {
    std::string text;
    std::string field;
  };
  const Case cases[] = {
      {base + "skip_level = \"province\"\n", "--config"},
      {base + "skip_level = \"hekou\"\n", "profiles.hekou.skip_level"},
      {base + "skip_level_from = \"III\"\n", "profiles.hekou.skip_level_from"},
      {base + "skip_level = \"city\"\nskip_level_from = \"V\"\n[profiles.city]\n"
              "endpoint = \"tcp://c:1\"\n",
       "profiles.hekou.skip_level_from"},
      {base + "skip_level = \"city\"\n[profiles.city]\nunit = \"x\"\n",
       "profiles.city.endpoint"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<GlobalOptions> refused = Applied(Write(dir, c.text));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_EQ(refused.status().field(), c.field) << refused.status().ToString();
  }
}

}  // namespace
}  // namespace xinbao::client::cli
