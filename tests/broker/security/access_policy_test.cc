// Who may make which request, decided on a registry in memory: each role
// held to its work, a reporter or monitor asking only its own unit's
// standing, and gateways — a web program's key, which may act for the
// users its registry entry lists and is then held to that user's role,
// and by itself asks only whoami and policy. Every refusal names the
// audit record it deserves, and whose rights were checked.
#include "broker/security/access_policy.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "broker/config/config.h"
#include "proto/curve_keys.h"

namespace xinbao::broker {
namespace {

using Kind = v1::AuditRecord::Kind;

class AccessPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<User> users = {
        {"hekou-xxy", "hekou", Role::kReporter, Key()},
        {"duty", "county-office", Role::kMonitor, Key()},
        {"analyst", "county-office", Role::kAnalyst, Key()},
        {"admin", "county-office", Role::kAdmin, Key()},
        {"old-duty", "county-office", Role::kMonitor, Key(), true},
        {"web",
         "county-office",
         Role::kGateway,
         Key(),
         false,
         {"duty", "analyst", "admin", "old-duty"}},
        {"desk", "hekou", Role::kGateway, Key(), false, {"hekou-xxy"}},
        {"county-link", "chengguan", Role::kBroker, Key()},
        // 越级: the unit hekou of the broker qingshui below, whose branch
        // chengguan stands for here.
        {"hekou-skip", "chengguan", Role::kReporter, Key(), false, {},
         "qingshui", "hekou", "河口镇"},
    };
    Result<UserRegistry> built =
        UserRegistry::Build(std::move(users), DefaultConfig().units);
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    registry_ = std::move(built).value();
  }

  static std::string Key() {
    Result<CurveKeyPair> keys = GenerateCurveKeyPair();
    EXPECT_TRUE(keys.ok());
    return keys->public_key;
  }

  AccessDecision Check(const std::string& sender, std::string_view socket,
                       const v1::Envelope& envelope) const {
    const User* user = registry_.FindByName(sender);
    EXPECT_NE(user, nullptr) << sender;
    return CheckAccess(&registry_, user->public_key, socket, envelope);
  }

  UserRegistry registry_;
};

v1::Envelope Body(const std::function<void(v1::Envelope&)>& fill,
                  const std::string& acting_user = "") {
  v1::Envelope envelope;
  fill(envelope);
  envelope.set_acting_user(acting_user);
  return envelope;
}

v1::Envelope Whoami(const std::string& acting = "") {
  return Body([](v1::Envelope& e) { e.mutable_whoami(); }, acting);
}
v1::Envelope Policy(const std::string& acting = "") {
  return Body([](v1::Envelope& e) { e.mutable_policy(); }, acting);
}
v1::Envelope ListEvents(const std::string& acting = "") {
  return Body([](v1::Envelope& e) { e.mutable_list_events(); }, acting);
}
v1::Envelope Snapshot(const std::string& acting = "") {
  return Body([](v1::Envelope& e) { e.mutable_snapshot(); }, acting);
}
v1::Envelope Stats(const std::string& acting = "") {
  return Body([](v1::Envelope& e) { e.mutable_stats()->set_month("2026-11"); },
              acting);
}
v1::Envelope AsOf(const std::string& acting = "") {
  return Body([](v1::Envelope& e) { e.mutable_as_of()->set_at_ms(1); }, acting);
}
v1::Envelope Audit(const std::string& acting = "") {
  return Body([](v1::Envelope& e) { e.mutable_list_audit(); }, acting);
}
v1::Envelope BrokerStatus(const std::string& acting = "") {
  return Body([](v1::Envelope& e) { e.mutable_status(); }, acting);
}
v1::Envelope Backup(const std::string& acting = "") {
  return Body([](v1::Envelope& e) { e.mutable_backup(); }, acting);
}
v1::Envelope Submit(const std::string& unit, const std::string& acting = "") {
  return Body(
      [&](v1::Envelope& e) {
        e.mutable_submit()->mutable_report()->set_unit_id(unit);
      },
      acting);
}

v1::Envelope Forward(const std::string& unit) {
  v1::Envelope envelope = Submit(unit);
  v1::Forwarding* forwarded =
      envelope.mutable_submit()->mutable_report()->mutable_forwarded();
  forwarded->set_origin_broker("qingshui");
  forwarded->set_origin_unit_id("hekou");
  return envelope;
}

TEST_F(AccessPolicyTest, OnlyAChildBrokerForwardsAndOnlyForItsUnit) {
  const AccessDecision forwarded = Check("county-link", "submit", Forward("chengguan"));
  EXPECT_TRUE(forwarded.status.ok()) << forwarded.status.ToString();
  // A child broker forwards; it does not report for itself.
  const AccessDecision plain = Check("county-link", "submit", Submit("chengguan"));
  EXPECT_EQ(plain.status.code(), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_EQ(plain.audit, v1::AuditRecord::KIND_ROLE_VIOLATION);
  // Nor under another unit's name.
  const AccessDecision other = Check("county-link", "submit", Forward("hekou"));
  EXPECT_EQ(other.status.code(), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_EQ(other.audit, v1::AuditRecord::KIND_IMPERSONATION_REFUSED);
  // A reporter or the office cannot pass a report off as forwarded.
  for (const char* sender : {"hekou-xxy", "duty"}) {
    const AccessDecision posed = Check(sender, "submit",
                                       Forward(sender == std::string("duty")
                                                   ? "county-office"
                                                   : "hekou"));
    EXPECT_EQ(posed.status.code(), v1::ERROR_CODE_NOT_PERMITTED) << sender;
    EXPECT_EQ(posed.audit, v1::AuditRecord::KIND_ROLE_VIOLATION) << sender;
    EXPECT_NE(posed.status.message().find("无权转报下级信息"), std::string::npos)
        << posed.status.message();
  }
  // It may not watch or run this broker.
  for (const v1::Envelope& envelope : {Snapshot(), BrokerStatus(), Audit(), AsOf()}) {
    EXPECT_EQ(Check("county-link", "query", envelope).status.code(),
              v1::ERROR_CODE_NOT_PERMITTED)
        << envelope.DebugString();
  }
}

TEST_F(AccessPolicyTest, AChildBrokerAnswersItsUnitsDubanItemsButDoesNotReviewThem) {
  auto step = [](v1::StepKind kind, const std::string& unit) {
    v1::Envelope envelope;
    v1::DubanStepRequest& request = *envelope.mutable_duban_step();
    request.set_item_id("jz-db-1");
    request.set_step_id("s");
    request.set_kind(kind);
    request.set_unit_id(unit);
    return envelope;
  };
  // 签收 and 办结报告 of its 转办 items, for the unit it stands for.
  for (v1::StepKind kind : {v1::STEP_KIND_SIGN, v1::STEP_KIND_PROGRESS,
                            v1::STEP_KIND_RESULT, v1::STEP_KIND_SIGN_URGE}) {
    EXPECT_TRUE(Check("county-link", "submit", step(kind, "chengguan")).status.ok())
        << v1::StepKind_Name(kind);
  }
  // Not for another unit, and no office's step (销号, 催办, 交办).
  EXPECT_EQ(Check("county-link", "submit", step(v1::STEP_KIND_SIGN, "hekou")).status.code(),
            v1::ERROR_CODE_NOT_PERMITTED);
  for (v1::StepKind kind : {v1::STEP_KIND_ACCEPT, v1::STEP_KIND_URGE}) {
    EXPECT_EQ(Check("county-link", "submit", step(kind, "chengguan")).status.code(),
              v1::ERROR_CODE_NOT_PERMITTED)
        << v1::StepKind_Name(kind);
  }
  v1::Envelope issue;
  issue.mutable_issue_duban()->mutable_item()->set_office_unit_id("chengguan");
  EXPECT_EQ(Check("county-link", "submit", issue).status.code(), v1::ERROR_CODE_NOT_PERMITTED);
}

TEST_F(AccessPolicyTest, ASkipLevelKeyReportsForItsHomeUnitAndDoesNothingElse) {
  const AccessDecision own = Check("hekou-skip", "submit", Submit("hekou"));
  EXPECT_TRUE(own.status.ok()) << own.status.ToString();
  ASSERT_NE(own.user, nullptr);
  EXPECT_EQ(own.user->name, "hekou-skip");
  // Not as the unit that stands for its branch here, nor as another.
  for (const char* unit : {"chengguan", "xiaoxi"}) {
    const AccessDecision other = Check("hekou-skip", "submit", Submit(unit));
    EXPECT_EQ(other.status.code(), v1::ERROR_CODE_NOT_PERMITTED) << unit;
    EXPECT_EQ(other.audit, v1::AuditRecord::KIND_IMPERSONATION_REFUSED) << unit;
    EXPECT_NE(other.status.message().find("qingshui 的 hekou"), std::string::npos)
        << other.status.message();
  }
  // Not forwarded, not read what chengguan's reporter could read.
  EXPECT_EQ(Check("hekou-skip", "submit", Forward("chengguan")).status.code(),
            v1::ERROR_CODE_NOT_PERMITTED);
  for (const v1::Envelope& envelope :
       {ListEvents(), Stats(), Snapshot(), BrokerStatus(), AsOf()}) {
    const AccessDecision read = Check("hekou-skip", "query", envelope);
    EXPECT_EQ(read.status.code(), v1::ERROR_CODE_NOT_PERMITTED) << envelope.DebugString();
    EXPECT_NE(read.status.message().find("只能越级报送紧急信息"), std::string::npos)
        << read.status.message();
  }
  EXPECT_TRUE(Check("hekou-skip", "query", Whoami()).status.ok());
  EXPECT_TRUE(Check("hekou-skip", "query", Policy()).status.ok());
}

TEST_F(AccessPolicyTest, EachCaseIsDecidedAsTheTableSays) {
  struct Case {
    std::string name;
    std::string sender;
    std::string socket;
    v1::Envelope envelope;
    bool allowed;
    Kind audit;        // of a refusal
    std::string user;  // whose rights were checked ("" none)
    std::string via;   // the gateway, when acting
  };
  const Kind kNone = v1::AuditRecord::KIND_UNSPECIFIED;
  const Kind kRole = v1::AuditRecord::KIND_ROLE_VIOLATION;
  const Kind kImpersonation = v1::AuditRecord::KIND_IMPERSONATION_REFUSED;
  const Kind kAuthentication = v1::AuditRecord::KIND_AUTHENTICATION_FAILED;
  const std::vector<Case> cases = {
      // Everyone may ask who they are and the policy.
      {"reporter whoami", "hekou-xxy", "query", Whoami(), true, kNone,
       "hekou-xxy", ""},
      {"reporter policy", "hekou-xxy", "query", Policy(), true, kNone,
       "hekou-xxy", ""},
      // Its own unit's standing; a monitor's too; the table stays the
      // analysts'.
      {"reporter stats", "hekou-xxy", "query", Stats(), true, kNone,
       "hekou-xxy", ""},
      {"monitor stats", "duty", "query", Stats(), true, kNone, "duty", ""},
      {"reporter as_of", "hekou-xxy", "query", AsOf(), false, kRole,
       "hekou-xxy", ""},
      // The broker's status: those who run or watch it, not a reporter.
      {"reporter status", "hekou-xxy", "query", BrokerStatus(), false, kRole,
       "hekou-xxy", ""},
      {"monitor status", "duty", "query", BrokerStatus(), true, kNone, "duty",
       ""},
      {"analyst status", "analyst", "query", BrokerStatus(), true, kNone,
       "analyst", ""},
      {"admin status", "admin", "query", BrokerStatus(), true, kNone, "admin",
       ""},
      {"gateway status by itself", "web", "query", BrokerStatus(), false,
       kRole, "web", ""},
      {"as duty: status", "web", "query", BrokerStatus("duty"), true, kNone,
       "duty", "web"},
      // A backup: the admin only.
      {"admin backup", "admin", "query", Backup(), true, kNone, "admin", ""},
      {"analyst backup", "analyst", "query", Backup(), false, kRole,
       "analyst", ""},
      {"monitor backup", "duty", "query", Backup(), false, kRole, "duty", ""},
      {"reporter backup", "hekou-xxy", "query", Backup(), false, kRole,
       "hekou-xxy", ""},
      // A gateway by itself: whoami and policy only.
      {"gateway whoami", "web", "query", Whoami(), true, kNone, "web", ""},
      {"gateway policy", "web", "query", Policy(), true, kNone, "web", ""},
      {"gateway lists events", "web", "query", ListEvents(), false, kRole,
       "web", ""},
      {"gateway submits", "web", "submit", Submit("county-office"), false,
       kRole, "web", ""},
      // Acting for a user it lists: exactly that user's rights.
      {"as duty: snapshot", "web", "query", Snapshot("duty"), true, kNone,
       "duty", "web"},
      {"as duty: whoami", "web", "query", Whoami("duty"), true, kNone, "duty",
       "web"},
      {"as duty: submits for its unit", "web", "submit",
       Submit("county-office", "duty"), true, kNone, "duty", "web"},
      {"as duty: submits for hekou", "web", "submit", Submit("hekou", "duty"),
       false, kImpersonation, "duty", "web"},
      {"as duty: audit", "web", "query", Audit("duty"), false, kRole, "duty",
       "web"},
      {"as analyst: as_of", "web", "query", AsOf("analyst"), true, kNone,
       "analyst", "web"},
      {"as analyst: submits", "web", "submit",
       Submit("county-office", "analyst"), false, kRole, "analyst", "web"},
      {"as admin: audit", "web", "query", Audit("admin"), true, kNone, "admin",
       "web"},
      {"office desk as its reporter", "desk", "submit",
       Submit("hekou", "hekou-xxy"), true, kNone, "hekou-xxy", "desk"},
      {"office desk as its reporter, another unit's", "desk", "submit",
       Submit("gongan", "hekou-xxy"), false, kImpersonation, "hekou-xxy",
       "desk"},
      // Not for users it does not list, nor unknown ones, nor gateways.
      {"gateway as an unlisted user", "web", "query", ListEvents("hekou-xxy"),
       false, kImpersonation, "web", ""},
      {"gateway as nobody", "web", "query", ListEvents("nobody"), false,
       kImpersonation, "web", ""},
      {"gateway as a gateway", "web", "query", ListEvents("desk"), false,
       kImpersonation, "web", ""},
      {"gateway as itself", "web", "query", ListEvents("web"), false,
       kImpersonation, "web", ""},
      {"gateway as a revoked user", "web", "query", ListEvents("old-duty"),
       false, kAuthentication, "old-duty", "web"},
      // acting_user from a key that is not a gateway's: widening rights.
      {"monitor naming the admin", "duty", "query", Audit("admin"), false,
       kRole, "duty", ""},
      {"reporter naming itself", "hekou-xxy", "query", Whoami("hekou-xxy"),
       false, kRole, "hekou-xxy", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const AccessDecision decision = Check(c.sender, c.socket, c.envelope);
    EXPECT_EQ(decision.status.ok(), c.allowed) << decision.status.ToString();
    if (!c.allowed) {
      EXPECT_EQ(decision.status.code(), v1::ERROR_CODE_NOT_PERMITTED);
      EXPECT_FALSE(decision.status.message().empty());
      EXPECT_EQ(decision.audit, c.audit);
    }
    EXPECT_EQ(decision.user != nullptr ? decision.user->name : "", c.user);
    EXPECT_EQ(decision.via != nullptr ? decision.via->name : "", c.via);
  }
}

TEST_F(AccessPolicyTest, RefusalsSayWhyInChinese) {
  EXPECT_EQ(Check("web", "query", ListEvents()).status.message(),
            "网关 web 须在 acting_user 中写明代哪位用户提出请求"
            "（只有 whoami 和 policy 可以不写）");
  EXPECT_EQ(Check("web", "query", ListEvents("hekou-xxy")).status.message(),
            "网关 web 无权代用户 hekou-xxy 操作：它不在这个网关的 acts_for "
            "名单里");
  EXPECT_EQ(Check("web", "query", ListEvents("nobody")).status.message(),
            "网关 web 无权代用户 nobody 操作：名录里没有这个用户");
  EXPECT_EQ(
      Check("duty", "query", Audit("admin")).status.message(),
      "用户 duty（角色 monitor）不是网关，不能代其他用户（admin）提出请求");
  EXPECT_EQ(Check("web", "query", Audit("duty")).status.message(),
            "用户 duty（角色 monitor）无权查看审计日志");
}

TEST_F(AccessPolicyTest, AnUnknownKeyIsNobodyWhateverItNames) {
  const AccessDecision decision =
      CheckAccess(&registry_, Key(), "query", Whoami("duty"));
  EXPECT_EQ(decision.status.code(), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_EQ(decision.audit, v1::AuditRecord::KIND_AUTHENTICATION_FAILED);
  EXPECT_EQ(decision.user, nullptr);
  EXPECT_EQ(decision.via, nullptr);
}

}  // namespace
}  // namespace xinbao::broker
