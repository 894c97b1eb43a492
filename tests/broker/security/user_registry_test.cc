// The registry's gateways: a web program's key (role gateway, 网关) lists
// in acts_for the registered users it may act for. The file is refused
// when a gateway lists nobody, an unknown user, a gateway or one name
// twice, or when another role has a list at all.
#include "broker/security/user_registry.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "broker/config/config.h"
#include "proto/curve_keys.h"
#include "tests/support/temp_dir.h"

namespace xinbao::broker {
namespace {

std::string Key() {
  Result<CurveKeyPair> keys = GenerateCurveKeyPair();
  EXPECT_TRUE(keys.ok());
  return keys->public_key;
}

// One [[user]] table of the file.
std::string UserToml(const std::string& name, const std::string& role,
                     const std::string& more = "") {
  return "[[user]]\nname = \"" + name + "\"\nunit = \"county-office\"\n" +
         "role = \"" + role + "\"\npublic_key = \"" + Key() + "\"\n" + more +
         "\n";
}

class UserRegistryFileTest : public ::testing::Test {
 protected:
  Result<UserRegistry> Load(const std::string& text) {
    std::ofstream(path_) << text;
    return LoadUserRegistry(path_, DefaultConfig().units);
  }

  testing::TempDir dir_;
  const std::filesystem::path path_ = dir_.path() / "users.toml";
};

TEST_F(UserRegistryFileTest, AGatewayActsForTheUsersItLists) {
  Result<UserRegistry> loaded =
      Load(UserToml("duty", "monitor") + UserToml("analyst", "analyst") +
           UserToml("web", "网关", "acts_for = [\"duty\", \"analyst\"]"));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const User* web = loaded->FindByName("web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->role, Role::kGateway);
  EXPECT_EQ(RoleName(web->role), "gateway");
  EXPECT_TRUE(web->ActsFor("duty"));
  EXPECT_TRUE(web->ActsFor("analyst"));
  EXPECT_FALSE(web->ActsFor("web"));
  EXPECT_FALSE(loaded->FindByName("duty")->ActsFor("analyst"));
}

TEST_F(UserRegistryFileTest, TextParsesAsTheFileItCameFrom) {
  const std::string text =
      UserToml("duty", "monitor") +
      UserToml("web", "gateway", "acts_for = [\"duty\"]");
  Result<UserRegistry> loaded = Load(text);
  Result<UserRegistry> parsed =
      ParseUserRegistry(text, path_.string(), DefaultConfig().units);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->users().size(), loaded->users().size());
  EXPECT_TRUE(parsed->FindByName("web")->ActsFor("duty"));
  const std::string stray = text + "[extra]\nkey = 1\n";
  Result<UserRegistry> refused_file = Load(stray);
  Result<UserRegistry> refused_text =
      ParseUserRegistry(stray, path_.string(), DefaultConfig().units);
  ASSERT_FALSE(refused_text.ok());
  EXPECT_EQ(refused_text.status().ToString(), refused_file.status().ToString());
}

TEST_F(UserRegistryFileTest, BadListsAreRefusedNamingThePlace) {
  struct Case {
    std::string text;
    std::string field;
    std::string words;  // in the message
  };
  const std::string duty = UserToml("duty", "monitor");
  const std::vector<Case> cases = {
      {duty + UserToml("web", "gateway"), "user[1].acts_for", "须列出"},
      {duty + UserToml("web", "gateway", "acts_for = []"), "user[1].acts_for",
       "至少一个"},
      {duty + UserToml("web", "gateway", "acts_for = \"duty\""),
       "user[1].acts_for", "列表"},
      {duty + UserToml("web", "gateway", "acts_for = [\"duty\", 3]"),
       "user[1].acts_for", "字符串"},
      {duty + UserToml("web", "gateway", "acts_for = [\"nobody\"]"),
       "user[1].acts_for", "没有用户 nobody"},
      {duty + UserToml("web", "gateway", "acts_for = [\"duty\", \"duty\"]"),
       "user[1].acts_for", "两次"},
      {duty + UserToml("web", "gateway", "acts_for = [\"web\"]"),
       "user[1].acts_for", "网关"},
      {duty + UserToml("web", "gateway", "acts_for = [\"duty\"]") +
           UserToml("web2", "gateway", "acts_for = [\"web\"]"),
       "user[2].acts_for", "web 是网关"},
      {duty + UserToml("a", "analyst", "acts_for = [\"duty\"]"),
       "user[1].acts_for", "只有网关"},
      {UserToml("county", "broker") +
           UserToml("web", "gateway", "acts_for = [\"county\"]"),
       "user[1].acts_for", "网页不能代它转报"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<UserRegistry> loaded = Load(c.text);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.status().code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_EQ(loaded.status().field(), c.field);
    EXPECT_NE(loaded.status().message().find(c.words), std::string::npos)
        << loaded.status().message();
  }
}

TEST_F(UserRegistryFileTest, ASkipLevelReporterNamesItsHomeBrokerAndUnit) {
  Result<UserRegistry> loaded = Load(UserToml(
      "hekou-skip", "reporter",
      "home_broker = \"qingshui\"\nhome_unit = \"hekou\"\nhome_unit_name = \"河口镇\""));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const User* user = loaded->FindByName("hekou-skip");
  ASSERT_NE(user, nullptr);
  EXPECT_TRUE(user->SkipsLevel());
  EXPECT_EQ(user->home_broker, "qingshui");
  EXPECT_EQ(user->home_unit, "hekou");
  EXPECT_EQ(user->home_unit_name, "河口镇");
  Result<UserRegistry> plain = Load(UserToml("duty", "monitor"));
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->FindByName("duty")->SkipsLevel());

  struct Case {
    std::string role;
    std::string more;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"reporter", "home_broker = \"qingshui\"", "user[0].home_unit"},
      {"reporter", "home_unit = \"hekou\"", "user[0].home_broker"},
      {"reporter", "home_unit_name = \"河口镇\"", "user[0].home_unit_name"},
      {"monitor", "home_broker = \"qingshui\"\nhome_unit = \"hekou\"",
       "user[0].home_broker"},
      {"reporter", "home_broker = \"清水\"\nhome_unit = \"hekou\"",
       "user[0].home_broker"},
      {"reporter", "home_broker = \"q\"\nhome_unit = 7", "user[0].home_unit"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.more);
    Result<UserRegistry> refused = Load(UserToml("u", c.role, c.more));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().field(), c.field) << refused.status().ToString();
  }
}

TEST(UserRegistry, AGatewayMayOnlyForwardTheFeedByItself) {
  EXPECT_TRUE(MayDo(Role::kGateway, Action::kFeed));
  for (Action action :
       {Action::kSubmit, Action::kEventCommand, Action::kReadOwn,
        Action::kReadAll, Action::kSnapshot, Action::kOwnStanding,
        Action::kHistory, Action::kAdminister, Action::kBrokerStatus}) {
    EXPECT_FALSE(MayDo(Role::kGateway, action));
  }
  EXPECT_TRUE(MayDo(Role::kReporter, Action::kOwnStanding));
  EXPECT_TRUE(MayDo(Role::kMonitor, Action::kOwnStanding));
  EXPECT_FALSE(MayDo(Role::kAnalyst, Action::kOwnStanding));
}

TEST(UserRegistry, TheBrokersStatusIsForThoseWhoRunOrWatchIt) {
  EXPECT_FALSE(MayDo(Role::kReporter, Action::kBrokerStatus));
  EXPECT_TRUE(MayDo(Role::kMonitor, Action::kBrokerStatus));
  EXPECT_TRUE(MayDo(Role::kAnalyst, Action::kBrokerStatus));
  EXPECT_TRUE(MayDo(Role::kAdmin, Action::kBrokerStatus));
}

TEST(UserRegistry, AChildBrokerOnlyForwardsAndReadsItsOwn) {
  EXPECT_TRUE(MayDo(Role::kBroker, Action::kForward));
  EXPECT_TRUE(MayDo(Role::kBroker, Action::kReadOwn));
  for (Action action :
       {Action::kSubmit, Action::kEventCommand, Action::kDubanOffice,
        Action::kCaibian, Action::kReadAll, Action::kFeed, Action::kSnapshot,
        Action::kHistory, Action::kAdminister, Action::kBrokerStatus}) {
    EXPECT_FALSE(MayDo(Role::kBroker, action));
  }
  for (Role role : {Role::kReporter, Role::kMonitor, Role::kAnalyst,
                    Role::kAdmin, Role::kGateway}) {
    EXPECT_FALSE(MayDo(role, Action::kForward));
  }
  EXPECT_EQ(ParseRole("broker").value(), Role::kBroker);
  EXPECT_EQ(ParseRole("下级信报服务").value(), Role::kBroker);
  EXPECT_EQ(RoleName(Role::kBroker), "broker");
}

}  // namespace
}  // namespace xinbao::broker
