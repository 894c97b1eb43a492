// The demo key set that makes the embedded defaults secure: made once, one
// user per unit plus analyst, admin and the centre's web gateway, a
// registry that loads, secret files
// readable by their owner only, and reused as it is on the next start.
#include "broker/security/demo_keys.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include "broker/security/user_registry.h"
#include "proto/curve_keys.h"
#include "tests/support/temp_dir.h"

namespace xinbao::broker {
namespace {

TEST(DemoKeys, MadeOnceForEveryUnitAndReused) {
  testing::TempDir dir;
  BrokerConfig config = DefaultConfig();
  ASSERT_FALSE(config.security.curve);
  ASSERT_TRUE(UseDemoKeys(dir.path(), &config).ok());
  EXPECT_TRUE(config.security.curve);
  EXPECT_EQ(config.security.secret_key_file, dir.path() / "broker.key");

  Result<UserRegistry> users =
      LoadUserRegistry(config.security.registry_file, config.units);
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  EXPECT_EQ(users->users().size(), config.units.units().size() + 3);
  const User* office = users->FindByName("county-office");
  ASSERT_NE(office, nullptr);
  EXPECT_EQ(office->role, Role::kMonitor);
  EXPECT_EQ(users->FindByName("hekou")->role, Role::kReporter);
  EXPECT_EQ(users->FindByName("analyst")->unit_id, "county-office");
  // Each user's key file holds the key the registry names.
  Result<CurveKeyPair> hekou = ReadKeyFile(dir.path() / "hekou.key");
  ASSERT_TRUE(hekou.ok()) << hekou.status().ToString();
  EXPECT_EQ(hekou->public_key, users->FindByName("hekou")->public_key);
  struct stat info {};
  ASSERT_EQ(::stat((dir.path() / "broker.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 077, 0u);

  // The central office's web program acts for every user who is not a
  // reporter, from its own key files.
  const User* gateway = users->FindByName(kDemoGateway);
  ASSERT_NE(gateway, nullptr);
  EXPECT_EQ(gateway->role, Role::kGateway);
  EXPECT_EQ(gateway->unit_id, "county-office");
  EXPECT_EQ(gateway->acts_for,
            (std::vector<std::string>{"county-office", "analyst", "admin"}));
  EXPECT_FALSE(gateway->ActsFor("hekou"));
  EXPECT_EQ(ReadKeyFile(dir.path() / "centre-web.key")->public_key,
            gateway->public_key);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "centre-web.pub"));

  // The next start keeps them.
  BrokerConfig again = DefaultConfig();
  ASSERT_TRUE(UseDemoKeys(dir.path(), &again).ok());
  EXPECT_EQ(ReadKeyFile(dir.path() / "hekou.key")->public_key,
            hekou->public_key);
}

}  // namespace
}  // namespace xinbao::broker
