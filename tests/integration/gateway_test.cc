// Web programs on the real broker: the demo's gateway "centre-web" (the
// central office's web program, one key for many persons) acts for the
// users its registry entry lists and is held to each one's role — on the
// submit and the query socket, for whoami and replays too — while by
// itself it may only ask whoami and policy, and hear the feed. An acting
// user from any other key, or one the gateway may not act for, is refused
// and audited; every audit record names the gateway and the person. The
// `xinbao` command line speaks through a gateway with --acting-user and
// --person. Without CURVE the acting user is only checked for form.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/feed_peer.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::ActingFor;
using testing::BrokerProcess;
using testing::kGateway;
using testing::PeerAs;
using testing::TempDir;
using testing::WirePeer;
using namespace std::chrono_literals;

v1::ErrorCode Refusal(const std::optional<v1::Reply>& reply) {
  return reply && reply->has_error() ? reply->error().code()
                                     : v1::ERROR_CODE_UNSPECIFIED;
}

using testing::Shown;

v1::Envelope Whoami() {
  v1::Envelope envelope;
  envelope.mutable_whoami();
  return envelope;
}

v1::Envelope Snapshot() {
  v1::Envelope envelope;
  envelope.mutable_snapshot();
  return envelope;
}

v1::Envelope ListAudit() {
  v1::Envelope envelope;
  envelope.mutable_list_audit()->set_limit(1000);
  return envelope;
}

v1::Envelope SubmitOf(const v1::Report& report) {
  v1::Envelope envelope;
  *envelope.mutable_submit()->mutable_report() = report;
  return envelope;
}

class GatewayTest : public ::testing::Test {
 protected:
  // The audit log as the admin reads it through the gateway.
  std::vector<v1::AuditRecord> Audit() {
    std::optional<v1::Reply> reply =
        web_query_->Ask(ActingFor("admin", ListAudit(), "管理员甲"));
    EXPECT_TRUE(reply && reply->has_audit_list()) << Shown(reply);
    if (!reply || !reply->has_audit_list()) return {};
    return {reply->audit_list().records().begin(),
            reply->audit_list().records().end()};
  }

  TempDir dir_;
  BrokerProcess broker_{dir_ / "data"};
  std::unique_ptr<WirePeer> web_query_ =
      PeerAs(broker_, broker_.query_endpoint(), kGateway);
  std::unique_ptr<WirePeer> web_submit_ =
      PeerAs(broker_, broker_.endpoint(), kGateway);
};

TEST_F(GatewayTest, WhoamiSaysWhoTheGatewayIsAndForWhomItAsks) {
  std::optional<v1::Reply> itself = web_query_->Ask(Whoami());
  ASSERT_TRUE(itself && itself->has_whoami()) << Shown(itself);
  EXPECT_EQ(itself->whoami().user(), kGateway);
  EXPECT_EQ(itself->whoami().role(), "gateway");
  EXPECT_EQ(itself->whoami().unit_id(), "county-office");
  EXPECT_TRUE(itself->whoami().via().empty());
  EXPECT_EQ(std::vector<std::string>(itself->whoami().acts_for().begin(),
                                     itself->whoami().acts_for().end()),
            (std::vector<std::string>{"county-office", "analyst", "admin"}));

  std::optional<v1::Reply> acting =
      web_query_->Ask(ActingFor("analyst", Whoami(), "张三"));
  ASSERT_TRUE(acting && acting->has_whoami()) << Shown(acting);
  EXPECT_TRUE(acting->whoami().authenticated());
  EXPECT_EQ(acting->whoami().user(), "analyst");
  EXPECT_EQ(acting->whoami().role(), "analyst");
  EXPECT_EQ(acting->whoami().via(), kGateway);
  EXPECT_TRUE(acting->whoami().acts_for().empty());
}

TEST_F(GatewayTest, ActingForAUserItIsHeldToThatUsersRole) {
  // The duty officer (county-office, a monitor) through the web program:
  // a snapshot, and a report for its own unit.
  EXPECT_TRUE(
      web_query_->Ask(ActingFor("county-office", Snapshot()))->has_snapshot());
  std::optional<v1::Reply> acked = web_submit_->Ask(
      ActingFor("county-office",
                SubmitOf(testing::GeneralReport("web-1", "county-office")),
                "值班员王五"));
  ASSERT_TRUE(acked && acked->has_ack()) << Shown(acked);
  // Not another unit's report, even through the gateway.
  std::optional<v1::Reply> other = web_submit_->Ask(ActingFor(
      "county-office", SubmitOf(testing::GeneralReport("web-2", "hekou")),
      "值班员王五"));
  EXPECT_EQ(Refusal(other), v1::ERROR_CODE_NOT_PERMITTED) << Shown(other);
  // The analyst may not take snapshots nor report; the admin reads the
  // audit log.
  EXPECT_EQ(Refusal(web_query_->Ask(ActingFor("analyst", Snapshot(), "张三"))),
            v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_EQ(Refusal(web_submit_->Ask(ActingFor(
                "analyst",
                SubmitOf(testing::GeneralReport("web-3", "county-office"))))),
            v1::ERROR_CODE_NOT_PERMITTED);

  const std::vector<v1::AuditRecord> audit = Audit();
  bool impersonation = false, role = false;
  for (const v1::AuditRecord& r : audit) {
    if (r.kind() == v1::AuditRecord::KIND_IMPERSONATION_REFUSED) {
      impersonation = true;
      EXPECT_EQ(r.user(), "county-office");
      EXPECT_EQ(r.via(), kGateway);
      EXPECT_EQ(r.person(), "值班员王五");
      EXPECT_EQ(r.socket(), "submit");
    }
    if (r.kind() == v1::AuditRecord::KIND_ROLE_VIOLATION &&
        r.socket() == "query") {
      role = true;
      EXPECT_EQ(r.user(), "analyst");
      EXPECT_EQ(r.via(), kGateway);
      EXPECT_EQ(r.person(), "张三");
      EXPECT_NE(r.detail().find("无权获取监看快照"), std::string::npos)
          << r.detail();
    }
  }
  EXPECT_TRUE(impersonation);
  EXPECT_TRUE(role);
}

TEST_F(GatewayTest, WithoutAnActingUserOrForAnotherUserItGetsNothing) {
  v1::Envelope list;
  list.mutable_list_events();
  std::optional<v1::Reply> bare = web_query_->Ask(list);
  EXPECT_EQ(Refusal(bare), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_NE(bare->error().message().find("acting_user"), std::string::npos);
  // A reporter it does not list, and a user the registry does not know.
  EXPECT_EQ(Refusal(web_query_->Ask(ActingFor("hekou", list, "某人"))),
            v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_EQ(Refusal(web_query_->Ask(ActingFor("nobody", list))),
            v1::ERROR_CODE_NOT_PERMITTED);
  // By itself a gateway may ask the policy.
  v1::Envelope policy;
  policy.mutable_policy();
  EXPECT_TRUE(web_query_->Ask(policy)->has_policy());

  int refused_for_hekou = 0;
  for (const v1::AuditRecord& r : Audit()) {
    if (r.kind() == v1::AuditRecord::KIND_IMPERSONATION_REFUSED &&
        r.detail().find("hekou") != std::string::npos) {
      ++refused_for_hekou;
      EXPECT_EQ(r.user(), kGateway);
      EXPECT_EQ(r.person(), "某人");
    }
  }
  EXPECT_EQ(refused_for_hekou, 1);
}

TEST_F(GatewayTest, AnActingUserFromAnyOtherKeyIsRefusedAndAudited) {
  auto hekou = PeerAs(broker_, broker_.query_endpoint(), "hekou");
  std::optional<v1::Reply> reply =
      hekou->Ask(ActingFor("admin", ListAudit(), "冒充者"));
  EXPECT_EQ(Refusal(reply), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_EQ(
      reply->error().message(),
      "用户 hekou（角色 reporter）不是网关，不能代其他用户（admin）提出请求");
  bool audited = false;
  for (const v1::AuditRecord& r : Audit()) {
    audited |= r.kind() == v1::AuditRecord::KIND_ROLE_VIOLATION &&
               r.user() == "hekou" && r.via().empty() && r.person() == "冒充者";
  }
  EXPECT_TRUE(audited);
}

TEST_F(GatewayTest, TheGatewayHearsTheFeed) {
  testing::FeedPeer feed(broker_.feed_endpoint(), "", 1000,
                         testing::ClientKeysOf(broker_, kGateway));
  std::optional<testing::FeedMessage> heard = feed.Receive(5s);
  ASSERT_TRUE(heard);
  EXPECT_TRUE(heard->item.has_heartbeat());
}

TEST_F(GatewayTest, AReplayBelongsToTheUserItWasStartedFor) {
  testing::UnitSubmitters units(broker_);
  for (const char* key : {"r-1", "r-2"}) {
    ASSERT_TRUE(units.Submit(testing::GeneralReport(key, "hekou"))->has_ack());
  }
  v1::Envelope replay;
  replay.set_request_id("replay-1");
  replay.mutable_replay()->set_chunk_reports(1);
  replay.mutable_replay()->set_credit(1);
  std::optional<v1::Reply> first =
      web_query_->Ask(ActingFor("analyst", replay));
  ASSERT_TRUE(first && first->has_replay_chunk()) << Shown(first);
  EXPECT_FALSE(first->replay_chunk().done());

  // Another user on the same connection cannot credit (or cancel) it.
  auto credit = [&](const std::string& user) {
    v1::Envelope envelope = ActingFor(user, v1::Envelope());
    envelope.set_protocol_version(1);
    envelope.set_request_id("credit-" + user);
    envelope.mutable_replay_credit()->set_replay_id("replay-1");
    envelope.mutable_replay_credit()->set_credit(1);
    web_query_->SendPayload(envelope.SerializeAsString());
    return web_query_->Receive();
  };
  std::optional<v1::Reply> stranger = credit("admin");
  EXPECT_EQ(Refusal(stranger), v1::ERROR_CODE_UNKNOWN_REPLAY)
      << Shown(stranger);
  std::optional<v1::Reply> second = credit("analyst");
  ASSERT_TRUE(second && second->has_replay_chunk()) << Shown(second);
  EXPECT_EQ(second->request_id(), "replay-1");
  EXPECT_EQ(second->replay_chunk().chunk(), 2u);
}

TEST_F(GatewayTest, TheCommandLineSpeaksThroughTheGateway) {
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--query-endpoint", broker_.query_endpoint(),
                               "--endpoint", broker_.endpoint()});
    return testing::RunCommand(testing::CliAs(broker_, kGateway, args));
  };
  const testing::CommandResult status =
      cli({"--acting-user", "analyst", "--person", "张三", "--json", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("\"via\":\"centre-web\""), std::string::npos)
      << status.output;
  EXPECT_NE(status.output.find("\"user\":\"analyst\""), std::string::npos)
      << status.output;

  // A refusal for the analyst, then the admin reads it with who and how.
  const testing::CommandResult denied =
      cli({"--acting-user", "analyst", "--person", "张三", "audit"});
  EXPECT_EQ(denied.exit_code, 4) << denied.output;
  const testing::CommandResult audit =
      cli({"--acting-user", "admin", "--person", "管理员甲", "audit"});
  ASSERT_EQ(audit.exit_code, 0) << audit.output;
  EXPECT_NE(audit.output.find("越权操作  用户 analyst（county-office）  经网关 "
                              "centre-web  经办人 张三  query"),
            std::string::npos)
      << audit.output;

  // Without --acting-user the gateway may not list events.
  const testing::CommandResult bare = cli({"events"});
  EXPECT_EQ(bare.exit_code, 4) << bare.output;
  // watch does not act for anyone.
  const testing::CommandResult watch =
      cli({"--acting-user", "county-office", "watch", "--once"});
  EXPECT_EQ(watch.exit_code, 2) << watch.output;
}

TEST(GatewayInsecure, WithoutCurveTheActingUserIsOnlyCheckedForForm) {
  TempDir dir;
  BrokerProcess broker(dir / "data", "tcp://127.0.0.1:*", {"--insecure"});
  WirePeer peer(broker.query_endpoint());
  std::optional<v1::Reply> answered =
      peer.Ask(ActingFor("whoever", Whoami(), "张三"));
  ASSERT_TRUE(answered && answered->has_whoami()) << Shown(answered);
  EXPECT_FALSE(answered->whoami().authenticated());
  EXPECT_TRUE(answered->whoami().via().empty());

  std::optional<v1::Reply> too_long =
      peer.Ask(ActingFor(std::string(65, 'a'), Whoami()));
  EXPECT_EQ(Refusal(too_long), v1::ERROR_CODE_FIELD_TOO_LONG);
  EXPECT_EQ(too_long->error().field(), "acting_user");
  std::optional<v1::Reply> control =
      peer.Ask(ActingFor("", Whoami(), "张三\n李四"));
  EXPECT_EQ(Refusal(control), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(control->error().field(), "person");
  // The submit socket checks them the same way.
  WirePeer submitter(broker.endpoint());
  std::optional<v1::Reply> submitted = submitter.Ask(
      ActingFor("值班员", SubmitOf(testing::GeneralReport("insecure-1"))));
  EXPECT_EQ(Refusal(submitted), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_TRUE(submitter
                  .Ask(ActingFor("whoever", SubmitOf(testing::GeneralReport(
                                                "insecure-2"))))
                  ->has_ack());
}

}  // namespace
}  // namespace xinbao
