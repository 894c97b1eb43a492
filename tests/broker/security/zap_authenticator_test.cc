// Who may connect: the user registry (roles, keys, its file) and the ZAP
// handler deciding CURVE handshakes on real ZeroMQ sockets in-process — a
// registered key connects and its messages carry its key as User-Id; an
// unknown or revoked key, or a reporter on the feed, gets nowhere and is
// reported.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "broker/config/config.h"
#include "broker/security/user_registry.h"
#include "broker/security/zap_authenticator.h"
#include "proto/curve_keys.h"
#include "tests/support/temp_dir.h"

namespace xinbao::broker {
namespace {

CurveKeyPair NewKeys() {
  Result<CurveKeyPair> keys = GenerateCurveKeyPair();
  EXPECT_TRUE(keys.ok()) << keys.status().ToString();
  return *keys;
}

UnitRegistry DemoUnits() { return DefaultConfig().units; }

std::shared_ptr<const UserRegistry> Registry(std::vector<User> users) {
  Result<UserRegistry> built = UserRegistry::Build(std::move(users), DemoUnits());
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  return std::make_shared<const UserRegistry>(std::move(built).value());
}

TEST(UserRegistry, RolesMayDoWhatTheirWorkNeeds) {
  EXPECT_TRUE(MayDo(Role::kReporter, Action::kSubmit));
  EXPECT_TRUE(MayDo(Role::kReporter, Action::kReadOwn));
  EXPECT_FALSE(MayDo(Role::kReporter, Action::kReadAll));
  EXPECT_FALSE(MayDo(Role::kReporter, Action::kFeed));
  EXPECT_FALSE(MayDo(Role::kReporter, Action::kHistory));
  EXPECT_TRUE(MayDo(Role::kMonitor, Action::kFeed));
  EXPECT_TRUE(MayDo(Role::kMonitor, Action::kSnapshot));
  EXPECT_TRUE(MayDo(Role::kMonitor, Action::kEventCommand));
  EXPECT_FALSE(MayDo(Role::kMonitor, Action::kAdminister));
  EXPECT_FALSE(MayDo(Role::kAnalyst, Action::kSubmit));
  EXPECT_TRUE(MayDo(Role::kAnalyst, Action::kHistory));
  EXPECT_FALSE(MayDo(Role::kAnalyst, Action::kEventCommand));
  EXPECT_TRUE(MayDo(Role::kAdmin, Action::kAdminister));
  EXPECT_FALSE(MayDo(Role::kAdmin, Action::kSubmit));
  EXPECT_EQ(ParseRole("值班员").value(), Role::kMonitor);
  EXPECT_EQ(ParseRole("boss").status().code(), v1::ERROR_CODE_INVALID_FIELD);
}

TEST(UserRegistry, RefusesWhatWouldMakeIdentitiesAmbiguous) {
  const CurveKeyPair a = NewKeys();
  const CurveKeyPair b = NewKeys();
  const UnitRegistry units = DemoUnits();
  EXPECT_TRUE(UserRegistry::Build({{"hekou-xxy", "hekou", Role::kReporter,
                                    a.public_key},
                                   {"duty", "county-office", Role::kMonitor,
                                    b.public_key}},
                                  units)
                  .ok());
  struct Case {
    std::vector<User> users;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"x", "hekou", Role::kReporter, a.public_key},
        {"x", "hekou", Role::kReporter, b.public_key}},
       "user[1].name"},
      {{{"x", "hekou", Role::kReporter, a.public_key},
        {"y", "hekou", Role::kReporter, a.public_key}},
       "user[1].public_key"},
      {{{"x", "nowhere", Role::kReporter, a.public_key}}, "user[0].unit"},
      {{{"x", "hekou", Role::kReporter, "not-a-key"}}, "user[0].public_key"},
      {{{"bad name", "hekou", Role::kReporter, a.public_key}}, "user[0].name"},
  };
  for (const Case& c : cases) {
    Result<UserRegistry> built = UserRegistry::Build(c.users, units);
    ASSERT_FALSE(built.ok()) << c.field;
    EXPECT_EQ(built.status().field(), c.field);
  }
}

TEST(UserRegistry, LoadsItsFile) {
  testing::TempDir dir;
  const CurveKeyPair a = NewKeys();
  const std::filesystem::path path = dir.path() / "users.toml";
  std::ofstream(path) << "[[user]]\nname = \"hekou-xxy\"\nunit = \"hekou\"\n"
                         "role = \"报送员\"\npublic_key = \""
                      << a.public_key << "\"\nrevoked = true\n";
  Result<UserRegistry> loaded = LoadUserRegistry(path, DemoUnits());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const User* user = loaded->FindByKey(a.public_key);
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->name, "hekou-xxy");
  EXPECT_EQ(user->role, Role::kReporter);
  EXPECT_TRUE(user->revoked);

  std::ofstream(path) << "[[user]]\nname = \"x\"\nrank = \"high\"\n";
  Result<UserRegistry> typo = LoadUserRegistry(path, DemoUnits());
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().field(), "user[0].rank");
}

// A CURVE ROUTER with the given ZAP domain and a DEALER client.
class ZapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_keys_ = NewKeys();
    reporter_ = NewKeys();
    monitor_ = NewKeys();
    revoked_ = NewKeys();
    std::vector<User> users = {
        {"hekou-xxy", "hekou", Role::kReporter, reporter_.public_key},
        {"duty", "county-office", Role::kMonitor, monitor_.public_key},
        {"gone", "hekou", Role::kReporter, revoked_.public_key, true}};
    directory_ = std::make_unique<UserDirectory>(Registry(users));
    zap_ = std::make_unique<ZapAuthenticator>(
        context_, *directory_,
        [this](const ZapRefusal& refusal) { refusals_.push_back(refusal); });
    ASSERT_TRUE(zap_->Start().ok());
  }
  void TearDown() override { zap_->Stop(); }

  // Connects `client` to a fresh server on `domain`, sends one message and
  // returns the User-Id the server saw, or "" if nothing arrived.
  std::string SendAs(const CurveKeyPair& client, const std::string& domain) {
    zmq::socket_t server(context_, zmq::socket_type::router);
    server.set(zmq::sockopt::linger, 0);
    server.set(zmq::sockopt::curve_server, true);
    server.set(zmq::sockopt::curve_secretkey, server_keys_.secret_key);
    server.set(zmq::sockopt::zap_domain, domain);
    server.bind("tcp://127.0.0.1:*");
    zmq::socket_t dealer(context_, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::linger, 0);
    dealer.set(zmq::sockopt::curve_serverkey, server_keys_.public_key);
    dealer.set(zmq::sockopt::curve_publickey, client.public_key);
    dealer.set(zmq::sockopt::curve_secretkey, client.secret_key);
    dealer.connect(server.get(zmq::sockopt::last_endpoint));
    dealer.send(zmq::str_buffer("hello"), zmq::send_flags::none);
    zmq::pollitem_t item{server.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(700)) == 0) return "";
    std::vector<zmq::message_t> frames;
    (void)zmq::recv_multipart(server, std::back_inserter(frames));
    return frames.back().gets("User-Id");
  }

  zmq::context_t context_;
  CurveKeyPair server_keys_, reporter_, monitor_, revoked_;
  std::unique_ptr<UserDirectory> directory_;
  std::unique_ptr<ZapAuthenticator> zap_;
  std::vector<ZapRefusal> refusals_;
};

TEST_F(ZapTest, ARegisteredKeyConnectsAndItsMessagesCarryTheUser) {
  // The connection's User-Id is the key, which the registry maps to the
  // user when each message arrives.
  EXPECT_EQ(SendAs(reporter_, "submit"), reporter_.public_key);
  EXPECT_EQ(SendAs(monitor_, "feed"), monitor_.public_key);
  EXPECT_TRUE(refusals_.empty());
}

TEST_F(ZapTest, UnknownAndRevokedKeysAndAReporterOnTheFeedGetNowhere) {
  EXPECT_EQ(SendAs(NewKeys(), "submit"), "");
  EXPECT_EQ(SendAs(revoked_, "query"), "");
  EXPECT_EQ(SendAs(reporter_, "feed"), "");
  ASSERT_GE(refusals_.size(), 3u);
  EXPECT_EQ(refusals_[0].reason, "公钥未登记");
  EXPECT_EQ(refusals_[0].domain, "submit");
  EXPECT_EQ(refusals_[0].address, "127.0.0.1");
  bool revoked_seen = false, feed_seen = false;
  for (const ZapRefusal& r : refusals_) {
    revoked_seen |= r.user == "gone";
    feed_seen |= r.user == "hekou-xxy" && r.domain == "feed" && r.role_refused;
    if (r.user == "gone") {
      EXPECT_FALSE(r.role_refused);
    }
  }
  EXPECT_TRUE(revoked_seen);
  EXPECT_TRUE(feed_seen);
}

TEST_F(ZapTest, AReloadedRegistryCountsFromTheNextConnection) {
  EXPECT_EQ(SendAs(reporter_, "submit"), reporter_.public_key);
  std::vector<User> users = {
      {"hekou-xxy", "hekou", Role::kReporter, reporter_.public_key, true}};
  directory_->Replace(Registry(users));
  EXPECT_EQ(SendAs(reporter_, "submit"), "");
}

}  // namespace
}  // namespace xinbao::broker
