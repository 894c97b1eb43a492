// The client side of CurveZMQ (clients/curve_client.h): loading the keys
// from the files `xinbao keygen` writes, and the clients as CURVE clients
// of an in-process CURVE server (FakeBroker with a secret key) — the right
// keys get answers, a wrong broker key or no keys get silence, which the
// clients report as they report an unreachable broker.
#include "clients/lib/curve_client.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "clients/lib/query_client.h"
#include "clients/lib/submit_client.h"
#include "proto/curve_keys.h"
#include "tests/clients/lib/fake_broker.h"
#include "tests/support/temp_dir.h"

namespace xinbao::client {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using xinbao::testing::FakeBroker;
using xinbao::testing::TempDir;

CurveKeyPair Generate() {
  Result<CurveKeyPair> pair = GenerateCurveKeyPair();
  EXPECT_TRUE(pair.ok()) << pair.status().ToString();
  return pair.ok() ? *pair : CurveKeyPair{};
}

// A user and a broker, each with a key pair written to `dir`.
struct KeyFiles {
  CurveKeyPair user = Generate();
  CurveKeyPair broker = Generate();

  explicit KeyFiles(const fs::path& dir) {
    EXPECT_TRUE(WriteKeyFiles(dir / "user", user).ok());
    EXPECT_TRUE(WriteKeyFiles(dir / "broker", broker).ok());
  }
};

// The broker's .pub file, or its .key file (only the public key is used).
TEST(CurveClient, LoadsTheUsersPairAndTheBrokersPublicKey) {
  TempDir dir;
  const KeyFiles files(dir.path());
  for (const char* server_file : {"broker.pub", "broker.key"}) {
    Result<CurveClientKeys> keys =
        LoadCurveClientKeys(dir / "user.key", dir / server_file);
    ASSERT_TRUE(keys.ok()) << server_file << ": " << keys.status().ToString();
    EXPECT_EQ(keys->public_key, files.user.public_key);
    EXPECT_EQ(keys->secret_key, files.user.secret_key);
    EXPECT_EQ(keys->server_key, files.broker.public_key) << server_file;
  }
}

// --server-key (and a profile's server_key) may be the key's Z85 text.
TEST(CurveClient, TakesTheBrokersKeyAsZ85Text) {
  TempDir dir;
  const KeyFiles files(dir.path());
  Result<CurveClientKeys> keys =
      LoadCurveClientKeys(dir / "user.key", files.broker.public_key);
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(keys->server_key, files.broker.public_key);
}

TEST(CurveClient, RefusesFilesThatCannotServe) {
  TempDir dir;
  const KeyFiles files(dir.path());
  std::ofstream(dir / "junk.pub") << "public = \"not a key\"\n";
  fs::copy_file(dir / "user.key", dir / "open.key");
  fs::permissions(dir / "open.key", fs::perms::others_read,
                  fs::perm_options::add);
  struct Case {
    const char* name;
    fs::path key_file;
    fs::path server_key_file;
    fs::path blamed;      // field() of the refusal
    const char* message;  // part of the message
  };
  const std::vector<Case> cases = {
      {"a public file for the key", dir / "user.pub", dir / "broker.pub",
       dir / "user.pub", "没有私钥"},
      {"no key file", dir / "nobody.key", dir / "broker.pub",
       dir / "nobody.key", "nobody.key"},
      {"no server key file", dir / "user.key", dir / "nobody.pub",
       dir / "nobody.pub", "nobody.pub"},
      {"a server file that is not a key", dir / "user.key", dir / "junk.pub",
       dir / "junk.pub", "junk.pub"},
      {"a secret others may read", dir / "open.key", dir / "broker.pub",
       dir / "open.key", "chmod 600"},
  };
  for (const Case& c : cases) {
    Result<CurveClientKeys> keys =
        LoadCurveClientKeys(c.key_file, c.server_key_file);
    ASSERT_FALSE(keys.ok()) << c.name;
    EXPECT_EQ(keys.status().code(), v1::ERROR_CODE_INVALID_FIELD) << c.name;
    EXPECT_EQ(keys.status().field(), c.blamed.string()) << c.name;
    EXPECT_NE(keys.status().message().find(c.message), std::string::npos)
        << c.name << ": " << keys.status().message();
  }
}

CurveClientKeys ClientKeys(const CurveKeyPair& user,
                           const std::string& server_key) {
  return CurveClientKeys{user.public_key, user.secret_key, server_key};
}

TEST(CurveClient, ApplyCurveSetsTheMechanismOnlyWithKeys) {
  zmq::context_t context;
  zmq::socket_t plain(context, zmq::socket_type::dealer);
  ApplyCurve(plain, std::nullopt);
  EXPECT_EQ(plain.get(zmq::sockopt::mechanism), ZMQ_NULL);
  const CurveKeyPair user = Generate();
  const CurveKeyPair broker = Generate();
  zmq::socket_t curve(context, zmq::socket_type::dealer);
  ApplyCurve(curve, ClientKeys(user, broker.public_key));
  EXPECT_EQ(curve.get(zmq::sockopt::mechanism), ZMQ_CURVE);
  EXPECT_EQ(curve.get(zmq::sockopt::curve_serverkey), broker.public_key);
  EXPECT_EQ(curve.get(zmq::sockopt::curve_publickey), user.public_key);
}

TEST(CurveClient, TheHintNamesTheKeysOnlyWhenKeysWereGiven) {
  EXPECT_EQ(CurveSilenceHint(std::nullopt), "");
  const CurveKeyPair pair = Generate();
  EXPECT_NE(CurveSilenceHint(ClientKeys(pair, pair.public_key)).find("--key-file"),
            std::string::npos);
}

// Publishes on a CURVE XPUB (as the broker's feed will be) until a SUB with
// `keys` hears it or `limit` passes; whether it heard.
bool SubscriberHears(const CurveKeyPair& server,
                     const std::optional<CurveClientKeys>& keys,
                     std::chrono::milliseconds limit) {
  zmq::context_t context;
  zmq::socket_t feed(context, zmq::socket_type::xpub);
  feed.set(zmq::sockopt::linger, 0);
  feed.set(zmq::sockopt::curve_server, true);
  feed.set(zmq::sockopt::curve_secretkey, server.secret_key);
  feed.bind("tcp://127.0.0.1:*");
  zmq::socket_t sub(context, zmq::socket_type::sub);
  sub.set(zmq::sockopt::linger, 0);
  sub.set(zmq::sockopt::subscribe, "");
  ApplyCurve(sub, keys);
  sub.connect(feed.get(zmq::sockopt::last_endpoint));
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < give_up) {
    feed.send(zmq::str_buffer("heartbeat"), zmq::send_flags::dontwait);
    zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, 20ms) > 0) return true;
  }
  return false;
}

TEST(CurveClient, ASubscriberHearsACurveFeedOnlyWithTheRightKeys) {
  const CurveKeyPair server = Generate();
  const CurveKeyPair user = Generate();
  EXPECT_TRUE(SubscriberHears(server, ClientKeys(user, server.public_key), 5s));
  EXPECT_FALSE(
      SubscriberHears(server, ClientKeys(user, Generate().public_key), 500ms));
  EXPECT_FALSE(SubscriberHears(server, std::nullopt, 500ms));
}

// A CURVE server that answers every request, and the keys to reach it.
class CurveClientTest : public ::testing::Test {
 protected:
  static std::vector<v1::Reply> Answer(const v1::Envelope& request, int) {
    v1::Reply reply;
    reply.set_request_id(request.request_id());
    if (request.has_submit()) {
      reply.mutable_ack()->set_sequence(7);
      reply.mutable_ack()->set_idempotency_key(
          request.submit().report().idempotency_key());
    } else {
      reply.mutable_event_list()->add_events()->set_event_id("ev-1");
    }
    return {reply};
  }

  Result<v1::Reply> Query(std::optional<CurveClientKeys> keys) {
    auto client = QueryClient::Open(
        QueryOptions{broker_.endpoint(), 300ms, std::move(keys)});
    if (!client.ok()) return client.status();
    v1::Envelope request;
    request.mutable_list_events();
    return (*client)->Call(std::move(request), v1::Reply::kEventList);
  }

  FlushSummary Submit(std::optional<CurveClientKeys> keys) {
    ClientOptions options;
    options.endpoint = broker_.endpoint();
    options.outbox_dir = outbox_.path();
    options.reply_timeout = 150ms;
    options.curve = std::move(keys);
    auto client = SubmitClient::Open(std::move(options));
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    if (!client.ok()) return FlushSummary{};
    v1::Report report;
    report.set_unit_id("chengguan");
    report.set_title("t");
    EXPECT_TRUE((*client)->Enqueue(report).ok());
    return (*client)->Flush(std::chrono::steady_clock::now() + 1s);
  }

  const CurveKeyPair server_ = Generate();
  const CurveKeyPair user_ = Generate();
  const CurveClientKeys right_ = ClientKeys(user_, server_.public_key);
  const CurveClientKeys wrong_server_ =
      ClientKeys(user_, Generate().public_key);
  FakeBroker broker_{Answer, 1, server_.secret_key};
  TempDir outbox_;
};

TEST_F(CurveClientTest, QueryWithTheRightKeysGetsItsAnswer) {
  Result<v1::Reply> reply = Query(right_);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  ASSERT_EQ(reply->event_list().events_size(), 1);
  EXPECT_EQ(broker_.requests().size(), 1u);
}

TEST_F(CurveClientTest, QueryWithAWrongServerKeyMeetsSilence) {
  Result<v1::Reply> reply = Query(wrong_server_);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), v1::ERROR_CODE_STORAGE_FAILURE);
  EXPECT_TRUE(reply.status().retryable());
  EXPECT_NE(reply.status().message().find("密钥不对"), std::string::npos)
      << reply.status().message();
  EXPECT_TRUE(broker_.requests().empty());
}

TEST_F(CurveClientTest, QueryWithoutKeysMeetsSilenceAndTheOldMessage) {
  Result<v1::Reply> reply = Query(std::nullopt);
  ASSERT_FALSE(reply.ok());
  EXPECT_TRUE(reply.status().retryable());
  EXPECT_EQ(reply.status().message().find("密钥"), std::string::npos)
      << reply.status().message();
  EXPECT_TRUE(broker_.requests().empty());
}

TEST_F(CurveClientTest, SubmitWithTheRightKeysIsAcknowledged) {
  const FlushSummary summary = Submit(right_);
  EXPECT_EQ(summary.acknowledged, 1u);
  EXPECT_EQ(summary.still_pending, 0u);
}

TEST_F(CurveClientTest, SubmitWithAWrongServerKeyStaysPending) {
  const FlushSummary summary = Submit(wrong_server_);
  EXPECT_EQ(summary.acknowledged, 0u);
  EXPECT_EQ(summary.still_pending, 1u);
  EXPECT_TRUE(broker_.requests().empty());
}

}  // namespace
}  // namespace xinbao::client
